/**
 * The durable ledger in `<data folder>/ledger/`: a compacted base file plus per-process segment files.
 * Loading folds them together (dedup by key, newest file state wins); compaction rewrites the base under an
 * exclusive lock, rolls detail older than the retention horizon into daily aggregates, and deletes the
 * segments it folded. Safe with several processes (VS Code windows, the CLI) at once; see docs/ledger.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { EditEvent, UsageRecord } from '../usage/types';
import { LocalCalendar, systemTimeZone } from '../time/localCalendar';
import { CorruptBaseError, decodeBase, encodeBase, readBase, readBaseAsync } from './baseFile';
import { tryLock, processIsAlive } from './lock';
import { LEDGER_VERSION, ledgerMigrations, type LedgerMigration } from './migrations';
import type { SegmentEntry } from './segmentCodec';
import { listSegments, readSegment, readSegmentAsync, SegmentWriter, type SegmentInfo, type SegmentReadStats } from './segmentFiles';
import { aggregateKey, LedgerStore, type DailyAggregate, type FileState, type StoreSnapshot } from './store';

export interface LedgerLayout {
  root: string;
  basePath: string;
  segmentsDir: string;
  lockPath: string;
}

export function ledgerLayout(dataDir: string): LedgerLayout {
  const root = path.join(dataDir, 'ledger');
  return { root, basePath: path.join(root, 'base.bin'), segmentsDir: path.join(root, 'segments'), lockPath: path.join(root, 'compact.lock') };
}

/** What one ingest round hands the ledger for one source file: written records first, then the file's new state. */
export interface LedgerBatch {
  records: readonly UsageRecord[];
  edits: readonly EditEvent[];
  file: FileState;
}

/** Where the ingester puts what it read: the durable ledger, or a throw-away one (`--no-ledger`). */
export interface LedgerTarget {
  readonly store: LedgerStore;
  persist(batch: LedgerBatch): void;
  /** Ends a write round (makes it durable); may compact. */
  finishRound(): void;
}

/** A ledger that lives only in memory: what `tokenwise report --no-ledger` ingests into. */
export class MemoryLedger implements LedgerTarget {
  readonly store = new LedgerStore();
  persist(): void {}
  finishRound(): void {}
}

export interface LedgerOptions {
  dataDir: string;
  /** Days of per-response detail to keep; older days are rolled up into daily aggregates. Null: keep all. */
  retentionDays?: number | null;
  /** The zone whose local days rolled-up aggregates use (default: the system zone). */
  timeZone?: string;
  migrations?: readonly LedgerMigration[];
  now?: () => number;
  /** Compact once sealed segments hold this many bytes… */
  compactAfterBytes?: number;
  /** …or this many files. */
  compactAfterSegments?: number;
}

export const DEFAULT_RETENTION_DAYS = 400;
const DEFAULT_COMPACT_AFTER_BYTES = 8 * 1024 * 1024;
const DEFAULT_COMPACT_AFTER_SEGMENTS = 32;
const DAY_MS = 86_400_000;

interface LoadedLedger {
  store: LedgerStore;
  warnings: string[];
  segments: SegmentInfo[];
  /** The base file's format version; undefined when there is no base. */
  baseVersion: number | undefined;
}

function fileIdentity(filePath: string): string {
  try {
    const s = fs.statSync(filePath);
    return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
  } catch {
    return 'absent';
  }
}

function applyEntry(store: LedgerStore, entry: SegmentEntry): void {
  if (entry.kind === 'record') store.addRecord(entry.record);
  else if (entry.kind === 'edit') store.addEdit(entry.edit);
  else if (entry.kind === 'file') store.setFileState(entry.file);
}

/** One try at reading the ledger: what was listed and seen before reading, and what reading found. */
class LoadAttempt {
  readonly segments: SegmentInfo[];
  private readonly baseBefore: string;
  private readonly warnings: string[] = [];
  private store: LedgerStore = new LedgerStore();
  private baseVersion: number | undefined;
  private vanished = false;

  constructor(
    private readonly layout: LedgerLayout,
    /** Kept across attempts: moving a damaged base aside is itself a change that makes us read again. */
    private readonly baseWarnings: string[],
    private readonly now: () => number,
  ) {
    this.segments = listSegments(layout.segmentsDir);
    this.baseBefore = fileIdentity(layout.basePath);
  }

