import * as assert from 'node:assert/strict';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { ENCODING_NAMES, estimateFromBase, getEncoding, LONG_PIECE_CHARS, type EncodingName } from '../../../src/core/tokenizer';
import { FRAGMENTS, longRuns, nodeModulesTexts, syntheticSamples } from './corpus';

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
