// The BPE rank table of one encoding: token bytes → rank, answered for any byte range without allocating.
// Loaded from the file scripts/build-rank-tables.mjs writes at build time (format described there), which
// already holds the hash index: loading is a file read plus typed-array views, a few milliseconds.
import { readFileSync, existsSync } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import type { EncodingName } from './encodingSpecs';

/** Returned by lookups for byte sequences that are not a token. Larger than any real rank. */
export const NO_RANK = 0x7fffffff;

const MAGIC = 'TWRK';
const FORMAT_VERSION = 2;
const HEADER_BYTES = 32;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export class RankTableError extends Error {}

export class RankTable {
  /** Length in bytes of the longest token; longer ranges are rejected without hashing. */
  readonly maxTokenBytes: number;
  /** Rank of every two-byte token, indexed by `(firstByte << 8) | secondByte`; NO_RANK if none. */
  readonly pairRanks: Int32Array;
  private readonly blob: Uint8Array;
  private readonly offsets: Uint32Array;
  /** Open addressing, linear probing: rank + 1 per slot, 0 = empty. */
  private readonly slots: Int32Array;
  private readonly slotMask: number;

  constructor(offsets: Uint32Array, slots: Int32Array, blob: Uint8Array) {
    this.offsets = offsets;
    this.slots = slots;
    this.slotMask = slots.length - 1;
    this.blob = blob;
    this.pairRanks = new Int32Array(65536).fill(NO_RANK);
    let maxTokenBytes = 0;
    for (let rank = 0; rank < offsets.length - 1; rank++) {
      const start = offsets[rank];
      const length = offsets[rank + 1] - start;
      if (length > maxTokenBytes) maxTokenBytes = length;
      if (length === 2) this.pairRanks[(blob[start] << 8) | blob[start + 1]] = rank;
    }
    this.maxTokenBytes = maxTokenBytes;
  }

  /** The rank of `bytes[start..end)` as one token, or NO_RANK. */
  rankOf(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length > this.maxTokenBytes) return NO_RANK;
    if (length === 2) return this.pairRanks[(bytes[start] << 8) | bytes[start + 1]];
    const { slots, slotMask, offsets, blob } = this;
    let slot = hashBytes(bytes, start, end) & slotMask;
    for (;;) {
      const entry = slots[slot];
      if (entry === 0) return NO_RANK;
      const rank = entry - 1;
      const tokenStart = offsets[rank];
      if (offsets[rank + 1] - tokenStart === length) {
        let same = true;
        for (let i = 0; i < length; i++) {
          if (blob[tokenStart + i] !== bytes[start + i]) {
            same = false;
            break;
          }
        }
        if (same) return rank;
      }
      slot = (slot + 1) & slotMask;
    }
  }

  /** Parses a rank file's bytes (see scripts/build-rank-tables.mjs), rejecting anything malformed. */
  static fromFileBytes(file: Uint8Array, source: string): RankTable {
    if (endianness() !== 'LE') throw new RankTableError('Tokenwise rank tables need a little-endian CPU.');
    const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
    const magic = String.fromCharCode(file[0], file[1], file[2], file[3]);
    if (file.byteLength < HEADER_BYTES || magic !== MAGIC || view.getUint32(4, true) !== FORMAT_VERSION) {
      throw new RankTableError(`${source} is not a Tokenwise rank table (format ${FORMAT_VERSION}); rebuild with \`npm run build\`.`);
    }
    const tokenCount = view.getUint32(8, true);
    const blobLength = view.getUint32(12, true);
    const slotCount = view.getUint32(16, true);
    const slotsStart = HEADER_BYTES + (tokenCount + 1) * 4;
    const blobStart = slotsStart + slotCount * 4;
    const powerOfTwo = slotCount > 0 && (slotCount & (slotCount - 1)) === 0;
    if (!powerOfTwo || slotCount < tokenCount || file.byteLength !== blobStart + blobLength) {
      throw new RankTableError(`${source} is truncated or corrupt (${file.byteLength} bytes); rebuild with \`npm run build\`.`);
    }
    // Typed arrays need 4-byte alignment; a Buffer may sit at any offset of its pool, so copy if it is not aligned.
    const aligned = file.byteOffset % 4 === 0 ? file : new Uint8Array(file);
    const offsets = new Uint32Array(aligned.buffer, aligned.byteOffset + HEADER_BYTES, tokenCount + 1);
    const slots = new Int32Array(aligned.buffer, aligned.byteOffset + slotsStart, slotCount);
    const blob = aligned.subarray(blobStart);
    if (offsets[tokenCount] !== blobLength) {
      throw new RankTableError(`${source} has inconsistent offsets; rebuild with \`npm run build\`.`);
    }
    const table = new RankTable(offsets, slots, blob);
    table.assertIndexMatchesHash(source);
    return table;
  }

  /** Every byte-level encoding has all 256 single bytes as tokens; finding them proves the index was built with our hash. */
  private assertIndexMatchesHash(source: string): void {
    const byte = new Uint8Array(1);
    for (let value = 0; value < 256; value++) {
      byte[0] = value;
      const rank = this.rankOf(byte, 0, 1);
      if (rank === NO_RANK || this.offsets[rank + 1] - this.offsets[rank] !== 1 || this.blob[this.offsets[rank]] !== value) {
        throw new RankTableError(`${source} has a hash index this version cannot read; rebuild with \`npm run build\`.`);
      }
    }
  }
}

/** FNV-1a over a byte range with a final mix; scripts/build-rank-tables.mjs builds the index with the same function. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], FNV_PRIME);
  return (hash ^ (hash >>> 15)) >>> 0;
}

let rankDirectoryOverride: string | undefined;

/** Points the engine at another folder of `.ranks` files (hosts that do not run from dist/). */
export function setRankDataDirectory(directory: string | undefined): void {
  rankDirectoryOverride = directory;
}

/**
 * Where `<name>.ranks` lives. Bundles run from dist/ (extension, CLI) or dist/<sub>/ (worker, bench), and the
 * build puts the tables in dist/data/; unit tests run this file from src/core/tokenizer/ and use the same
 * built dist/data/.
 */
export function rankFileCandidates(name: EncodingName): string[] {
  const file = `${name}.ranks`;
  const directories = rankDirectoryOverride !== undefined
    ? [rankDirectoryOverride]
    : [path.join(__dirname, 'data'), path.join(__dirname, '..', 'data'), path.join(__dirname, '..', '..', '..', 'dist', 'data')];
  return directories.map((directory) => path.join(directory, file));
}

export function loadRankTable(name: EncodingName): RankTable {
  const candidates = rankFileCandidates(name);
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new RankTableError(`Token rank table for ${name} not found (looked in ${candidates.join(', ')}); run \`npm run build\`.`);
  }
  return RankTable.fromFileBytes(readFileSync(found), found);
}
