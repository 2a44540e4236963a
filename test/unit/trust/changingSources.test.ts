/**
 * Log files and folders that change underneath a reader: appended mid-read, truncated, rewritten, deleted after
 * listing, swapped for links, unreadable, or replaced by things that are not files. Each case ends with the right
 * records and, where it helps, a warning — never an exception out of a reader, never a hang.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ClaudeCodeReader } from '../../../src/core/sources/claudeCode';
import { CodexReader } from '../../../src/core/sources/codex';
import { createContinueReader } from '../../../src/core/sources/continueDev';
import { createCopilotOtelReader } from '../../../src/core/sources/copilotOtel';
import { nodeFileAccess, type FileAccess } from '../../../src/core/sources/fileAccess';
import { GeminiCliReader } from '../../../src/core/sources/geminiCli';
import { allReaders } from '../../../src/core/sources/index';
import type { FileReadResult, ReadCursor, SourceReader } from '../../../src/core/usage/sources';
import { FIXTURES, dedupRecords, filesUnder, fixtureHome, locateOptions, makeTempDir } from '../sources/helpers';
import { timed } from './fuzz';

const CLAUDE_SESSION = path.join(fixtureHome('claude-code'), '.claude', 'projects', '-home-ana-src-shop', '0c9a3f4e-1d2b-4c8e-9f00-7a1b2c3d4e5f.jsonl');

interface AppendTarget {
  reader: SourceReader;
  fixture: string;
  relativePath: string;
}

/** One real log per append-mode reader, and where it goes below a temp folder. */
const APPEND_TARGETS: AppendTarget[] = [
  { reader: new ClaudeCodeReader(), fixture: CLAUDE_SESSION, relativePath: 'projects/p/0c9a3f4e-1d2b-4c8e-9f00-7a1b2c3d4e5f.jsonl' },
  {
    reader: new CodexReader(),
    fixture: path.join(fixtureHome('codex'), '.codex', 'sessions', '2025', '10', '03', 'rollout-2025-10-03T08-00-00-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl'),
    relativePath: 'sessions/rollout-2025-10-03T08-00-00-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl',
  },
  {
    reader: new GeminiCliReader(),
    fixture: path.join(fixtureHome('gemini-cli'), '.gemini', 'tmp', 'shop', 'chats', 'session-2025-10-04T10-00-6f1c2d3e.jsonl'),
    relativePath: 'tmp/shop/chats/session-2025-10-04T10-00-6f1c2d3e.jsonl',
  },
  { reader: createCopilotOtelReader(), fixture: path.join(fixtureHome('copilot'), '.copilot', 'otel', 'copilot-otel.jsonl'), relativePath: 'otel/copilot-otel.jsonl' },
  {
    reader: createContinueReader(),
    fixture: path.join(fixtureHome('continue'), '.continue', 'dev_data', '0.2.0', 'tokensGenerated.jsonl'),
    relativePath: 'dev_data/0.2.0/tokensGenerated.jsonl',
  },
];

/** The fixture's complete lines only (some fixtures end in a deliberately half-written line). */
async function completeLines(fixture: string): Promise<string> {
  const text = await fs.readFile(fixture, 'utf8');
  return text.slice(0, text.lastIndexOf('\n') + 1);
}

function roundTrip(cursor: ReadCursor): ReadCursor {
  return JSON.parse(JSON.stringify(cursor)) as ReadCursor;
}

function recordKeys(...results: FileReadResult[]): string[] {
  return [...dedupRecords(results.flatMap((result) => result.records)).keys()].sort();
}

/** Reads that must finish: a read stuck on a FIFO or a lock fails here instead of hanging the suite. */
async function boundedRead(reader: SourceReader, file: string, cursor?: ReadCursor): Promise<FileReadResult> {
  return (await timed(`${reader.displayName} ${file}`, () => reader.read(file, cursor))).value;
}

