/** Shared helpers for the log-reader tests: fixture paths, locate options, a recording file system, fs spies, temp files, dedup, fuzz. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeFileAccess, type FileAccess } from '../../../src/core/sources/fileAccess';
import type { FileReadResult, LocateOptions, ReadCursor, SourceReader } from '../../../src/core/usage/sources';
import { preferEdit, preferRecord, type EditEvent, type UsageRecord } from '../../../src/core/usage/types';

export { seededRandom } from '../../support/seededRandom';

export const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'sources');

/** The synthetic home folder of one tool's fixture. */
export function fixtureHome(tool: string): string {
  return path.join(FIXTURES, tool, 'home');
}

export function linuxOptions(homeDir: string, env: Record<string, string> = {}, overridePaths: string[] = []): LocateOptions {
  return { env, homeDir, platform: 'linux', overridePaths };
}

/** Wraps the real file system and remembers every path a reader stats, lists or opens. */
export class RecordingFileAccess implements FileAccess {
  readonly statted: string[] = [];
  readonly listed: string[] = [];
  readonly opened: string[] = [];

  kindOf(target: string): ReturnType<FileAccess['kindOf']> {
    this.statted.push(path.resolve(target));
    return nodeFileAccess.kindOf(target);
  }

  listDirectory(directory: string): ReturnType<FileAccess['listDirectory']> {
    this.listed.push(path.resolve(directory));
    return nodeFileAccess.listDirectory(directory);
  }

  open(file: string): ReturnType<FileAccess['open']> {
    this.opened.push(path.resolve(file));
    return nodeFileAccess.open(file);
  }

  realPath(target: string): ReturnType<FileAccess['realPath']> {
    this.statted.push(path.resolve(target));
    return nodeFileAccess.realPath(target);
  }

  /** Every path touched in any way. */
  touched(): string[] {
    return [...this.statted, ...this.listed, ...this.opened];
  }
}

/** Locates, lists and reads everything a reader finds for `options`. */
export async function readEverything(reader: SourceReader, options: LocateOptions): Promise<Map<string, FileReadResult>> {
  const results = new Map<string, FileReadResult>();
  for (const root of await reader.locate(options)) {
    for (const file of await reader.listFiles(root)) results.set(file, await reader.read(file, undefined));
  }
  return results;
}

/** What the ledger does with items from many reads: one per dedup key, the survivor chosen by `prefer`. */
function dedup<T extends { dedupKey: string }>(items: readonly T[], prefer: (a: T, b: T) => T): Map<string, T> {
  const kept = new Map<string, T>();
  for (const item of items) {
    const earlier = kept.get(item.dedupKey);
    kept.set(item.dedupKey, earlier === undefined ? item : prefer(earlier, item));
  }
  return kept;
}

export function dedupRecords(records: readonly UsageRecord[]): Map<string, UsageRecord> {
  return dedup(records, preferRecord);
}

export function dedupEdits(edits: readonly EditEvent[]): Map<string, EditEvent> {
  return dedup(edits, preferEdit);
}

export interface TokenSums {
  records: number;
  inputUncached: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  output: number;
  reasoning: number;
}

export function sumTokens(records: Iterable<UsageRecord>): TokenSums {
  const sums: TokenSums = { records: 0, inputUncached: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, output: 0, reasoning: 0 };
  for (const record of records) {
    sums.records += 1;
    sums.inputUncached += record.inputUncached;
    sums.cacheWrite5m += record.cacheWrite5m;
    sums.cacheWrite1h += record.cacheWrite1h;
    sums.cacheRead += record.cacheRead;
    sums.output += record.output;
    sums.reasoning += record.reasoning;
  }
  return sums;
}

/** A fresh temporary folder, removed by the returned cleanup. */
export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'tokenwise-sources-'));
  return { dir, cleanup: () => fs.promises.rm(dir, { recursive: true, force: true }) };
}


/**
 * Reads `content` in two steps — the first `cut` bytes, then (after appending the rest) from the returned
 * cursor — into the same file, and returns both results.
 */
