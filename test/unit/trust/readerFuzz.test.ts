/**
 * Every log reader against thousands of damaged copies of its own fixture entries (see fuzz.ts for the mutations and
 * invariants): no throw, no hang, sane numbers, garbage counted. Line-based logs are fuzzed many lines per file;
 * whole-file JSON (Cline family, Gemini's legacy .json) many entries per file; OpenCode many rows per database.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ClaudeCodeReader } from '../../../src/core/sources/claudeCode';
import { CLINE, KILO_CODE, ROO_CODE, createClineFamilyReader } from '../../../src/core/sources/clineFamily';
import { CodexReader } from '../../../src/core/sources/codex';
import { createContinueReader } from '../../../src/core/sources/continueDev';
import { createCopilotOtelReader } from '../../../src/core/sources/copilotOtel';
import { GeminiCliReader } from '../../../src/core/sources/geminiCli';
import { KILO_CLI, OPENCODE, createOpenCodeReader } from '../../../src/core/sources/opencode';
import { loadEngine, openSqliteSnapshot } from '../../../src/core/sources/sqliteSnapshot';
import type { ReadCursor, SourceReader } from '../../../src/core/usage/sources';
import { FIXTURES, filesUnder, makeTempDir } from '../sources/helpers';
import {
  CASES_PER_SEED,
  FIXED_SEED,
  HUGE_CASE_TIME_LIMIT_MS,
  RANDOM_SEED,
  announceSeeds,
  assertNoSlowCase,
  assertSaneResult,
  garbageLines,
  hugeEntries,
  mutateEntry,
  pick,
  randomFor,
  timed,
  type Random,
} from './fuzz';

const SEEDS = [FIXED_SEED, RANDOM_SEED];
const LINES_PER_FILE = 250;
const ENTRIES_PER_WHOLE_FILE = 50;
const ROWS_PER_DATABASE = 250;
const FUZZ_TIMEOUT_MS = Math.max(120_000, CASES_PER_SEED * 60);

function fixtureFiles(tool: string, accept: (file: string) => boolean): string[] {
  return filesUnder(path.join(FIXTURES, tool, 'home')).filter(accept).sort();
}

async function fixtureLines(files: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const file of files) lines.push(...(await fs.readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== ''));
  return lines;
}

function roundTrip(cursor: ReadCursor): ReadCursor {
  return JSON.parse(JSON.stringify(cursor)) as ReadCursor;
}

/** What a fuzz run saw, for the summary line and the "did it exercise anything" checks. */
interface Tally {
  cases: number;
  records: number;
  malformed: number;
}

function report(label: string, tally: Tally, unit: string): void {
  console.log(`      ${label}: ${tally.cases} ${unit} → ${tally.records} records kept, ${tally.malformed} counted malformed`);
}

// ──── append-only JSON Lines logs ────

interface JsonlTarget {
  label: string;
  reader: SourceReader;
  fixtures: string[];
  /** Where the fuzzed file goes below the temp folder (readers read meaning into the path). */
  relativePath: string;
}

const JSONL_TARGETS: JsonlTarget[] = [
  {
    label: 'Claude Code',
    reader: new ClaudeCodeReader(),
    fixtures: fixtureFiles('claude-code', (file) => file.endsWith('.jsonl')),
    relativePath: 'projects/-home-ana-src-shop/0c9a3f4e-1d2b-4c8e-9f00-7a1b2c3d4e5f.jsonl',
  },
  {
    label: 'Codex',
    reader: new CodexReader(),
    fixtures: fixtureFiles('codex', (file) => path.basename(file).startsWith('rollout-')),
    relativePath: 'sessions/2025/10/03/rollout-2025-10-03T08-00-00-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl',
  },
  {
    label: 'Gemini CLI (JSONL)',
    reader: new GeminiCliReader(),
    fixtures: fixtureFiles('gemini-cli', (file) => file.endsWith('.jsonl')),
    relativePath: 'tmp/shop/chats/session-2025-10-04T10-00-6f1c2d3e.jsonl',
  },
  {
    label: 'Copilot OTel',
    reader: createCopilotOtelReader(),
    fixtures: [...fixtureFiles('copilot', (file) => file.endsWith('.jsonl')), path.join(FIXTURES, 'copilot', 'append-later.jsonl.txt')],
    relativePath: 'otel/copilot-otel.jsonl',
  },
  {
    label: 'Continue',
    reader: createContinueReader(),
    fixtures: fixtureFiles('continue', (file) => path.basename(file) === 'tokensGenerated.jsonl'),
    relativePath: 'dev_data/0.2.0/tokensGenerated.jsonl',
  },
];

