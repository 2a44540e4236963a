/**
 * The compacted base file (`ledger/base.bin`): everything folded so far, written whole by compaction
 * (temp file, fsync, atomic rename), so it is either the old or the new version, never half of one.
 *
 *   version 2: "TWLEDGER" | u32 header length | header JSON | padding to 8 | record columns | edit columns | u32 CRC-32
 *   version 1: "TWLEDGER" | u32 header length | header JSON | record rows | edit rows | u32 CRC-32
 *
 * The CRC-32 covers all preceding bytes. Rows are sorted by key hash so lookups need no index to be built at
 * load. Version 1 (fixed-width rows) is still read, and is replaced by version 2 at the end of the first round.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { ReaderState } from '../usage/sources';
import { assertReadableVersion, LEDGER_VERSION } from './migrations';
import { columnsFromRows, decodeColumns, isColumnEncodingList, paddingAfter, type ColumnBlock, type ColumnEncoding } from './columns';
import { EDIT_ROW_BYTES, EDIT_SCHEMA, RECORD_ROW_BYTES, RECORD_SCHEMA } from './records';
import { StringTable } from './rows';
import { fileStateFromJson, fileStateToJson } from './segmentCodec';
import type { DailyAggregate, FileState, StoreSnapshot } from './store';

const MAGIC = Buffer.from('TWLEDGER', 'ascii');
export const BASE_FORMAT = 'tokenwise-ledger-base';

export class CorruptBaseError extends Error {}

/** What both versions' headers hold besides the row layout. */
interface CommonHeader {
  format: typeof BASE_FORMAT;
  version: number;
  createdAtMs: number;
  recordCount: number;
  editCount: number;
  rolledUpBeforeMs: number | null;
  strings: string[];
  files: ReaderState[];
  aggregates: DailyAggregate[];
}

interface HeaderV1 extends CommonHeader {
  recordRowBytes: number;
  editRowBytes: number;
}

interface HeaderV2 extends CommonHeader {
  recordColumns: ColumnEncoding[];
  editColumns: ColumnEncoding[];
}

/** Rows sorted by key hash, encoded column by column (HashedRows.encodeSorted). */
export interface EncodedRows {
  count: number;
  encodings: ColumnEncoding[];
  parts: Buffer[];
}

export interface BaseContent {
  strings: StringTable;
  records: EncodedRows;
  edits: EncodedRows;
  files: Iterable<FileState>;
  aggregates: Iterable<DailyAggregate>;
  rolledUpBeforeMs: number | null;
  createdAtMs: number;
}

export function encodeBase(content: BaseContent): Buffer[] {
  const header: HeaderV2 = {
    format: BASE_FORMAT,
    version: LEDGER_VERSION,
    createdAtMs: content.createdAtMs,
    recordCount: content.records.count,
    recordColumns: content.records.encodings,
    editCount: content.edits.count,
    editColumns: content.edits.encodings,
    rolledUpBeforeMs: content.rolledUpBeforeMs,
    strings: content.strings.values,
    files: [...content.files].map(fileStateToJson),
    aggregates: [...content.aggregates],
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  // Columns start 8-aligned in the file, so the loader can view them in place as typed arrays.
  const padding = Buffer.alloc(paddingAfter(MAGIC.length + 4 + headerBytes.length));
  const parts = [MAGIC, length, headerBytes, padding, ...content.records.parts, ...content.edits.parts];
  let crc = 0;
  for (const part of parts) crc = zlib.crc32(part, crc);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32LE(crc);
  return [...parts, trailer];
}

/**
 * Reads a base file; undefined when there is none yet. The structure (magic, header, lengths) is always
 * checked; the CRC over every row only with `verifyChecksum`, which compaction uses. The atomic rename
 * already rules out a half-written file, and the structure check catches a truncated one.
 */
export function readBase(filePath: string, verifyChecksum: boolean): StoreSnapshot | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return decodeBase(bytes, filePath, verifyChecksum);
}

