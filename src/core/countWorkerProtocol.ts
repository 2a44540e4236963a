/**
 * Messages between the extension host and the counting worker (src/worker/countWorker.ts). The worker owns the
 * documents' IncrementalCounters, so the host only forwards edits (a few bytes per keystroke) and asks
 * for counts; requests are answered in the order they were sent, which keeps edits and counts consistent.
 */
import type { EncodingName, TextChange, TokenCount } from './tokenizer';

/** Half-open UTF-16 offset range [start, end) into a document. */
export type Span = readonly [start: number, end: number];

/**
 * A range by line and character, as VS Code gives selections. The worker turns it into offsets from its own
 * line index: asking VS Code for offsets (`offsetAt`) rebuilds a prefix sum over every line of a large document,
 * which took hundreds of milliseconds of the extension host's thread on 50 MB.
 */
export interface LineSpan {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

export type HostToWorker =
  /**
   * One piece of a document's text, in order (`first` starts over). Large documents arrive in many pieces so
   * that no single copy holds the extension host's thread for long; `open` then builds the counter from them.
   */
  | { kind: 'piece'; key: string; encoding: EncodingName; text: string; first: boolean }
  | { kind: 'open'; key: string; encoding: EncodingName }
  | { kind: 'changes'; key: string; changes: readonly TextChange[] }
  /** Tokens of the given spans of a document (summed), or of the whole document when `spans` is null. */
  | { kind: 'count'; id: number; key: string; encoding: EncodingName; spans: readonly (Span | LineSpan)[] | null; generation: number }
  | { kind: 'close'; key: string }
  | { kind: 'heap'; id: number };

export type WorkerToHost =
  /** `characters`: UTF-16 units counted (the document's length, or the spans' total), so the host need not ask VS Code. */
  | { kind: 'counted'; id: number; count: TokenCount; characters: number }
  /** The request's generation was older than the newest one when the worker reached it: nobody needs it now. */
  | { kind: 'superseded'; id: number }
  | { kind: 'heap'; id: number; usedBytes: number }
  /** A request failed; `key` is set when the document's state was dropped and must be reopened. */
  | { kind: 'failed'; id?: number; key?: string; message: string };

/** workerData: a shared Int32Array slot holding the newest generation, so the worker can skip stale requests. */
export interface CountWorkerData {
  generation: SharedArrayBuffer;
}
