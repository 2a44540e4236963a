/** Reads a text file line by line in fixed-size chunks, so a large segment never sits in memory whole. */
import fs from 'node:fs';

const CHUNK_BYTES = 1 << 20;

/**
 * Calls `onLine` for every line of the file. `complete` is false only for a last line without its newline
 * (a write that was cut short). Lines are split on bytes, so a multi-byte character never straddles chunks.
 */
export function forEachLine(filePath: string, onLine: (line: string, complete: boolean) => void): void {
  const fd = fs.openSync(filePath, 'r');
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let carry: Buffer = Buffer.alloc(0);
    for (;;) {
      const read = fs.readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let start = 0;
      for (let newline = bytes.indexOf(10, start); newline >= 0; newline = bytes.indexOf(10, start)) {
        onLine(bytes.toString('utf8', start, newline), true);
        start = newline + 1;
      }
      carry = Buffer.from(bytes.subarray(start));
    }
    if (carry.length > 0) onLine(carry.toString('utf8'), false);
  } finally {
    fs.closeSync(fd);
  }
}
