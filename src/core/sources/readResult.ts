/** Building a reader's FileReadResult: the empty start, and the warning every source gives for unnamed models. */
import type { FileReadResult, ReadCursor } from '../usage/sources';

/** The model id a record carries when its source does not name one: counted, never priced. */
export const UNKNOWN_MODEL = 'unknown';

export function emptyReadResult(cursor: ReadCursor = { offset: 0, state: null }): FileReadResult {
  return { records: [], edits: [], cursor, malformed: 0, warnings: [] };
}

/**
 * Adds one warning when some records name no model: their tokens count, but no price can be put on them
 * (never $0). `subject` says where, e.g. "Roo Code task 123" or a file path.
 */
export function warnAboutUnknownModels(result: FileReadResult, subject: string): void {
  const unknown = result.records.filter((record) => record.model === UNKNOWN_MODEL).length;
  if (unknown > 0) result.warnings.push(`${subject}: ${unknown} record(s) name no model; they are counted but stay unpriced.`);
}
