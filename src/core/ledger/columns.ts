/**
 * Column-wise storage of the base file's rows (ledger format version 2).
 *
 * Every field of a row kind (a record's timestamp, model id, output tokens, …) is stored as one column, in the
 * narrowest encoding that holds every value of that column exactly: a single constant (a column that is all
 * zero, like `reasoning` for Claude Code, costs no bytes), small whole numbers as 1-, 2- or 4-byte offsets from
 * the column's minimum, numbers up to 2^48 apart (timestamps spanning years) as a 4-byte low part plus a 1- or
 * 2-byte high part, anything else as 64-bit floats. A million records take about 30–40 bytes each instead of
 * the 72 of a fixed-width row. That matters because loading is bounded by how many bytes of fresh memory the
 * process touches, not by parsing: the columns are typed-array views on the bytes read from the file, and no
 * per-row object is made until a row is asked for.
 */
import os from 'node:os';

export type FieldType = 'f64' | 'u32' | 'u8';

/** One field of a row: where it sits in a fixed-width row (in memory, and in a version-1 base file). */
export interface RowField {
  offset: number;
  type: FieldType;
}

export interface RowSchema {
  rowBytes: number;
  fields: readonly RowField[];
}

/** How one column is stored in a version-2 base file (kept in the file's header). */
export type ColumnEncoding =
  /** Every row has this value; null stands for NaN (JSON has no NaN). */
  | { kind: 'constant'; value: number | null }
  /** value = bias + low[row] + high[row]·2^32; `highWidth` 0 means there is no high part. */
  | { kind: 'int'; bias: number; width: 1 | 2 | 4; highWidth: 0 | 1 | 2 }
  | { kind: 'f64' };

type UintArray = Uint8Array | Uint16Array | Uint32Array;

const TWO_32 = 2 ** 32;
const TWO_48 = 2 ** 48;
const ALIGN = 8;
const LITTLE_ENDIAN = os.endianness() === 'LE';

/** Bytes needed to pad `length` to the column alignment. */
export function paddingAfter(length: number): number {
  return (ALIGN - (length % ALIGN)) % ALIGN;
}

/** A field read in place from fixed-width rows (a version-1 base file). */
interface StridedField {
  view: DataView;
  field: RowField;
  rowBytes: number;
}

/** One decoded column: constant, offset integers, floats, or a field of fixed-width rows. */
export class Column {
  private constructor(
    private readonly constantValue: number,
    private readonly bias: number,
    private readonly low: UintArray | undefined,
    private readonly high: UintArray | undefined,
    private readonly floats: Float64Array | undefined,
    private readonly strided: StridedField | undefined,
  ) {}

  static constant(value: number): Column {
    return new Column(value, 0, undefined, undefined, undefined, undefined);
  }

  static ints(bias: number, low: UintArray, high?: UintArray): Column {
    return new Column(0, bias, low, high, undefined, undefined);
  }

  static floats(values: Float64Array): Column {
    return new Column(0, 0, undefined, undefined, values, undefined);
  }

  static strided(field: StridedField): Column {
    return new Column(0, 0, undefined, undefined, undefined, field);
  }

  at(row: number): number {
    if (this.low !== undefined) return this.high === undefined ? this.bias + this.low[row] : this.bias + this.low[row] + this.high[row] * TWO_32;
    if (this.floats !== undefined) return this.floats[row];
    if (this.strided !== undefined) {
      const { view, field, rowBytes } = this.strided;
      const at = row * rowBytes + field.offset;
      if (field.type === 'f64') return view.getFloat64(at, true);
      return field.type === 'u32' ? view.getUint32(at, true) : view.getUint8(at);
    }
    return this.constantValue;
  }
}

/** Rows stored column by column; read-only (changes to a row are kept beside it, see HashedRows). */
export interface ColumnBlock {
  count: number;
  columns: readonly Column[];
}

function widthFor(range: number): 1 | 2 | 4 {
  if (range < 0x100) return 1;
  if (range < 0x10000) return 2;
  return 4;
}

