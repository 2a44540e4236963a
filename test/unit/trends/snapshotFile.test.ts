import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSnapshotFile } from '../../../src/core/trends/snapshotFile';

describe('trends snapshot files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-snapshot-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the fixture snapshot the integration tests use', async () => {
    const snapshot = await readSnapshotFile(path.resolve(__dirname, '..', '..', 'fixtures', 'trends', 'snapshot.json'));
    assert.equal(snapshot.records.length, 7);
    assert.equal(snapshot.edits.length, 14);
    assert.equal(snapshot.sourcesChecked.length, 3);
    assert.equal(snapshot.skipped, 0);
  });

  it('skips and counts malformed entries, keeping the good ones', async () => {
    const file = path.join(dir, 'mixed.json');
    const good = { tool: 'codex', model: 'm', timestampMs: 1, inputUncached: 1, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, output: 2 };
    writeFileSync(file, JSON.stringify({ records: [good, { ...good, output: 'two' }, null], edits: [{ tool: 'codex' }], sourcesChecked: 'nope' }));
    const snapshot = await readSnapshotFile(file);
    assert.deepEqual(snapshot.records, [good]);
    assert.deepEqual(snapshot.edits, []);
    assert.deepEqual(snapshot.sourcesChecked, []);
    assert.equal(snapshot.skipped, 3);
  });

  it('names the file when it is not JSON or not an object, and when it is missing', async () => {
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{"records": [');
    await assert.rejects(readSnapshotFile(broken), new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON`));
    const list = path.join(dir, 'list.json');
    writeFileSync(list, '[]');
    await assert.rejects(readSnapshotFile(list), /must hold an object/);
    await assert.rejects(readSnapshotFile(path.join(dir, 'missing.json')), /ENOENT/);
  });
});
