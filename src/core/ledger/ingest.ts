/**
 * The ingester: walks every source reader's files and moves what is new into the ledger, reading each file
 * only as far as it has not been read before. Per file it remembers size, mtime, the reader's cursor and a
 * fingerprint; an append-only file that grew with an unchanged prefix is read from the cursor, one that
 * shrank or was rewritten is read again from the start (dedup keys absorb the repeats), a rewritten
 * whole-file source is re-read when its content changed, and a deleted file keeps its records.
 */
import fs from 'node:fs';
import type { FileReadResult, LocateOptions, ReadCursor, SourceReader } from '../usage/sources';
import { preferRecord, type EditEvent, type ToolId, type UsageRecord } from '../usage/types';
import type { LedgerTarget } from './diskLedger';
import { contentFingerprint, PREFIX_FINGERPRINT_BYTES, prefixFingerprint } from './fingerprint';
import { editProblem, preferEdit, recordProblem } from './records';
import type { FileState } from './store';

export interface SourceSelection {
  reader: SourceReader;
  /** Folders the user named for this source (replace auto-detection when non-empty). */
  overridePaths: readonly string[];
}

export interface IngestOptions {
  target: LedgerTarget;
  sources: readonly SourceSelection[];
  locate: Omit<LocateOptions, 'overridePaths'>;
  now?: () => number;
}

export interface ToolIngestSummary {
  tool: ToolId;
  displayName: string;
  /** The folders (or database files) that were looked at. */
  roots: string[];
  filesSeen: number;
  /** Files actually (re-)read this time: new, grown, rewritten. */
  filesRead: number;
  newRecords: number;
  /** Records already known, replaced by a better copy (a streaming copy that grew, a later revision). */
  updatedRecords: number;
  newEdits: number;
  malformed: number;
  /** Records or edits in days already rolled up into aggregates: not counted again. */
  skippedRolledUp: number;
  warnings: string[];
}

type ReadPlan = { action: 'skip' } | { action: 'touch'; fingerprint: { fingerprint: string; bytes: number } } | { action: 'read'; cursor: ReadCursor | undefined };

function planRead(mode: 'append' | 'whole', filePath: string, stat: fs.Stats, saved: FileState | undefined, tool: ToolId): ReadPlan {
  if (saved === undefined || saved.tool !== tool || saved.mode !== mode) return { action: 'read', cursor: undefined };
  const unchanged = stat.size === saved.size && stat.mtimeMs === saved.mtimeMs;
  if (unchanged) return { action: 'skip' };
  if (mode === 'whole') {
    const current = contentFingerprint(filePath);
    return current.fingerprint === saved.fingerprint ? { action: 'touch', fingerprint: current } : { action: 'read', cursor: undefined };
  }
  // Append-only: same size with a new mtime, or a smaller size, means it was rewritten rather than appended to.
  if (stat.size <= saved.size) return { action: 'read', cursor: undefined };
  const prefix = prefixFingerprint(filePath, saved.fingerprintBytes);
  if (prefix.bytes !== saved.fingerprintBytes || prefix.fingerprint !== saved.fingerprint) return { action: 'read', cursor: undefined };
  return { action: 'read', cursor: saved.cursor };
}

