/**
 * The ledger's in-memory state: deduplicated records and edits, per-source-file read state, and the daily
 * aggregates that replace detail older than the retention horizon. Persistence lives in diskLedger.ts.
 */
import type { ReadCursor } from '../usage/sources';
import type { EditEvent, ToolId, UsageRecord } from '../usage/types';
import type { ColumnBlock } from './columns';
import { EditTable, RecordTable, type UpsertOutcome } from './records';
import { StringTable } from './rows';

/** What the ingester remembers about one source file between runs. Paths and numbers only. */
export interface FileState {
  path: string;
  tool: ToolId;
  mode: 'append' | 'whole';
  size: number;
  mtimeMs: number;
  cursor: ReadCursor;
  /** Hash of the first `fingerprintBytes` bytes (append files) or of the whole content (whole files). */
  fingerprint: string;
  fingerprintBytes: number;
  /** When this state was recorded: the newest wins when several processes recorded one. */
  seenAtMs: number;
}

/** One rolled-up day of one (tool, model, project): what remains of records past the retention horizon. */
export interface DailyAggregate extends Pick<UsageRecord, 'inputUncached' | 'cacheWrite5m' | 'cacheWrite1h' | 'cacheRead' | 'output' | 'reasoning'> {
  /** Local date (YYYY-MM-DD) in `timeZone`, the zone of the process that rolled the day up. */
  day: string;
  timeZone: string;
  tool: ToolId;
  /** The model id; '' for edits whose source did not name one. */
  model: string;
  project: string | null;
  records: number;
  costReportedUSD: number;
  acceptedEdits: number;
  rejectedEdits: number;
}

export function aggregateKey(a: Pick<DailyAggregate, 'day' | 'tool' | 'model' | 'project'>): string {
  return JSON.stringify([a.day, a.tool, a.model, a.project]);
}

export interface StoreSnapshot {
  strings: StringTable;
  records?: ColumnBlock;
  edits?: ColumnBlock;
  files?: readonly FileState[];
  aggregates?: readonly DailyAggregate[];
  rolledUpBeforeMs?: number | null;
  /** The ledger version of the base file this came from (older ones are rewritten by the next compaction). */
  formatVersion?: number;
}

export class LedgerStore {
  readonly strings: StringTable;
  readonly records: RecordTable;
  readonly edits: EditTable;
  readonly files = new Map<string, FileState>();
  readonly aggregates = new Map<string, DailyAggregate>();
  /** Records and edits older than this were rolled up into {@link aggregates}; later copies of them are ignored. */
  rolledUpBeforeMs: number | null;

  constructor(snapshot: StoreSnapshot = { strings: new StringTable() }) {
    this.strings = snapshot.strings;
    this.records = new RecordTable(this.strings, snapshot.records);
    this.edits = new EditTable(this.strings, snapshot.edits);
    for (const file of snapshot.files ?? []) this.setFileState(file);
    for (const aggregate of snapshot.aggregates ?? []) this.aggregates.set(aggregateKey(aggregate), aggregate);
    this.rolledUpBeforeMs = snapshot.rolledUpBeforeMs ?? null;
  }

  /** True when the timestamp falls in days already rolled up, so the item must not be counted again. */
  isRolledUp(timestampMs: number): boolean {
    return this.rolledUpBeforeMs !== null && timestampMs < this.rolledUpBeforeMs;
  }

  addRecord(record: UsageRecord): UpsertOutcome | 'rolled-up' {
    return this.isRolledUp(record.timestampMs) ? 'rolled-up' : this.records.upsert(record);
  }

  addEdit(edit: EditEvent): UpsertOutcome | 'rolled-up' {
    return this.isRolledUp(edit.timestampMs) ? 'rolled-up' : this.edits.upsert(edit);
  }

  /** Keeps the most recently recorded state of each file. */
  setFileState(state: FileState): void {
    const current = this.files.get(state.path);
    if (current === undefined || state.seenAtMs >= current.seenAtMs) this.files.set(state.path, state);
  }

  /** Every detail record; `withKeys: false` skips formatting dedup keys (for aggregation). */
  *allRecords(withKeys = true): Generator<UsageRecord> {
    for (let row = 0; row < this.records.count; row++) yield this.records.get(row, withKeys);
  }

  *allEdits(withKeys = true): Generator<EditEvent> {
    for (let row = 0; row < this.edits.count; row++) yield this.edits.get(row, withKeys);
  }
}
