import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCompleteLines } from '../../../src/core/sources/lineReader';
import { countSearchReplaceBlocks, countUnifiedDiff, diffLineCounts, countLines } from '../../../src/core/sources/lineDiff';
import { toEpochMs } from '../../../src/core/sources/timestamps';

describe('source helpers', () => {
  let scratch: string;
  beforeEach(() => (scratch = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-lines-'))));
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('returns complete lines with their byte offsets and leaves a half-written last line', async () => {
    const file = path.join(scratch, 'a.jsonl');
    writeFileSync(file, 'é1\r\n\n{"x":2}\n{"half');
    const read = await readCompleteLines(file, 0);
    assert.deepEqual(read.lines, [
      { text: 'é1', offset: 0 },
      { text: '', offset: 5 }, // 'é' is two bytes, then '1', '\r', '\n'
      { text: '{"x":2}', offset: 6 },
    ]);
    assert.deepEqual([read.nextOffset, read.restartedFromZero], [14, false]);
    const again = await readCompleteLines(file, read.nextOffset);
    assert.deepEqual([again.lines, again.nextOffset], [[], 14]);
    const shrunk = await readCompleteLines(file, 999);
    assert.deepEqual([shrunk.restartedFromZero, shrunk.lines.length], [true, 3]);
  });

  it('keeps a multi-byte character whole across the 1 MiB read boundary', async () => {
    const file = path.join(scratch, 'big.jsonl');
    const filler = 'a'.repeat((1 << 20) - 1);
    writeFileSync(file, `${filler}€tail\nnext\n`); // '€' (3 bytes) starts one byte before the boundary
    const read = await readCompleteLines(file, 0);
    assert.deepEqual(read.lines.map((line) => line.text.slice(-5)), ['€tail', 'next']);
    assert.equal(read.lines[1].offset, (1 << 20) - 1 + 3 + 5);
  });

  it('counts lines of diffs in every form the tools log', () => {
    assert.deepEqual(diffLineCounts('a\nb\nc\n', 'a\nB\nc\nd\n'), { added: 2, removed: 1 });
    assert.deepEqual(diffLineCounts('', 'x\ny'), { added: 2, removed: 0 });
    assert.deepEqual(countUnifiedDiff('--- a\n+++ b\n@@ -1,2 +1,2 @@\n-x\n+y\n z\n+w'), { added: 2, removed: 1 });
    assert.deepEqual(countSearchReplaceBlocks('<<<<<<< SEARCH\n:start_line:3\n-------\nold\n=======\nnew\n>>>>>>> REPLACE\n\n<<<<<<< SEARCH\nk\n=======\nk\nl\n>>>>>>> REPLACE'), { added: 2, removed: 1 });
    assert.equal(countSearchReplaceBlocks('@@ -1 +1 @@\n-a\n+b'), undefined);
    assert.deepEqual([countLines(''), countLines('a'), countLines('a\n'), countLines('a\nb')], [0, 1, 1, 2]);
  });

  it('reads epoch seconds, milliseconds, nanoseconds, ISO text and OTel [s, ns] pairs', () => {
    assert.equal(toEpochMs(1759660100), 1759660100000);
    assert.equal(toEpochMs(1759660100123), 1759660100123);
    assert.equal(toEpochMs('1759660100123000000'), 1759660100123);
    assert.equal(toEpochMs('2025-10-05T12:00:00.000Z'), 1759665600000);
    assert.equal(toEpochMs([1759666000, 500000000]), 1759666000500);
    assert.deepEqual([toEpochMs('soon'), toEpochMs(-5), toEpochMs(null), toEpochMs(undefined)], [undefined, undefined, undefined, undefined]);
  });
});
