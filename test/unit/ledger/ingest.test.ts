import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DiskLedger, MemoryLedger } from '../../../src/core/ledger/diskLedger';
import { editLine, FakeSourceReader, usageLine } from './support/fakeSource';
import { ingestFake, storeTokens, useLedgerWorkspace } from './support/workspace';

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);

describe('ledger ingest', () => {
  const ws = useLedgerWorkspace('ingest');


  it('does not count anything twice when a new process ingests the same logs again', async () => {
    fs.writeFileSync(path.join(ws.source, 'a.jsonl'), usageLine('k1', T0) + usageLine('k2', T0 + 1000, { in: 100, out: 50 }));
    const first = await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source);
    assert.equal(first.newRecords, 2);
    const reopened = DiskLedger.open({ dataDir: ws.dataDir });
    assert.equal(storeTokens(reopened.store), 15 + 150);
    const second = await ingestFake(reopened, ws.source);
    assert.equal(second.newRecords, 0);
    assert.equal(second.filesRead, 0, 'an unchanged file is not read again');
    assert.equal(storeTokens(DiskLedger.open({ dataDir: ws.dataDir }).store), 165);
  });

  it('keeps the records of a source file that was deleted', async () => {
    const file = path.join(ws.source, 'a.jsonl');
    fs.writeFileSync(file, usageLine('k1', T0) + usageLine('k2', T0));
    await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source);
    fs.rmSync(file);
    const after = await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source);
    assert.equal(after.filesSeen, 0);
    assert.equal(DiskLedger.open({ dataDir: ws.dataDir }).store.records.count, 2);
  });

  it('reads only the appended bytes of a grown append-only file', async () => {
    const file = path.join(ws.source, 'a.jsonl');
    const firstPart = usageLine('k1', T0) + usageLine('k2', T0);
    fs.writeFileSync(file, firstPart);
    await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source);
    fs.appendFileSync(file, usageLine('k3', T0, { in: 1000 }));
    const reader = new FakeSourceReader(ws.source);
    const summary = await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source, reader);
    assert.deepEqual(reader.reads, [{ file, offset: Buffer.byteLength(firstPart) }]);
    assert.equal(summary.newRecords, 1);
    assert.equal(storeTokens(DiskLedger.open({ dataDir: ws.dataDir }).store), 15 + 15 + 1005);
  });

  it('re-reads a truncated file from the start without double counting', async () => {
    const file = path.join(ws.source, 'a.jsonl');
    fs.writeFileSync(file, usageLine('k1', T0) + usageLine('k2', T0) + usageLine('k3', T0));
    await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source);
    fs.writeFileSync(file, usageLine('k1', T0) + usageLine('k4', T0));
    const reader = new FakeSourceReader(ws.source);
    const summary = await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source, reader);
    assert.deepEqual(reader.reads, [{ file, offset: 0 }]);
    assert.equal(summary.newRecords, 1);
    assert.equal(DiskLedger.open({ dataDir: ws.dataDir }).store.records.count, 4, 'k1..k4, k1 once, k2/k3 kept');
  });

  it('re-reads a file rewritten with a different start even when it grew', async () => {
    const file = path.join(ws.source, 'a.jsonl');
    fs.writeFileSync(file, usageLine('k1', T0));
    await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source);
    fs.writeFileSync(file, usageLine('x1', T0) + usageLine('x2', T0) + usageLine('k1', T0));
    const reader = new FakeSourceReader(ws.source);
    const summary = await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source, reader);
    assert.deepEqual(reader.reads, [{ file, offset: 0 }]);
    assert.equal(summary.newRecords, 2);
  });

  it('re-reads a file whose mtime changed at the same size', async () => {
    const file = path.join(ws.source, 'a.jsonl');
    fs.writeFileSync(file, usageLine('k1', T0, { in: 11 }));
    await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source);
    fs.writeFileSync(file, usageLine('k9', T0, { in: 22 }));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const summary = await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source);
    assert.equal(summary.newRecords, 1);
  });

  it('re-reads a whole-file ws.source only when its content changed', async () => {
    const file = path.join(ws.source, 'task.json');
    fs.writeFileSync(file, JSON.stringify([{ key: 'w1', ts: T0, in: 10, out: 1 }]));
    await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source);
    const later = new Date(Date.now() + 10_000);
    fs.utimesSync(file, later, later);
    let reader = new FakeSourceReader(ws.source);
    await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source, reader);
    assert.equal(reader.reads.length, 0, 'same content, new mtime: not parsed again');
    fs.writeFileSync(file, JSON.stringify([{ key: 'w1', ts: T0, in: 10, out: 1 }, { key: 'w2', ts: T0, in: 5, out: 1 }]));
    reader = new FakeSourceReader(ws.source);
    const summary = await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source, reader);
    assert.equal(reader.reads.length, 1);
    assert.equal(summary.newRecords, 1);
    assert.equal(storeTokens(DiskLedger.open({ dataDir: ws.dataDir }).store), 17);
  });

  it('keeps the larger copy of a streamed response and the resolved copy of an edit', async () => {
    const file = path.join(ws.source, 'a.jsonl');
    fs.writeFileSync(file, usageLine('k1', T0, { out: 5 }) + editLine('e1', T0, 'unresolved'));
    await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source);
    fs.appendFileSync(file, usageLine('k1', T0, { out: 500 }) + editLine('e1', T0 + 5, 'accepted'));
    const summary = await ingestFake(DiskLedger.open({ dataDir: ws.dataDir }), ws.source);
    assert.equal(summary.updatedRecords, 1);
    const store = DiskLedger.open({ dataDir: ws.dataDir }).store;
    assert.equal(storeTokens(store), 510);
    assert.deepEqual([...store.allEdits()].map((edit) => edit.outcome), ['accepted']);
  });

  it('counts malformed lines and impossible values without storing them', async () => {
    fs.writeFileSync(path.join(ws.source, 'a.jsonl'), 'not json\n' + usageLine('k1', T0, { in: -4 }) + usageLine('k2', T0));
    const summary = await ingestFake(new MemoryLedger(), ws.source);
    assert.equal(summary.newRecords, 1);
    assert.equal(summary.malformed, 2);
    assert.match(summary.warnings.join('\n'), /inputUncached is not a whole number/);
  });

  it('writes nothing to disk with the in-memory ledger', async () => {
    fs.writeFileSync(path.join(ws.source, 'a.jsonl'), usageLine('k1', T0));
    const memory = new MemoryLedger();
    const summary = await ingestFake(memory, ws.source);
    assert.equal(summary.newRecords, 1);
    assert.equal(fs.existsSync(ws.dataDir), false);
  });
});