describe('trust: log sources that change underneath the readers', () => {
  let temp: { dir: string; cleanup: () => Promise<void> };
  beforeEach(async () => (temp = await makeTempDir()));
  afterEach(async () => temp.cleanup());

  async function place(target: AppendTarget, content: string | Buffer): Promise<string> {
    const file = path.join(temp.dir, target.relativePath);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, content);
    return file;
  }

  it('a line appended while the reader is between chunks is read once; a half-appended line waits for its end', async () => {
    const content = await completeLines(CLAUDE_SESSION);
    const lines = content.split('\n').filter((line) => line.trim() !== '');
    const [head, tail] = [lines.slice(0, 4).join('\n') + '\n', lines.slice(4).join('\n') + '\n'];
    const half = Math.floor(tail.length / 2);
    const file = path.join(temp.dir, 'projects', 'p', '0c9a3f4e-1d2b-4c8e-9f00-7a1b2c3d4e5f.jsonl');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, head);
    // The writer (the AI tool) appends half of the rest right after the reader's first chunk.
    const appendingAccess: FileAccess = {
      ...nodeFileAccess,
      async open(target) {
        const handle = await nodeFileAccess.open(target);
        let appended = false;
        return {
          size: handle.size,
          close: () => handle.close(),
          async read(buffer, position) {
            const bytesRead = await handle.read(buffer, position);
            if (!appended) {
              appended = true;
              await fs.appendFile(target, tail.slice(0, half));
            }
            return bytesRead;
          },
        };
      },
    };
    const reader = new ClaudeCodeReader(appendingAccess);
    const first = await reader.read(file, undefined);
    assert.ok(first.cursor.offset > Buffer.byteLength(head), 'complete lines appended during the read are taken');
    assert.ok(first.cursor.offset < Buffer.byteLength(head + tail.slice(0, half)), 'the half-written line is left for later');
    await fs.appendFile(file, tail.slice(half));
    const second = await new ClaudeCodeReader().read(file, roundTrip(first.cursor));
    const whole = await new ClaudeCodeReader().read(file, undefined);
    assert.deepEqual(recordKeys(first, second), recordKeys(whole));
    assert.equal(first.malformed + second.malformed, whole.malformed);
  });

  it('a second writer appending during a large read: the two reads together hold every record exactly once', async () => {
    const line = (index: number): string =>
      `{"eventName":"tokensGenerated","timestamp":"2025-10-06T07:30:00.000Z","model":"m","promptTokens":${index + 1},"generatedTokens":1}\n`;
    const file = path.join(temp.dir, 'tokensGenerated.jsonl');
    await fs.writeFile(file, Array.from({ length: 60_000 }, (_unused, index) => line(index)).join(''));
    const reader = createContinueReader();
    const reading = reader.read(file, undefined);
    for (let index = 60_000; index < 60_200; index += 1) await fs.appendFile(file, line(index));
    const first = await reading;
    const second = await reader.read(file, roundTrip(first.cursor));
    const keys = [...first.records, ...second.records].map((record) => record.dedupKey);
    assert.equal(new Set(keys).size, 60_200, 'no record lost');
    assert.equal(keys.length, 60_200, 'no record read twice');
  });

  for (const target of APPEND_TARGETS) {
    it(`${target.reader.displayName}: a file truncated after a read is read again from 0, with a warning`, async () => {
      const content = await completeLines(target.fixture);
      const file = await place(target, content);
      const before = await target.reader.read(file, undefined);
      const lines = content.split('\n');
      const shorter = lines.slice(0, Math.ceil(lines.length / 2)).join('\n') + '\n';
      await fs.writeFile(file, shorter);
      const after = await target.reader.read(file, roundTrip(before.cursor));
      assert.match(after.warnings.join('\n'), /shorter than when last read/);
      assert.deepEqual(recordKeys(after), recordKeys(await target.reader.read(file, undefined)));
      assert.equal(after.cursor.offset, Buffer.byteLength(shorter));
    });

    it(`${target.reader.displayName}: deleted between listing and reading, or a dangling link: a warning, no records`, async () => {
      const file = await place(target, await completeLines(target.fixture));
      await fs.rm(file);
      const gone = await boundedRead(target.reader, file, { offset: 7, state: null });
      assert.deepEqual([gone.records, gone.edits], [[], []]);
      assert.match(gone.warnings.join('\n'), /Could not read .*ENOENT/);
      assert.equal(gone.cursor.offset, 7, 'the cursor is kept for when the file is back');
      await fs.symlink(path.join(temp.dir, 'nowhere.jsonl'), file);
      const dangling = await boundedRead(target.reader, file);
      assert.deepEqual(dangling.records, []);
      assert.match(dangling.warnings.join('\n'), /ENOENT/);
    });

    it(`${target.reader.displayName}: a file replaced by a link to a valid copy is read through the link`, async () => {
      const content = await completeLines(target.fixture);
      const file = await place(target, content);
      const direct = await target.reader.read(file, undefined);
      const elsewhere = path.join(temp.dir, 'moved', path.basename(file));
      await fs.mkdir(path.dirname(elsewhere), { recursive: true });
      await fs.rename(file, elsewhere);
      await fs.symlink(elsewhere, file);
      const linked = await target.reader.read(file, undefined);
      assert.ok(direct.records.length > 0);
      assert.deepEqual(recordKeys(linked), recordKeys(direct));
    });

    it(`${target.reader.displayName}: a folder or a FIFO where the log should be is a warning, not a hang`, async () => {
      const file = path.join(temp.dir, target.relativePath);
      await fs.mkdir(file, { recursive: true });
      const folder = await boundedRead(target.reader, file);
      assert.deepEqual(folder.records, []);
      assert.match(folder.warnings.join('\n'), /Could not read/);
      await fs.rmdir(file);
      execFileSync('mkfifo', [file]);
      const fifo = await boundedRead(target.reader, file);
      assert.deepEqual(fifo.records, []);
      assert.match(fifo.warnings.join('\n'), /not a regular file/);
    });
  }

  it('Claude Code, Codex, Gemini CLI: permission denied on open is a warning naming EACCES, and the cursor is kept', async () => {
    // The suite runs as root, where chmod 000 does not deny a read: the injected file access throws as the OS would.
    const denied: FileAccess = {
      ...nodeFileAccess,
      open: async (file) => {
        throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
      },
    };
    for (const reader of [new ClaudeCodeReader(denied), new CodexReader(denied), new GeminiCliReader(denied)]) {
      const target = APPEND_TARGETS.find((candidate) => candidate.reader.tool === reader.tool) as AppendTarget;
      const file = await place(target, await completeLines(target.fixture));
      const result = await reader.read(file, { offset: 3, state: null });
      assert.deepEqual(result.records, [], reader.displayName);
      assert.match(result.warnings.join('\n'), /EACCES/, reader.displayName);
      assert.equal(result.cursor.offset, 3, reader.displayName);
    }
  });

  it('whole-file sources rewritten with different content of the same size are re-read as they are now', async () => {
    const [taskFile] = filesUnder(path.join(FIXTURES, 'cline', 'home')).filter((file) => file.endsWith(`1759572000000${path.sep}ui_messages.json`));
    const taskDir = path.join(temp.dir, 'tasks', '1759572000000');
    await fs.mkdir(taskDir, { recursive: true });
    const original = await fs.readFile(taskFile, 'utf8');
    const file = path.join(taskDir, 'ui_messages.json');
    await fs.writeFile(file, original);
    const [cline] = allReaders().filter((reader) => reader.tool === 'cline');
    const before = await cline.read(file, undefined);
    const rewritten = original.replace(/\\"tokensOut\\":(\d)/g, '\\"tokensOut\\":9');
    assert.equal(Buffer.byteLength(rewritten), Buffer.byteLength(original));
    assert.notEqual(rewritten, original);
    await fs.writeFile(file, rewritten);
    const after = await cline.read(file, roundTrip(before.cursor));
    assert.notDeepEqual(after.records.map((record) => record.output), before.records.map((record) => record.output));
    assert.ok(after.records.every((record) => String(record.output).startsWith('9')));
  });

  it('listing terminates on link loops (a/loop -> ..) and lists each file once', async () => {
    const root = path.join(temp.dir, 'projects');
    await fs.mkdir(path.join(root, 'a', 'b'), { recursive: true });
    await fs.copyFile(CLAUDE_SESSION, path.join(root, 'a', 'one.jsonl'));
    await fs.copyFile(CLAUDE_SESSION, path.join(root, 'a', 'b', 'two.jsonl'));
    await fs.symlink('..', path.join(root, 'a', 'loop'));
    await fs.symlink('../..', path.join(root, 'a', 'b', 'up'));
    await fs.symlink(root, path.join(root, 'a', 'b', 'absolute'));
    const files = (await timed('link loop listing', () => new ClaudeCodeReader().listFiles(root))).value;
    assert.deepEqual(files.map((file) => path.relative(root, file)), [path.join('a', 'b', 'two.jsonl'), path.join('a', 'one.jsonl')]);
    for (const reader of allReaders()) {
      const listed = (await timed(`${reader.displayName} listing`, () => reader.listFiles(root))).value;
      const real = await Promise.all(listed.map((file) => fs.realpath(file)));
      assert.equal(new Set(real).size, real.length, `${reader.displayName} lists a file twice`);
    }
  });

  it('a very deep folder tree is walked to a bounded depth without error', async () => {
    const root = path.join(temp.dir, 'projects');
    let deep = root;
    for (let depth = 0; depth < 120; depth += 1) {
      deep = path.join(deep, 'd');
      if (depth === 3 || depth === 119) {
        await fs.mkdir(deep, { recursive: true });
        await fs.copyFile(CLAUDE_SESSION, path.join(deep, `at-${depth}.jsonl`));
      }
    }
    const files = await new ClaudeCodeReader().listFiles(root);
    assert.deepEqual(files.map((file) => path.basename(file)), ['at-3.jsonl'], 'files below the depth limit are not reached, the walk ends');
  });

  it('files where folders are expected, and folders where files are expected: nothing located, nothing thrown', async () => {
    const home = path.join(temp.dir, 'home');
    const asFiles = ['.claude', '.codex', '.gemini', '.continue', '.copilot', '.cline', '.config', path.join('.local', 'share')];
    for (const name of asFiles) {
      await fs.mkdir(path.dirname(path.join(home, name)), { recursive: true });
      await fs.writeFile(path.join(home, name), 'not a folder');
    }
    for (const reader of allReaders()) {
      const options = locateOptions({ homeDir: home });
      assert.deepEqual(await reader.locate(options), [], reader.displayName);
    }
    const notAFolder = path.join(home, '.claude');
    for (const reader of allReaders()) {
      const listed = await reader.listFiles(notAFolder).catch((error: Error) => error);
      // OpenCode and Copilot accept a single log file as a root (a database, an exporter file): that file is all they list.
      const acceptable = Array.isArray(listed) ? listed.length === 0 || (listed.length === 1 && listed[0] === notAFolder) : /Cannot list/.test(listed.message);
      assert.ok(acceptable, `${reader.displayName}: ${String(listed)}`);
    }
  });
});
