/**
 * Reads a trends snapshot file — `{ records, edits, sourcesChecked }` as JSON — for the file-backed data
 * provider used by tests and demos. Entries that lack what the trends need are skipped and counted, so one
 * damaged entry loses nothing else; a file that is not JSON at all is a clear error naming the file.
 */
import { readFile } from 'node:fs/promises';
import type { SourceCheck } from '../../shared/protocol';
import type { EditEvent, UsageRecord } from '../usage/types';

export interface SnapshotFile {
  records: UsageRecord[];
  edits: EditEvent[];
  sourcesChecked: SourceCheck[];
  /** Entries skipped because they were malformed. */
  skipped: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const tokenFields = ['inputUncached', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead', 'output'] as const;

function looksLikeRecord(value: unknown): value is UsageRecord {
  return isObject(value) && typeof value.tool === 'string' && typeof value.model === 'string' && typeof value.timestampMs === 'number' && tokenFields.every((key) => typeof value[key] === 'number');
}

function looksLikeEdit(value: unknown): value is EditEvent {
  return isObject(value) && typeof value.tool === 'string' && typeof value.timestampMs === 'number' && typeof value.outcome === 'string';
}

function looksLikeSource(value: unknown): value is SourceCheck {
  return isObject(value) && typeof value.tool === 'string' && typeof value.label === 'string' && Array.isArray(value.paths) && value.paths.every((p) => typeof p === 'string') && typeof value.found === 'boolean';
}

export function parseSnapshot(text: string, origin: string): SnapshotFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${origin} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new Error(`${origin} must hold an object with "records", "edits" and "sourcesChecked"`);
  const list = (key: string): unknown[] => {
    const value = parsed[key];
    return Array.isArray(value) ? value : [];
  };
  const records = list('records').filter(looksLikeRecord);
  const edits = list('edits').filter(looksLikeEdit);
  const sourcesChecked = list('sourcesChecked').filter(looksLikeSource);
  const skipped = list('records').length + list('edits').length + list('sourcesChecked').length - records.length - edits.length - sourcesChecked.length;
  return { records, edits, sourcesChecked, skipped };
}

export async function readSnapshotFile(file: string): Promise<SnapshotFile> {
  return parseSnapshot(await readFile(file, 'utf8'), file);
}
