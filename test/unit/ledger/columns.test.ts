import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { decodeBase } from '../../../src/core/ledger/baseFile';
import { decodeColumns, encodeColumn, encodedColumnBytes, type ColumnEncoding } from '../../../src/core/ledger/columns';
import { DiskLedger, ledgerLayout } from '../../../src/core/ledger/diskLedger';
import { LEDGER_VERSION } from '../../../src/core/ledger/migrations';
import { seededRandom } from '../../support/seededRandom';
import type { EditEvent, UsageRecord } from '../../../src/core/usage/types';
import { useLedgerWorkspace } from './support/workspace';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'ledger');

/** Encodes values as one column, decodes them back from a buffer placed at an odd offset too. */
function roundTrip(values: number[]): { encoding: ColumnEncoding; decoded: number[]; bytes: number } {
  const { encoding, parts } = encodeColumn(Float64Array.from(values));
  const bytes = Buffer.concat(parts);
  assert.equal(bytes.length, encodedColumnBytes(encoding, values.length));
  const read = (buffer: Buffer, start: number): number[] => {
    const { block, end } = decodeColumns([encoding], values.length, buffer, start);
    assert.equal(end - start, bytes.length);
    return values.map((_, row) => block.columns[0].at(row));
  };
  const aligned = read(bytes, 0);
  // A buffer whose columns are not aligned for typed-array views is copied instead of misread.
  const shifted = Buffer.concat([Buffer.alloc(3), bytes]);
  assert.deepEqual(read(shifted, 3), aligned);
  return { encoding, decoded: aligned, bytes: bytes.length };
}

describe('ledger base columns', () => {
  it('stores each column in the narrowest exact encoding', () => {
    assert.deepEqual(roundTrip([0, 0, 0]).encoding, { kind: 'constant', value: 0 });
    const nan = roundTrip([Number.NaN, Number.NaN]);
    assert.deepEqual(nan.encoding, { kind: 'constant', value: null });
    assert.ok(nan.decoded.every(Number.isNaN));
    assert.deepEqual(roundTrip([7, 300, 12]).encoding, { kind: 'int', bias: 7, width: 2, highWidth: 0 });
    assert.deepEqual(roundTrip([1000, 1255]).encoding, { kind: 'int', bias: 1000, width: 1, highWidth: 0 });
    assert.deepEqual(roundTrip([0, 0xffffffff]).encoding, { kind: 'int', bias: 0, width: 4, highWidth: 0 });
    // A year of millisecond timestamps: more than 32 bits apart, so a high part of one byte.
    const year = [Date.UTC(2025, 0, 1, 0, 0, 0, 1), Date.UTC(2026, 0, 1, 23, 59, 59, 999), Date.UTC(2025, 6, 1)];
    const timestamps = roundTrip(year);
    assert.deepEqual(timestamps.encoding, { kind: 'int', bias: year[0], width: 4, highWidth: 1 });
    assert.deepEqual(timestamps.decoded, year);
    assert.equal(timestamps.bytes, 16 + 8, 'three 4-byte lows and three 1-byte highs, each padded to 8');
    assert.deepEqual(roundTrip([0.5, 0.25]).encoding, { kind: 'f64' });
    const mixed = roundTrip([0.0125, Number.NaN, 3]);
    assert.equal(mixed.encoding.kind, 'f64');
    assert.ok(Number.isNaN(mixed.decoded[1]));
    assert.equal(roundTrip([-5, 5]).decoded[0], -5);
  });

  it('round-trips random columns of every shape exactly', () => {
    const next = seededRandom(11);
    for (let trial = 0; trial < 200; trial++) {
      const count = 1 + Math.floor(next() * 40);
      const scale = [1, 200, 60_000, 2 ** 32, 2 ** 40, 2 ** 52][trial % 6];
      const fractional = trial % 7 === 0;
      const values = Array.from({ length: count }, () => {
        const value = Math.floor(next() * scale) + (fractional ? next() : 0);
        return next() < 0.05 ? Number.NaN : value;
      });
      const { decoded } = roundTrip(values);
      assert.deepEqual(decoded, values, `trial ${trial}`);
    }
  });
});