async function fuzzJsonLines(target: JsonlTarget, seed: number, dir: string, tally: Tally): Promise<void> {
  const random = randomFor(seed);
  const seedLines = await fixtureLines(target.fixtures);
  assert.ok(seedLines.length > 0, `${target.label}: no fixture lines`);
  const file = path.join(dir, target.relativePath);
  const single = path.join(path.dirname(file), `single-${path.basename(file)}`);
  await fs.mkdir(path.dirname(file), { recursive: true });

  for (let first = 0; first < CASES_PER_SEED; first += LINES_PER_FILE) {
    const cases = Array.from({ length: Math.min(LINES_PER_FILE, CASES_PER_SEED - first) }, () => mutateEntry(random, pick(random, seedLines), seedLines));
    const body = Buffer.concat(cases.flatMap((line) => [line, Buffer.from('\n')]));
    await fs.writeFile(file, body);
    const context = `${target.label} seed ${seed} cases ${first}–${first + cases.length - 1}`;
    const { value: result, ms } = await timed(context, () => target.reader.read(file, undefined));
    assertSaneResult(result, target.reader.tool, context);
    assert.ok(result.malformed >= garbageLines(body), `${context}: ${result.malformed} malformed counted, ${garbageLines(body)} garbage lines written`);
    assert.equal(result.cursor.offset, body.length, `${context}: every complete line is consumed`);
    const again = await target.reader.read(file, roundTrip(result.cursor));
    assertSaneResult(again, target.reader.tool, `${context} (re-read from the cursor)`);
    assert.deepEqual([again.records.length, again.malformed], [0, 0], `${context}: nothing new after the cursor`);
    await assertNoSlowCase(ms, cases.map((_line, index) => first + index), seed, target.label, async (indexes) => {
      await fs.writeFile(single, Buffer.concat(indexes.flatMap((index) => [cases[index - first], Buffer.from('\n')])));
      await target.reader.read(single, undefined);
    });
    tally.cases += cases.length;
    tally.records += result.records.length;
    tally.malformed += result.malformed;
  }
}

async function readHugeLines(target: JsonlTarget, dir: string): Promise<void> {
  const seedLines = await fixtureLines(target.fixtures);
  const original = seedLines.find((line) => line.includes('token') || line.includes('usage')) ?? seedLines[0];
  const file = path.join(dir, 'huge', target.relativePath);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const body = Buffer.concat([...hugeEntries(original), Buffer.from(original)].flatMap((line) => [line, Buffer.from('\n')]));
  await fs.writeFile(file, body);
  const context = `${target.label} multi-megabyte lines`;
  const { value: result, ms } = await timed(context, () => target.reader.read(file, undefined));
  assert.ok(ms <= HUGE_CASE_TIME_LIMIT_MS, `${context} took ${ms.toFixed(0)} ms (limit ${HUGE_CASE_TIME_LIMIT_MS} ms)`);
  assertSaneResult(result, target.reader.tool, context);
  assert.ok(result.malformed >= 1, `${context}: the garbage line is counted`);
  assert.equal(result.cursor.offset, body.length, context);
}

// ──── whole-file JSON: the Cline family's ui_messages.json ────

interface ClineSeeds {
  messages: string[];
  histories: string[];
  metadata: string[];
}

async function clineSeeds(): Promise<ClineSeeds> {
  const files = ['cline', 'roo-code', 'kilo-code'].flatMap((tool) => fixtureFiles(tool, (file) => file.includes(`${path.sep}tasks${path.sep}`)));
  const seeds: ClineSeeds = { messages: [], histories: [], metadata: [] };
  for (const file of files) {
    const text = await fs.readFile(file, 'utf8');
    const name = path.basename(file);
    if (name === 'api_conversation_history.json') seeds.histories.push(text);
    else if (name === 'task_metadata.json') seeds.metadata.push(text);
    else if (name === 'ui_messages.json') {
      try {
        seeds.messages.push(...(JSON.parse(text) as unknown[]).map((message) => JSON.stringify(message)));
      } catch {
        // The fixture's deliberately cut-off array: its bytes are a whole-file case of their own below.
      }
    }
  }
  return seeds;
}

