/**
 * Binary rows identified by the 64-bit hash of their dedup key: read-only columns loaded from the base file
 * plus fixed-width rows for what changed since. This is what keeps a year of heavy use (≈1M API responses)
 * at ~30–40 MB in memory and on disk instead of several hundred MB of JavaScript objects, and what lets the
 * base file load without parsing.
 */
import { encodeColumn, readField, writeField, type ColumnBlock, type ColumnEncoding, type RowSchema } from './columns';
import { compareHash } from './hash';

/** Every row schema starts with the timestamp (field 0) and the key hash (fields 1 and 2: hi, lo). */
export const TIMESTAMP_FIELD = 0;
export const HASH_HI_FIELD = 1;
export const HASH_LO_FIELD = 2;

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

/** Fixed-width rows in one growable buffer: rows added since the base was loaded, and changed base rows. */
class RowBuffer {
  private data: Buffer;
  private used = 0;

  constructor(private readonly rowBytes: number) {
    this.data = Buffer.alloc(rowBytes * 64);
  }

  get bytes(): Buffer {
    return this.data;
  }

  /** Adds a zeroed row; returns its slot. */
  add(): number {
    if ((this.used + 1) * this.rowBytes > this.data.length) {
      const grown = Buffer.alloc(this.data.length * 2);
      this.data.copy(grown, 0, 0, this.used * this.rowBytes);
      this.data = grown;
    }
    return this.used++;
  }
}

/**
 * The rows of one kind of item (records or edits), each identified by the 64-bit hash of its dedup key.
 * Rows `0 … baseCount-1` come from the base file: read-only columns sorted by hash, found by binary search.
 * A base row that is later replaced by a better copy keeps its number; its new values live in a patch row.
 * Rows added since are fixed-width rows in a growable buffer, found through a hash index.
 */
export class HashedRows {
  private readonly base: ColumnBlock;
  private readonly added: RowBuffer;
  private readonly patches: RowBuffer;
  /** Base row → patch slot, for base rows replaced since loading. */
  private readonly patchSlots = new Map<number, number>();
  private addedCount = 0;
  /** Rows appended after the sorted base rows. */
  private readonly index = new RowIndex();

  constructor(
    readonly schema: RowSchema,
    base?: ColumnBlock,
  ) {
    this.base = base ?? { count: 0, columns: [] };
    this.added = new RowBuffer(schema.rowBytes);
    this.patches = new RowBuffer(schema.rowBytes);
  }

  get count(): number {
    return this.base.count + this.addedCount;
  }

  /** Where a row's fixed-width copy is, or undefined for an unchanged base row (read from the columns). */
  private fixedRow(row: number): { bytes: Buffer; offset: number } | undefined {
    if (row >= this.base.count) return { bytes: this.added.bytes, offset: (row - this.base.count) * this.schema.rowBytes };
    const slot = this.patchSlots.get(row);
    return slot === undefined ? undefined : { bytes: this.patches.bytes, offset: slot * this.schema.rowBytes };
  }

  /** One field of one row. */
  value(row: number, field: number): number {
    const fixed = this.fixedRow(row);
    return fixed === undefined ? this.base.columns[field].at(row) : readField(fixed.bytes, fixed.offset, this.schema.fields[field]);
  }

  /** Every field of one row into `out` (indexed like the schema's fields). */
  load(row: number, out: Float64Array): void {
    const fixed = this.fixedRow(row);
    const fields = this.schema.fields;
    if (fixed === undefined) {
      const columns = this.base.columns;
      for (let field = 0; field < fields.length; field++) out[field] = columns[field].at(row);
    } else {
      for (let field = 0; field < fields.length; field++) out[field] = readField(fixed.bytes, fixed.offset, fields[field]);
    }
  }

  /** Overwrites every field of a row except its key hash; a base row gets a patch row. */
  store(row: number, values: Float64Array): void {
    let fixed = this.fixedRow(row);
    if (fixed === undefined) {
      const slot = this.patches.add();
      this.patchSlots.set(row, slot);
      fixed = { bytes: this.patches.bytes, offset: slot * this.schema.rowBytes };
      this.writeHash(fixed.bytes, fixed.offset, this.hiAt(row), this.loAt(row));
    }
    const fields = this.schema.fields;
    for (let field = 0; field < fields.length; field++) {
      if (field !== HASH_HI_FIELD && field !== HASH_LO_FIELD) writeField(fixed.bytes, fixed.offset, fields[field], values[field]);
    }
  }

  hiAt(row: number): number {
    return row < this.base.count ? this.base.columns[HASH_HI_FIELD].at(row) : this.value(row, HASH_HI_FIELD);
  }

  loAt(row: number): number {
    return row < this.base.count ? this.base.columns[HASH_LO_FIELD].at(row) : this.value(row, HASH_LO_FIELD);
  }

  /** The row holding this hash, or -1. */
  find(hi: number, lo: number): number {
    const hiColumn = this.base.columns[HASH_HI_FIELD];
    const loColumn = this.base.columns[HASH_LO_FIELD];
    let low = 0;
    let high = this.base.count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = compareHash(hiColumn.at(middle), loColumn.at(middle), hi, lo);
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return this.index.get(hi, lo);
  }

  /** Adds a zeroed row carrying this hash and returns its index; the caller fills the other fields with {@link store}. */
  append(hi: number, lo: number): number {
    const slot = this.added.add();
    this.writeHash(this.added.bytes, slot * this.schema.rowBytes, hi, lo);
    const row = this.base.count + slot;
    this.addedCount++;
    this.index.set(hi, lo, row);
    return row;
  }

  private writeHash(bytes: Buffer, offset: number, hi: number, lo: number): void {
    writeField(bytes, offset, this.schema.fields[HASH_HI_FIELD], hi);
    writeField(bytes, offset, this.schema.fields[HASH_LO_FIELD], lo);
  }

  /** The given rows, sorted by hash, encoded column by column: the row block of a base file. */
  encodeSorted(rows: Uint32Array): { encodings: ColumnEncoding[]; parts: Buffer[] } {
    const order = Uint32Array.from(rows).sort((a, b) => compareHash(this.hiAt(a), this.loAt(a), this.hiAt(b), this.loAt(b)));
    const encodings: ColumnEncoding[] = [];
    const parts: Buffer[] = [];
    const values = new Float64Array(order.length);
    for (let field = 0; field < this.schema.fields.length; field++) {
      for (let i = 0; i < order.length; i++) values[i] = this.value(order[i], field);
      const column = encodeColumn(values);
      encodings.push(column.encoding);
      parts.push(...column.parts);
    }
    return { encodings, parts };
  }
}
