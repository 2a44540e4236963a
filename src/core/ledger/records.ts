/**
 * The ledger's usage records and edit events as binary rows (see docs/ledger.md for the byte layout).
 * Identity is the hash of the source's dedup key; a duplicate keeps whichever copy preferRecord/preferEdit picks.
 */
import type { EditEvent, EditOutcome, ToolId, UsageRecord } from '../usage/types';
import { preferRecord } from '../usage/types';
import type { ColumnBlock, RowField, RowSchema } from './columns';
import { hashOfDedupKey, hashToKey } from './hash';
import { HASH_HI_FIELD, HASH_LO_FIELD, HashedRows, NO_STRING, StringTable, TIMESTAMP_FIELD } from './rows';

export type UpsertOutcome = 'new' | 'replaced' | 'duplicate' | 'invalid';

export const RECORD_ROW_BYTES = 72;
export const EDIT_ROW_BYTES = 56;

const u32 = (offset: number): RowField => ({ offset, type: 'u32' });
/** The fields every row starts with: timestamp, then the key hash (hi, lo). */
const keyFields: readonly RowField[] = [{ offset: 0, type: 'f64' }, u32(8), u32(12)];

/**
 * A record row's fields, in column order. The offsets are those of a fixed-width row (in memory, and in a
 * version-1 base file): see the byte layout in docs/ledger.md.
 */
export const RECORD_SCHEMA: RowSchema = {
  rowBytes: RECORD_ROW_BYTES,
  fields: [...keyFields, u32(16), u32(20), u32(24), u32(28), u32(32), u32(36), u32(40), u32(44), u32(48), u32(52), { offset: 56, type: 'f64' }, u32(64), { offset: 68, type: 'u8' }],
};
/** Field numbers in {@link RECORD_SCHEMA}; `Tokens` is the first of the six token counts, in tokenFields order. */
const R = { Tool: 3, Session: 4, Project: 5, Model: 6, Tokens: 7, Cost: 13, Revision: 14, Flags: 15 } as const;

export const EDIT_SCHEMA: RowSchema = {
  rowBytes: EDIT_ROW_BYTES,
  fields: [...keyFields, u32(16), u32(20), u32(24), u32(28), u32(32), u32(36), u32(40), u32(44), { offset: 48, type: 'u8' }, { offset: 49, type: 'u8' }],
};
/** Field numbers in {@link EDIT_SCHEMA}. */
const E = { Tool: 3, Session: 4, Project: 5, Model: 6, FilePath: 7, ToolName: 8, LinesAdded: 9, LinesRemoved: 10, Outcome: 11, Flags: 12 } as const;

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
  /** One row's fields while it is being read or written: no allocation per row. */
  protected readonly scratch: Float64Array;

  constructor(
    protected readonly strings: StringTable,
    schema: RowSchema,
    base?: ColumnBlock,
  ) {
    this.rows = new HashedRows(schema, base);
    this.scratch = new Float64Array(schema.fields.length);
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
    return this.rows.value(row, TIMESTAMP_FIELD);
  }

  abstract get(row: number, withKey?: boolean): Item;
  protected abstract problem(item: Item): string | undefined;
  /** True when the copy stored in `row` wins over an incoming duplicate. */
  protected abstract keepStored(row: number, incoming: Item): boolean;
  protected abstract write(row: number, item: Item): void;
}

