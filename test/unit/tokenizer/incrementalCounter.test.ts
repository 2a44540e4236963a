import * as assert from 'node:assert/strict';
import { ENCODING_NAMES, getEncoding, IncrementalCounter, type ChunkSizes, type Encoding, type TextChange } from '../../../src/core/tokenizer';
import { chunkLengths, isSafeSplit } from '../../../src/core/tokenizer/chunking';
import { nodeModulesTexts, pick, seededRandom, syntheticSamples } from './corpus';

/** Tiny chunks put dozens of boundaries into a few kilobytes, so every edit lands near one. */
const TINY_CHUNKS: ChunkSizes = { target: 96, min: 48, max: 192 };

const INSERTIONS: readonly string[] = [
  '/', '//', '/**', '\n', '\r\n', '\n\n', '\n/', '/\n', '\uFEFF', ' ', '  ', '\t', 'x', 'a b', ';', '}', '};\n\n/**',
  '\n}\n/', 'é', '😀', '\uD83D', '<|endoftext|>', '\u0085', 'hello world', '\r', '\n  ',
  'export function paste(): void {\n  console.log("pasted block");\n}\n\n/** doc */\nconst x = 1;\r\n',
  '# Heading\n\nSome prose that was pasted, with a list:\n- one\n- two\n',
];

/** A random VS Code-shaped change against `text`: insert, delete (often across chunks), replace, or join lines. */
function randomChange(random: () => number, text: string): TextChange {
  const at = Math.floor(random() * (text.length + 1));
  const kind = random();
  if (kind < 0.4) return { rangeOffset: at, rangeLength: 0, text: pick(random, INSERTIONS) };
  const maxDelete = random() < 0.2 ? 600 : 12;
  const rangeLength = Math.min(text.length - at, Math.floor(random() * maxDelete));
  if (kind < 0.65) return { rangeOffset: at, rangeLength, text: '' };
  if (kind < 0.9) return { rangeOffset: at, rangeLength, text: pick(random, INSERTIONS) };
  const newline = text.indexOf('\n', at);
  return newline < 0 ? { rangeOffset: at, rangeLength: 0, text: '\n' } : { rangeOffset: newline, rangeLength: 1, text: '' };
}

function applyToText(text: string, change: TextChange): string {
  return text.slice(0, change.rangeOffset) + change.text + text.slice(change.rangeOffset + change.rangeLength);
}

function assertInStep(counter: IncrementalCounter, encoding: Encoding, text: string, context: string): void {
  assert.equal(counter.length, text.length, `length after ${context}`);
  const full = encoding.count(text);
  assert.equal(counter.tokens, full.tokens, `running count vs full recount after ${context}`);
  assert.equal(counter.exact, full.exact, `exact flag after ${context}`);
}

function startingDocument(seed: number): string {
  const real = nodeModulesTexts(3, 4000).map((entry) => entry.text);
  return [...syntheticSamples(seed, 6), ...real].join('\n');
}