/**
 * {@link readBase} with an asynchronous read: the bytes are read (and the fresh memory they fill is touched)
 * on libuv's thread pool, so the caller's event loop only parses the header. Decoding is views, not a copy.
 */
export async function readBaseAsync(filePath: string, verifyChecksum: boolean): Promise<StoreSnapshot | undefined> {
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return decodeBase(bytes, filePath, verifyChecksum);
}

export function decodeBase(bytes: Buffer, filePath: string, verifyChecksum = true): StoreSnapshot {
  const fail = (why: string): never => {
    throw new CorruptBaseError(`${filePath} is damaged (${why})`);
  };
  if (bytes.length < MAGIC.length + 8 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) fail('not a Tokenwise ledger file');
  if (verifyChecksum && zlib.crc32(bytes.subarray(0, bytes.length - 4)) !== bytes.readUInt32LE(bytes.length - 4)) fail('checksum mismatch');
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const headerStart = MAGIC.length + 4;
  let header: CommonHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', headerStart, headerStart + headerLength)) as CommonHeader;
  } catch {
    return fail('unreadable header');
  }
  if (header.format !== BASE_FORMAT) fail('unknown format');
  assertReadableVersion(header.version, filePath);
  if (!Number.isSafeInteger(header.recordCount) || !Number.isSafeInteger(header.editCount) || header.recordCount < 0 || header.editCount < 0) fail('bad row counts');
  const rowsStart = headerStart + headerLength;
  const rowsEnd = bytes.length - 4;
  const rows = header.version <= 1 ? decodeRowsV1(header as HeaderV1, bytes, rowsStart, rowsEnd) : decodeRowsV2(header as HeaderV2, bytes, rowsStart, rowsEnd);
  if (typeof rows === 'string') return fail(rows);
  const files: FileState[] = [];
  for (const value of header.files) {
    const file = fileStateFromJson(value);
    if (file) files.push(file);
  }
  return {
    strings: new StringTable(header.strings),
    records: rows.records,
    edits: rows.edits,
    files,
    aggregates: header.aggregates,
    rolledUpBeforeMs: header.rolledUpBeforeMs,
    formatVersion: header.version,
  };
}

type DecodedRows = { records: ColumnBlock; edits: ColumnBlock } | string;

/** Version 1: fixed-width rows, read in place (the first ingest round compacts, which writes version 2). */
function decodeRowsV1(header: HeaderV1, bytes: Buffer, start: number, end: number): DecodedRows {
  if (header.recordRowBytes !== RECORD_ROW_BYTES || header.editRowBytes !== EDIT_ROW_BYTES) return 'unexpected row size';
  const editStart = start + header.recordCount * RECORD_ROW_BYTES;
  if (editStart + header.editCount * EDIT_ROW_BYTES !== end) return 'length does not match its header';
  return {
    records: columnsFromRows(RECORD_SCHEMA, bytes.subarray(start, editStart), header.recordCount),
    edits: columnsFromRows(EDIT_SCHEMA, bytes.subarray(editStart, end), header.editCount),
  };
}

/** Version 2: columns, viewed in place. */
function decodeRowsV2(header: HeaderV2, bytes: Buffer, start: number, end: number): DecodedRows {
  if (!isColumnEncodingList(header.recordColumns, RECORD_SCHEMA) || !isColumnEncodingList(header.editColumns, EDIT_SCHEMA)) return 'unexpected column layout';
  const columnsStart = start + paddingAfter(start);
  try {
    const records = decodeColumns(header.recordColumns, header.recordCount, bytes, columnsStart);
    const edits = decodeColumns(header.editColumns, header.editCount, bytes, records.end);
    if (edits.end !== end) return 'length does not match its header';
    return { records: records.block, edits: edits.block };
  } catch (error) {
    if (error instanceof RangeError) return 'length does not match its header';
    throw error;
  }
}