export class RecordTable extends KeyedTable<UsageRecord> {
  constructor(strings: StringTable, base?: ColumnBlock) {
    super(strings, RECORD_SCHEMA, base);
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
    const v = this.scratch;
    this.rows.load(row, v);
    const flags = v[R.Flags];
    const cost = v[R.Cost];
    const record: UsageRecord = {
      tool: this.strings.get(v[R.Tool]) as ToolId,
      sessionId: this.strings.get(v[R.Session]),
      project: readOptional(this.strings, v[R.Project]),
      timestampMs: v[TIMESTAMP_FIELD],
      model: this.strings.get(v[R.Model]),
      inputUncached: v[R.Tokens],
      cacheWrite5m: v[R.Tokens + 1],
      cacheWrite1h: v[R.Tokens + 2],
      cacheRead: v[R.Tokens + 3],
      output: v[R.Tokens + 4],
      reasoning: v[R.Tokens + 5],
      costReportedUSD: Number.isNaN(cost) ? null : cost,
      dedupKey: withKey ? hashToKey(v[HASH_HI_FIELD], v[HASH_LO_FIELD]) : '',
    };
    if (flags & 2) record.speed = flags & 4 ? 'fast' : 'standard';
    if (flags & 1) record.sidechain = true;
    if (v[R.Revision] !== 0) record.revision = v[R.Revision];
    return record;
  }

  protected write(row: number, record: UsageRecord): void {
    const v = this.scratch;
    v[TIMESTAMP_FIELD] = record.timestampMs;
    v[R.Tool] = this.strings.intern(record.tool);
    v[R.Session] = this.strings.intern(record.sessionId);
    v[R.Project] = optionalString(this.strings, record.project);
    v[R.Model] = this.strings.intern(record.model);
    tokenFields.forEach((field, i) => (v[R.Tokens + i] = record[field]));
    v[R.Cost] = record.costReportedUSD ?? Number.NaN;
    v[R.Revision] = record.revision ?? 0;
    v[R.Flags] = (record.sidechain ? 1 : 0) | (record.speed !== undefined ? 2 : 0) | (record.speed === 'fast' ? 4 : 0);
    this.rows.store(row, v);
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
  constructor(strings: StringTable, base?: ColumnBlock) {
    super(strings, EDIT_SCHEMA, base);
  }

  protected problem(edit: EditEvent): string | undefined {
    return editProblem(edit);
  }

  protected keepStored(row: number, incoming: EditEvent): boolean {
    const stored = this.get(row);
    return preferEdit(stored, incoming) === stored;
  }

  get(row: number, withKey = true): EditEvent {
    const v = this.scratch;
    this.rows.load(row, v);
    const flags = v[E.Flags];
    return {
      tool: this.strings.get(v[E.Tool]) as ToolId,
      sessionId: this.strings.get(v[E.Session]),
      project: readOptional(this.strings, v[E.Project]),
      timestampMs: v[TIMESTAMP_FIELD],
      model: readOptional(this.strings, v[E.Model]),
      filePath: readOptional(this.strings, v[E.FilePath]),
      toolName: this.strings.get(v[E.ToolName]),
      outcome: outcomes[v[E.Outcome]] ?? 'unresolved',
      userModified: (flags & 1) !== 0,
      autoApproved: flags & 2 ? (flags & 4) !== 0 : null,
      linesAdded: v[E.LinesAdded],
      linesRemoved: v[E.LinesRemoved],
      dedupKey: withKey ? hashToKey(v[HASH_HI_FIELD], v[HASH_LO_FIELD]) : '',
    };
  }

  protected write(row: number, edit: EditEvent): void {
    const v = this.scratch;
    v[TIMESTAMP_FIELD] = edit.timestampMs;
    v[E.Tool] = this.strings.intern(edit.tool);
    v[E.Session] = this.strings.intern(edit.sessionId);
    v[E.Project] = optionalString(this.strings, edit.project);
    v[E.Model] = optionalString(this.strings, edit.model);
    v[E.FilePath] = optionalString(this.strings, edit.filePath);
    v[E.ToolName] = this.strings.intern(edit.toolName);
    v[E.LinesAdded] = edit.linesAdded;
    v[E.LinesRemoved] = edit.linesRemoved;
    v[E.Outcome] = outcomes.indexOf(edit.outcome);
    v[E.Flags] = (edit.userModified ? 1 : 0) | (edit.autoApproved !== null ? 2 : 0) | (edit.autoApproved ? 4 : 0);
    this.rows.store(row, v);
  }
}
