/**
 * Small, never-throwing file-system and JSON helpers shared by the log readers.
 * Log folders come and go (tools not installed, folders deleted mid-scan): a missing path is an empty answer, not an error.
 */
import { promises as fs } from 'node:fs';
import { readRegularFile } from './fileAccess';
import { MAX_TOKEN_COUNT, isEpochMs } from './values';

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isDirectory();
  } catch {
    return false;
  }
}

export async function isFile(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Names of the entries of a folder, sorted for stable output; [] when it cannot be listed. */
export async function listNames(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort();
  } catch {
    return [];
  }
}

/** Names of the sub-folders of a folder (symbolic links followed), sorted. */
export async function listSubdirectories(dir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    const names: string[] = [];
    for (const entry of entries) {
      if (entry.isDirectory() || (entry.isSymbolicLink() && (await isDirectory(`${dir}/${entry.name}`)))) names.push(entry.name);
    }
    return names.sort();
  } catch {
    return [];
  }
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type JsonFileResult =
  | { kind: 'ok'; value: JsonValue }
  | { kind: 'missing' }
  | { kind: 'unreadable'; message: string }
  | { kind: 'malformed'; message: string };

/** Reads and parses a whole JSON file, telling apart "not there", "cannot read" and "not JSON". */
export async function readJsonFile(path: string): Promise<JsonFileResult> {
  let text: string;
  try {
    text = (await readRegularFile(path)).toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', message: describeError(error) };
  }
  const parsed = parseJson(text);
  return parsed === undefined ? { kind: 'malformed', message: `${path} is not valid JSON` } : { kind: 'ok', value: parsed };
}

/** The parsed value, or undefined when the text is not JSON. */
export function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ──── typed access to untrusted JSON ────

export function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

export function asArray(value: JsonValue | undefined): JsonValue[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function asString(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A finite number, or a numeric string (some exporters write int64 values as strings); otherwise undefined. */
export function asNumber(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** Epoch milliseconds written as a number (or numeric string): undefined unless a usable moment (see isEpochMs). */
export function asEpochMs(value: JsonValue | undefined): number | undefined {
  const number = asNumber(value);
  return number !== undefined && isEpochMs(number) ? number : undefined;
}

/** A token count: a non-negative whole number up to MAX_TOKEN_COUNT; anything else (negative, NaN, text, 1e300) reads as 0. */
export function tokenCount(value: JsonValue | undefined): number {
  const number = asNumber(value);
  return number !== undefined && number > 0 && number <= MAX_TOKEN_COUNT ? Math.round(number) : 0;
}
