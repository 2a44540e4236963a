/**
 * Bounded fuzzing of the log readers: seeds, mutation of real fixture lines, the invariants every read result must
 * keep, and per-case time bounds. Used by readerFuzz.test.ts (in `npm test`) and by `npm run soak` (more cases).
 *
 * Each run uses a FIXED seed (the same cases every run) and a RANDOM seed that is printed, so a failure found by
 * the random half can be replayed: `TOKENWISE_FUZZ_SEED=<seed> npx mocha test/unit/trust/readerFuzz.test.ts`.
 */
import * as assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import type { FileReadResult } from '../../../src/core/usage/sources';
import type { ToolId } from '../../../src/core/usage/types';
import { seededRandom } from '../sources/helpers';

export const FIXED_SEED = 0x7a115eed;

/** Cases per reader per seed (two seeds per run). `TOKENWISE_FUZZ_CASES` raises it for soak runs. */
export const CASES_PER_SEED = positiveInteger(process.env.TOKENWISE_FUZZ_CASES) ?? 5000;

/** The run's random seed: `TOKENWISE_FUZZ_SEED` replays a reported one. */
export const RANDOM_SEED = positiveInteger(process.env.TOKENWISE_FUZZ_SEED) ?? randomInt(1, 0x7fffffff);

/** A single case (one line, one row, one file) may take this long before it counts as a hang. */
export const CASE_TIME_LIMIT_MS = 250;
/** The one multi-megabyte line per reader gets a wider (still finite) bound. */
export const HUGE_CASE_TIME_LIMIT_MS = 5000;

let announced = false;
/** Prints the seeds once per process, so every failure report carries what is needed to replay it. */
export function announceSeeds(): void {
  if (announced) return;
  announced = true;
  console.log(`      fuzz seeds: fixed ${FIXED_SEED}, random ${RANDOM_SEED} (replay with TOKENWISE_FUZZ_SEED=${RANDOM_SEED}); ${CASES_PER_SEED} cases per seed per reader`);
}

function positiveInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  const value = Number(text);
  return value > 0 && Number.isSafeInteger(value) ? value : undefined;
}

export type Random = () => number;

export function randomFor(seed: number): Random {
  return seededRandom(seed);
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function below(random: Random, n: number): number {
  return Math.floor(random() * n);
}

// ──── mutation ────

/** Raw JSON texts a field may be replaced with: wrong types, out-of-range and NaN-like numbers. */
const ODD_VALUES: readonly string[] = [
  '"12"', '"1e400"', '"NaN"', '"Infinity"', '"-5"', '" "', '""', '"x"',
  '-1', '-0', '0', '0.5', '-0.5', '1e400', '-1e400', '1e308', '1e-400', '9007199254740993', '123456789012345678901234567890',
  '8.64e15', '8.64e15', '1e21', 'null', 'true', 'false', '{}', '[]', '[1,2,3]', '{"a":1}', '[{}]', '[null]',
  `"${'x'.repeat(5000)}"`,
];

/** A value nested `depth` levels deep in arrays or objects. */
function deeplyNested(random: Random, inner: string): string {
  const depth = 500 + below(random, 4500);
  return random() < 0.5 ? '['.repeat(depth) + inner + ']'.repeat(depth) : '{"a":'.repeat(depth) + inner + '}'.repeat(depth);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every node of a JSON tree with a setter, so one can be swapped for an odd value. */
function nodesOf(root: Json): { value: Json; replace: (raw: string) => void }[] {
  const nodes: { value: Json; replace: (raw: string) => void }[] = [];
  const visit = (value: Json, replace: (raw: string) => void, depth: number): void => {
    nodes.push({ value, replace });
    if (depth > 40 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, (raw) => (value[index] = rawMarker(raw)), depth + 1));
    else for (const key of Object.keys(value)) visit(value[key], (raw) => (value[key] = rawMarker(raw)), depth + 1);
  };
  visit(root, () => undefined, 0);
  return nodes;
}

/** Raw JSON text smuggled through JSON.stringify (which cannot write 1e400 or -0) and substituted afterwards. */
const rawTexts: string[] = [];
function rawMarker(raw: string): string {
  rawTexts.push(raw);
  return `\u0000RAW${rawTexts.length - 1}\u0000`;
}
function stringifyWithRaw(value: Json): string {
  const text = JSON.stringify(value).replace(/"\\u0000RAW(\d+)\\u0000"/g, (_match, index: string) => rawTexts[Number(index)]);
  rawTexts.length = 0;
  return text;
}

/** One structural change to a parsed line: a field of the wrong type, a container flipped, a key dropped or renamed. */
function mutateStructure(random: Random, root: Json): void {
  const nodes = nodesOf(root);
  const target = pick(random, nodes.slice(1).length > 0 ? nodes.slice(1) : nodes);
  const { value } = target;
  switch (below(random, 7)) {
    case 0:
    case 1:
      target.replace(pick(random, ODD_VALUES));
      break;
    case 2: // a number written as a string, a negative, or absurdly large
      target.replace(typeof value === 'number' ? pick(random, [`"${value}"`, `${-value - 1}`, `${value}e300`, `{"value":${value}}`, `[${value}]`]) : pick(random, ODD_VALUES));
      break;
    case 3: // an array where an object is expected, or the reverse
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) target.replace(JSON.stringify(Object.values(value)));
      else if (Array.isArray(value)) target.replace(JSON.stringify(Object.fromEntries(value.map((item, index) => [String(index), item]))));
      else target.replace(`[${JSON.stringify(value)}]`);
      break;
    case 4:
      target.replace(deeplyNested(random, JSON.stringify(value)));
      break;
    default: {
      const containers = nodes.filter((node) => node.value !== null && typeof node.value === 'object' && !Array.isArray(node.value));
      if (containers.length === 0) break;
      const object = pick(random, containers).value as { [key: string]: Json };
      const keys = Object.keys(object);
      if (keys.length === 0) break;
      const key = pick(random, keys);
      const moved = object[key];
      delete object[key];
      if (random() < 0.5) object[pick(random, ['x', key.toUpperCase(), `${key}_`, 'type', 'id', '__proto__', 'constructor'])] = moved;
    }
  }
}

