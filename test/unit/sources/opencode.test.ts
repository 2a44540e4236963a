import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { KILO_CLI, createOpenCodeReader, openCodeDataDir } from '../../../src/core/sources/opencode';
import { loadEngine } from '../../../src/core/sources/sqliteSnapshot';
import { preferRecord } from '../../../src/core/usage/types';
import { FIXTURES, buckets, byTimestamp, corrupt, fixtureHome, locateOptions, readSource, recordOpenedPaths, seededRandom } from './helpers';

const fixtureDataDir = path.join(fixtureHome('opencode'), '.local', 'share', 'opencode');
const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Builds an OpenCode-shaped database with sql.js itself: rows chosen so every total below is known. */
async function buildDatabase(file: string): Promise<void> {
  const SQL = await loadEngine();
  const database = new SQL.Database();
  database.run('CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT, time_created INTEGER, data TEXT)');
  database.run('CREATE TABLE part (id TEXT PRIMARY KEY, message_id TEXT, session_id TEXT, data TEXT)');
  const message = (id: string, data: unknown) => database.run('INSERT INTO message VALUES (?, ?, 0, ?)', [id, 'ses_db', typeof data === 'string' ? data : JSON.stringify(data)]);
  message('msg_db1', {
    role: 'assistant', modelID: 'gpt-5', providerID: 'openai', time: { created: 1759660100 }, // seconds
    tokens: { input: 1200, output: 340, reasoning: 120, cache: { read: 5000, write: 0 } }, cost: 0.0042, path: { cwd: '/home/ana/src/shop', root: '/home/ana/src/shop' },
  });
  message('msg_db2', { role: 'assistant', modelID: 'claude-sonnet-4-5', time: { created: 1759660200000 }, tokens: { input: 80, output: 40, reasoning: 0, cache: { read: 0, write: 2000 } } });
  message('msg_db3', { role: 'user', time: { created: 1759660099000 } });
  message('msg_db4', { role: 'assistant', modelID: 'gpt-5', time: { created: 1759660300000 } }); // streaming: no tokens yet
  message('msg_db5', '{"role":"assistant",');
  const part = (id: string, messageId: string, data: unknown) => database.run('INSERT INTO part VALUES (?, ?, ?, ?)', [id, messageId, 'ses_db', typeof data === 'string' ? data : JSON.stringify(data)]);
  const toolPart = (tool: string, state: unknown) => ({ type: 'tool', tool, callID: 'call', state });
  part('prt1', 'msg_db1', toolPart('edit', { status: 'completed', input: { filePath: '/home/ana/src/shop/cart.ts', oldString: 'a\nb\n', newString: 'a\nc\nd\n' }, time: { start: 1759660101000, end: 1759660101500 } }));
  part('prt2', 'msg_db2', toolPart('write', { status: 'completed', input: { filePath: 'notes.md', content: 'x' }, metadata: { filediff: { additions: 10, deletions: 0 } }, time: { start: 1759660201000 } }));
  part('prt3', 'msg_db2', toolPart('edit', { status: 'error', input: { filePath: 'a.ts', oldString: 'x', newString: 'y' }, error: 'The user rejected permission to use this specific tool call.', time: { start: 1759660202000 } }));
  part('prt4', 'msg_db2', toolPart('edit', { status: 'error', input: { filePath: 'b.ts', oldString: 'x', newString: 'y' }, error: 'File b.ts not found', time: { start: 1759660203000 } }));
  part('prt5', 'msg_db2', toolPart('read', { status: 'completed', input: { filePath: 'c.ts' }, time: { start: 1759660204000 } }));
  part('prt6', 'msg_db2', { type: 'text', text: 'hello' });
  part('prt7', 'msg_db2', toolPart('edit', { status: 'running', input: { filePath: 'd.ts', oldString: 'p\nq', newString: 'p\nq\nr' }, time: { start: 1759660205 } }));
  part('prt8', 'msg_db2', 'not json');
  writeFileSync(file, database.export());
  database.close();
}

