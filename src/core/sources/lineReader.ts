/**
 * Reads an append-only JSONL file from a byte offset, one COMPLETE line at a time.
 * A last line without its newline is half-written (the tool is still appending): it is left for the next read,
 * so the returned `nextOffset` always sits just past the last newline consumed.
 */
import { openRegularFile } from './fileAccess';

export interface CompleteLine {
  /** The line's text without its line ending (a trailing `\r` is dropped too). */
  text: string;
  /** Byte offset of the line's first byte in the file: stable identity for sources that have no id of their own. */
  offset: number;
}

export interface LineReadResult {
  /** Byte offset just past the last complete line: where the next read resumes. */
  nextOffset: number;
  /** The file is now shorter than the cursor: it was truncated or replaced, so it was read again from the start. */
  restartedFromZero: boolean;
}

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/**
 * Hands every complete line from `fromOffset` to the end of the file (as it is now) to `onLine`, in order,
 * without holding the file in memory. Reads in 1 MiB chunks and splits on bytes (not characters), so a
 * multi-byte character straddling two chunks is never cut in half.
 * Throws only for I/O errors (missing or unreadable file): callers turn those into warnings.
 */
export async function forEachCompleteLine(file: string, fromOffset: number, onLine: (line: CompleteLine) => void): Promise<LineReadResult> {
  const handle = await openRegularFile(file);
  try {
    const { size } = await handle.stat();
    const restartedFromZero = fromOffset > size;
    let position = restartedFromZero || fromOffset < 0 ? 0 : fromOffset;
    let pending: Buffer[] = [];
    let pendingStart = position;
    const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(1, size - position)));
    while (position < size) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, size - position), position);
      if (bytesRead === 0) break;
      let lineStartInChunk = 0;
      for (let index = chunk.indexOf(NEWLINE, 0); index !== -1 && index < bytesRead; index = chunk.indexOf(NEWLINE, index + 1)) {
        pending.push(chunk.subarray(lineStartInChunk, index));
        onLine({ text: stripCarriageReturn(Buffer.concat(pending).toString('utf8')), offset: pendingStart });
        pending = [];
        pendingStart = position + index + 1;
        lineStartInChunk = index + 1;
      }
      // Copy: the chunk buffer is reused by the next read.
      if (lineStartInChunk < bytesRead) pending.push(Buffer.from(chunk.subarray(lineStartInChunk, bytesRead)));
      position += bytesRead;
    }
    return { nextOffset: pendingStart, restartedFromZero };
  } finally {
    await handle.close();
  }
}

/** Every complete line at once: for small files and tests. */
export async function readCompleteLines(file: string, fromOffset: number): Promise<LineReadResult & { lines: CompleteLine[] }> {
  const lines: CompleteLine[] = [];
  const result = await forEachCompleteLine(file, fromOffset, (line) => lines.push(line));
  return { ...result, lines };
}

function stripCarriageReturn(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
