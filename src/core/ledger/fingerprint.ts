/** Content fingerprints that tell a grown file from a rewritten one without keeping any of its text. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** How much of the start of an append-only file identifies it. */
export const PREFIX_FINGERPRINT_BYTES = 4096;

/** SHA-256 of the file's first `length` bytes (fewer if the file is shorter). */
export function prefixFingerprint(filePath: string, length: number): { fingerprint: string; bytes: number } {
  const fd = fs.openSync(filePath, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const bytes = fs.readSync(fd, buffer, 0, length, 0);
    return { fingerprint: createHash('sha256').update(buffer.subarray(0, bytes)).digest('hex'), bytes };
  } finally {
    fs.closeSync(fd);
  }
}

/** SHA-256 of the whole file, streamed in chunks. */
export function contentFingerprint(filePath: string): { fingerprint: string; bytes: number } {
  const hash = createHash('sha256');
  const fd = fs.openSync(filePath, 'r');
  const chunk = Buffer.allocUnsafe(1 << 20);
  let total = 0;
  try {
    for (let read = fs.readSync(fd, chunk, 0, chunk.length, null); read > 0; read = fs.readSync(fd, chunk, 0, chunk.length, null)) {
      hash.update(chunk.subarray(0, read));
      total += read;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { fingerprint: hash.digest('hex'), bytes: total };
}