/** A message element: damaged structure, a damaged JSON-in-a-string `text` field, or (if no longer JSON) a string. */
function clineElement(random: Random, seeds: ClineSeeds): string {
  const original = pick(random, seeds.messages);
  let source = original;
  const parsed = JSON.parse(original) as { text?: unknown };
  if (typeof parsed.text === 'string' && parsed.text.startsWith('{') && random() < 0.5) {
    parsed.text = mutateEntry(random, parsed.text, seeds.messages).toString('utf8');
    source = JSON.stringify(parsed);
  }
  const mutated = source === original ? mutateEntry(random, original, seeds.messages).toString('utf8') : source;
  try {
    JSON.parse(mutated);
    return mutated;
  } catch {
    return JSON.stringify(mutated);
  }
}

function nonObjectElements(text: string): number {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return 1;
    return value.filter((item: unknown) => item === null || typeof item !== 'object' || Array.isArray(item)).length;
  } catch {
    return 1;
  }
}

async function fuzzClineFamily(reader: SourceReader, seed: number, dir: string, tally: Tally): Promise<void> {
  const random = randomFor(seed);
  const seeds = await clineSeeds();
  const tasks = path.join(dir, reader.tool, 'tasks');
  for (let first = 0, task = 0; first < CASES_PER_SEED; task += 1) {
    const taskDir = path.join(tasks, `${seed}-${task}`);
    await fs.mkdir(taskDir, { recursive: true });
    let text: string;
    let elements: string[] | undefined;
    if (random() < 0.1) {
      // The whole file damaged at the byte level (a half-written rewrite, a flipped bit): one case.
      text = mutateEntry(random, `[${Array.from({ length: 5 }, () => pick(random, seeds.messages)).join(',')}]`, seeds.messages).toString('utf8');
    } else {
      elements = Array.from({ length: Math.min(ENTRIES_PER_WHOLE_FILE, CASES_PER_SEED - first) }, () => clineElement(random, seeds));
      text = `[${elements.join(',')}]`;
    }
    const cases = elements?.length ?? 1;
    const file = path.join(taskDir, 'ui_messages.json');
    await fs.writeFile(file, text);
    if (random() < 0.7) await fs.writeFile(path.join(taskDir, 'api_conversation_history.json'), mutateEntry(random, pick(random, seeds.histories), seeds.histories));
    if (seeds.metadata.length > 0 && random() < 0.5) await fs.writeFile(path.join(taskDir, 'task_metadata.json'), mutateEntry(random, pick(random, seeds.metadata), seeds.metadata));

    const context = `${reader.displayName} seed ${seed} task ${task} (cases ${first}–${first + cases - 1})`;
    const { value: result, ms } = await timed(context, () => reader.read(file, undefined));
    assertSaneResult(result, reader.tool, context);
    assert.ok(result.malformed >= nonObjectElements(text), `${context}: ${result.malformed} malformed counted`);
    const indexes = Array.from({ length: cases }, (_case, offset) => first + offset);
    await assertNoSlowCase(ms, indexes, seed, reader.displayName, async (group) => {
      await fs.writeFile(file, elements === undefined ? text : `[${group.map((index) => elements[index - first]).join(',')}]`);
      await reader.read(file, undefined);
    });
    tally.cases += cases;
    tally.records += result.records.length;
    tally.malformed += result.malformed;
    first += cases;
    await fs.rm(taskDir, { recursive: true });
  }
}

// ──── whole-file JSON: Gemini CLI's legacy session-*.json ────

