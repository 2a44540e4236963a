/**
 * Building a reader's FileReadResult. Shared scaffolding for reading one JSON Lines log: runs the scan, turns I/O failures into warnings
 * (a reader never throws for a file it cannot read) and assembles the FileReadResult.
 */
import type { FileReadResult, ReadCursor, ReaderState } from '../usage/sources';
import type { EditEvent, UsageRecord } from '../usage/types';
import type { FileAccess } from './fileAccess';
import { scanJsonLines, type JsonLine } from './jsonl';
import { describeError } from './locations';

/** What a format-specific line handler produces while a file is scanned. */
export interface LineSink {
  records: UsageRecord[];
  warnings: string[];
  /** Lines that parsed as JSON but are unusable (e.g. a usage line with an invalid timestamp). */
  malformed: number;
}

export function newSink(): LineSink {
  return { records: [], warnings: [], malformed: 0 };
}

export interface JsonLinesReadPlan<State> {
  access: FileAccess;
  file: string;
  cursor: ReadCursor | undefined;
  /** The reader's per-file state decoded from the cursor (fresh when absent or unrecognised). */
  decodeState(state: ReaderState | undefined): State;
  encodeState(state: State): ReaderState;
  handleLine(line: JsonLine, state: State, sink: LineSink): void;
  /** Runs once after the scan (e.g. to list the edits collected). */
  finish(state: State, sink: LineSink): EditEvent[];
}

export async function readJsonLinesFile<State>(plan: JsonLinesReadPlan<State>): Promise<FileReadResult> {
  const startOffset = plan.cursor?.offset ?? 0;
  let state = plan.decodeState(plan.cursor?.state);
  const sink = newSink();
  try {
    const scan = await scanJsonLines(
      plan.access,
      plan.file,
      startOffset,
      (line) => {
        try {
          plan.handleLine(line, state, sink);
        } catch {
          // A shape the handler did not anticipate: lose this line, never the read.
          sink.malformed += 1;
        }
      },
      () => {
        // The file is shorter than our cursor: it was replaced. Re-reading it from the start with fresh state
        // is safe because every record and edit carries a dedup key.
        state = plan.decodeState(undefined);
        sink.warnings.push(`${plan.file} is shorter than when last read; it was read again from the start.`);
      },
    );
    return {
      records: sink.records,
      edits: plan.finish(state, sink),
      cursor: { offset: scan.nextOffset, state: plan.encodeState(state) },
      malformed: scan.malformed + sink.malformed,
      warnings: sink.warnings,
    };
  } catch (error) {
    return {
      records: [],
      edits: [],
      cursor: plan.cursor ?? { offset: 0, state: plan.encodeState(plan.decodeState(undefined)) },
      malformed: 0,
      warnings: [`Could not read ${plan.file}: ${describeError(error)}`],
    };
  }
}

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
