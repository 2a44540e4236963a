import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { nodeFileAccess } from '../../../src/core/sources/fileAccess';
import { scanJsonLines, type JsonLine } from '../../../src/core/sources/jsonl';
import { makeTempDir } from './helpers';

describe('JSON Lines scanning', () => {
  let temp: { dir: string; cleanup: () => Promise<void> };
  let file: string;
  beforeEach(async () => {
    temp = await makeTempDir();
    file = path.join(temp.dir, 'log.jsonl');
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  async function scan(content: string | Buffer, from = 0, maxLineBytes?: number): Promise<{ lines: JsonLine[]; nextOffset: number; malformed: number }> {
    await fs.writeFile(file, content);
    const lines: JsonLine[] = [];
    const result = await scanJsonLines(nodeFileAccess, file, from, (line) => lines.push(line), undefined, maxLineBytes);
    return { lines, nextOffset: result.nextOffset, malformed: result.malformed };
  }

  it('yields each object with the byte offset of its line, skipping blank lines and counting broken ones', async () => {
    const text = '{"a":1}\n\n  \n{"b":"é"}\r\n[1,2]\n{"c":\n"just a string"\n{"d":4}\n';
    const { lines, nextOffset, malformed } = await scan(text);
    assert.deepEqual(lines.map((line) => line.value), [{ a: 1 }, { b: 'é' }, { d: 4 }]);
    // '{"b":"é"}' starts after '{"a":1}\n\n  \n' = 8 + 1 + 3 = 12 bytes.
    assert.deepEqual(lines.map((line) => line.offset), [0, 12, Buffer.byteLength(text) - 8]);
    // An array, a broken object and a bare string are not log records.
    assert.equal(malformed, 3);
    assert.equal(nextOffset, Buffer.byteLength(text));
  });

  it('leaves a half-written last line for the next read, without counting it', async () => {
    const { lines, nextOffset, malformed } = await scan('{"a":1}\n{"b":');
    assert.deepEqual([lines.length, nextOffset, malformed], [1, 8, 0]);
  });

  it('consumes a last line that lacks only its newline, since it is already a whole object', async () => {
    const { lines, nextOffset } = await scan('{"a":1}\n{"b":2}');
    assert.deepEqual(lines.map((line) => line.value), [{ a: 1 }, { b: 2 }]);
    assert.equal(nextOffset, 15);
  });

  it('resumes from an offset and ignores a byte-order mark', async () => {
    const { lines } = await scan('\uFEFF{"a":1}\n{"b":2}\n');
    assert.deepEqual(lines.map((line) => line.value), [{ a: 1 }, { b: 2 }]);
    const resumed = await scan('{"a":1}\n{"b":2}\n', 8);
    assert.deepEqual(resumed.lines.map((line) => [line.value, line.offset]), [[{ b: 2 }, 8]]);
  });

  it('joins a line split across read chunks, multi-byte characters included', async () => {
    // 1 MiB chunks: put a 3-byte character across the first boundary.
    const padding = 'x'.repeat((1 << 20) - 12);
    const text = `{"p":"${padding}€€€€"}\n{"n":2}\n`;
    const { lines, malformed } = await scan(text);
    assert.equal(malformed, 0);
    assert.equal((lines[0].value.p as string).endsWith('€€€€'), true);
    assert.deepEqual(lines[1].value, { n: 2 });
  });

  it('skips a line longer than the limit as malformed without buffering it', async () => {
    const { lines, malformed, nextOffset } = await scan(`{"long":"${'y'.repeat(500)}"}\n{"ok":1}\n`, 0, 100);
    assert.deepEqual(lines.map((line) => line.value), [{ ok: 1 }]);
    assert.equal(malformed, 1);
    assert.equal(nextOffset, 500 + 12 + 9);
  });

  it('reports a shrunken file and restarts from 0', async () => {
    await fs.writeFile(file, '{"a":1}\n');
    let restarted = false;
    const values: unknown[] = [];
    const result = await scanJsonLines(nodeFileAccess, file, 100, (line) => values.push(line.value), () => {
      restarted = true;
    });
    assert.deepEqual([restarted, result.restarted, values], [true, true, [{ a: 1 }]]);
  });
});