describe('ledger format version 2', () => {
  const ws = useLedgerWorkspace('columns');
  const NOW = Date.UTC(2026, 5, 1, 12);

  function record(i: number, output: number): UsageRecord {
    return { tool: 'claude-code', sessionId: `s${i % 3}`, project: i % 2 ? '/p' : null, timestampMs: NOW - i * 3_600_000, model: 'claude-opus-4-6', inputUncached: i, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: i * 70_001, output, reasoning: 0, costReportedUSD: null, dedupKey: `msg_${i}` };
  }

  function edit(i: number, outcome: EditEvent['outcome']): EditEvent {
    return { tool: 'claude-code', sessionId: 's', project: '/p', timestampMs: NOW - i * 1000, model: null, filePath: `/p/f${i}.ts`, toolName: 'Edit', outcome, userModified: false, autoApproved: null, linesAdded: i, linesRemoved: 1, dedupKey: `toolu_${i}` };
  }

  it('reads a version-1 base file as it was written, and compaction rewrites it as version 2', () => {
    const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'base-v1.expected.json'), 'utf8')) as { records: UsageRecord[]; edits: EditEvent[]; files: unknown[]; aggregates: unknown[]; rolledUpBeforeMs: number };
    const layout = ledgerLayout(ws.dataDir);
    fs.mkdirSync(layout.root, { recursive: true });
    // A base written by the version-1 code (Tokenwise 0.x), kept byte for byte as a fixture.
    fs.copyFileSync(path.join(FIXTURES, 'base-v1.bin'), layout.basePath);
    const snapshot = (store: DiskLedger['store']): object => ({ records: [...store.allRecords()], edits: [...store.allEdits()], files: [...store.files.values()], aggregates: [...store.aggregates.values()], rolledUpBeforeMs: store.rolledUpBeforeMs });

    const ledger = DiskLedger.open({ dataDir: ws.dataDir, now: () => NOW });
    assert.deepEqual(ledger.warnings, []);
    assert.deepEqual(snapshot(ledger.store), expected);

    // The first round that ends rewrites the old base in the current format, even with nothing new to fold.
    ledger.finishRound();
    const rewritten = fs.readFileSync(layout.basePath);
    assert.equal(decodeBaseVersion(rewritten), LEDGER_VERSION);
    assert.deepEqual(snapshot(DiskLedger.open({ dataDir: ws.dataDir, now: () => NOW }).store), expected);
  });

  it('keeps a base row number when the row is replaced by a better copy, through compaction and reload', () => {
    const ledger = DiskLedger.open({ dataDir: ws.dataDir, now: () => NOW, retentionDays: null });
    const records = Array.from({ length: 30 }, (_, i) => record(i, 10));
    const edits = Array.from({ length: 5 }, (_, i) => edit(i, 'unresolved'));
    for (const r of records) ledger.store.addRecord(r);
    for (const e of edits) ledger.store.addEdit(e);
    ledger.persist({ records, edits, file: { path: '/log', tool: 'claude-code', mode: 'append', size: 1, mtimeMs: 1, cursor: { offset: 1, state: null }, fingerprint: '', fingerprintBytes: 0, seenAtMs: 1 } });
    ledger.compact();

    const loaded = DiskLedger.open({ dataDir: ws.dataDir, now: () => NOW, retentionDays: null });
    const store = loaded.store;
    assert.equal(store.records.count, 30);
    // A streamed copy with a larger output (wider than the column's one byte) and a resolved edit.
    assert.equal(store.addRecord(record(4, 70_000)), 'replaced');
    assert.equal(store.addRecord(record(5, 1)), 'duplicate');
    assert.equal(store.addEdit(edit(2, 'accepted')), 'replaced');
    assert.equal(store.addRecord(record(99, 3)), 'new');
    assert.equal(store.records.count, 31);
    const outputs = new Map([...store.allRecords(false)].map((r) => [r.timestampMs, r.output]));
    assert.equal(outputs.get(record(4, 0).timestampMs), 70_000);
    assert.equal(outputs.get(record(5, 0).timestampMs), 10);
    assert.equal([...store.allEdits()].filter((e) => e.outcome === 'accepted').length, 1);

    loaded.persist({ records: [record(4, 70_000), record(99, 3)], edits: [edit(2, 'accepted')], file: { path: '/log', tool: 'claude-code', mode: 'append', size: 2, mtimeMs: 2, cursor: { offset: 2, state: null }, fingerprint: '', fingerprintBytes: 0, seenAtMs: 2 } });
    loaded.compact();
    const reloaded = DiskLedger.open({ dataDir: ws.dataDir, now: () => NOW });
    assert.equal(reloaded.store.records.count, 31);
    const byKey = <T extends { dedupKey: string }>(items: Iterable<T>): T[] => [...items].sort((a, b) => a.dedupKey.localeCompare(b.dedupKey));
    assert.deepEqual(byKey(reloaded.store.allRecords()), byKey(store.allRecords()));
    assert.deepEqual(byKey(reloaded.store.allEdits()), byKey(store.allEdits()));
    assert.equal([...reloaded.store.allEdits()].filter((e) => e.outcome === 'accepted').length, 1);
  });

  it('reports a base whose column layout does not add up as damaged and rebuilds', () => {
    const ledger = DiskLedger.open({ dataDir: ws.dataDir, now: () => NOW });
    const records = [record(1, 5), record(2, 6), record(3, 7)];
    for (const r of records) ledger.store.addRecord(r);
    ledger.persist({ records, edits: [], file: { path: '/log', tool: 'claude-code', mode: 'append', size: 1, mtimeMs: 1, cursor: { offset: 1, state: null }, fingerprint: '', fingerprintBytes: 0, seenAtMs: 1 } });
    ledger.compact();
    const layout = ledgerLayout(ws.dataDir);
    const bytes = fs.readFileSync(layout.basePath);
    // Claim more records than the columns hold: the lengths no longer add up.
    const headerLength = bytes.readUInt32LE(8);
    const header = bytes.toString('utf8', 12, 12 + headerLength).replace('"recordCount":3', '"recordCount":9');
    assert.equal(Buffer.byteLength(header), headerLength);
    fs.writeFileSync(layout.basePath, Buffer.concat([bytes.subarray(0, 12), Buffer.from(header), bytes.subarray(12 + headerLength)]));
    const reopened = DiskLedger.open({ dataDir: ws.dataDir, now: () => NOW });
    assert.match(reopened.warnings.join('\n'), /damaged \(length does not match its header\)/);
    assert.throws(() => decodeBase(fs.readFileSync(fs.readdirSync(layout.root).filter((n) => n.includes('.damaged-')).map((n) => path.join(layout.root, n))[0]), 'x', false), /damaged/);
  });
});

