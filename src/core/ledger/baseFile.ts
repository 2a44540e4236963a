/**
 * The compacted base file (`ledger/base.bin`): everything folded so far, written whole by compaction
 * (temp file, fsync, atomic rename), so it is either the old or the new version, never half of one.
 *
 *   "TWLEDGER" | u32 header length | header JSON | record rows | edit rows | u32 CRC-32 of all preceding bytes
 *
 * Rows are sorted by key hash so lookups need no index to be built at load.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { ReaderState } from '../usage/sources';
import { assertReadableVersion, LEDGER_VERSION } from './migrations';
import { EDIT_ROW_BYTES, RECORD_ROW_BYTES } from './records';
import { StringTable } from './rows';
import { fileStateFromJson, fileStateToJson } from './segmentCodec';
import type { DailyAggregate, FileState, StoreSnapshot } from './store';

const MAGIC = Buffer.from('TWLEDGER', 'ascii');
export const BASE_FORMAT = 'tokenwise-ledger-base';

export class CorruptBaseError extends Error {}

interface BaseHeader {
  format: typeof BASE_FORMAT;
  version: number;
  createdAtMs: number;
  recordCount: number;
  recordRowBytes: number;
  editCount: number;
  editRowBytes: number;
  rolledUpBeforeMs: number | null;
  strings: string[];
  files: ReaderState[];
  aggregates: DailyAggregate[];
}

export interface BaseContent {
  strings: StringTable;
  /** Record and edit rows, each already sorted by key hash. */
  recordRows: Buffer;
  editRows: Buffer;
  files: Iterable<FileState>;
  aggregates: Iterable<DailyAggregate>;
  rolledUpBeforeMs: number | null;
  createdAtMs: number;
}

export function encodeBase(content: BaseContent): Buffer[] {
  const header: BaseHeader = {
    format: BASE_FORMAT,
    version: LEDGER_VERSION,
    createdAtMs: content.createdAtMs,
    recordCount: content.recordRows.length / RECORD_ROW_BYTES,
    recordRowBytes: RECORD_ROW_BYTES,
    editCount: content.editRows.length / EDIT_ROW_BYTES,
    editRowBytes: EDIT_ROW_BYTES,
    rolledUpBeforeMs: content.rolledUpBeforeMs,
    strings: content.strings.values,
    files: [...content.files].map(fileStateToJson),
    aggregates: [...content.aggregates],
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  const parts = [MAGIC, length, headerBytes, content.recordRows, content.editRows];
  let crc = 0;
  for (const part of parts) crc = zlib.crc32(part, crc);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32LE(crc);
  return [...parts, trailer];
}

/**
 * Reads a base file; undefined when there is none yet. The structure (magic, header, lengths) is always
 * checked; the CRC over every row only with `verifyChecksum`, which compaction uses. Hashing ~70 MB on every
 * load would double the load time, while the atomic rename already rules out a half-written file.
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

export function decodeBase(bytes: Buffer, filePath: string, verifyChecksum = true): StoreSnapshot {
  const fail = (why: string): never => {
    throw new CorruptBaseError(`${filePath} is damaged (${why})`);
  };
  if (bytes.length < MAGIC.length + 8 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) fail('not a Tokenwise ledger file');
  if (verifyChecksum && zlib.crc32(bytes.subarray(0, bytes.length - 4)) !== bytes.readUInt32LE(bytes.length - 4)) fail('checksum mismatch');
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const headerStart = MAGIC.length + 4;
  let header: BaseHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', headerStart, headerStart + headerLength)) as BaseHeader;
  } catch {
    return fail('unreadable header');
  }
  if (header.format !== BASE_FORMAT) fail('unknown format');
  assertReadableVersion(header.version, filePath);
  if (header.recordRowBytes !== RECORD_ROW_BYTES || header.editRowBytes !== EDIT_ROW_BYTES) fail('unexpected row size');
  const recordStart = headerStart + headerLength;
  const editStart = recordStart + header.recordCount * RECORD_ROW_BYTES;
  const end = editStart + header.editCount * EDIT_ROW_BYTES;
  if (end !== bytes.length - 4) fail('length does not match its header');
  const files: FileState[] = [];
  for (const value of header.files) {
    const file = fileStateFromJson(value);
    if (file) files.push(file);
  }
  return {
    strings: new StringTable(header.strings),
    records: { buffer: bytes.subarray(recordStart, editStart), count: header.recordCount },
    edits: { buffer: bytes.subarray(editStart, end), count: header.editCount },
    files,
    aggregates: header.aggregates,
    rolledUpBeforeMs: header.rolledUpBeforeMs,
  };
}
