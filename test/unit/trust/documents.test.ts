/**
 * The token engine on documents that are huge, one endless line, one run with no separator, binary noise or broken
 * UTF-16: counting always completes (a generous hang guard — speed claims live in `npm run bench`) and the figure
 * is either exactly tiktoken's or labelled an estimate (`exact: false`).
 */
import * as assert from 'node:assert/strict';
import { getEncoding, LONG_PIECE_CHARS } from '../../../src/core/tokenizer';
import { tiktokenCount } from '../helpers/tiktokenOracle';
import { randomFor, timed } from './fuzz';

/** CPU time a count may take before it is treated as a hang, whatever the machine's other load. */
const HANG_GUARD_MS = 20_000;

const WORDS = ['the', 'token', 'count', 'of', 'a', 'prompt', 'function', 'return', 'value', 'naïve', 'café', '日本語', '🙂', '42', 'x1', 'const', '=>', '{', '}', '(', ')', ';'];

function prose(random: () => number, chars: number, separator: () => string): string {
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const word = WORDS[Math.floor(random() * WORDS.length)] + separator();
    parts.push(word);
    length += word.length;
  }
  return parts.join('');
}

async function countWithinGuard(text: string, label: string): Promise<{ tokens: number; exact: boolean }> {
  const { value, ms } = await timed(label, async () => getEncoding('o200k_base').count(text));
  assert.ok(ms < HANG_GUARD_MS, `${label}: ${ms.toFixed(0)} ms of CPU`);
  return value;
}

describe('trust: the token engine on extreme documents', function () {
  this.timeout(120_000);

  it('a 50 MB document is counted exactly: 50 copies of a 1 MB block give 50 times tiktoken\'s count of one', async () => {
    const random = randomFor(50);
    const block = prose(random, 1 << 20, () => (random() < 0.1 ? '\n' : ' ')) + '\n';
    const counted = await countWithinGuard(block.repeat(50), '50 MB');
    assert.deepEqual(counted, { tokens: 50 * tiktokenCount('o200k_base', block), exact: true });
  });

  it('a 1 MB single line: exactly tiktoken', async () => {
    const random = randomFor(1);
    const line = prose(random, 1 << 20, () => ' ');
    const counted = await countWithinGuard(line, '1 MB line');
    assert.deepEqual(counted, { tokens: tiktokenCount('o200k_base', line), exact: true });
  });

  it('200,000 characters with no separator: completes and is labelled an estimate, which is near tiktoken', async () => {
    const random = randomFor(2);
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const run = (length: number): string => Array.from({ length }, () => letters[Math.floor(random() * letters.length)]).join('');
    const long = await countWithinGuard(run(200_000), '200k run');
    assert.equal(long.exact, false, 'a run this long is estimated, and says so');
    assert.ok(long.tokens > 200_000 / 10 && long.tokens < 200_000, `${long.tokens}`);
    // tiktoken itself is quadratic on one long piece: the estimate is checked against it on a shorter run.
    const shorter = run(4 * LONG_PIECE_CHARS);
    const estimate = await countWithinGuard(shorter, 'estimated run');
    const expected = tiktokenCount('o200k_base', shorter);
    assert.equal(estimate.exact, false);
    assert.ok(Math.abs(estimate.tokens - expected) / expected < 0.1, `estimate ${estimate.tokens} vs tiktoken ${expected}`);
  });

  it('binary noise decoded as Latin-1 and as UTF-8 (U+FFFD): exactly tiktoken, or labelled', async () => {
    const random = randomFor(3);
    const bytes = Buffer.from(Array.from({ length: 256 * 1024 }, () => Math.floor(random() * 256)));
    for (const encoding of ['latin1', 'utf8'] as const) {
      const text = bytes.toString(encoding);
      const counted = await countWithinGuard(text, `binary as ${encoding}`);
      const expected = tiktokenCount('o200k_base', text);
      if (counted.exact) assert.equal(counted.tokens, expected, encoding);
      else assert.ok(Math.abs(counted.tokens - expected) / expected < 0.1, `${encoding}: ${counted.tokens} vs ${expected}`);
    }
  });

  it('lone surrogates count as U+FFFD does, exactly tiktoken', async () => {
    const random = randomFor(4);
    const pieces = ['\ud800', '\udfff', '\ud83d', 'abc', ' ', '🙂', '\n', 'x\ud800y', '\udc00\ud800'];
    for (let sample = 0; sample < 200; sample += 1) {
      const text = Array.from({ length: 1 + Math.floor(random() * 40) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const counted = await countWithinGuard(text, `surrogates ${sample}`);
      assert.deepEqual(counted, { tokens: tiktokenCount('o200k_base', text), exact: true }, JSON.stringify(text));
    }
  });
});
