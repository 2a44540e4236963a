/**
 * The part every append-only JSONL reader shares: resume from the cursor, parse each complete line,
 * count what is not JSON, and report a file that shrank (rotated or replaced) instead of failing.
 * Lines are handed to the reader one by one, so a large file is never held in memory whole.
 */
import type { FileReadResult, ReadCursor, ReaderState } from '../usage/sources';
import { forEachCompleteLine } from './lineReader';
import { emptyReadResult } from './readResult';
import type { JsonObject } from './sourceFs';
import { asObject, describeError, parseJson } from './sourceFs';

export interface ParsedLine {
  value: JsonObject;
  /** Byte offset of the line in the file. */
  offset: number;
}

export interface JsonlRead {
  /** Records, malformed count and warnings so far; `cursor.offset` points past the last complete line. */
  result: FileReadResult;
  /** The state from the cursor, or null when reading from the start (first read, or the file was replaced). */
  previousState: ReaderState;
}

/**
 * Reads the complete lines after the cursor, passing each JSON object to `onObject`. I/O failures and a shrunk
 * file become warnings; blank lines are skipped; lines that are not a JSON object count as malformed. The caller
 * fills records/edits (from `onObject`) and may replace `result.cursor.state`.
 */
export async function readJsonlObjects(file: string, cursor: ReadCursor | undefined, onObject: (line: ParsedLine, result: FileReadResult) => void): Promise<JsonlRead> {
  const startOffset = cursor?.offset ?? 0;
  const previousState = cursor?.state ?? null;
  const result = emptyReadResult({ offset: startOffset, state: previousState });
  try {
    const read = await forEachCompleteLine(file, startOffset, (line) => {
      if (line.text.trim() === '') return;
      const value = asObject(parseJson(line.text));
      if (value === undefined) {
        result.malformed += 1;
        return;
      }
      try {
        onObject({ value, offset: line.offset }, result);
      } catch {
        // A shape the reader did not anticipate: lose this line, never the file (the cursor must move past it).
        result.malformed += 1;
      }
    });
    if (read.restartedFromZero) result.warnings.push(`${file} is shorter than when last read (rotated or replaced): read again from the start.`);
    const state = read.restartedFromZero ? null : previousState;
    result.cursor = { offset: read.nextOffset, state };
    return { result, previousState: state };
  } catch (error) {
    result.warnings.push(`Could not read ${file}: ${describeError(error)}`);
    return { result, previousState };
  }
}