async function fuzzGeminiLegacy(seed: number, dir: string, cases: number, tally: Tally): Promise<void> {
  const random = randomFor(seed);
  const reader = new GeminiCliReader();
  const [legacy] = fixtureFiles('gemini-cli', (file) => file.endsWith('.json') && path.basename(file).startsWith('session-'));
  const conversation = JSON.parse(await fs.readFile(legacy, 'utf8')) as { messages: unknown[] };
  const messages = conversation.messages.map((message) => JSON.stringify(message));
  const file = path.join(dir, 'tmp', 'blog', 'chats', 'session-2025-09-01T12-00-1a2b3c4d.json');
  await fs.mkdir(path.dirname(file), { recursive: true });
  for (let first = 0; first < cases; first += ENTRIES_PER_WHOLE_FILE) {
    const elements = Array.from({ length: ENTRIES_PER_WHOLE_FILE }, () => {
      const mutated = mutateEntry(random, pick(random, messages), messages).toString('utf8');
      try {
        JSON.parse(mutated);
        return mutated;
      } catch {
        return JSON.stringify(mutated);
      }
    });
    const asConversation = (items: readonly string[]): string => JSON.stringify({ ...conversation, messages: '\u0000' }).replace('"\\u0000"', `[${items.join(',')}]`);
    const whole = random() < 0.1 ? mutateEntry(random, JSON.stringify(conversation), messages).toString('utf8') : undefined;
    await fs.writeFile(file, whole ?? asConversation(elements));
    const context = `Gemini CLI legacy JSON seed ${seed} cases ${first}–${first + elements.length - 1}`;
    const { value: result, ms } = await timed(context, () => reader.read(file, undefined));
    assertSaneResult(result, 'gemini-cli', context);
    const indexes = elements.map((_element, offset) => first + offset);
    await assertNoSlowCase(ms, indexes, seed, 'Gemini CLI legacy JSON', async (group) => {
      await fs.writeFile(file, whole ?? asConversation(group.map((index) => elements[index - first])));
      await reader.read(file, undefined);
    });
    tally.cases += ENTRIES_PER_WHOLE_FILE;
    tally.records += result.records.length;
    tally.malformed += result.malformed;
  }
}

// ──── SQLite: OpenCode and the Kilo CLI ────

interface OpenCodeSeeds {
  messages: string[];
  parts: string[];
}

async function openCodeSeeds(): Promise<OpenCodeSeeds> {
  const snapshot = await openSqliteSnapshot(path.join(FIXTURES, 'opencode', 'wal', 'opencode.db'));
  try {
    const legacy = fixtureFiles('opencode', (file) => file.includes(`${path.sep}message${path.sep}`));
    return {
      messages: [
        ...snapshot.rows('SELECT data FROM message').map((row) => String(row.data)),
        ...(await Promise.all(legacy.map((file) => fs.readFile(file, 'utf8')))).filter((text) => text.trim().startsWith('{')),
      ],
      parts: [
        ...snapshot.rows('SELECT data FROM part').map((row) => String(row.data)),
        // The part shapes the OpenCode reader test builds: edits with old/new strings, a unified diff, an error.
        JSON.stringify({ type: 'tool', tool: 'edit', state: { status: 'completed', input: { filePath: 'a.ts', oldString: 'a\nb\n', newString: 'a\nc\nd\n' }, time: { start: 1759660101000 } } }),
        JSON.stringify({ type: 'tool', tool: 'patch', state: { status: 'completed', metadata: { diff: '@@ -1,2 +1,2 @@\n-a\n+b\n c' }, time: { start: 1759660101 } } }),
        JSON.stringify({ type: 'tool', tool: 'edit', state: { status: 'error', error: 'The user rejected permission', input: { filePath: 'b.ts' }, time: { end: 1759660203000 } } }),
      ],
    };
  } finally {
    snapshot.close();
  }
}

/** A stored `data` value: usually the (damaged) JSON text, sometimes another SQLite type altogether. */
function storedValue(random: Random, original: string, others: readonly string[]): StoredValue {
  const roll = random();
  if (roll < 0.03) return null;
  if (roll < 0.05) return Math.floor(random() * 1e9);
  if (roll < 0.07) return new Uint8Array(mutateEntry(random, original, others));
  return mutateEntry(random, original, others).toString('utf8');
}

function isGarbageData(value: StoredValue): boolean {
  if (typeof value !== 'string') return true;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed === null || typeof parsed !== 'object' || Array.isArray(parsed);
  } catch {
    return true;
  }
}

type StoredValue = string | number | Uint8Array | null;

