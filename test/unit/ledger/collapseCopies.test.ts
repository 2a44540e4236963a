/**
 * The ingester folds the copies of one response in a read (Claude Code's streamed copies) before they reach the
 * ledger. Property: on random reads full of repeated keys, refused values and rolled-up days, the ledger ends up
 * exactly as if every copy had been added one by one, and what is persisted is the final copy of every changed key.
 */
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { LedgerBatch, LedgerTarget } from '../../../src/core/ledger/diskLedger';
import { hashOfDedupKey, hashToKey } from '../../../src/core/ledger/hash';
import { ingest } from '../../../src/core/ledger/ingest';
import { LedgerStore } from '../../../src/core/ledger/store';
import type { FileReadResult, SourceReader } from '../../../src/core/usage/sources';
import type { EditEvent, EditOutcome, UsageRecord } from '../../../src/core/usage/types';
import { seededRandom } from '../../support/seededRandom';
import { makeTempDir, removeDir } from './support/workspace';

const T0 = Date.UTC(2026, 0, 10, 12);
const HORIZON = T0 - 5_000;

class RecordingLedger implements LedgerTarget {
  readonly store = new LedgerStore();
  readonly batches: LedgerBatch[] = [];
  persist(batch: LedgerBatch): void {
    this.batches.push(batch);
  }
  finishRound(): void {}
}

/** Reads one real file as the given result. */
function readerOf(file: string, result: FileReadResult): SourceReader {
  return {
    tool: 'claude-code',
    displayName: 'Fixed result',
    locate: async () => [path.dirname(file)],
    listFiles: async () => [file],
    fileMode: () => 'append',
    read: async () => result,
  };
}

function randomRecord(next: () => number, key: string): UsageRecord {
  const record: UsageRecord = { tool: 'claude-code', sessionId: 's', project: '/p', timestampMs: next() < 0.1 ? HORIZON - 1000 : T0 + Math.floor(next() * 3) * 1000, model: 'm', inputUncached: Math.floor(next() * 4), cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: Math.floor(next() * 3) * 1000, output: Math.floor(next() * 5), reasoning: 0, costReportedUSD: null, dedupKey: key };
  if (next() < 0.2) record.sidechain = true;
  if (next() < 0.2) record.revision = Math.floor(next() * 3);
  if (next() < 0.05) record.output = -1; // refused: not a count
  return record;
}

function randomEdit(next: () => number, key: string): EditEvent {
  const outcome: EditOutcome = (['accepted', 'rejected', 'failed', 'unresolved', 'unresolved'] as const)[Math.floor(next() * 5)];
  return { tool: 'claude-code', sessionId: 's', project: '/p', timestampMs: next() < 0.1 ? HORIZON - 1000 : T0 + Math.floor(next() * 3), model: null, filePath: '/p/a.ts', toolName: 'Edit', outcome, userModified: next() < 0.5, autoApproved: null, linesAdded: Math.floor(next() * 3), linesRemoved: next() < 0.05 ? 1.5 : 0, dedupKey: key };
}

const byKey = <T extends { dedupKey: string }>(items: Iterable<T>): T[] => [...items].sort((a, b) => a.dedupKey.localeCompare(b.dedupKey));

describe('ingest folds repeated copies within a read', () => {
  let dir: string;
  beforeEach(() => (dir = makeTempDir('collapse')));
  afterEach(() => removeDir(dir));

  it('leaves the ledger exactly as adding every copy one by one would, and persists each changed key once', async () => {
    const next = seededRandom(2026);
    const file = path.join(dir, 'log.jsonl');
    fs.writeFileSync(file, 'x\n');
    for (let trial = 0; trial < 150; trial++) {
      const keys = Array.from({ length: 1 + Math.floor(next() * 6) }, (_, i) => `k${i}`);
      const pick = (): string => keys[Math.floor(next() * keys.length)];
      const earlier = Array.from({ length: Math.floor(next() * 4) }, () => randomRecord(next, pick()));
      const earlierEdits = Array.from({ length: Math.floor(next() * 3) }, () => randomEdit(next, pick()));
      const read: FileReadResult = {
        records: Array.from({ length: Math.floor(next() * 12) }, () => randomRecord(next, pick())),
        edits: Array.from({ length: Math.floor(next() * 8) }, () => randomEdit(next, pick())),
        cursor: { offset: 2, state: null },
        malformed: 0,
        warnings: [],
      };

      const expected = new LedgerStore();
      const ledger = new RecordingLedger();
      for (const store of [expected, ledger.store]) {
        store.rolledUpBeforeMs = HORIZON;
        for (const record of earlier) store.addRecord(record);
        for (const edit of earlierEdits) store.addEdit(edit);
      }
      const recordsBefore = expected.records.count;
      let refused = 0;
      let rolledUp = 0;
      for (const outcome of [...read.records.map((r) => expected.addRecord(r)), ...read.edits.map((e) => expected.addEdit(e))]) {
        if (outcome === 'invalid') refused++;
        if (outcome === 'rolled-up') rolledUp++;
      }

      const [summary] = await ingest({ target: ledger, sources: [{ reader: readerOf(file, read), overridePaths: [] }], locate: { env: {}, homeDir: dir, platform: 'linux' } });
      const context = `trial ${trial}`;
      assert.deepEqual(byKey(ledger.store.allRecords()), byKey(expected.allRecords()), context);
      assert.deepEqual(byKey(ledger.store.allEdits()), byKey(expected.allEdits()), context);
      assert.equal(summary.malformed, refused, context);
      assert.equal(summary.skippedRolledUp, rolledUp, context);

      // Persisted: one copy per key, and it is the copy the ledger now holds.
      const [batch] = ledger.batches;
      const held = new Map([...ledger.store.allRecords()].map((r) => [r.dedupKey, r]));
      const persisted = batch.records.map((r) => storedKey(r.dedupKey));
      assert.equal(new Set(persisted).size, persisted.length, `${context}: a key persisted twice`);
      for (const record of batch.records) assert.deepEqual(asStored(record), held.get(storedKey(record.dedupKey)), `${context}: persisted ${record.dedupKey}`);
      assert.equal(summary.newRecords, expected.records.count - recordsBefore, context);
      assert.equal(summary.newRecords + summary.updatedRecords, batch.records.length, context);
    }
  });
});

/** A record as the ledger gives it back: the key as its hash, no zero revision. */
function asStored(record: UsageRecord): UsageRecord {
  const stored: UsageRecord = { ...record, dedupKey: storedKey(record.dedupKey) };
  if (stored.revision === 0) delete stored.revision;
  return stored;
}

function storedKey(key: string): string {
  const { hi, lo } = hashOfDedupKey(key);
  return hashToKey(hi, lo);
}