  /** Starts the store from the base `read` returns; a damaged base is moved aside (never deleted) and skipped. */
  baseRead(read: () => StoreSnapshot | undefined): void {
    let snapshot: StoreSnapshot | undefined;
    try {
      snapshot = read();
    } catch (error) {
      if (!(error instanceof CorruptBaseError)) throw error;
      const aside = `${this.layout.basePath}.damaged-${this.now()}`;
      fs.renameSync(this.layout.basePath, aside);
      this.baseWarnings.push(`${error.message}; moved it aside to ${aside} and rebuilt the ledger from the sources and segments`);
    }
    this.baseVersion = snapshot?.formatVersion;
    this.store = new LedgerStore(snapshot);
  }

  /** Where a segment's entries go (after {@link baseRead}). */
  entrySink(): (entry: SegmentEntry) => void {
    const store = this.store;
    return (entry) => applyEntry(store, entry);
  }

  /** Notes how reading one segment went; one that vanished was folded by a compaction meanwhile. */
  segmentRead(segment: SegmentInfo, read: () => SegmentReadStats): void {
    try {
      const stats = read();
      if (stats.damagedLines > 0) this.warnings.push(`${segment.path}: ignored ${stats.damagedLines} damaged line(s)`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.vanished = true;
    }
  }

  /** The result, or undefined when a compaction changed the files under us and the read must start again. */
  result(): LoadedLedger | undefined {
    const consistent = fileIdentity(this.layout.basePath) === this.baseBefore || (!this.vanished && this.baseBefore === 'absent');
    return consistent ? { store: this.store, warnings: [...this.baseWarnings, ...this.warnings], segments: this.segments, baseVersion: this.baseVersion } : undefined;
  }
}

const MAX_LOAD_ATTEMPTS = 5;

function keptChanging(layout: LedgerLayout): Error {
  return new Error(`the ledger in ${layout.root} kept changing while it was being read; try again`);
}

/** A promise's outcome as a function that returns its value or throws its error, for LoadAttempt's handlers. */
async function settle<T>(promise: Promise<T>): Promise<() => T> {
  try {
    const value = await promise;
    return () => value;
  } catch (error) {
    return () => {
      throw error;
    };
  }
}

/**
 * Reads base + segments into one store. A compaction may replace the base and delete segments while we
 * read; we notice (the base changed, or a listed segment vanished) and read again.
 */
export function loadLedger(layout: LedgerLayout, migrations: readonly LedgerMigration[] = ledgerMigrations, now: () => number = Date.now, verifyChecksum = false): LoadedLedger {
  const baseWarnings: string[] = [];
  for (let attempt = 0; attempt < MAX_LOAD_ATTEMPTS; attempt++) {
    const load = new LoadAttempt(layout, baseWarnings, now);
    load.baseRead(() => readBase(layout.basePath, verifyChecksum));
    for (const segment of load.segments) load.segmentRead(segment, () => readSegment(segment.path, migrations, load.entrySink()));
    const loaded = load.result();
    if (loaded !== undefined) return loaded;
  }
  throw keptChanging(layout);
}

/**
 * {@link loadLedger} for a process that must stay responsive (the extension host): files are read
 * asynchronously, in chunks, so its event loop keeps running while a big ledger loads.
 */
export async function loadLedgerAsync(layout: LedgerLayout, migrations: readonly LedgerMigration[] = ledgerMigrations, now: () => number = Date.now): Promise<LoadedLedger> {
  const baseWarnings: string[] = [];
  for (let attempt = 0; attempt < MAX_LOAD_ATTEMPTS; attempt++) {
    const load = new LoadAttempt(layout, baseWarnings, now);
    load.baseRead(await settle(readBaseAsync(layout.basePath, false)));
    for (const segment of load.segments) load.segmentRead(segment, await settle(readSegmentAsync(segment.path, migrations, load.entrySink())));
    const loaded = load.result();
    if (loaded !== undefined) return loaded;
  }
  throw keptChanging(layout);
}

/** Segments a compaction may delete once folded: finished ones, and those of writers that died. */
function isFoldable(segment: SegmentInfo): boolean {
  return segment.sealed || (segment.pid !== process.pid && !processIsAlive(segment.pid));
}

export type CompactionResult =
  | { outcome: 'busy' }
  | { outcome: 'compacted'; store: LedgerStore; foldedSegments: number; rolledUpRecords: number; rolledUpEdits: number; warnings: string[] };

/** Adds one record or edit to its day's aggregate. */
function rollInto(aggregates: Map<string, DailyAggregate>, key: Omit<DailyAggregate, 'records' | 'inputUncached' | 'cacheWrite5m' | 'cacheWrite1h' | 'cacheRead' | 'output' | 'reasoning' | 'costReportedUSD' | 'acceptedEdits' | 'rejectedEdits'>): DailyAggregate {
  const id = aggregateKey(key);
  let aggregate = aggregates.get(id);
  if (aggregate === undefined) {
    aggregate = { ...key, records: 0, inputUncached: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, output: 0, reasoning: 0, costReportedUSD: 0, acceptedEdits: 0, rejectedEdits: 0 };
    aggregates.set(id, aggregate);
  }
  return aggregate;
}

/** The rows at or after the horizon; `rollUp` is called for each older one. */
function partitionByHorizon(table: { count: number; timestampAt(row: number): number }, horizon: number | null, rollUp: (row: number) => void): Uint32Array {
  const kept = new Uint32Array(table.count);
  let keptCount = 0;
  for (let row = 0; row < table.count; row++) {
    if (horizon === null || table.timestampAt(row) >= horizon) kept[keptCount++] = row;
    else rollUp(row);
  }
  return kept.subarray(0, keptCount);
}

/**
 * Folds everything on disk into a new base. Returns 'busy' without waiting when another process compacts.
 */
export function compactLedger(options: LedgerOptions): CompactionResult {
  const layout = ledgerLayout(options.dataDir);
  const now = options.now ?? Date.now;
  fs.mkdirSync(layout.root, { recursive: true });
  const lock = tryLock(layout.lockPath, now());
  if (lock === undefined) return { outcome: 'busy' };
  try {
    // The one place the base's checksum is verified: damage is caught before it could be folded into a new base.
    const { store, segments, warnings } = loadLedger(layout, options.migrations ?? ledgerMigrations, now, true);
    const retentionDays = options.retentionDays === undefined ? DEFAULT_RETENTION_DAYS : options.retentionDays;
    const timeZone = options.timeZone ?? systemTimeZone();
    const calendar = new LocalCalendar(timeZone);
    const horizon = retentionDays === null ? null : Math.max(store.rolledUpBeforeMs ?? -Infinity, calendar.startOfDay(calendar.dayNumber(now()) - retentionDays));

    const keptRecords = partitionByHorizon(store.records, horizon, (row) => {
      const r = store.records.get(row);
      const aggregate = rollInto(store.aggregates, { day: calendar.dateKey(r.timestampMs), timeZone, tool: r.tool, model: r.model, project: r.project });
      aggregate.records++;
      for (const field of ['inputUncached', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead', 'output', 'reasoning'] as const) aggregate[field] += r[field];
      aggregate.costReportedUSD += r.costReportedUSD ?? 0;
    });
    const keptEdits = partitionByHorizon(store.edits, horizon, (row) => {
      const e = store.edits.get(row);
      const aggregate = rollInto(store.aggregates, { day: calendar.dateKey(e.timestampMs), timeZone, tool: e.tool, model: e.model ?? '', project: e.project });
      if (e.outcome === 'accepted') aggregate.acceptedEdits++;
      if (e.outcome === 'rejected') aggregate.rejectedEdits++;
    });
    const rolledUpRecords = store.records.count - keptRecords.length;
    const rolledUpEdits = store.edits.count - keptEdits.length;

    const parts = encodeBase({
      strings: store.strings,
      records: { count: keptRecords.length, ...store.records.rows.encodeSorted(keptRecords) },
      edits: { count: keptEdits.length, ...store.edits.rows.encodeSorted(keptEdits) },
      files: store.files.values(),
      aggregates: store.aggregates.values(),
      rolledUpBeforeMs: horizon === null ? store.rolledUpBeforeMs : horizon,
      createdAtMs: now(),
    });
    writeAtomically(layout.basePath, parts, () => lock.stillHeld());
    let foldedSegments = 0;
    for (const segment of segments) {
      if (!isFoldable(segment)) continue;
      fs.rmSync(segment.path, { force: true });
      foldedSegments++;
    }
    const compacted = new LedgerStore(decodeBase(Buffer.concat(parts), layout.basePath));
    return { outcome: 'compacted', store: compacted, foldedSegments, rolledUpRecords, rolledUpEdits, warnings };
  } finally {
    lock.release();
  }
}

/** Temp file in the same folder, fsync, then rename over the target: readers see the old or the new file, whole. */
function writeAtomically(target: string, parts: readonly Buffer[], stillAllowed: () => boolean): void {
  const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fd = fs.openSync(temp, 'wx');
  try {
    for (const part of parts) {
      let written = 0;
      while (written < part.length) written += fs.writeSync(fd, part, written, part.length - written);
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (!stillAllowed()) {
    fs.rmSync(temp, { force: true });
    throw new Error('lost the ledger compaction lock to another process; nothing was changed');
  }
  fs.renameSync(temp, target);
  try {
    const dir = fs.openSync(path.dirname(target), 'r');
    fs.fsyncSync(dir);
    fs.closeSync(dir);
  } catch {
    // Directories cannot be opened for fsync on Windows; the rename is still atomic there.
  }
}

/** The durable ledger one process works with. */
export class DiskLedger implements LedgerTarget {
  private current: LedgerStore;
  private readonly writer: SegmentWriter;
  private readonly now: () => number;
  private readonly problems: string[];
  private baseVersion: number | undefined;

  private constructor(
    private readonly options: LedgerOptions,
    readonly layout: LedgerLayout,
    loaded: LoadedLedger,
  ) {
    this.current = loaded.store;
    this.baseVersion = loaded.baseVersion;
    this.problems = [...loaded.warnings];
    this.now = options.now ?? Date.now;
    this.writer = new SegmentWriter(layout.segmentsDir, this.now);
  }

  static open(options: LedgerOptions): DiskLedger {
    const layout = ledgerLayout(options.dataDir);
    fs.mkdirSync(layout.segmentsDir, { recursive: true });
    const loaded = loadLedger(layout, options.migrations ?? ledgerMigrations, options.now ?? Date.now);
    return new DiskLedger(options, layout, loaded);
  }

  /** {@link open} without blocking the event loop while the files are read (see loadLedgerAsync). */
  static async openAsync(options: LedgerOptions): Promise<DiskLedger> {
    const layout = ledgerLayout(options.dataDir);
    await fs.promises.mkdir(layout.segmentsDir, { recursive: true });
    const loaded = await loadLedgerAsync(layout, options.migrations ?? ledgerMigrations, options.now ?? Date.now);
    return new DiskLedger(options, layout, loaded);
  }

  get store(): LedgerStore {
    return this.current;
  }

  /** Problems met while loading or compacting (damaged lines, a damaged base moved aside). */
  get warnings(): readonly string[] {
    return this.problems;
  }

  persist(batch: LedgerBatch): void {
    const entries: SegmentEntry[] = [];
    for (const record of batch.records) entries.push({ kind: 'record', record });
    for (const edit of batch.edits) entries.push({ kind: 'edit', edit });
    // The file state goes last: if we die before it is written, the next run re-reads the file and dedups.
    entries.push({ kind: 'file', file: batch.file });
    this.writer.append(entries);
  }

  finishRound(): void {
    this.writer.seal();
    if (this.compactionDue()) this.compact();
  }

  /**
   * Re-reads the ledger from disk, so records other processes (other VS Code windows, the CLI) wrote since
   * this one was opened become visible. Ends this process's write round first.
   */
  refresh(): void {
    this.writer.seal();
    this.useLoaded(loadLedger(this.layout, this.options.migrations ?? ledgerMigrations, this.now));
  }

  /**
   * {@link refresh} without blocking the event loop while the files are read. The store is swapped in one
   * step at the end; a caller must not write to this ledger (ingest) until the promise settles.
   */
  async refreshAsync(): Promise<void> {
    this.writer.seal();
    this.useLoaded(await loadLedgerAsync(this.layout, this.options.migrations ?? ledgerMigrations, this.now));
  }

  private useLoaded(loaded: LoadedLedger): void {
    this.current = loaded.store;
    this.baseVersion = loaded.baseVersion;
    for (const warning of loaded.warnings) if (!this.problems.includes(warning)) this.problems.push(warning);
  }

  /** Folds all segments into the base now; false when another process was compacting. */
  compact(): boolean {
    this.writer.seal();
    const result = compactLedger(this.options);
    if (result.outcome === 'busy') return false;
    this.current = result.store;
    this.baseVersion = LEDGER_VERSION;
    for (const warning of result.warnings) if (!this.problems.includes(warning)) this.problems.push(warning);
    return true;
  }

  private compactionDue(): boolean {
    // A base in an older format is rewritten in the current one at the end of the first round.
    if (this.baseVersion !== undefined && this.baseVersion < LEDGER_VERSION) return true;
    const sealed = listSegments(this.layout.segmentsDir).filter(isFoldable);
    if (sealed.length === 0) return false;
    const bytes = sealed.reduce((sum, segment) => sum + segment.size, 0);
    let baseAgeMs = Infinity;
    try {
      baseAgeMs = this.now() - fs.statSync(this.layout.basePath).mtimeMs;
    } catch {
      // no base yet
    }
    return bytes >= (this.options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES) || sealed.length >= (this.options.compactAfterSegments ?? DEFAULT_COMPACT_AFTER_SEGMENTS) || baseAgeMs > DAY_MS;
  }
}
