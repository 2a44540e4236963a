/**
 * Fixed-width binary rows in one growable buffer, each identified by the 64-bit hash of its dedup key.
 * This is what keeps a year of heavy use (≈1M API responses) at ~70 MB in memory and on disk instead of
 * several hundred MB of JavaScript objects, and what lets the base file load without parsing.
 */
import { compareHash } from './hash';

/** Bytes 8..16 of every row hold the key hash (hi, lo), little-endian. */
export const HASH_OFFSET = 8;

/** Interned strings (tools, models, projects, sessions, paths) referenced from rows by index. */
export class StringTable {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  constructor(initial: readonly string[] = []) {
    for (const value of initial) this.intern(value);
  }

  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  get(id: number): string {
    const value = this.values[id];
    if (value === undefined) throw new Error(`string #${id} is missing from the ledger's string table`);
    return value;
  }
}

/** Marks an absent optional string in a row. */
export const NO_STRING = 0xffffffff;

function indexKey(hi: number, lo: number): number {
  // 53 bits fit a JS number exactly; the 11 bits left out are checked against the row itself.
  return (hi & 0x1fffff) * 0x100000000 + lo;
}

export class HashedRows {
  private data: Buffer;
  private rowCount: number;
  /** Rows below this index are sorted by hash (a loaded base file) and found by binary search. */
  private readonly sortedCount: number;
  private readonly index = new Map<number, number>();
  /** Rows whose 53-bit index key collides with a different full hash (vanishingly rare). */
  private readonly overflow = new Map<string, number>();

  constructor(
    readonly rowBytes: number,
    sortedRows?: { buffer: Buffer; count: number },
  ) {
    this.data = sortedRows ? sortedRows.buffer : Buffer.alloc(rowBytes * 1024);
    this.rowCount = sortedRows ? sortedRows.count : 0;
    this.sortedCount = this.rowCount;
  }

  get count(): number {
    return this.rowCount;
  }

  /** The live bytes; valid until the next append. */
  get buffer(): Buffer {
    return this.data;
  }

  offsetOf(row: number): number {
    return row * this.rowBytes;
  }

  hiAt(row: number): number {
    return this.data.readUInt32LE(row * this.rowBytes + HASH_OFFSET);
  }

  loAt(row: number): number {
    return this.data.readUInt32LE(row * this.rowBytes + HASH_OFFSET + 4);
  }

  /** The row holding this hash, or -1. */
  find(hi: number, lo: number): number {
    let low = 0;
    let high = this.sortedCount - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = compareHash(this.hiAt(middle), this.loAt(middle), hi, lo);
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    const row = this.index.get(indexKey(hi, lo));
    if (row !== undefined && this.hiAt(row) === hi && this.loAt(row) === lo) return row;
    return this.overflow.get(`${hi}:${lo}`) ?? -1;
  }

  /** Adds a zeroed row carrying this hash and returns its index; the caller fills the other fields. */
  append(hi: number, lo: number): number {
    if ((this.rowCount + 1) * this.rowBytes > this.data.length) {
      const grown = Buffer.alloc(Math.max(this.rowBytes * 1024, this.data.length * 2));
      this.data.copy(grown, 0, 0, this.rowCount * this.rowBytes);
      this.data = grown;
    }
    const row = this.rowCount++;
    const offset = row * this.rowBytes;
    this.data.fill(0, offset, offset + this.rowBytes);
    this.data.writeUInt32LE(hi, offset + HASH_OFFSET);
    this.data.writeUInt32LE(lo, offset + HASH_OFFSET + 4);
    const key = indexKey(hi, lo);
    if (this.index.has(key)) this.overflow.set(`${hi}:${lo}`, row);
    else this.index.set(key, row);
    return row;
  }

  /** The given rows' bytes, sorted by hash: the row block of a base file. */
  sortedBytes(rows: Uint32Array): Buffer {
    const order = Uint32Array.from(rows).sort((a, b) => compareHash(this.hiAt(a), this.loAt(a), this.hiAt(b), this.loAt(b)));
    const out = Buffer.alloc(order.length * this.rowBytes);
    for (let i = 0; i < order.length; i++) {
      const from = order[i] * this.rowBytes;
      this.data.copy(out, i * this.rowBytes, from, from + this.rowBytes);
    }
    return out;
  }
}
