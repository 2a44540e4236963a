/**
 * Defensive accessors for parsed JSON. Log lines come from other programs and change shape between versions,
 * so every field is checked for its type where it is read; a wrong type reads as "absent", never as a crash.
 */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The field as an object, or undefined. */
export function objectField(source: JsonObject, key: string): JsonObject | undefined {
  const value = source[key];
  return isJsonObject(value) ? value : undefined;
}

/** The field as a non-empty string, or undefined (empty strings identify nothing). */
export function stringField(source: JsonObject, key: string): string | undefined {
  const value = source[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * A token count: a non-negative number no larger than {@link MAX_TOKEN_COUNT} (fractions truncated); anything else
 * counts as 0. A count beyond it is a corrupt value, not usage: kept, it would swamp every sum and price.
 */
export function countField(source: JsonObject | undefined, key: string): number {
  const value = source?.[key];
  return typeof value === 'number' && value > 0 && value <= MAX_TOKEN_COUNT ? Math.trunc(value) : 0;
}

/**
 * The largest token count a log value may claim (2^48, about 2.8e14: far above any real request, session or
 * lifetime total, and low enough that sums of millions of records stay exact integers).
 */
export const MAX_TOKEN_COUNT = 2 ** 48;

/** True when the field is present and explicitly `null` (some tools write null for "unknown"). */
export function isExplicitNull(source: JsonObject, key: string): boolean {
  return key in source && source[key] === null;
}

/**
 * The latest moment a JavaScript Date can hold (year 275760). A log timestamp beyond it is corrupt: the ledger could
 * not put the record on a day (`new Date(ms).toISOString()` throws), so it is treated as no timestamp at all.
 */
export const MAX_EPOCH_MS = 8.64e15;

/** True for a usable epoch-milliseconds moment: after 1970 and within the range of a Date. */
export function isEpochMs(ms: number): boolean {
  return Number.isFinite(ms) && ms > 0 && ms <= MAX_EPOCH_MS;
}

/** Milliseconds since the epoch from an ISO-8601 string (or a number of ms), or null when unusable. */
export function timestampField(source: JsonObject, key: string): number | null {
  const value = source[key];
  if (typeof value === 'number' && isEpochMs(value)) return value;
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** The number of lines in a text, as an editor shows them (a trailing newline does not start a new line). */
export function countTextLines(text: string): number {
  if (text.length === 0) return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}
