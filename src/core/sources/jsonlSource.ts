/**
 * The part every append-only JSONL reader shares: resume from the cursor, parse each complete line,
 * count what is not JSON, and report a file that shrank (rotated or replaced) instead of failing.
 */
import type { FileReadResult, ReadCursor, ReaderState } from '../usage/sources';
import { readCompleteLines } from './lineReader';
import type { JsonObject } from './sourceFs';
import { asObject, describeError, parseJson } from './sourceFs';

export interface ParsedLine {
  value: JsonObject;
  /** Byte offset of the line in the file. */
  offset: number;
}

export interface JsonlChunk {
  /** Lines that hold a JSON object, in file order. */
  lines: ParsedLine[];
  /** The state from the cursor, or null when reading from the start (first read, or the file was replaced). */
  previousState: ReaderState;
  result: FileReadResult;
}

/**
 * Reads the complete lines after the cursor. I/O failures and a shrunk file become warnings; blank lines are
 * skipped; lines that are not a JSON object count as malformed. The returned result's cursor already points past
 * the last complete line; the caller fills records/edits and may replace `cursor.state`.
 */
export async function readJsonlChunk(file: string, cursor: ReadCursor | undefined): Promise<JsonlChunk> {
  const startOffset = cursor?.offset ?? 0;
  const result: FileReadResult = { records: [], edits: [], cursor: { offset: startOffset, state: cursor?.state ?? null }, malformed: 0, warnings: [] };
  let read;
  try {
    read = await readCompleteLines(file, startOffset);
  } catch (error) {
    result.warnings.push(`Could not read ${file}: ${describeError(error)}`);
    return { lines: [], previousState: cursor?.state ?? null, result };
  }
  if (read.restartedFromZero) result.warnings.push(`${file} is shorter than when last read (rotated or replaced): read again from the start.`);
  const lines: ParsedLine[] = [];
  for (const line of read.lines) {
    if (line.text.trim() === '') continue;
    const value = asObject(parseJson(line.text));
    if (value === undefined) result.malformed += 1;
    else lines.push({ value, offset: line.offset });
  }
  result.cursor = { offset: read.nextOffset, state: read.restartedFromZero ? null : (cursor?.state ?? null) };
  return { lines, previousState: result.cursor.state, result };
}