function emptySummary(reader: SourceReader): ToolIngestSummary {
  return { tool: reader.tool, displayName: reader.displayName, roots: [], filesSeen: 0, filesRead: 0, newRecords: 0, updatedRecords: 0, newEdits: 0, malformed: 0, skippedRolledUp: 0, warnings: [] };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Collapses the copies in one read that share a dedup key (Claude Code logs one copy of a response per
 * content block) to the copy the ledger would keep, so each key is looked up and written once per file
 * instead of once per copy. The outcome is the same as adding the copies one by one: `prefer` picks by a
 * fixed order of preference and keeps the earlier copy on a tie, so the fold is order-independent. (Copies
 * are grouped by key text; two different texts with one 64-bit hash, which the ledger treats as one key,
 * stay two groups and are still merged by the ledger, only in group order.)
 * Copies the ledger would refuse (impossible values, rolled-up days) are not folded: they are passed on as
 * they are, so each is still counted on its own.
 */
function collapseCopies<Item extends { dedupKey: string; timestampMs: number }>(items: readonly Item[], target: LedgerTarget, problem: (item: Item) => string | undefined, prefer: (stored: Item, incoming: Item) => Item): Item[] {
  if (items.length < 2) return [...items];
  const kept = new Map<string, Item>();
  const refused: Item[] = [];
  for (const item of items) {
    if (problem(item) !== undefined || target.store.isRolledUp(item.timestampMs)) {
      refused.push(item);
      continue;
    }
    const stored = kept.get(item.dedupKey);
    kept.set(item.dedupKey, stored === undefined ? item : prefer(stored, item));
  }
  return [...kept.values(), ...refused];
}

/** Moves one file's new records and edits into the ledger; returns what should be persisted. */
function absorb(target: LedgerTarget, result: FileReadResult, summary: ToolIngestSummary, filePath: string): { records: UsageRecord[]; edits: EditEvent[] } {
  const records: UsageRecord[] = [];
  const edits: EditEvent[] = [];
  const rejected: string[] = [];
  for (const record of collapseCopies(result.records, target, recordProblem, preferRecord)) {
    const outcome = target.store.addRecord(record);
    if (outcome === 'new' || outcome === 'replaced') {
      records.push(record);
      if (outcome === 'new') summary.newRecords++;
      else summary.updatedRecords++;
    } else if (outcome === 'invalid') rejected.push(recordProblem(record) ?? 'invalid record');
    else if (outcome === 'rolled-up') summary.skippedRolledUp++;
  }
  for (const edit of collapseCopies(result.edits, target, editProblem, preferEdit)) {
    const outcome = target.store.addEdit(edit);
    if (outcome === 'new' || outcome === 'replaced') {
      edits.push(edit);
      if (outcome === 'new') summary.newEdits++;
    } else if (outcome === 'invalid') rejected.push(editProblem(edit) ?? 'invalid edit');
    else if (outcome === 'rolled-up') summary.skippedRolledUp++;
  }
  summary.malformed += result.malformed + rejected.length;
  if (rejected.length > 0) summary.warnings.push(`${filePath}: skipped ${rejected.length} entr${rejected.length === 1 ? 'y' : 'ies'} with impossible values (first: ${rejected[0]})`);
  for (const warning of result.warnings) summary.warnings.push(warning);
  return { records, edits };
}

/**
 * Runs a step that opens the file (fingerprinting); a file that cannot be opened (EACCES, a FIFO…) costs a
 * warning and this file only, never the rest of the ingest.
 */
function unlessUnreadable<T>(summary: ToolIngestSummary, filePath: string, step: () => T): T | undefined {
  try {
    return step();
  } catch (error) {
    summary.warnings.push(`${filePath}: could not be read (${describe(error)})`);
    return undefined;
  }
}

async function ingestFile(reader: SourceReader, filePath: string, target: LedgerTarget, summary: ToolIngestSummary, now: () => number): Promise<void> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(filePath);
  } catch (error) {
    // Vanished between listing and reading: its records stay in the ledger, like any deleted source file.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') summary.warnings.push(`${filePath}: ${describe(error)}`);
    return;
  }
  const mode = reader.fileMode(filePath);
  const saved = target.store.files.get(filePath);
  const plan = unlessUnreadable(summary, filePath, () => planRead(mode, filePath, stat, saved, reader.tool));
  if (plan === undefined || plan.action === 'skip') return;
  const base = { path: filePath, tool: reader.tool, mode, size: stat.size, mtimeMs: stat.mtimeMs };
  if (plan.action === 'touch' && saved !== undefined) {
    const file: FileState = { ...base, cursor: saved.cursor, fingerprint: plan.fingerprint.fingerprint, fingerprintBytes: plan.fingerprint.bytes, seenAtMs: now() };
    target.store.setFileState(file);
    target.persist({ records: [], edits: [], file });
    return;
  }
  const cursor = plan.action === 'read' ? plan.cursor : undefined;
  // Fingerprint before reading: if the file changes while we read, the next run notices and re-reads.
  const fingerprint = unlessUnreadable(summary, filePath, () => (mode === 'whole' ? contentFingerprint(filePath) : prefixFingerprint(filePath, Math.min(PREFIX_FINGERPRINT_BYTES, stat.size))));
  if (fingerprint === undefined) return;
  let result: FileReadResult;
  try {
    result = await reader.read(filePath, cursor);
  } catch (error) {
    summary.warnings.push(`${filePath}: could not be read (${describe(error)})`);
    return;
  }
  summary.filesRead++;
  const fresh = absorb(target, result, summary, filePath);
  const file: FileState = { ...base, cursor: result.cursor, fingerprint: fingerprint.fingerprint, fingerprintBytes: fingerprint.bytes, seenAtMs: now() };
  target.store.setFileState(file);
  target.persist({ records: fresh.records, edits: fresh.edits, file });
}

/** Reads everything new from the given sources into the target; one summary per source, in the given order. */
export async function ingest(options: IngestOptions): Promise<ToolIngestSummary[]> {
  const now = options.now ?? Date.now;
  const summaries: ToolIngestSummary[] = [];
  try {
    for (const { reader, overridePaths } of options.sources) {
      const summary = emptySummary(reader);
      summaries.push(summary);
      try {
        summary.roots = await reader.locate({ ...options.locate, overridePaths });
      } catch (error) {
        summary.warnings.push(`could not look for ${reader.displayName} logs: ${describe(error)}`);
        continue;
      }
      for (const root of summary.roots) {
        let files: string[];
        try {
          files = await reader.listFiles(root);
        } catch (error) {
          summary.warnings.push(`${root}: could not be listed (${describe(error)})`);
          continue;
        }
        summary.filesSeen += files.length;
        for (const file of files) await ingestFile(reader, file, options.target, summary, now);
      }
    }
  } finally {
    options.target.finishRound();
  }
  return summaries;
}