describe('OpenCode reader', () => {
  let scratch: string;
  let dataDir: string;

  before(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-opencode-'));
    dataDir = path.join(scratch, 'opencode');
    cpSync(fixtureDataDir, dataDir, { recursive: true });
    await buildDatabase(path.join(dataDir, 'opencode.db'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('looks in OPENCODE_DATA_DIR, else $XDG_DATA_HOME/opencode, else ~/.local/share/opencode', () => {
    assert.equal(openCodeDataDir(locateOptions({ homeDir: '/h', env: { OPENCODE_DATA_DIR: '/d' } })), '/d');
    assert.equal(openCodeDataDir(locateOptions({ homeDir: '/h', env: { XDG_DATA_HOME: '/x' } })), '/x/opencode');
    assert.equal(openCodeDataDir(locateOptions({ homeDir: '/Users/ana', platform: 'darwin' })), '/Users/ana/.local/share/opencode');
    assert.equal(openCodeDataDir(locateOptions({ homeDir: 'C:\\Users\\ana', platform: 'win32' })), 'C:\\Users\\ana\\.local\\share\\opencode');
  });

  it('reads the Kilo CLI database (same layout) as kilo-code, from KILO_DATA_DIR or ~/.local/share/kilo', async () => {
    assert.equal(openCodeDataDir(locateOptions({ homeDir: '/h' }), KILO_CLI), '/h/.local/share/kilo');
    const kiloDir = path.join(scratch, 'kilo');
    mkdirSync(kiloDir);
    await buildDatabase(path.join(kiloDir, 'kilo.db'));
    writeFileSync(path.join(kiloDir, 'opencode.db'), ''); // another tool's name: not listed
    const totals = await readSource(createOpenCodeReader(KILO_CLI), locateOptions({ homeDir: '/nowhere', env: { KILO_DATA_DIR: kiloDir } }));
    assert.deepEqual(totals.files, [path.join(kiloDir, 'kilo.db')]);
    assert.deepEqual(totals.records.map((r) => [r.tool, r.dedupKey]), [['kilo-code', 'kilo-code:msg_db1'], ['kilo-code', 'kilo-code:msg_db2']]);
    assert.equal(totals.edits.length, 5);
    assert.ok(totals.edits.every((e) => e.tool === 'kilo-code'));
  });

  it('lists the databases and the legacy message files, never auth.json', async () => {
    const reader = createOpenCodeReader();
    assert.deepEqual(await reader.locate(locateOptions({ homeDir: '/nowhere', env: { OPENCODE_DATA_DIR: dataDir } })), [dataDir]);
    const files = (await reader.listFiles(dataDir)).map((file) => path.relative(dataDir, file));
    assert.deepEqual(files, [
      'opencode.db',
      path.join('storage', 'message', 'ses_1a2b3c', 'msg_9a8b7c.json'),
      path.join('storage', 'message', 'ses_1a2b3c', 'msg_bad.json'),
      path.join('storage', 'message', 'ses_1a2b3c', 'msg_user1.json'),
      path.join('storage', 'message', 'ses_db', 'msg_db1.json'),
    ]);
  });

  it('maps database and legacy messages exactly (input excludes cache, seconds turned into ms)', async () => {
    const totals = await readSource(createOpenCodeReader(), locateOptions({ homeDir: '/nowhere', env: { OPENCODE_DATA_DIR: dataDir } }));
    assert.deepEqual(
      byTimestamp(totals.records).map((r) => [r.dedupKey, r.revision, r.sessionId, r.timestampMs, r.model, r.project, ...buckets(r), r.reasoning, r.costReportedUSD]),
      [
        ['opencode:msg_9a8b7c', 0, 'ses_1a2b3c', 1759660000000, 'claude-sonnet-4-5', '/home/ana/src/shop', 350, 900, 0, 18000, 210, 0, 0.0135],
        ['opencode:msg_db1', 1, 'ses_db', 1759660100000, 'gpt-5', '/home/ana/src/shop', 1200, 0, 0, 5000, 340, 120, 0.0042],
        ['opencode:msg_db1', 0, 'ses_db', 1759660100000, 'gpt-5', null, 1, 0, 0, 0, 1, 0, 0],
        ['opencode:msg_db2', 1, 'ses_db', 1759660200000, 'claude-sonnet-4-5', null, 80, 2000, 0, 0, 40, 0, null],
      ],
    );
    // msg_db5 and prt8 in the database, msg_bad.json on disk
    assert.equal(totals.malformed, 3);
    const [database, legacy] = totals.records.filter((r) => r.dedupKey === 'opencode:msg_db1');
    assert.equal(preferRecord(legacy, database), database);
    assert.equal(preferRecord(database, legacy), database);
  });

  it('reads edits from the part table with their outcomes and line counts', async () => {
    const result = await createOpenCodeReader().read(path.join(dataDir, 'opencode.db'), undefined);
    assert.deepEqual(
      byTimestamp(result.edits).map((e) => [e.dedupKey, e.toolName, e.filePath, e.outcome, e.linesAdded, e.linesRemoved, e.model, e.autoApproved, e.timestampMs]),
      [
        // a / b → a / c / d shares "a": +2 −1
        ['opencode:prt1:edit', 'edit', '/home/ana/src/shop/cart.ts', 'accepted', 2, 1, 'gpt-5', null, 1759660101000],
        ['opencode:prt2:edit', 'write', 'notes.md', 'accepted', 10, 0, 'claude-sonnet-4-5', null, 1759660201000],
        ['opencode:prt3:edit', 'edit', 'a.ts', 'rejected', 1, 1, 'claude-sonnet-4-5', null, 1759660202000],
        ['opencode:prt4:edit', 'edit', 'b.ts', 'failed', 1, 1, 'claude-sonnet-4-5', null, 1759660203000],
        ['opencode:prt7:edit', 'edit', 'd.ts', 'unresolved', 1, 0, 'claude-sonnet-4-5', null, 1759660205000],
      ],
    );
  });

  it('opens a database left in WAL mode, and reports a file that is not a database', async () => {
    const walDir = path.join(scratch, 'wal');
    mkdirSync(walDir);
    const bytes = readFileSync(path.join(dataDir, 'opencode.db'));
    bytes[18] = 2;
    bytes[19] = 2;
    writeFileSync(path.join(walDir, 'opencode-wal.db'), bytes);
    writeFileSync(path.join(walDir, 'opencode-broken.db'), 'this is not sqlite');
    const reader = createOpenCodeReader();
    const wal = await reader.read(path.join(walDir, 'opencode-wal.db'), undefined);
    assert.equal(wal.records.length, 2);
    const broken = await reader.read(path.join(walDir, 'opencode-broken.db'), undefined);
    assert.deepEqual(broken.records, []);
    assert.match(broken.warnings.join('\n'), /Could not read the OpenCode database .*opencode-broken\.db/);
    const missing = await reader.read(path.join(walDir, 'opencode-gone.db'), undefined);
    assert.equal(missing.warnings.length, 1);
  });

  describe('write-ahead log (fixture written by the real SQLite library, see make-wal-fixture.py)', () => {
    const walFixture = path.join(FIXTURES, 'opencode', 'wal');
    const copyWith = (name: string, wal: Buffer | undefined): string => {
      const dir = path.join(scratch, name);
      mkdirSync(dir);
      cpSync(path.join(walFixture, 'opencode.db'), path.join(dir, 'opencode.db'));
      if (wal !== undefined) writeFileSync(path.join(dir, 'opencode.db-wal'), wal);
      return path.join(dir, 'opencode.db');
    };
    const wal = () => readFileSync(path.join(walFixture, 'opencode.db-wal'));
    const ids = async (file: string) => (await createOpenCodeReader().read(file, undefined)).records.map((r) => r.dedupKey);

    it('sees transactions that are still only in opencode.db-wal, and never opens the -shm index', async () => {
      const file = copyWith('wal-full', wal());
      writeFileSync(`${file}-shm`, 'decoy');
      let result: Awaited<ReturnType<ReturnType<typeof createOpenCodeReader>['read']>> | undefined;
      const opened = await recordOpenedPaths(async () => {
        result = await createOpenCodeReader().read(file, undefined);
      });
      assert.deepEqual(
        result?.records.map((r) => [r.dedupKey, r.model, r.project, ...buckets(r)]),
        [
          ['opencode:msg_w1', 'claude-sonnet-4-5', '/home/ana/src/wal', 10, 40, 0, 30, 20],
          ['opencode:msg_w2', 'gpt-5', '/home/ana/src/wal', 1, 4, 0, 3, 2],
        ],
      );
      assert.deepEqual(result?.edits.map((e) => [e.dedupKey, e.linesAdded, e.outcome]), [['opencode:prt_w1:edit', 3, 'accepted']]);
      assert.deepEqual(opened.map((f) => path.basename(f)), ['opencode.db-wal', 'opencode.db']);
    });

    it('names the -wal log as a companion whose change calls for a re-read', () => {
      const reader = createOpenCodeReader();
      assert.deepEqual(reader.companionFiles?.('/d/opencode.db'), ['/d/opencode.db-wal']);
      assert.deepEqual(reader.companionFiles?.('/d/storage/message/s/m.json'), []);
    });

    it('reads only the checkpointed data without a log, with a torn last frame, or with a bad checksum', async () => {
      assert.deepEqual(await ids(copyWith('wal-none', undefined)), ['opencode:msg_w1']);
      const torn = wal();
      assert.deepEqual(await ids(copyWith('wal-torn', torn.subarray(0, torn.length - 100))), ['opencode:msg_w1']);
      const flipped = wal();
      flipped[32 + 24 + 100] ^= 0xff; // a byte of the first frame's page
      assert.deepEqual(await ids(copyWith('wal-flipped', flipped)), ['opencode:msg_w1']);
      assert.deepEqual(await ids(copyWith('wal-garbage', Buffer.from('not a wal file at all, just text'))), ['opencode:msg_w1']);
    });
  });

  it('warns about a SQLite file without a message table', async () => {
    const SQL = await loadEngine();
    const database = new SQL.Database();
    database.run('CREATE TABLE other (x INTEGER)');
    const file = path.join(scratch, 'opencode-other.db');
    writeFileSync(file, database.export());
    database.close();
    const result = await createOpenCodeReader().read(file, undefined);
    assert.deepEqual([result.records.length, result.malformed], [0, 0]);
    assert.match(result.warnings[0], /no message\(data\) table/);
  });

  it('never throws on damaged databases or message files, and stays usable afterwards (seeded fuzz)', async () => {
    const original = readFileSync(path.join(dataDir, 'opencode.db'));
    const legacy = readFileSync(path.join(dataDir, 'storage', 'message', 'ses_1a2b3c', 'msg_9a8b7c.json'), 'utf8');
    const fuzzDir = path.join(scratch, 'fuzz');
    mkdirSync(fuzzDir);
    const reader = createOpenCodeReader();
    for (let seed = 1; seed <= 40; seed += 1) {
      const random = seededRandom(seed);
      const bytes = Buffer.from(original);
      const flips = 1 + Math.floor(random() * 20);
      for (let flip = 0; flip < flips; flip += 1) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const damaged = random() < 0.2 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
      writeFileSync(path.join(fuzzDir, 'opencode.db'), damaged);
      writeFileSync(path.join(fuzzDir, 'm.json'), corrupt(legacy, random));
      for (const file of ['opencode.db', 'm.json']) {
        const result = await reader.read(path.join(fuzzDir, file), undefined);
        for (const record of result.records) assert.ok(buckets(record).every((n) => Number.isInteger(n) && n >= 0), `seed ${seed}`);
      }
    }
    // the engine still works after whatever the damaged files did to it
    assert.equal((await reader.read(path.join(dataDir, 'opencode.db'), undefined)).records.length, 2);
  });

  it('never opens auth.json', async () => {
    const opened = await recordOpenedPaths(async () => {
      await readSource(createOpenCodeReader(), locateOptions({ homeDir: '/nowhere', env: { OPENCODE_DATA_DIR: dataDir } }));
    });
    assert.ok(opened.some((file) => file.endsWith('opencode.db')));
    assert.deepEqual(opened.filter((file) => path.basename(file) === 'auth.json'), []);
  });

  it('works from a bundle, loading the wasm engine from data/ beside it', async function () {
    this.timeout(60000);
    const bundleDir = path.join(scratch, 'bundle');
    mkdirSync(path.join(bundleDir, 'data'), { recursive: true });
    cpSync(path.join(repoRoot, 'node_modules', 'sql.js', 'dist', 'sql-wasm.wasm'), path.join(bundleDir, 'data', 'sql-wasm.wasm'));
    const entry = path.join(scratch, 'entry.ts');
    writeFileSync(
      entry,
      `import { createOpenCodeReader } from ${JSON.stringify(path.join(repoRoot, 'src', 'core', 'sources', 'opencode'))};\n` +
        `createOpenCodeReader().read(process.argv[2], undefined).then((r) => console.log(JSON.stringify([r.records.length, r.edits.length, r.warnings])));\n`,
    );
    await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: path.join(bundleDir, 'probe.js'), logLevel: 'silent' });
    const output = execFileSync(process.execPath, [path.join(bundleDir, 'probe.js'), path.join(dataDir, 'opencode.db')], { cwd: os.tmpdir(), encoding: 'utf8' });
    assert.deepEqual(JSON.parse(output), [2, 5, []]);
  });
});