/** The narrowest exact encoding of these values. */
function chooseEncoding(values: Float64Array): ColumnEncoding {
  if (values.length === 0) return { kind: 'constant', value: 0 };
  const first = values[0];
  let same = true;
  let integers = true;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (same && !Object.is(value, first)) same = false;
    if (integers && !Number.isSafeInteger(value)) integers = false;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (same && (Number.isFinite(first) || Number.isNaN(first))) return { kind: 'constant', value: Number.isNaN(first) ? null : first };
  // -0 is an integer whose sign an offset would lose; no ledger field needs it, floats keep it anyway.
  if (integers && !values.some((value) => Object.is(value, -0))) {
    const range = max - min;
    if (range < TWO_32) return { kind: 'int', bias: min, width: widthFor(range), highWidth: 0 };
    if (range < TWO_48) return { kind: 'int', bias: min, width: 4, highWidth: range / TWO_32 < 0x100 ? 1 : 2 };
  }
  return { kind: 'f64' };
}

function uintArray(width: 1 | 2 | 4, count: number): UintArray {
  if (width === 1) return new Uint8Array(count);
  if (width === 2) return new Uint16Array(count);
  return new Uint32Array(count);
}

/** The bytes of a typed array, little-endian whatever the platform, padded to the alignment. */
function littleEndianBytes(array: UintArray | Float64Array): Buffer[] {
  let bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  if (!LITTLE_ENDIAN && array.BYTES_PER_ELEMENT > 1) {
    bytes = Buffer.from(bytes);
    if (array.BYTES_PER_ELEMENT === 2) bytes.swap16();
    else if (array.BYTES_PER_ELEMENT === 4) bytes.swap32();
    else bytes.swap64();
  }
  const padding = paddingAfter(bytes.length);
  return padding === 0 ? [bytes] : [bytes, Buffer.alloc(padding)];
}

/** Encodes one column's values: its header entry and its bytes (each part padded to the alignment). `values` is not kept. */
export function encodeColumn(values: Float64Array): { encoding: ColumnEncoding; parts: Buffer[] } {
  const encoding = chooseEncoding(values);
  if (encoding.kind === 'constant') return { encoding, parts: [] };
  // A copy: the caller reuses `values` for the next column.
  if (encoding.kind === 'f64') return { encoding, parts: littleEndianBytes(values.slice()) };
  const low = uintArray(encoding.width, values.length);
  const high = encoding.highWidth === 0 ? undefined : uintArray(encoding.highWidth as 1 | 2, values.length);
  for (let i = 0; i < values.length; i++) {
    const offset = values[i] - encoding.bias;
    low[i] = offset % TWO_32;
    if (high !== undefined) high[i] = Math.floor(offset / TWO_32);
  }
  return { encoding, parts: high === undefined ? littleEndianBytes(low) : [...littleEndianBytes(low), ...littleEndianBytes(high)] };
}

/** Bytes a column of `count` rows takes in the file, padding included. */
export function encodedColumnBytes(encoding: ColumnEncoding, count: number): number {
  const padded = (bytes: number): number => bytes + paddingAfter(bytes);
  if (encoding.kind === 'constant') return 0;
  if (encoding.kind === 'f64') return padded(count * 8);
  return padded(count * encoding.width) + padded(count * encoding.highWidth);
}

/**
 * A typed array over `count` elements of `width` bytes at `offset` of `bytes`: a view when the platform is
 * little-endian and the offset aligned (the normal case: no copy), otherwise a converted copy.
 */