function decodeBaseVersion(bytes: Buffer): number {
  const headerLength = bytes.readUInt32LE(8);
  return (JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as { version: number }).version;
}

describe('loading the ledger without blocking', () => {
  const ws = useLedgerWorkspace('async-load');
  const NOW = Date.UTC(2026, 5, 1, 12);

  function record(i: number): UsageRecord {
    return { tool: 'codex', sessionId: `s${i % 7}`, project: '/p', timestampMs: NOW - i * 60_000, model: 'gpt-5', inputUncached: i, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: i * 3, output: i % 100, reasoning: i % 5, costReportedUSD: null, dedupKey: `r${i}` };
  }

  it('reads the same ledger as the synchronous load, damage handling included, and lets the event loop run meanwhile', async () => {
    const writer = DiskLedger.open({ dataDir: ws.dataDir, now: () => NOW, retentionDays: null });
    const file = (size: number): Parameters<DiskLedger['persist']>[0]['file'] => ({ path: '/log', tool: 'codex', mode: 'append', size, mtimeMs: size, cursor: { offset: size, state: null }, fingerprint: '', fingerprintBytes: 0, seenAtMs: size });
    const compacted = Array.from({ length: 3_000 }, (_, i) => record(i));
    for (const r of compacted) writer.store.addRecord(r);
    writer.persist({ records: compacted, edits: [], file: file(1) });
    writer.compact();
    // Newer entries in a sealed segment (one replaces a compacted record) and a damaged line.
    const later = [record(3_001), { ...record(3), output: 5000 }];
    writer.persist({ records: later, edits: [], file: file(2) });
    writer.finishRound();
    const [segment] = fs.readdirSync(ledgerLayout(ws.dataDir).segmentsDir);
    fs.appendFileSync(path.join(ledgerLayout(ws.dataDir).segmentsDir, segment), '00000000["r"]\n');

    let ticks = 0;
    let ticking = true;
    const tick = (): void => {
      ticks++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const loaded = await DiskLedger.openAsync({ dataDir: ws.dataDir, now: () => NOW });
    ticking = false;
    assert.ok(ticks > 0, 'the event loop ran while the ledger loaded');

    const sync = DiskLedger.open({ dataDir: ws.dataDir, now: () => NOW });
    assert.equal(loaded.store.records.count, 3_001);
    assert.deepEqual([...loaded.store.allRecords()], [...sync.store.allRecords()]);
    assert.deepEqual([...loaded.store.files.values()], [...sync.store.files.values()]);
    assert.deepEqual(loaded.warnings, sync.warnings);
    assert.match(loaded.warnings.join('\n'), /ignored 1 damaged line/);

    // refreshAsync picks up another process's writes.
    const other = DiskLedger.open({ dataDir: ws.dataDir, now: () => NOW });
    other.store.addRecord(record(5_000));
    other.persist({ records: [record(5_000)], edits: [], file: file(3) });
    other.finishRound();
    await loaded.refreshAsync();
    assert.equal(loaded.store.records.count, 3_002);

    // A damaged base is moved aside by the asynchronous load too.
    fs.writeFileSync(ledgerLayout(ws.dataDir).basePath, 'TWLEDGER????');
    const rebuilt = await DiskLedger.openAsync({ dataDir: ws.dataDir, now: () => NOW });
    assert.match(rebuilt.warnings.join('\n'), /damaged.*moved it aside/);
  });
});
