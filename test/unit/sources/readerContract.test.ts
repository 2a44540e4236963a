/**
 * Behaviour every append-mode reader must share: reading a growing file in two steps gives what one read gives,
 * and no content — truncated, bit-flipped, reordered, with garbage cursor state — makes a reader throw.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ClaudeCodeReader } from '../../../src/core/sources/claudeCode';
import { CodexReader } from '../../../src/core/sources/codex';
import { GeminiCliReader } from '../../../src/core/sources/geminiCli';
import { nodeFileAccess, type FileAccess } from '../../../src/core/sources/fileAccess';
import type { FileReadResult, ReaderState, SourceReader } from '../../../src/core/usage/sources';
import { dedupEdits, dedupRecords, fixtureHome, makeTempDir, readInTwoSteps, seededRandom } from './helpers';

interface Case {
  reader: SourceReader;
  fixture: string;
}

const CASES: Case[] = [
  {
    reader: new ClaudeCodeReader(),
    fixture: path.join(fixtureHome('claude-code'), '.claude', 'projects', '-home-ana-src-shop', '0c9a3f4e-1d2b-4c8e-9f00-7a1b2c3d4e5f.jsonl'),
  },
  {
    reader: new CodexReader(),
    fixture: path.join(fixtureHome('codex'), '.codex', 'sessions', '2025', '10', '03', 'rollout-2025-10-03T08-00-00-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl'),
  },
  {
    reader: new CodexReader(),
    fixture: path.join(fixtureHome('codex'), '.codex', 'sessions', '2025', '10', '03', 'rollout-2025-10-03T08-05-00-0199a1b9-0000-7aaa-8bbb-2c3d4e5f6a7b.jsonl'),
  },
  {
    reader: new GeminiCliReader(),
    fixture: path.join(fixtureHome('gemini-cli'), '.gemini', 'tmp', 'shop', 'chats', 'session-2025-10-04T10-00-6f1c2d3e.jsonl'),
  },
];

function assertWellFormed(result: FileReadResult, fileSize: number, context: string): void {
  assert.ok(result.cursor.offset >= 0 && result.cursor.offset <= fileSize, `${context}: offset ${result.cursor.offset} of ${fileSize}`);
  assert.ok(Number.isInteger(result.malformed) && result.malformed >= 0, context);
  JSON.stringify(result.cursor.state); // must stay serialisable for the ledger
  for (const record of result.records) {
    for (const value of [record.inputUncached, record.cacheWrite5m, record.cacheWrite1h, record.cacheRead, record.output, record.reasoning]) {
      assert.ok(Number.isInteger(value) && value >= 0, `${context}: token count ${value}`);
    }
    assert.ok(Number.isFinite(record.timestampMs), context);
    assert.ok(record.model.length > 0 && record.dedupKey.length > 0 && record.sessionId.length > 0, context);
  }
  for (const edit of result.edits) {
    assert.ok(Number.isInteger(edit.linesAdded) && edit.linesAdded >= 0 && Number.isInteger(edit.linesRemoved) && edit.linesRemoved >= 0, context);
  }
}

describe('log reader contract', () => {
  let temp: { dir: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  /** A path laid out like the real one (Gemini resolves the project from the folders around the file). */
  async function workingCopyPath(fixture: string): Promise<string> {
    const file = path.join(temp.dir, 'tmp', 'p', 'chats', path.basename(fixture));
    await fs.mkdir(path.dirname(file), { recursive: true });
    return file;
  }

  for (const { reader, fixture } of CASES) {
    const name = `${reader.displayName} (${path.basename(fixture)})`;

    it(`${name}: reading in two steps at any cut point gives the same records and edits as one read`, async () => {
      const content = await fs.readFile(fixture);
      const file = await workingCopyPath(fixture);
      await fs.writeFile(file, content);
      const whole = await reader.read(file, undefined);
      const expectedRecords = dedupRecords(whole.records);
      const expectedEdits = dedupEdits(whole.edits);
      assert.ok(expectedRecords.size > 0);

      const step = 89; // a prime, so cuts land at every position within lines over the file
      for (let cut = 1; cut < content.length; cut += step) {
        const { first, second } = await readInTwoSteps(reader, file, content, cut);
        const context = `${name} cut at ${cut}`;
        assert.deepEqual(dedupRecords([...first.records, ...second.records]), expectedRecords, context);
        assert.deepEqual(dedupEdits([...first.edits, ...second.edits]), expectedEdits, context);
        assert.equal(first.malformed + second.malformed, whole.malformed, context);
        assert.equal(second.cursor.offset, whole.cursor.offset, context);
      }
    });

    it(`${name}: never throws on damaged content or a garbage cursor (seeded fuzz)`, async () => {
      const original = (await fs.readFile(fixture, 'utf8')).split('\n');
      const file = await workingCopyPath(fixture);
      const random = seededRandom(0x70c3 + original.length);
      const pick = (n: number): number => Math.floor(random() * n);
      const garbageStates: ReaderState[] = [null, 42, 'x', [1, 2], { pending: 'no' }, { totals: { input_tokens: -5 }, pending: { a: { files: 3 } } }];

      for (let iteration = 0; iteration < 60; iteration += 1) {
        const lines = [...original];
        for (let edits = 1 + pick(4); edits > 0; edits -= 1) {
          const at = pick(lines.length);
          const line = lines[at];
          switch (pick(6)) {
            case 0:
              lines[at] = line.slice(0, pick(line.length + 1));
              break;
            case 1: {
              const bytes = Buffer.from(line);
              if (bytes.length > 0) bytes[pick(bytes.length)] ^= 1 << pick(8);
              lines[at] = bytes.toString('latin1');
              break;
            }
            case 2:
              lines.splice(at, 0, line);
              break;
            case 3:
              lines.splice(at, 1);
              break;
            case 4:
              lines[at] = line.replace(/\d+/g, () => ['-1', '1e400', '"7"', 'null', '99999999999999999999'][pick(5)]);
              break;
            default:
              lines[at] = line.replace(/"[a-z_]+":/g, (key) => (random() < 0.3 ? '"x":' : key));
          }
        }
        const content = Buffer.from(lines.join('\n'));
        await fs.writeFile(file, content);
        const context = `${name} iteration ${iteration}`;
        assertWellFormed(await reader.read(file, undefined), content.length, context);
        const cursor = { offset: pick(content.length + 50), state: garbageStates[pick(garbageStates.length)] };
        assertWellFormed(await reader.read(file, cursor), content.length, `${context} (cursor ${cursor.offset})`);
      }
    });
  }

  it('reports an unreadable file as a warning instead of throwing', async () => {
    for (const reader of [new ClaudeCodeReader(), new CodexReader(), new GeminiCliReader()]) {
      const missing = path.join(temp.dir, 'session-gone.jsonl');
      const result = await reader.read(missing, { offset: 10, state: null });
      assert.equal(result.records.length, 0);
      assert.equal(result.warnings.length, 1);
      assert.match(result.warnings[0], /Could not read/);
      assert.equal(result.cursor.offset, 10, 'the cursor is kept so nothing is skipped once the file is readable');
    }
  });

  it('lists nothing for a missing folder, and explains a folder that exists but cannot be listed', async () => {
    const denied: FileAccess = {
      ...nodeFileAccess,
      kindOf: async () => 'directory',
      listDirectory: async (directory) => {
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${directory}'`), { code: 'EACCES' });
      },
    };
    for (const reader of [new ClaudeCodeReader(), new CodexReader(), new GeminiCliReader()]) {
      assert.deepEqual(await reader.listFiles(path.join(temp.dir, 'missing')), [], reader.displayName);
    }
    for (const reader of [new ClaudeCodeReader(denied), new CodexReader(denied), new GeminiCliReader(denied)]) {
      await assert.rejects(reader.listFiles(temp.dir), /Cannot list .*EACCES/, reader.displayName);
    }
  });

  it('re-reads a file that became shorter than the cursor, from the start, and says so', async () => {
    const reader = new CodexReader();
    const file = path.join(temp.dir, 'rollout-x.jsonl');
    await fs.copyFile(CASES[1].fixture, file);
    const result = await reader.read(file, { offset: 10_000_000, state: { sessionId: 'old' } });
    assert.equal(result.records.length, 3);
    assert.equal(result.records[0].sessionId, '0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    assert.match(result.warnings.join('\n'), /shorter than when last read/);
  });
});