export async function readInTwoSteps(
  reader: SourceReader,
  file: string,
  content: Buffer,
  cut: number,
): Promise<{ first: FileReadResult; second: FileReadResult }> {
  await fs.promises.writeFile(file, content.subarray(0, cut));
  const first = await reader.read(file, undefined);
  await fs.promises.appendFile(file, content.subarray(cut));
  const cursor: ReadCursor = JSON.parse(JSON.stringify(first.cursor)) as ReadCursor; // as the ledger would store it
  const second = await reader.read(file, cursor);
  return { first, second };
}

export function locateOptions(overrides: Partial<LocateOptions> & Pick<LocateOptions, 'homeDir'>): LocateOptions {
  return { env: {}, platform: 'linux', overridePaths: [], ...overrides };
}

export interface SourceTotals {
  files: string[];
  records: UsageRecord[];
  edits: EditEvent[];
  malformed: number;
  warnings: string[];
}

/** locate → listFiles → read every file from the start, as the ingester would on a first scan. */
export async function readSource(reader: SourceReader, options: LocateOptions): Promise<SourceTotals> {
  const totals: SourceTotals = { files: [], records: [], edits: [], malformed: 0, warnings: [] };
  for (const root of await reader.locate(options)) {
    for (const file of await reader.listFiles(root)) {
      const result: FileReadResult = await reader.read(file, undefined);
      totals.files.push(file);
      totals.records.push(...result.records);
      totals.edits.push(...result.edits);
      totals.malformed += result.malformed;
      totals.warnings.push(...result.warnings);
    }
  }
  return totals;
}

export function byTimestamp<T extends { timestampMs: number }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.timestampMs - b.timestampMs);
}

/** The token buckets of a record, for compact exact assertions. */
export function buckets(record: UsageRecord): [number, number, number, number, number] {
  return [record.inputUncached, record.cacheWrite5m, record.cacheWrite1h, record.cacheRead, record.output];
}

type Patchable = Record<string, unknown>;

/**
 * Runs `body` while recording every path handed to the fs functions that open or read a file
 * (promise and sync APIs). Decoy credential files must never show up here.
 */
export async function recordOpenedPaths(body: () => Promise<void>): Promise<string[]> {
  const opened: string[] = [];
  const targets: [Patchable, string][] = [
    [fs.promises as unknown as Patchable, 'readFile'],
    [fs.promises as unknown as Patchable, 'open'],
    [fs as unknown as Patchable, 'readFileSync'],
    [fs as unknown as Patchable, 'openSync'],
    [fs as unknown as Patchable, 'createReadStream'],
  ];
  const originals = targets.map(([owner, name]) => owner[name]);
  targets.forEach(([owner, name], index) => {
    const original = originals[index] as (...args: unknown[]) => unknown;
    owner[name] = (...args: unknown[]) => {
      opened.push(String(args[0]));
      return original.apply(owner, args);
    };
  });
  try {
    await body();
  } finally {
    targets.forEach(([owner, name], index) => (owner[name] = originals[index]));
  }
  return opened;
}

/** A damaged copy of `text`: truncated, bytes flipped, quotes and brackets dropped or numbers turned odd. */
export function corrupt(text: string, random: () => number): string {
  let result = text;
  const operations = 1 + Math.floor(random() * 4);
  for (let step = 0; step < operations; step += 1) {
    const at = Math.floor(random() * Math.max(1, result.length));
    switch (Math.floor(random() * 5)) {
      case 0:
        result = result.slice(0, at);
        break;
      case 1:
        result = result.slice(0, at) + String.fromCharCode(Math.floor(random() * 128)) + result.slice(at + 1);
        break;
      case 2:
        result = result.replace(/"/g, (quote) => (random() < 0.05 ? '' : quote));
        break;
      case 3:
        result = result.replace(/\d+/g, (digits) => (random() < 0.2 ? ['-1', '1e400', 'null', '"x"', '[]'][Math.floor(random() * 5)] : digits));
        break;
      default:
        result = result.slice(0, at) + result.slice(at).replace(/[[\]{}]/, '');
    }
  }
  return result;
}

/** Every file below `dir`, for copying fixture trees. */
export function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}
