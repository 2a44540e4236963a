/** Shared helpers for the log-reader tests: fixture paths, a recording file system, temp files, dedup. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeFileAccess, type FileAccess } from '../../../src/core/sources/fileAccess';
import type { FileReadResult, LocateOptions, ReadCursor, SourceReader } from '../../../src/core/usage/sources';
import { preferEdit, preferRecord, type EditEvent, type UsageRecord } from '../../../src/core/usage/types';

export const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'sources');

/** The synthetic home folder of one tool's fixture. */
export function fixtureHome(tool: 'claude-code' | 'codex' | 'gemini-cli'): string {
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
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tokenwise-sources-'));
  return { dir, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** A small deterministic PRNG (mulberry32) so fuzz failures are reproducible from the seed. */
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
  await fs.writeFile(file, content.subarray(0, cut));
  const first = await reader.read(file, undefined);
  await fs.appendFile(file, content.subarray(cut));
  const cursor: ReadCursor = JSON.parse(JSON.stringify(first.cursor)) as ReadCursor; // as the ledger would store it
  const second = await reader.read(file, cursor);
  return { first, second };
}