/** One byte-level change: a truncation, a flipped bit, inserted or deleted bytes. */
function mutateBytes(random: Random, bytes: Buffer): Buffer {
  if (bytes.length === 0) return Buffer.from([below(random, 256)]);
  const at = below(random, bytes.length);
  switch (below(random, 5)) {
    case 0:
      return bytes.subarray(0, at);
    case 1: {
      const copy = Buffer.from(bytes);
      copy[at] ^= 1 << below(random, 8);
      return copy;
    }
    case 2:
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(Array.from({ length: 1 + below(random, 8) }, () => below(random, 256))), bytes.subarray(at)]);
    case 3:
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + 1 + below(random, 20)))]);
    default:
      return Buffer.from(bytes.toString('utf8').replace(/[[\]{}":,]/, ''));
  }
}

/** Whole-line replacements: valid JSON that is not an object, or not JSON at all. */
const ODD_LINES: readonly string[] = ['[]', 'null', '42', '"text"', 'true', '{', '}', '[{}]', '\ufeff{}', '\r', ' ', 'NaN', '{"a":1}{"b":2}', '\u0000'];

/**
 * A damaged copy of a real log entry (text). About one case in six is left intact so that the readers' real
 * parsing paths stay busy; the rest get one to three structural or byte-level changes.
 */
export function mutateEntry(random: Random, original: string, others: readonly string[]): Buffer {
  const roll = random();
  if (roll < 0.17) return Buffer.from(original);
  if (roll < 0.22) return Buffer.from(pick(random, ODD_LINES));
  if (roll < 0.25) return Buffer.from(original + pick(random, others)); // two entries run together
  let text = original;
  const structural = below(random, 3);
  if (structural > 0) {
    try {
      const parsed = JSON.parse(text) as Json;
      for (let step = 0; step < structural; step += 1) mutateStructure(random, parsed);
      text = stringifyWithRaw(parsed);
    } catch {
      // Not JSON to begin with: byte changes only.
    }
  }
  let bytes: Buffer = Buffer.from(text);
  if (structural === 0 || random() < 0.3) for (let step = 1 + below(random, 3); step > 0; step -= 1) bytes = mutateBytes(random, bytes);
  return bytes;
}

/** A real entry grown to several megabytes by one long string field (valid JSON), or a same-size garbage line. */
export function hugeEntries(original: string): Buffer[] {
  const filler = 'y'.repeat(4 << 20);
  const grown = original.startsWith('{') ? `{"padding":"${filler}",${original.slice(1)}` : `{"padding":"${filler}"}`;
  return [Buffer.from(grown), Buffer.from(`{"garbage":${filler}`)];
}

// ──── what a line counts as ────

/** Whether a JSONL line is garbage by the readers' own definition: not blank, and not a JSON object. */
export function isGarbageLine(line: Buffer): boolean {
  let text = line.toString('utf8');
  if (text.endsWith('\r')) text = text.slice(0, -1);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return false;
  try {
    const value: unknown = JSON.parse(text);
    return value === null || typeof value !== 'object' || Array.isArray(value);
  } catch {
    return true;
  }
}

/** Lines of a JSONL body (which ends with a newline) that are garbage. */
export function garbageLines(body: Buffer): number {
  let count = 0;
  let start = 0;
  for (let newline = body.indexOf(0x0a); newline !== -1; newline = body.indexOf(0x0a, start)) {
    if (isGarbageLine(body.subarray(start, newline))) count += 1;
    start = newline + 1;
  }
  return count;
}

// ──── invariants ────

/** The largest |ms| a JavaScript Date can hold: beyond it the ledger could not bucket the record into a day. */
const MAX_DATE_MS = 8.64e15;

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Everything a read result must satisfy whatever the input: the ledger relies on each of these. */
export function assertSaneResult(result: FileReadResult, tool: ToolId, context: string): void {
  assert.ok(Array.isArray(result.records) && Array.isArray(result.edits) && Array.isArray(result.warnings), context);
  assert.ok(isCount(result.malformed), `${context}: malformed ${result.malformed}`);
  assert.ok(isCount(result.cursor.offset), `${context}: cursor offset ${result.cursor.offset}`);
  assert.deepEqual(JSON.parse(JSON.stringify(result.cursor.state)), result.cursor.state, `${context}: cursor state must survive JSON`);
  for (const warning of result.warnings) assert.equal(typeof warning, 'string', context);
  for (const record of result.records) {
    const where = `${context}: record ${record.dedupKey}`;
    assert.equal(record.tool, tool, where);
    for (const [name, value] of Object.entries({
      inputUncached: record.inputUncached,
      cacheWrite5m: record.cacheWrite5m,
      cacheWrite1h: record.cacheWrite1h,
      cacheRead: record.cacheRead,
      output: record.output,
      reasoning: record.reasoning,
    })) {
      assert.ok(isCount(value), `${where}: ${name} = ${value}`);
    }
    assert.ok(Number.isFinite(record.timestampMs) && Math.abs(record.timestampMs) <= MAX_DATE_MS, `${where}: timestamp ${record.timestampMs}`);
    assert.ok(record.costReportedUSD === null || Number.isFinite(record.costReportedUSD), `${where}: cost ${record.costReportedUSD}`);
    for (const text of [record.model, record.sessionId, record.dedupKey]) assert.ok(typeof text === 'string' && text.length > 0, where);
  }
  for (const edit of result.edits) {
    const where = `${context}: edit ${edit.dedupKey}`;
    assert.equal(edit.tool, tool, where);
    assert.ok(isCount(edit.linesAdded) && isCount(edit.linesRemoved), `${where}: lines +${edit.linesAdded} -${edit.linesRemoved}`);
    assert.ok(Number.isFinite(edit.timestampMs) && Math.abs(edit.timestampMs) <= MAX_DATE_MS, `${where}: timestamp ${edit.timestampMs}`);
    assert.ok(typeof edit.dedupKey === 'string' && edit.dedupKey.length > 0, where);
  }
}

// ──── time bounds ────

/**
 * A read that has not settled after this long is hung (a promise that never resolves). Synchronous endless loops
 * cannot be interrupted from the same thread: mocha's own timeout and CI's job limit catch those.
 */
const HANG_LIMIT_MS = 30_000;

/**
 * Runs `body`, failing if it has not settled within {@link HANG_LIMIT_MS} of wall time; returns the CPU time this
 * process spent meanwhile. CPU time, not wall time, is what the per-case bound compares: the machine is shared, and
 * other processes' load must not fail a case (a read that waits instead of working is caught by the hang limit).
 */
export async function timed<T>(context: string, body: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = process.cpuUsage();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${context}: no answer after ${HANG_LIMIT_MS} ms (hang)`)), HANG_LIMIT_MS);
  });
  try {
    const value = await Promise.race([body(), hang]);
    const used = process.cpuUsage(started);
    return { value, ms: (used.user + used.system) / 1000 };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The per-case time bound (CPU time, see {@link timed}), for cases run in batches. A batch that took longer than one
 * case may is re-timed (best of two) and, while still too slow, bisected until the slow case itself is found; a single case
 * over the bound fails, named with its seed and index. `runCases` reads just the given cases and resolves when done.
 */
export async function assertNoSlowCase(
  batchMs: number,
  caseIndexes: readonly number[],
  seed: number,
  label: string,
  runCases: (indexes: readonly number[]) => Promise<void>,
): Promise<void> {
  if (batchMs <= CASE_TIME_LIMIT_MS) return;
  const groups: (readonly number[])[] = [caseIndexes];
  for (let group = groups.pop(); group !== undefined; group = groups.pop()) {
    const context = `${label} seed ${seed} case${group.length === 1 ? '' : 's'} ${group[0]}${group.length === 1 ? '' : `–${group[group.length - 1]}`}`;
    let best = Infinity;
    for (let attempt = 0; attempt < 2 && best > CASE_TIME_LIMIT_MS; attempt += 1) {
      best = Math.min(best, (await timed(context, () => runCases(group))).ms);
    }
    if (best <= CASE_TIME_LIMIT_MS) continue;
    assert.ok(group.length > 1, `${context} took ${best.toFixed(0)} ms (limit ${CASE_TIME_LIMIT_MS} ms)`);
    const middle = Math.ceil(group.length / 2);
    groups.push(group.slice(0, middle), group.slice(middle));
  }
}
