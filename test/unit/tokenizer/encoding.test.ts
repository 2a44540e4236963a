import * as assert from 'node:assert/strict';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { ENCODING_NAMES, estimateFromBase, getEncoding, LONG_PIECE_CHARS, type EncodingName } from '../../../src/core/tokenizer';
import { BytePairCounter } from '../../../src/core/tokenizer/bytePairCount';
import { BytePairEncoding } from '../../../src/core/tokenizer/encoding';
import { loadRankTable } from '../../../src/core/tokenizer/rankTable';
import { FRAGMENTS, longRuns, nodeModulesTexts, pick, seededRandom, syntheticSamples } from './corpus';

const references = new Map<EncodingName, Tiktoken>();
/** The reference: OpenAI's tiktoken (WASM), special tokens treated as plain text. */
export function referenceCount(name: EncodingName, text: string): number {
  let reference = references.get(name);
  if (reference === undefined) {
    reference = get_encoding(name);
    references.set(name, reference);
  }
  return reference.encode_ordinary(text).length;
}

function assertMatchesReference(name: EncodingName, texts: readonly string[]): void {
  const encoding = getEncoding(name);
  for (const text of texts) {
    const ours = encoding.count(text);
    assert.deepEqual(ours, { tokens: referenceCount(name, text), exact: true }, `${name} on ${JSON.stringify(text.slice(0, 200))}`);
  }
}

for (const name of ENCODING_NAMES) {
  describe(`token engine: ${name} matches tiktoken`, () => {
    it('counts the empty string as zero tokens, exactly', () => {
      assert.deepEqual(getEncoding(name).count(''), { tokens: 0, exact: true });
    });

    it('matches on each edge-case fragment alone and doubled', () => {
      assertMatchesReference(name, FRAGMENTS.flatMap((fragment) => [fragment, fragment + fragment, ` ${fragment}\n`]));
    });

    it('counts a leading BOM as tiktoken does (one token with the word, not an extra one)', () => {
      assertMatchesReference(name, ['\uFEFFhello', '\uFEFF\n', '\uFEFF', 'a\uFEFFb', '\uFEFF\uFEFF  x']);
    });

    it('encodes lone surrogates as U+FFFD, like tiktoken', () => {
      assertMatchesReference(name, ['a\uD800b', '\uDC00', '\uD83D', 'x\uDE00\uD83D', '\uD83D\uDE00\uD800 \uDFFF']);
    });

    it('treats special-token text as plain text and never throws', () => {
      assertMatchesReference(name, ['<|endoftext|>', 'a<|endoftext|>b<|endofprompt|>', '<|fim_prefix|>x<|fim_suffix|>']);
    });

    it('matches on 400 seeded synthetic samples', () => {
      assertMatchesReference(name, syntheticSamples(name === 'o200k_base' ? 1 : 2, 400));
    });

    it(`matches on long runs up to ${LONG_PIECE_CHARS} characters (heap merge path)`, () => {
      assertMatchesReference(name, longRuns(3, LONG_PIECE_CHARS));
    });

    it('matches on real .d.ts and README files from node_modules', () => {
      const texts = nodeModulesTexts(60);
      assert.ok(texts.length >= 20, `expected real files under node_modules, found ${texts.length}`);
      assertMatchesReference(name, texts.map((entry) => entry.text));
    });

    it('gives the same count twice (the piece cache does not change results)', () => {
      const text = syntheticSamples(9, 1)[0];
      assert.deepEqual(getEncoding(name).count(text), getEncoding(name).count(text));
    });
  });
}

describe('token engine: loading', () => {
  it('returns the same cached encoding for the same name', () => {
    assert.equal(getEncoding('o200k_base'), getEncoding('o200k_base'));
    assert.equal(getEncoding('o200k_base').name, 'o200k_base');
  });
});

describe('estimateFromBase', () => {
  it('scales and rounds, and is never exact', () => {
    assert.deepEqual(estimateFromBase({ tokens: 100, exact: true }, 1.18), { tokens: 118, exact: false });
    assert.deepEqual(estimateFromBase({ tokens: 3, exact: true }, 1.5), { tokens: 5, exact: false });
    assert.deepEqual(estimateFromBase({ tokens: 0, exact: true }, 1.2), { tokens: 0, exact: false });
  });
});

describe('token engine: ASCII piece scanner', () => {
  it('splits exactly like the pre-tokenizer regex on random mixes of tricky characters', () => {
    const alphabet = [
      'a', 'Z', 'q', 'E', '1', '9', ' ', ' ', '\t', '\n', '\r', '/', "'", 's', 'S', 't', 'r', 'e', 'v', 'l', 'L', 'm', 'd', '.', ',', '(', '{', '}',
      '\u000b', '\f', '\u0000', '\u007f', 'é', 'Ä', '\u0301', 'ſ', '日', '١', '\u0085', '\u00a0', '\u3000', '\uFEFF', '😀', '\uD800', '\u02B0', '€', '_', '-',
    ];
    const random = seededRandom(77);
    for (const name of ENCODING_NAMES) {
      const encoding = getEncoding(name) as BytePairEncoding;
      for (let sample = 0; sample < 3000; sample++) {
        const length = 1 + Math.floor(random() * 24);
        let text = '';
        for (let i = 0; i < length; i++) text += pick(random, alphabet);
        assert.deepEqual(encoding.pieces(text), encoding.regexPieces(text), `${name} on ${JSON.stringify(text)}`);
      }
      const real = nodeModulesTexts(15).map((entry) => entry.text).join('\n');
      assert.deepEqual(encoding.pieces(real), encoding.regexPieces(real), `${name} on real files`);
    }
  });
});

describe('token engine: long-piece guard', () => {
  /** Exact count by the engine's own merge code, which the tests above tie to tiktoken up to the guard limit. */
  function exactBytePairCount(name: EncodingName, piece: string): number {
    const bytes = new TextEncoder().encode(piece);
    return new BytePairCounter(loadRankTable(name)).count(bytes, bytes.length);
  }

  const random = seededRandom(5);
  const randomLetters = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
  const longPieces: Record<string, string> = {
    'identical letters': 'a'.repeat(30_000),
    'random letters': randomLetters(30_000),
    spaces: ' '.repeat(30_000),
    'CJK run': '漢字'.repeat(8_000),
  };

  for (const name of ENCODING_NAMES) {
    for (const [label, piece] of Object.entries(longPieces)) {
      it(`${name}: estimates a ${piece.length}-character run of ${label}, labelled inexact, within 5 % of the exact count`, () => {
        const result = getEncoding(name).count(piece);
        const exact = exactBytePairCount(name, piece);
        assert.equal(result.exact, false);
        assert.ok(Math.abs(result.tokens - exact) <= exact * 0.05, `estimate ${result.tokens} vs exact ${exact}`);
      });
    }

    it(`${name}: marks only the text that holds a long piece as inexact, and counts the rest exactly`, () => {
      const code = nodeModulesTexts(2).map((entry) => entry.text).join('\n');
      const mixed = `${code}\n${'x'.repeat(LONG_PIECE_CHARS + 1)}\n${code}`;
      const withGuard = getEncoding(name).count(mixed);
      assert.equal(withGuard.exact, false);
      const rest = getEncoding(name).count(`${code}\n`).tokens * 2 - getEncoding(name).count('\n').tokens;
      assert.ok(withGuard.tokens > rest, 'the long piece adds its estimate');
      assert.deepEqual(getEncoding(name).count(`${code}\n${'x'.repeat(LONG_PIECE_CHARS)}\n`).exact, true, 'a piece at the limit is still exact');
    });
  }
});
