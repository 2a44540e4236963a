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

/**
 * An open-addressing hash index from 64-bit key hash to row, in typed arrays: no per-entry objects for the
 * garbage collector, and no boxing of 64-bit keys into heap numbers.
 */
class RowIndex {
  private rows = new Int32Array(1024).fill(-1);
  private his = new Uint32Array(1024);
  private los = new Uint32Array(1024);
  private size = 0;

  get(hi: number, lo: number): number {
    const mask = this.rows.length - 1;
    for (let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      const row = this.rows[slot];
      if (row < 0) return -1;
      if (this.his[slot] === hi && this.los[slot] === lo) return row;
    }
  }

  set(hi: number, lo: number, row: number): void {
    if ((this.size + 1) * 2 > this.rows.length) this.grow();
    const mask = this.rows.length - 1;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    while (this.rows[slot] >= 0 && !(this.his[slot] === hi && this.los[slot] === lo)) slot = (slot + 1) & mask;
    if (this.rows[slot] < 0) this.size++;
    this.rows[slot] = row;
    this.his[slot] = hi;
    this.los[slot] = lo;
  }

  private grow(): void {
    const { rows, his, los } = this;
    this.rows = new Int32Array(rows.length * 2).fill(-1);
    this.his = new Uint32Array(rows.length * 2);
    this.los = new Uint32Array(rows.length * 2);
    this.size = 0;
    for (let slot = 0; slot < rows.length; slot++) if (rows[slot] >= 0) this.set(his[slot], los[slot], rows[slot]);
  }
}

export class HashedRows {
  private data: Buffer;
  private rowCount: number;
  /** Rows below this index are sorted by hash (a loaded base file) and found by binary search. */
  private readonly sortedCount: number;
  /** Rows appended after the sorted ones. */
  private readonly index = new RowIndex();

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
    return this.index.get(hi, lo);
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
    this.index.set(hi, lo, row);
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
