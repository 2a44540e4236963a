/**
 * The contract between the per-tool log readers (src/core/sources/*) and the ledger's ingester.
 * A reader knows where its tool keeps logs and how to parse them; the ingester owns offsets, dedup and storage.
 */
import type { EditEvent, ToolId, UsageRecord } from './types';

/** JSON-serialisable state a reader keeps between reads of one append-only file (e.g. Codex's running totals). */
export type ReaderState = null | boolean | number | string | ReaderState[] | { [key: string]: ReaderState };

/** Where to resume reading a file that only grows. */
export interface ReadCursor {
  /** Byte offset just past the last complete line consumed. */
  offset: number;
  state: ReaderState;
}

export interface FileReadResult {
  records: UsageRecord[];
  edits: EditEvent[];
  /** Resume point for the next read when the file grows; ignored for whole-file sources. */
  cursor: ReadCursor;
  /** Lines or entries that could not be parsed (a half-written last line is not counted: it is retried). */
  malformed: number;
  /** Human-readable problems worth showing (unreadable file, unknown format version, …). */
  warnings: string[];
}

/** Environment a reader may consult: injected so tests and the CLI's --*-dir flags can replace it. */
export interface LocateOptions {
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  platform: NodeJS.Platform;
  /** Folders the user configured for this source; when non-empty they replace auto-detection. */
  overridePaths: readonly string[];
}

export interface SourceReader {
  readonly tool: ToolId;
  readonly displayName: string;
  /** Existing folders (or database files) that hold this tool's logs. Never throws for a missing folder. */
  locate(options: LocateOptions): Promise<string[]>;
  /** Log files below one located root. Credential files are never listed, let alone opened. */
  listFiles(root: string): Promise<string[]>;
  /** 'append': the file only grows, resume from the cursor. 'whole': the file is rewritten; re-read it all. */
  fileMode(file: string): 'append' | 'whole';
  /**
   * Optional: other files `read(file)` also consults, whose change alone (same size and mtime of `file`) calls for
   * re-reading it — a SQLite database's `-wal` log, a task's conversation history. They may not exist.
   */
  companionFiles?(file: string): string[];
  /** Parse one file from the cursor (undefined: from the start). Never throws for bad content. */
  read(file: string, cursor: ReadCursor | undefined): Promise<FileReadResult>;
}
