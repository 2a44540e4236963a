/**
 * The ledger's usage records and edit events as binary rows (see docs/ledger.md for the byte layout).
 * Identity is the hash of the source's dedup key; a duplicate keeps whichever copy preferRecord/preferEdit picks.
 */
import type { EditEvent, EditOutcome, ToolId, UsageRecord } from '../usage/types';
import { preferRecord } from '../usage/types';
import { hashOfDedupKey, hashToKey } from './hash';
import { HashedRows, NO_STRING, StringTable } from './rows';

export type UpsertOutcome = 'new' | 'replaced' | 'duplicate' | 'invalid';

export const RECORD_ROW_BYTES = 72;
export const EDIT_ROW_BYTES = 56;

const MAX_U32 = 0xffffffff;
const tokenFields = ['inputUncached', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead', 'output', 'reasoning'] as const;

/** Why a record cannot be stored, or undefined when it can. Token counts must be whole and fit 32 bits. */
export function recordProblem(record: UsageRecord): string | undefined {
  if (!Number.isFinite(record.timestampMs)) return 'timestamp is not a finite number';
  if (record.dedupKey === '') return 'empty dedup key';
  for (const field of tokenFields) {
    const value = record[field];
    if (!Number.isInteger(value) || value < 0 || value > MAX_U32) return `${field} is not a whole number between 0 and ${MAX_U32} (${value})`;
  }
  if (record.revision !== undefined && (!Number.isInteger(record.revision) || record.revision < 0 || record.revision > MAX_U32)) return `revision ${record.revision} is out of range`;
  return undefined;
}

const optionalString = (strings: StringTable, value: string | null): number => (value === null ? NO_STRING : strings.intern(value));
const readOptional = (strings: StringTable, id: number): string | null => (id === NO_STRING ? null : strings.get(id));

/** Rows of one kind of item, deduplicated by the hash of the item's key. Bytes 0..8 hold its timestamp. */
abstract class KeyedTable<Item extends { dedupKey: string }> {
  readonly rows: HashedRows;

  constructor(
    protected readonly strings: StringTable,
    rowBytes: number,
    sortedRows?: { buffer: Buffer; count: number },
  ) {
    this.rows = new HashedRows(rowBytes, sortedRows);
  }

  get count(): number {
    return this.rows.count;
  }

  has(dedupKey: string): boolean {
    const { hi, lo } = hashOfDedupKey(dedupKey);
    return this.rows.find(hi, lo) >= 0;
  }

  upsert(item: Item): UpsertOutcome {
    if (this.problem(item) !== undefined) return 'invalid';
    const { hi, lo } = hashOfDedupKey(item.dedupKey);
    const existing = this.rows.find(hi, lo);
    if (existing < 0) {
      this.write(this.rows.append(hi, lo), item);
      return 'new';
    }
    if (this.keepStored(existing, item)) return 'duplicate';
    this.write(existing, item);
    return 'replaced';
  }

  timestampAt(row: number): number {
    return this.rows.buffer.readDoubleLE(this.rows.offsetOf(row));
  }

  abstract get(row: number, withKey?: boolean): Item;
  protected abstract problem(item: Item): string | undefined;
  /** True when the copy stored in `row` wins over an incoming duplicate. */
  protected abstract keepStored(row: number, incoming: Item): boolean;
  protected abstract write(row: number, item: Item): void;
}

export class RecordTable extends KeyedTable<UsageRecord> {
  constructor(strings: StringTable, sortedRows?: { buffer: Buffer; count: number }) {
    super(strings, RECORD_ROW_BYTES, sortedRows);
  }

  protected problem(record: UsageRecord): string | undefined {
    return recordProblem(record);
  }

  protected keepStored(row: number, incoming: UsageRecord): boolean {
    // Without its key text the stored copy is cheap to read back: string-table lookups, no formatting.
    const stored = this.get(row, false);
    return preferRecord(stored, incoming) === stored;
  }

  /** The record in `row`. `withKey: false` leaves dedupKey empty: cheaper, for aggregation that never needs it. */
  get(row: number, withKey = true): UsageRecord {
    const b = this.rows.buffer;
    const o = this.rows.offsetOf(row);
    const flags = b.readUInt8(o + 68);
    const cost = b.readDoubleLE(o + 56);
    const revision = b.readUInt32LE(o + 64);
    const record: UsageRecord = {
      tool: this.strings.get(b.readUInt32LE(o + 16)) as ToolId,
      sessionId: this.strings.get(b.readUInt32LE(o + 20)),
      project: readOptional(this.strings, b.readUInt32LE(o + 24)),
      timestampMs: b.readDoubleLE(o),
      model: this.strings.get(b.readUInt32LE(o + 28)),
      inputUncached: b.readUInt32LE(o + 32),
      cacheWrite5m: b.readUInt32LE(o + 36),
      cacheWrite1h: b.readUInt32LE(o + 40),
      cacheRead: b.readUInt32LE(o + 44),
      output: b.readUInt32LE(o + 48),
      reasoning: b.readUInt32LE(o + 52),
      costReportedUSD: Number.isNaN(cost) ? null : cost,
      dedupKey: withKey ? hashToKey(b.readUInt32LE(o + 8), b.readUInt32LE(o + 12)) : '',
    };
    if (flags & 2) record.speed = flags & 4 ? 'fast' : 'standard';
    if (flags & 1) record.sidechain = true;
    if (revision !== 0) record.revision = revision;
    return record;
  }

  protected write(row: number, record: UsageRecord): void {
    const b = this.rows.buffer;
    const o = this.rows.offsetOf(row);
    b.writeDoubleLE(record.timestampMs, o);
    b.writeUInt32LE(this.strings.intern(record.tool), o + 16);
    b.writeUInt32LE(this.strings.intern(record.sessionId), o + 20);
    b.writeUInt32LE(optionalString(this.strings, record.project), o + 24);
    b.writeUInt32LE(this.strings.intern(record.model), o + 28);
    tokenFields.forEach((field, i) => b.writeUInt32LE(record[field], o + 32 + 4 * i));
    b.writeDoubleLE(record.costReportedUSD ?? Number.NaN, o + 56);
    b.writeUInt32LE(record.revision ?? 0, o + 64);
    const flags = (record.sidechain ? 1 : 0) | (record.speed !== undefined ? 2 : 0) | (record.speed === 'fast' ? 4 : 0);
    b.writeUInt8(flags, o + 68);
  }
}


const outcomes: readonly EditOutcome[] = ['accepted', 'rejected', 'failed', 'unresolved'];

/** Which of two copies of one edit to keep: a resolved outcome beats 'unresolved' (the result line came later). */
export function preferEdit(stored: EditEvent, incoming: EditEvent): EditEvent {
  if (stored.outcome === 'unresolved' && incoming.outcome !== 'unresolved') return incoming;
  return stored;
}

export function editProblem(edit: EditEvent): string | undefined {
  if (!Number.isFinite(edit.timestampMs)) return 'timestamp is not a finite number';
  if (edit.dedupKey === '') return 'empty dedup key';
  if (!outcomes.includes(edit.outcome)) return `unknown outcome ${String(edit.outcome)}`;
  for (const value of [edit.linesAdded, edit.linesRemoved]) {
    if (!Number.isInteger(value) || value < 0 || value > MAX_U32) return `line count ${value} is out of range`;
  }
  return undefined;
}

export class EditTable extends KeyedTable<EditEvent> {
  constructor(strings: StringTable, sortedRows?: { buffer: Buffer; count: number }) {
    super(strings, EDIT_ROW_BYTES, sortedRows);
  }

  protected problem(edit: EditEvent): string | undefined {
    return editProblem(edit);
  }

  protected keepStored(row: number, incoming: EditEvent): boolean {
    const stored = this.get(row);
    return preferEdit(stored, incoming) === stored;
  }

  get(row: number, withKey = true): EditEvent {
    const b = this.rows.buffer;
    const o = this.rows.offsetOf(row);
    const flags = b.readUInt8(o + 49);
    return {
      tool: this.strings.get(b.readUInt32LE(o + 16)) as ToolId,
      sessionId: this.strings.get(b.readUInt32LE(o + 20)),
      project: readOptional(this.strings, b.readUInt32LE(o + 24)),
      timestampMs: b.readDoubleLE(o),
      model: readOptional(this.strings, b.readUInt32LE(o + 28)),
      filePath: readOptional(this.strings, b.readUInt32LE(o + 32)),
      toolName: this.strings.get(b.readUInt32LE(o + 36)),
      outcome: outcomes[b.readUInt8(o + 48)] ?? 'unresolved',
      userModified: (flags & 1) !== 0,
      autoApproved: flags & 2 ? (flags & 4) !== 0 : null,
      linesAdded: b.readUInt32LE(o + 40),
      linesRemoved: b.readUInt32LE(o + 44),
      dedupKey: withKey ? hashToKey(b.readUInt32LE(o + 8), b.readUInt32LE(o + 12)) : '',
    };
  }

  protected write(row: number, edit: EditEvent): void {
    const b = this.rows.buffer;
    const o = this.rows.offsetOf(row);
    b.writeDoubleLE(edit.timestampMs, o);
    b.writeUInt32LE(this.strings.intern(edit.tool), o + 16);
    b.writeUInt32LE(this.strings.intern(edit.sessionId), o + 20);
    b.writeUInt32LE(optionalString(this.strings, edit.project), o + 24);
    b.writeUInt32LE(optionalString(this.strings, edit.model), o + 28);
    b.writeUInt32LE(optionalString(this.strings, edit.filePath), o + 32);
    b.writeUInt32LE(this.strings.intern(edit.toolName), o + 36);
    b.writeUInt32LE(edit.linesAdded, o + 40);
    b.writeUInt32LE(edit.linesRemoved, o + 44);
    b.writeUInt8(outcomes.indexOf(edit.outcome), o + 48);
    const flags = (edit.userModified ? 1 : 0) | (edit.autoApproved !== null ? 2 : 0) | (edit.autoApproved ? 4 : 0);
    b.writeUInt8(flags, o + 49);
  }
}
