import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compactLedger, DiskLedger, ledgerLayout } from '../../../src/core/ledger/diskLedger';
import { LEDGER_VERSION, LedgerVersionError, ledgerMigrations, type LedgerMigration } from '../../../src/core/ledger/migrations';
import { encodeLine } from '../../../src/core/ledger/segmentCodec';
import { listSegments } from '../../../src/core/ledger/segmentFiles';
import { tryLock } from '../../../src/core/ledger/lock';
import { buildReport } from '../../../src/core/report/aggregate';
import type { UsageRecord } from '../../../src/core/usage/types';
import { editLine, usageLine } from './support/fakeSource';
import { ingestFake, spawnIngest, storeTokens, waitForExit, useLedgerWorkspace } from './support/workspace';
import zlib from 'node:zlib';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);

function record(key: string, timestampMs: number, input: number): UsageRecord {
  return { tool: 'codex', sessionId: 's', project: '/p', timestampMs, model: 'gpt-5', inputUncached: input, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, output: 0, reasoning: 0, costReportedUSD: null, dedupKey: key };
}

describe('disk ledger', () => {
  const ws = useLedgerWorkspace('ledger');


  function writeSources(files: number, perFile: number): number {
    let tokens = 0;
    for (let f = 0; f < files; f++) {
      let text = '';
      for (let i = 0; i < perFile; i++) {
        text += usageLine(`f${f}-${i}`, T0 + i * 1000, { in: i + 1, out: 2 });
        tokens += i + 3;
      }
      fs.writeFileSync(path.join(ws.source, `s${String(f).padStart(3, '0')}.jsonl`), text);
    }
    return tokens;
  }

  it('compaction folds segments into the base without changing any figure', async () => {
    const expected = writeSources(3, 20);
    fs.appendFileSync(path.join(ws.source, 's000.jsonl'), editLine('e1', T0, 'accepted'));
    const ledger = DiskLedger.open({ dataDir: ws.dataDir, compactAfterBytes: Infinity, compactAfterSegments: Infinity });
    await ingestFake(ledger, ws.source);
    const layout = ledgerLayout(ws.dataDir);
    assert.equal(fs.existsSync(layout.basePath), true, 'the first round compacts (no base yet)');
    assert.equal(listSegments(layout.segmentsDir).length, 0);
    fs.appendFileSync(path.join(ws.source, 's001.jsonl'), usageLine('late', T0, { in: 1000, out: 0 }));
    await ingestFake(DiskLedger.open({ dataDir: ws.dataDir, compactAfterBytes: Infinity, compactAfterSegments: Infinity }), ws.source);
    assert.equal(listSegments(layout.segmentsDir).length, 1, 'a small round stays a segment');
    const before = DiskLedger.open({ dataDir: ws.dataDir });
    assert.equal(storeTokens(before.store), expected + 1000);
    const result = compactLedger({ dataDir: ws.dataDir });
    assert.equal(result.outcome, 'compacted');
    assert.equal(listSegments(layout.segmentsDir).length, 0);
    const after = DiskLedger.open({ dataDir: ws.dataDir });
    assert.equal(storeTokens(after.store), expected + 1000);
    assert.equal(after.store.records.count, 61);
    assert.equal(after.store.edits.count, 1);
    assert.equal(after.store.files.size, 3);
    // The compacted base is still deduplicated against: nothing new on re-ingest of everything.
    after.store.files.clear();
    const again = await ingestFake(after, ws.source);
    assert.equal(again.newRecords, 0);
    assert.equal(storeTokens(DiskLedger.open({ dataDir: ws.dataDir }).store), expected + 1000);
  });

  it('sees what another process wrote after a refresh', async () => {
    writeSources(1, 3);
    const windowA = DiskLedger.open({ dataDir: ws.dataDir });
    const windowB = DiskLedger.open({ dataDir: ws.dataDir });
    await ingestFake(windowB, ws.source);
    assert.equal(windowA.store.records.count, 0);
    windowA.refresh();
    assert.equal(windowA.store.records.count, 3);
  });

  it('rolls detail older than the retention horizon into daily aggregates with the same totals', async () => {
    const now = T0 + 30 * DAY;
    const records = [record('old1', T0, 100), record('old2', T0 + 60_000, 50), record('new1', now - DAY, 7)];
    const ledger = DiskLedger.open({ dataDir: ws.dataDir, now: () => now });
    for (const r of records) ledger.store.addRecord(r);
    ledger.persist({ records, edits: [], file: { path: '/x', tool: 'codex', mode: 'append', size: 1, mtimeMs: 1, cursor: { offset: 1, state: null }, fingerprint: '', fingerprintBytes: 0, seenAtMs: 1 } });
    ledger.finishRound();
    const result = compactLedger({ dataDir: ws.dataDir, now: () => now, retentionDays: 10, timeZone: 'UTC' });
    assert.ok(result.outcome === 'compacted' && result.rolledUpRecords === 2);
    const reopened = DiskLedger.open({ dataDir: ws.dataDir, now: () => now });
    assert.equal(reopened.store.records.count, 1);
    assert.equal(reopened.store.aggregates.size, 1);
    const report = buildReport(reopened.store, { by: 'day', timeZone: 'UTC', price: () => 0 });
    assert.deepEqual(report.rows.map((row) => [row.key, row.inputTokens]), [['2026-01-10', 150], ['2026-02-08', 7]]);
    // A late copy of a rolled-up record is not counted again.
    assert.equal(reopened.store.addRecord(record('old1', T0, 100)), 'rolled-up');
  });

  it('ignores a torn last line left by a crash and warns about damaged lines in the middle', () => {
    const layout = ledgerLayout(ws.dataDir);
    const ledger = DiskLedger.open({ dataDir: ws.dataDir });
    ledger.persist({ records: [record('a', T0, 5), record('b', T0, 6)], edits: [], file: { path: '/x', tool: 'codex', mode: 'append', size: 1, mtimeMs: 1, cursor: { offset: 1, state: null }, fingerprint: '', fingerprintBytes: 0, seenAtMs: 1 } });
    const [segment] = listSegments(layout.segmentsDir);
    const complete = encodeLine({ kind: 'record', record: record('c', T0, 7) });
    fs.appendFileSync(segment.path, complete.slice(0, complete.length - 9));
    const loaded = DiskLedger.open({ dataDir: ws.dataDir });
    assert.equal(storeTokens(loaded.store), 11);
    assert.deepEqual(loaded.warnings, []);
    const lines = fs.readFileSync(segment.path, 'utf8').split('\n');
    lines[1] = lines[1].replace('"a"', '"z"');
    fs.writeFileSync(segment.path, lines.join('\n'));
    const damaged = DiskLedger.open({ dataDir: ws.dataDir });
    assert.equal(storeTokens(damaged.store), 6);
    assert.match(damaged.warnings.join('\n'), /ignored 1 damaged line/);
  });

  it('moves a damaged base aside, warns, and rebuilds from the sources', async () => {
    const expected = writeSources(1, 5);
    await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source);
    const layout = ledgerLayout(ws.dataDir);
    const bytes = fs.readFileSync(layout.basePath);
    bytes[bytes.length - 10] ^= 0xff;
    fs.writeFileSync(layout.basePath, bytes);
    // Loads trust the atomic rename; compaction verifies every byte before folding the base into a new one.
    assert.equal(compactLedger({ dataDir: ws.dataDir }).outcome, 'compacted');
    const reopened = DiskLedger.open({ dataDir: ws.dataDir });
    assert.deepEqual(reopened.warnings, []);
    assert.equal(fs.readdirSync(layout.root).filter((name) => name.includes('.damaged-')).length, 1);
    assert.equal(reopened.store.records.count, 0, 'the damaged base was set aside, not folded');
    // A truncated base (the structure check) is caught by every load.
    fs.writeFileSync(layout.basePath, bytes.subarray(0, 40));
    const truncated = DiskLedger.open({ dataDir: ws.dataDir });
    assert.match(truncated.warnings.join('\n'), /damaged.*moved it aside/);
    reopened.store.files.clear();
    await ingestFake(reopened, ws.source);
    assert.equal(storeTokens(DiskLedger.open({ dataDir: ws.dataDir }).store), expected);
  });

  it('upgrades segments written by an older version through the migration table', () => {
    const layout = ledgerLayout(ws.dataDir);
    fs.mkdirSync(layout.segmentsDir, { recursive: true });
    // A made-up version 0 whose record entries were objects with one `cache` field and no split.
    const v0Line = (payload: unknown): string => {
      const json = JSON.stringify(payload);
      return `${zlib.crc32(json).toString(16).padStart(8, '0')}${json}\n`;
    };
    const v0 = [v0Line(['h', { format: 'tokenwise-ledger-segment', version: 0, pid: 1, createdAtMs: 1 }]), v0Line({ r: { key: 'old', ts: T0, model: 'm', input: 9, cache: 4, output: 2 } })];
    fs.writeFileSync(path.join(layout.segmentsDir, '1-1-aaaa.jsonl'), v0.join(''));
    const v0ToV1: LedgerMigration = {
      from: 0,
      upgradeEntry(entry) {
        const r = (entry as { r: { key: string; ts: number; model: string; input: number; cache: number; output: number } }).r;
        return ['r', 'claude-code', 'unknown', null, r.ts, r.model, r.input, r.cache, 0, 0, r.output, 0, null, null, 0, r.key, null];
      },
    };
    assert.throws(() => DiskLedger.open({ dataDir: ws.dataDir }), /no migration from ledger version 0 to 1/);
    const ledger = DiskLedger.open({ dataDir: ws.dataDir, migrations: [v0ToV1, ...ledgerMigrations] });
    const [migrated] = [...ledger.store.allRecords()];
    assert.equal(migrated.inputUncached, 9);
    assert.equal(migrated.cacheWrite5m, 4);
    assert.equal(migrated.output, 2);
  });

  it('refuses a ledger written by a newer version instead of overwriting it', () => {
    const layout = ledgerLayout(ws.dataDir);
    fs.mkdirSync(layout.segmentsDir, { recursive: true });
    const json = JSON.stringify(['h', { format: 'tokenwise-ledger-segment', version: LEDGER_VERSION + 1, pid: 1, createdAtMs: 1 }]);
    fs.writeFileSync(path.join(layout.segmentsDir, '1-1-bbbb.jsonl'), `${zlib.crc32(json).toString(16).padStart(8, '0')}${json}\n`);
    assert.throws(() => DiskLedger.open({ dataDir: ws.dataDir }), (error: unknown) => error instanceof LedgerVersionError && /newer Tokenwise/.test(error.message));
  });

  it('lets one compactor in at a time and breaks the lock of a dead process', () => {
    const layout = ledgerLayout(ws.dataDir);
    fs.mkdirSync(layout.root, { recursive: true });
    const held = tryLock(layout.lockPath);
    assert.ok(held);
    assert.equal(compactLedger({ dataDir: ws.dataDir }).outcome, 'busy');
    held.release();
    fs.writeFileSync(layout.lockPath, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), token: 'dead', acquiredAtMs: 0 }));
    assert.equal(compactLedger({ dataDir: ws.dataDir }).outcome, 'compacted');
    assert.equal(fs.existsSync(layout.lockPath), false);
  });

  it('two processes ingesting into one data folder at once count everything exactly once', async () => {
    const expected = writeSources(40, 50);
    const [a, b] = await Promise.all([waitForExit(spawnIngest(ws.dataDir, ws.source)), waitForExit(spawnIngest(ws.dataDir, ws.source))]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const newCounts = [a, b].map((result) => Number(/done (\d+)/.exec(result.stdout)?.[1]));
    assert.ok(newCounts.every((count) => count <= 2000) && newCounts[0] + newCounts[1] >= 2000);
    const store = DiskLedger.open({ dataDir: ws.dataDir }).store;
    assert.equal(store.records.count, 2000);
    assert.equal(storeTokens(store), expected);
  });

  it('survives kill -9 in the middle of writing: loads, and the next ingest completes the totals exactly', async () => {
    const expected = writeSources(150, 200);
    const child = spawnIngest(ws.dataDir, ws.source);
    const exited = waitForExit(child);
    const layout = ledgerLayout(ws.dataDir);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const open = listSegments(layout.segmentsDir).find((segment) => !segment.sealed);
      if (open !== undefined && open.size > 200_000) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill('SIGKILL');
    const { signal } = await exited;
    assert.equal(signal, 'SIGKILL', 'the worker must be killed mid-run for this test to mean anything');
    const afterCrash = DiskLedger.open({ dataDir: ws.dataDir });
    assert.ok(afterCrash.store.records.count > 0 && afterCrash.store.records.count < 30_000);
    await ingestFake(afterCrash, ws.source);
    const final = DiskLedger.open({ dataDir: ws.dataDir }).store;
    assert.equal(final.records.count, 30_000);
    assert.equal(storeTokens(final), expected);
  });
});