function typedArrayAt(bytes: Buffer, offset: number, width: 1 | 2 | 4 | 8, count: number): UintArray | Float64Array {
  const make = (buffer: ArrayBufferLike, byteOffset: number): UintArray | Float64Array => {
    if (width === 1) return new Uint8Array(buffer, byteOffset, count);
    if (width === 2) return new Uint16Array(buffer, byteOffset, count);
    if (width === 4) return new Uint32Array(buffer, byteOffset, count);
    return new Float64Array(buffer, byteOffset, count);
  };
  const absolute = bytes.byteOffset + offset;
  if (LITTLE_ENDIAN && absolute % width === 0) return make(bytes.buffer, absolute);
  const copy = Buffer.from(bytes.subarray(offset, offset + width * count));
  if (!LITTLE_ENDIAN) {
    if (width === 2) copy.swap16();
    else if (width === 4) copy.swap32();
    else if (width === 8) copy.swap64();
  }
  // A fresh Buffer this large owns its memory from offset 0; a small one from the pool is 8-aligned.
  return make(copy.buffer, copy.byteOffset);
}

function constantOf(encoding: { value: number | null }): number {
  return encoding.value === null ? Number.NaN : encoding.value;
}

/**
 * Decodes columns laid out one after another from `start`; `end` is where the next block starts. Throws a
 * RangeError when the encodings do not describe these bytes (a damaged header): the caller reports it.
 */
export function decodeColumns(encodings: readonly ColumnEncoding[], count: number, bytes: Buffer, start: number): { block: ColumnBlock; end: number } {
  const columns: Column[] = [];
  let position = start;
  const take = (width: 1 | 2 | 4 | 8): UintArray | Float64Array => {
    const length = width * count;
    if (position + length > bytes.length) throw new RangeError('column extends past the end of the file');
    const array = typedArrayAt(bytes, position, width, count);
    position += length + paddingAfter(length);
    return array;
  };
  for (const encoding of encodings) {
    if (encoding.kind === 'constant') columns.push(Column.constant(constantOf(encoding)));
    else if (encoding.kind === 'f64') columns.push(Column.floats(take(8) as Float64Array));
    else {
      const low = take(encoding.width) as UintArray;
      columns.push(Column.ints(encoding.bias, low, encoding.highWidth === 0 ? undefined : (take(encoding.highWidth) as UintArray)));
    }
  }
  return { block: { count, columns }, end: position };
}

/** True when a header's column list is well-formed for a schema (checked before trusting its numbers). */
export function isColumnEncodingList(value: unknown, schema: RowSchema): value is ColumnEncoding[] {
  if (!Array.isArray(value) || value.length !== schema.fields.length) return false;
  return value.every((item: unknown) => {
    if (typeof item !== 'object' || item === null) return false;
    const encoding = item as { kind?: unknown; value?: unknown; bias?: unknown; width?: unknown; highWidth?: unknown };
    if (encoding.kind === 'constant') return encoding.value === null || typeof encoding.value === 'number';
    if (encoding.kind === 'f64') return true;
    return encoding.kind === 'int' && Number.isSafeInteger(encoding.bias) && [1, 2, 4].includes(encoding.width as number) && [0, 1, 2].includes(encoding.highWidth as number);
  });
}

/** Reads one field of a fixed-width row. */
export function readField(bytes: Buffer, rowOffset: number, field: RowField): number {
  if (field.type === 'f64') return bytes.readDoubleLE(rowOffset + field.offset);
  if (field.type === 'u32') return bytes.readUInt32LE(rowOffset + field.offset);
  return bytes.readUInt8(rowOffset + field.offset);
}

export function writeField(bytes: Buffer, rowOffset: number, field: RowField, value: number): void {
  if (field.type === 'f64') bytes.writeDoubleLE(value, rowOffset + field.offset);
  else if (field.type === 'u32') bytes.writeUInt32LE(value, rowOffset + field.offset);
  else bytes.writeUInt8(value, rowOffset + field.offset);
}

/** Columns read in place from fixed-width rows: how a version-1 base file (row by row) is read, without a copy. */
export function columnsFromRows(schema: RowSchema, rows: Buffer, count: number): ColumnBlock {
  const view = new DataView(rows.buffer, rows.byteOffset, rows.byteLength);
  return { count, columns: schema.fields.map((field) => Column.strided({ view, field, rowBytes: schema.rowBytes })) };
}
