import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { continueGlobalDir, createContinueReader } from '../../../src/core/sources/continueDev';
import { buckets, byTimestamp, corrupt, fixtureHome, locateOptions, readSource, recordOpenedPaths, seededRandom } from './helpers';

const home = fixtureHome('continue');
const devData = path.join(home, '.continue', 'dev_data');
const tokensFile = path.join(devData, '0.2.0', 'tokensGenerated.jsonl');

describe('Continue reader', () => {
  let scratch: string;
  beforeEach(() => (scratch = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-continue-'))));
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('looks in CONTINUE_GLOBAL_DIR or ~/.continue, and lists tokensGenerated.jsonl of every schema version', async () => {
    assert.equal(continueGlobalDir(locateOptions({ homeDir: 'C:\\Users\\ana', platform: 'win32' })), 'C:\\Users\\ana\\.continue');
    assert.equal(continueGlobalDir(locateOptions({ homeDir: '/h', env: { CONTINUE_GLOBAL_DIR: '/elsewhere' } })), '/elsewhere');
    const reader = createContinueReader();
    assert.deepEqual(await reader.locate(locateOptions({ homeDir: home })), [devData]);
    assert.deepEqual(await reader.locate(locateOptions({ homeDir: '/nowhere', env: { CONTINUE_GLOBAL_DIR: path.join(home, '.continue') } })), [devData]);
    assert.deepEqual(await reader.locate(locateOptions({ homeDir: '/nowhere', overridePaths: [devData] })), [devData]);
    assert.deepEqual(await reader.listFiles(devData), [path.join(devData, '0.1.0', 'tokensGenerated.jsonl'), tokensFile]);
  });

  it('maps prompt tokens to uncached input and generated tokens to output', async () => {
    const totals = await readSource(createContinueReader(), locateOptions({ homeDir: home }));
    const firstLine = readFileSync(tokensFile, 'utf8').split('\n')[0];
    assert.deepEqual(
      byTimestamp(totals.records).map((r) => [r.sessionId, r.timestampMs, r.model, ...buckets(r), r.costReportedUSD, r.dedupKey]),
      [
        ['continue-2025-01-02', Date.parse('2025-01-02T10:00:00.000Z'), 'gpt-4o-mini', 500, 0, 0, 0, 20, null, `continue:${Date.parse('2025-01-02T10:00:00.000Z')}:gpt-4o-mini:500:20:0`],
        ['continue-2025-10-06', Date.parse('2025-10-06T07:30:00.000Z'), 'gpt-4o', 2100, 0, 0, 0, 95, null, `continue:${Date.parse('2025-10-06T07:30:00.000Z')}:gpt-4o:2100:95:0`],
        [
          'continue-2025-10-06',
          Date.parse('2025-10-06T08:00:00.000Z'),
          'claude-sonnet-4-5',
          15000, 0, 0, 0, 600,
          null,
          `continue:${Date.parse('2025-10-06T08:00:00.000Z')}:claude-sonnet-4-5:15000:600:${Buffer.byteLength(firstLine) + 1}`,
        ],
      ],
    );
    // a cut-off line and a line without timestamp; the all-zero line is skipped, not malformed
    assert.equal(totals.malformed, 2);
  });

  it('resumes from the cursor without re-reading or losing a half-written line', async () => {
    const lines = readFileSync(tokensFile, 'utf8').split('\n');
    const file = path.join(scratch, 'tokensGenerated.jsonl');
    writeFileSync(file, `${lines[0]}\n${lines[1].slice(0, 40)}`);
    const reader = createContinueReader();
    const first = await reader.read(file, undefined);
    assert.deepEqual([first.records.length, first.malformed, first.cursor.offset], [1, 0, Buffer.byteLength(lines[0]) + 1]);
    appendFileSync(file, `${lines[1].slice(40)}\n`);
    const second = await reader.read(file, first.cursor);
    assert.deepEqual(second.records.map((r) => [r.model, r.inputUncached, r.output]), [['claude-sonnet-4-5', 15000, 600]]);
    assert.equal(second.cursor.offset, Buffer.byteLength(`${lines[0]}\n${lines[1]}\n`));
  });

  it('never opens config files, .env or autocomplete.jsonl, and never throws on damaged lines (seeded fuzz)', async () => {
    const opened = await recordOpenedPaths(async () => {
      await readSource(createContinueReader(), locateOptions({ homeDir: home }));
    });
    assert.deepEqual(opened.map((file) => path.basename(file)), ['tokensGenerated.jsonl', 'tokensGenerated.jsonl']);

    const original = readFileSync(tokensFile, 'utf8');
    const file = path.join(scratch, 'fuzz.jsonl');
    for (let seed = 1; seed <= 60; seed += 1) {
      const random = seededRandom(seed);
      writeFileSync(file, corrupt(original, random));
      const result = await createContinueReader().read(file, undefined);
      for (const record of result.records) assert.ok(buckets(record).every((n) => Number.isInteger(n) && n >= 0) && Number.isFinite(record.timestampMs), `seed ${seed}`);
    }
  });
});
