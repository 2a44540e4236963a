/**
 * Streams the JSON objects of a JSON Lines file from a byte offset, in bounded memory.
 *
 * Tools append to these files while we read them, so the last line may be half-written. A final line without
 * a newline is consumed only when it already parses as a complete JSON object (a truncated object never
 * does); otherwise it is left for the next read and not counted as malformed.
 */
import type { FileAccess } from './fileAccess';
import { isJsonObject, type JsonObject } from './values';

const CHUNK_BYTES = 1 << 20;
/** Small files (most transcripts) get a small buffer: one read, no megabyte allocation per file. */
const MIN_CHUNK_BYTES = 64 << 10;
/** Lines longer than this are skipped as malformed instead of being buffered (no real log line comes close). */
export const MAX_LINE_BYTES = 64 << 20;

const NEWLINE = 0x0a;

export interface JsonLine {
  value: JsonObject;
  /** Byte offset of the line's first byte: stable for an append-only file, so usable in keys. */
  offset: number;
}

export interface JsonLinesScan {
  /** Where the next read should start: just past the last line consumed. */
  nextOffset: number;
  /** Complete lines that were not a JSON object. */
  malformed: number;
  /** True when the file was shorter than the start offset (replaced or truncated) and was read from 0. */
  restarted: boolean;
}

function parseObject(bytes: Buffer): JsonObject | 'blank' | 'malformed' {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim().length === 0) return 'blank';
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) ? value : 'malformed';
  } catch {
    return 'malformed';
  }
}

/**
 * Calls `onLine` for every complete JSON object line from `startOffset`. When the file is shorter than
 * `startOffset` (it was replaced or truncated) `onRestart` is called first and the file is read from 0.
 * Throws only for I/O errors
 * (the file cannot be opened or read); content problems are counted in `malformed`.
 */
export async function scanJsonLines(
  access: FileAccess,
  file: string,
  startOffset: number,
  onLine: (line: JsonLine) => void,
  onRestart: () => void = () => undefined,
  maxLineBytes: number = MAX_LINE_BYTES,
): Promise<JsonLinesScan> {
  const handle = await access.open(file);
  try {
    const restarted = startOffset > handle.size;
    if (restarted) onRestart();
    let position = restarted ? 0 : Math.max(0, Math.floor(startOffset));
    let lineStart = position;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let oversized = false;
    let malformed = 0;
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, handle.size - position + 1)));

    const finishLine = (tail: Buffer, nextLineStart: number): void => {
      if (oversized || pendingBytes + tail.length > maxLineBytes) {
        malformed += 1;
      } else {
        const bytes = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
        const parsed = parseObject(bytes);
        if (parsed === 'malformed') malformed += 1;
        else if (parsed !== 'blank') onLine({ value: parsed, offset: lineStart });
      }
      pending = [];
      pendingBytes = 0;
      oversized = false;
      lineStart = nextLineStart;
    };

    for (;;) {
      const bytesRead = await handle.read(chunk, position);
      if (bytesRead === 0) break;
      const data = chunk.subarray(0, bytesRead);
      let from = 0;
      for (let newline = data.indexOf(NEWLINE, from); newline !== -1; newline = data.indexOf(NEWLINE, from)) {
        finishLine(data.subarray(from, newline), position + newline + 1);
        from = newline + 1;
      }
      const rest = data.subarray(from);
      if (!oversized && rest.length > 0) {
        if (pendingBytes + rest.length > maxLineBytes) {
          oversized = true;
          pending = [];
          pendingBytes = 0;
        } else {
          pending.push(Buffer.from(rest));
          pendingBytes += rest.length;
        }
      }
      position += bytesRead;
    }

    // A final line without a newline: consume it only if it is already a whole JSON object.
    if (!oversized && pendingBytes > 0) {
      const parsed = parseObject(Buffer.concat(pending));
      if (parsed !== 'malformed') {
        if (parsed !== 'blank') onLine({ value: parsed, offset: lineStart });
        lineStart = position;
      }
    }
    return { nextOffset: lineStart, malformed, restarted };
  } finally {
    await handle.close();
  }
}
