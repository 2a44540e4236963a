/**
 * Folding a SQLite write-ahead log into an in-memory copy of its database, so a database in WAL mode is read as
 * SQLite itself would see it: recent transactions live in `<db>-wal` until the owning tool checkpoints them.
 * Only frames up to the last COMMIT whose salts and running checksums verify are applied — exactly SQLite's
 * recovery rule — so a frame being written right now, or left over from an older log generation, is ignored.
 * Format: https://www.sqlite.org/fileformat2.html#walformat (header 32 bytes, frames of 24 + page-size bytes).
 */

const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;
const MAGIC_LITTLE_ENDIAN_SUMS = 0x377f0682;
const MAGIC_BIG_ENDIAN_SUMS = 0x377f0683;

export interface WalMerge {
  /** The database as of the last committed transaction in the log (the input itself when nothing applied). */
  bytes: Uint8Array;
  /** Frames copied into the database. */
  framesApplied: number;
}

/** SQLite's WAL checksum: pairs of 32-bit words summed into (s0, s1), continuing from the previous values. */
function walChecksum(view: DataView, start: number, end: number, bigEndian: boolean, seed: [number, number]): [number, number] {
  let [s0, s1] = seed;
  for (let offset = start; offset < end; offset += 8) {
    s0 = (s0 + view.getUint32(offset, !bigEndian) + s1) >>> 0;
    s1 = (s1 + view.getUint32(offset + 4, !bigEndian) + s0) >>> 0;
  }
  return [s0, s1];
}

/** Applies the committed, checksum-valid frames of `wal` to `database`. An invalid or empty log changes nothing. */
export function applyWriteAheadLog(database: Uint8Array, wal: Uint8Array): WalMerge {
  const unchanged: WalMerge = { bytes: database, framesApplied: 0 };
  if (wal.length < WAL_HEADER_BYTES) return unchanged;
  const view = new DataView(wal.buffer, wal.byteOffset, wal.byteLength);
  const magic = view.getUint32(0);
  if (magic !== MAGIC_LITTLE_ENDIAN_SUMS && magic !== MAGIC_BIG_ENDIAN_SUMS) return unchanged;
  const bigEndian = magic === MAGIC_BIG_ENDIAN_SUMS;
  const pageSize = view.getUint32(8);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return unchanged;
  const salt1 = view.getUint32(16);
  const salt2 = view.getUint32(20);
  let checksum = walChecksum(view, 0, 24, bigEndian, [0, 0]);
  if (checksum[0] !== view.getUint32(24) || checksum[1] !== view.getUint32(28)) return unchanged;

  const frames: { page: number; dataOffset: number }[] = [];
  let committed = 0;
  let committedPages = 0;
  const frameBytes = FRAME_HEADER_BYTES + pageSize;
  for (let offset = WAL_HEADER_BYTES; offset + frameBytes <= wal.length; offset += frameBytes) {
    if (view.getUint32(offset + 8) !== salt1 || view.getUint32(offset + 12) !== salt2) break;
    checksum = walChecksum(view, offset, offset + 8, bigEndian, checksum);
    checksum = walChecksum(view, offset + FRAME_HEADER_BYTES, offset + frameBytes, bigEndian, checksum);
    if (checksum[0] !== view.getUint32(offset + 16) || checksum[1] !== view.getUint32(offset + 20)) break;
    const page = view.getUint32(offset);
    if (page === 0) break;
    frames.push({ page, dataOffset: offset + FRAME_HEADER_BYTES });
    const pagesAfterCommit = view.getUint32(offset + 4);
    if (pagesAfterCommit > 0) {
      committed = frames.length;
      committedPages = pagesAfterCommit;
    }
  }
  if (committed === 0) return unchanged;

  const merged = new Uint8Array(committedPages * pageSize);
  merged.set(database.subarray(0, Math.min(database.length, merged.length)));
  for (const frame of frames.slice(0, committed)) {
    if (frame.page > committedPages) continue; // a page the committed database no longer has
    merged.set(wal.subarray(frame.dataOffset, frame.dataOffset + pageSize), (frame.page - 1) * pageSize);
  }
  return { bytes: merged, framesApplied: committed };
}