for (const name of ENCODING_NAMES) {
  describe(`IncrementalCounter (${name})`, () => {
    const encoding = getEncoding(name);

    it('counts a document exactly like one full count, at default and tiny chunk sizes', () => {
      const text = nodeModulesTexts(40).map((entry) => entry.text).join('\n');
      assert.deepEqual({ tokens: new IncrementalCounter(encoding, text).tokens, exact: true }, encoding.count(text));
      assert.equal(new IncrementalCounter(encoding, text, { chunkSizes: TINY_CHUNKS }).tokens, encoding.count(text).tokens);
    });

    it('stays equal to a full recount over 1500 random edits (property test, seeded)', () => {
      const random = seededRandom(name === 'o200k_base' ? 11 : 12);
      let text = startingDocument(5);
      const counter = new IncrementalCounter(encoding, text, { chunkSizes: TINY_CHUNKS });
      for (let step = 0; step < 1500; step++) {
        const change = randomChange(random, text);
        counter.applyChange(change);
        text = applyToText(text, change);
        assertInStep(counter, encoding, text, `edit #${step} ${JSON.stringify(change)}`);
        if (text.length < 2000) {
          const refill = { rangeOffset: text.length, rangeLength: 0, text: startingDocument(step) };
          counter.applyChange(refill);
          text = applyToText(text, refill);
        }
      }
      assert.equal(counter.getText(), text);
    });

    it('applies multi-cursor batches in VS Code order (descending offsets, each against the text before the batch)', () => {
      const random = seededRandom(21);
      let text = startingDocument(6);
      const counter = new IncrementalCounter(encoding, text, { chunkSizes: TINY_CHUNKS });
      for (let batch = 0; batch < 150; batch++) {
        const offsets = Array.from({ length: 2 + Math.floor(random() * 4) }, () => Math.floor(random() * text.length)).sort((a, b) => b - a);
        const distinct = offsets.filter((offset, index) => index === 0 || offset < offsets[index - 1] - 3);
        for (const offset of distinct) {
          const change = { rangeOffset: offset, rangeLength: random() < 0.5 ? 0 : 2, text: pick(random, INSERTIONS) };
          counter.applyChange(change);
          text = applyToText(text, change);
        }
        assertInStep(counter, encoding, text, `batch #${batch}`);
      }
    });

    it('keeps its count through a full-document replace, a delete-all and typing into an empty document', () => {
      const text = startingDocument(7);
      const counter = new IncrementalCounter(encoding, text);
      counter.applyChange({ rangeOffset: 0, rangeLength: text.length, text: 'fresh\ncontent /' });
      assertInStep(counter, encoding, 'fresh\ncontent /', 'full replace');
      counter.applyChange({ rangeOffset: 0, rangeLength: counter.length, text: '' });
      assert.deepEqual([counter.tokens, counter.length, counter.chunkCount], [0, 0, 0]);
      counter.applyChange({ rangeOffset: 0, rangeLength: 0, text: 'a' });
      assertInStep(counter, encoding, 'a', 'typing into an empty document');
    });

    it('counts sub-ranges (selections) exactly like counting the selected text alone', () => {
      const random = seededRandom(31);
      const text = startingDocument(8);
      const counter = new IncrementalCounter(encoding, text, { chunkSizes: TINY_CHUNKS });
      for (let trial = 0; trial < 400; trial++) {
        const a = Math.floor(random() * (text.length + 1));
        const b = Math.floor(random() * (text.length + 1));
        const [start, end] = a <= b ? [a, b] : [b, a];
        assert.deepEqual(counter.countRange(start, end), encoding.count(text.slice(start, end)), `range ${start}..${end}`);
      }
      assert.deepEqual(counter.countRange(0, text.length), encoding.count(text));
      assert.deepEqual(counter.countRange(5, 5), { tokens: 0, exact: true });
    });

    it('rejects changes and ranges outside the document with a clear message', () => {
      const counter = new IncrementalCounter(encoding, 'short');
      assert.throws(() => counter.applyChange({ rangeOffset: 3, rangeLength: 10, text: '' }), /outside the document \(length 5\)/);
      assert.throws(() => counter.applyChange({ rangeOffset: -1, rangeLength: 0, text: '' }), RangeError);
      assert.throws(() => counter.countRange(4, 2), RangeError);
      assert.equal(counter.tokens, encoding.count('short').tokens, 'a rejected change leaves the count untouched');
    });
  });
}

describe('safe split points', () => {
  it('cuts only at safe points and keeps chunks near the target size on real text', () => {
    const text = nodeModulesTexts(40).map((entry) => entry.text).join('\n');
    const lengths = chunkLengths(text);
    let at = 0;
    for (const length of lengths.slice(0, -1)) {
      at += length;
      assert.ok(isSafeSplit(text, at), `cut at ${at}: ${JSON.stringify(text.slice(at - 5, at + 5))}`);
      assert.ok(length <= 4096 || !/\n/.test(text.slice(at - length + 4096, at)), `chunk of ${length} chars ending at ${at}`);
    }
    assert.equal(lengths.reduce((sum, length) => sum + length, 0), text.length);
  });

  it('never cuts before "/" or whitespace after a newline (the o200k trap), and falls back to letter-space-letter', () => {
    assert.equal(isSafeSplit('};\n\n/**', 4), false);
    assert.equal(isSafeSplit('a\n b', 2), false);
    assert.equal(isSafeSplit('a\n\uFEFFb', 2), false);
    assert.equal(isSafeSplit('a\n\u0085b', 2), false);
    assert.equal(isSafeSplit('a\nb', 2), true);
    assert.equal(isSafeSplit('foo bar', 3), true);
    assert.equal(isSafeSplit('foo  bar', 3), false);
    assert.equal(isSafeSplit('foo b', 3), true);
    assert.equal(isSafeSplit('foo ', 3), false);
    const longLine = 'word '.repeat(4000);
    assert.ok(chunkLengths(longLine).length > 1, 'a 20 KB line with spaces is still cut');
  });
});

describe('IncrementalCounter and the long-piece guard', () => {
  it('reports inexact while a long piece is in the document and exact again once it is gone', () => {
    const encoding = getEncoding('o200k_base');
    const base = 'const a = 1;\nconst b = 2;\n';
    const counter = new IncrementalCounter(encoding, base);
    const blob = 'q'.repeat(12_000);
    counter.applyChange({ rangeOffset: base.length, rangeLength: 0, text: blob });
    assert.equal(counter.exact, false);
    assert.deepEqual({ tokens: counter.tokens, exact: counter.exact }, encoding.count(base + blob));
    counter.applyChange({ rangeOffset: base.length, rangeLength: blob.length, text: '' });
    assert.deepEqual({ tokens: counter.tokens, exact: counter.exact }, { tokens: encoding.count(base).tokens, exact: true });
  });
});
