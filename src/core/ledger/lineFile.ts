/**
 * Reads a text file line by line in fixed-size chunks, so a large segment never sits in memory whole. The
 * synchronous form is for the CLI and compaction; the asynchronous one lets a long-lived process (the
 * extension host) keep serving its event loop between chunks.
 */
import fs from 'node:fs';

const CHUNK_BYTES = 1 << 20;

export type OnLine = (line: string, complete: boolean) => void;

/** Splits chunks of bytes into lines. Lines are split on bytes, so a multi-byte character never straddles chunks. */
class LineSplitter {
  private carry: Buffer = Buffer.alloc(0);

  constructor(private readonly onLine: OnLine) {}

  push(chunk: Buffer): void {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let start = 0;
    for (let newline = bytes.indexOf(10, start); newline >= 0; newline = bytes.indexOf(10, start)) {
      this.onLine(bytes.toString('utf8', start, newline), true);
      start = newline + 1;
    }
    // Copied: the chunk's buffer is reused by the next read.
    this.carry = Buffer.from(bytes.subarray(start));
  }

  /** The last line when it has no newline: a write that was cut short. */
  end(): void {
    if (this.carry.length > 0) this.onLine(this.carry.toString('utf8'), false);
  }
}

/**
 * Calls `onLine` for every line of the file. `complete` is false only for a last line without its newline
 * (a write that was cut short).
 */
export function forEachLine(filePath: string, onLine: OnLine): void {
  const fd = fs.openSync(filePath, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    const splitter = new LineSplitter(onLine);
    for (let read = fs.readSync(fd, chunk, 0, CHUNK_BYTES, null); read > 0; read = fs.readSync(fd, chunk, 0, CHUNK_BYTES, null)) splitter.push(chunk.subarray(0, read));
    splitter.end();
  } finally {
    fs.closeSync(fd);
  }
}

/** {@link forEachLine} with asynchronous reads: other work runs between chunks. */
export async function forEachLineAsync(filePath: string, onLine: OnLine): Promise<void> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    const splitter = new LineSplitter(onLine);
    for (let { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null); bytesRead > 0; { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null)) splitter.push(chunk.subarray(0, bytesRead));
    splitter.end();
  } finally {
    await handle.close();
  }
}
