/** Shared helpers for the log-reader tests: fixture paths, locate options, whole-source reads and an fs spy. */
import fs from 'node:fs';
import path from 'node:path';
import type { FileReadResult, LocateOptions, SourceReader } from '../../../src/core/usage/sources';
import type { EditEvent, UsageRecord } from '../../../src/core/usage/types';

export const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'sources');

export function fixtureHome(tool: string): string {
  return path.join(FIXTURES, tool, 'home');
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

/** Deterministic pseudo-random numbers (mulberry32) so a fuzz failure can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