interface FuzzRow {
  table: 'message' | 'part';
  id: string | null;
  /** The message a part belongs to, or the session a message belongs to. */
  owner: string | null;
  data: StoredValue;
}

async function writeDatabase(file: string, rows: readonly FuzzRow[]): Promise<void> {
  const SQL = await loadEngine();
  const database = new SQL.Database();
  try {
    database.run('CREATE TABLE message (id TEXT, session_id TEXT, time_created INTEGER, data TEXT)');
    database.run('CREATE TABLE part (id TEXT, message_id TEXT, session_id TEXT, data TEXT)');
    for (const row of rows) {
      if (row.table === 'part') database.run('INSERT INTO part VALUES (?, ?, ?, ?)', [row.id, row.owner, 'ses', row.data]);
      else database.run('INSERT INTO message VALUES (?, ?, 0, ?)', [row.id, row.owner, row.data]);
    }
    await fs.writeFile(file, database.export());
  } finally {
    database.close();
  }
}

async function fuzzOpenCode(reader: SourceReader, databaseName: string, seed: number, dir: string, tally: Tally, damagedFiles: Tally): Promise<void> {
  const random = randomFor(seed);
  const seeds = await openCodeSeeds();
  const file = path.join(dir, `${seed}-${databaseName}`, databaseName);
  await fs.mkdir(path.dirname(file), { recursive: true });
  for (let first = 0; first < CASES_PER_SEED; first += ROWS_PER_DATABASE) {
    const count = Math.min(ROWS_PER_DATABASE, CASES_PER_SEED - first);
    const rows = Array.from({ length: count }, (_row, index): FuzzRow => {
      const isPart = random() < 0.25;
      const sources = isPart ? seeds.parts : seeds.messages;
      const data = storedValue(random, pick(random, sources), sources);
      const id = random() < 0.05 ? null : `r${index}`;
      return isPart
        ? { table: 'part', id: id ?? `p${index}`, owner: `r${Math.floor(random() * count)}`, data }
        : { table: 'message', id, owner: random() < 0.1 ? null : 'ses', data };
    });
    await writeDatabase(file, rows);
    const context = `${reader.displayName} seed ${seed} rows ${first}–${first + count - 1}`;
    const { value: result, ms } = await timed(context, () => reader.read(file, undefined));
    assertSaneResult(result, reader.tool, context);
    const garbage = rows.filter((row) => isGarbageData(row.data)).length;
    assert.ok(result.malformed >= garbage, `${context}: ${result.malformed} malformed counted, ${garbage} garbage rows written`);
    tally.cases += count;
    tally.records += result.records.length;
    tally.malformed += result.malformed;

    // The same database damaged at the byte level (a torn copy, a flipped bit): warnings at most, never a throw.
    const bytes = await fs.readFile(file);
    for (let damage = 0; damage < 3; damage += 1) {
      const damaged = Buffer.from(bytes);
      if (random() < 0.3) await fs.writeFile(file, damaged.subarray(0, Math.floor(random() * damaged.length)));
      else {
        for (let flips = 1 + Math.floor(random() * 20); flips > 0; flips -= 1) damaged[Math.floor(random() * damaged.length)] ^= 1 << Math.floor(random() * 8);
        await fs.writeFile(file, damaged);
      }
      const damagedContext = `${context} damaged copy ${damage}`;
      const damagedRead = await timed(damagedContext, () => reader.read(file, undefined));
      assertSaneResult(damagedRead.value, reader.tool, damagedContext);
      await assertNoSlowCase(damagedRead.ms, [damage], seed, `${context} damaged copy`, () => reader.read(file, undefined).then(() => undefined));
      damagedFiles.cases += 1;
    }

    const indexes = rows.map((_row, offset) => first + offset);
    await assertNoSlowCase(ms, indexes, seed, `${reader.displayName} database rows`, async (group) => {
      await writeDatabase(file, group.map((index) => rows[index - first]));
      await reader.read(file, undefined);
    });
  }
}

async function fuzzOpenCodeLegacyFiles(seed: number, dir: string, cases: number, tally: Tally): Promise<void> {
  const random = randomFor(seed);
  const reader = createOpenCodeReader(OPENCODE);
  const seeds = await openCodeSeeds();
  const folder = path.join(dir, 'storage', 'message', 'ses_fuzz');
  await fs.mkdir(folder, { recursive: true });
  for (let index = 0; index < cases; index += 1) {
    const text = mutateEntry(random, pick(random, seeds.messages), seeds.messages);
    const file = path.join(folder, `msg_${index}.json`);
    await fs.writeFile(file, text);
    const context = `OpenCode legacy message seed ${seed} case ${index}`;
    const { value: result } = await timed(context, () => reader.read(file, undefined));
    assertSaneResult(result, 'opencode', context);
    if (isGarbageData(text.toString('utf8'))) assert.ok(result.malformed >= 1, `${context}: garbage counted`);
    tally.cases += 1;
    tally.records += result.records.length;
    tally.malformed += result.malformed;
  }
}

// ──── the suite ────

describe('trust: every log reader survives fuzzed input', function () {
  this.timeout(FUZZ_TIMEOUT_MS);
  let temp: { dir: string; cleanup: () => Promise<void> };
  before(async () => {
    announceSeeds();
    temp = await makeTempDir();
  });
  after(async () => {
    await temp.cleanup();
  });

  for (const target of JSONL_TARGETS) {
    it(`${target.label}: ${CASES_PER_SEED * SEEDS.length} damaged lines, and a few-megabyte line`, async () => {
      const tally: Tally = { cases: 0, records: 0, malformed: 0 };
      for (const seed of SEEDS) await fuzzJsonLines(target, seed, path.join(temp.dir, `${target.reader.tool}-${seed}`), tally);
      await readHugeLines(target, temp.dir);
      report(target.label, tally, 'lines');
      assert.ok(tally.cases >= CASES_PER_SEED * SEEDS.length);
      assert.ok(tally.records > 0 && tally.malformed > 0, 'the fuzz reached both the parsing paths and the garbage paths');
    });
  }

  for (const variant of [CLINE, ROO_CODE, KILO_CODE]) {
    it(`${variant.displayName}: ${CASES_PER_SEED * SEEDS.length} damaged ui_messages entries (and whole files)`, async () => {
      const reader = createClineFamilyReader(variant);
      const tally: Tally = { cases: 0, records: 0, malformed: 0 };
      for (const seed of SEEDS) await fuzzClineFamily(reader, seed, temp.dir, tally);
      report(variant.displayName, tally, 'entries');
      assert.ok(tally.records > 0 && tally.malformed > 0);
    });
  }

  it(`Gemini CLI legacy JSON: damaged conversation files`, async () => {
    const tally: Tally = { cases: 0, records: 0, malformed: 0 };
    for (const seed of SEEDS) await fuzzGeminiLegacy(seed, path.join(temp.dir, `gemini-legacy-${seed}`), Math.ceil(CASES_PER_SEED / 5), tally);
    report('Gemini CLI legacy JSON', tally, 'messages');
    assert.ok(tally.records > 0 && tally.malformed > 0);
  });

  for (const [variant, databaseName] of [[OPENCODE, 'opencode.db'], [KILO_CLI, 'kilo.db']] as const) {
    it(`${variant.displayName}: ${CASES_PER_SEED * SEEDS.length} damaged database rows, and damaged database files`, async () => {
      const reader = createOpenCodeReader(variant);
      const tally: Tally = { cases: 0, records: 0, malformed: 0 };
      const damagedFiles: Tally = { cases: 0, records: 0, malformed: 0 };
      for (const seed of SEEDS) await fuzzOpenCode(reader, databaseName, seed, temp.dir, tally, damagedFiles);
      report(variant.displayName, tally, 'rows');
      console.log(`      ${variant.displayName}: ${damagedFiles.cases} byte-damaged database files read without an exception`);
      assert.ok(tally.records > 0 && tally.malformed > 0);
    });
  }

  it('OpenCode legacy message files: damaged one-message JSON files', async () => {
    const tally: Tally = { cases: 0, records: 0, malformed: 0 };
    for (const seed of SEEDS) await fuzzOpenCodeLegacyFiles(seed, path.join(temp.dir, `opencode-legacy-${seed}`), Math.ceil(CASES_PER_SEED / 25), tally);
    report('OpenCode legacy message files', tally, 'files');
    assert.ok(tally.records > 0 && tally.malformed > 0);
  });
});

