import * as assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copilotOtelDir, createCopilotOtelReader } from '../../../src/core/sources/copilotOtel';
import { FIXTURES, buckets, corrupt, fixtureHome, locateOptions, readSource, recordOpenedPaths, seededRandom } from './helpers';

const home = fixtureHome('copilot');
const otelFile = path.join(home, '.copilot', 'otel', 'copilot-otel.jsonl');
const T1 = '4bf92f3577b34da6a3ce929d0e0e4736';
const T3 = '6df92f3577b34da6a3ce929d0e0e4738';

describe('Copilot OpenTelemetry reader', () => {
  let scratch: string;
  beforeEach(() => (scratch = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-copilot-'))));
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('looks in ~/.copilot/otel and the exporter file named by COPILOT_OTEL_FILE_EXPORTER_PATH', async () => {
    assert.equal(copilotOtelDir(locateOptions({ homeDir: 'C:\\Users\\ana', platform: 'win32' })), 'C:\\Users\\ana\\.copilot\\otel');
    const outside = path.join(scratch, 'spans.jsonl');
    writeFileSync(outside, '');
    const reader = createCopilotOtelReader();
    const otelDir = path.dirname(otelFile);
    assert.deepEqual(await reader.locate(locateOptions({ homeDir: home, env: { COPILOT_OTEL_FILE_EXPORTER_PATH: outside } })), [otelDir, outside]);
    // the exporter file inside the otel folder is not listed twice
    assert.deepEqual(await reader.locate(locateOptions({ homeDir: home, env: { COPILOT_OTEL_FILE_EXPORTER_PATH: otelFile } })), [otelDir]);
    assert.deepEqual(await reader.listFiles(otelDir), [otelFile]);
    assert.deepEqual(await reader.listFiles(outside), [outside]);
    assert.deepEqual(await reader.locate(locateOptions({ homeDir: scratch })), []);
  });

  it('keeps the finest record per call and drops coarser duplicates of the same trace or response', async () => {
    const totals = await readSource(createCopilotOtelReader(), locateOptions({ homeDir: home }));
    assert.deepEqual(
      totals.records.map((r) => [r.dedupKey, r.revision, r.sessionId, r.timestampMs, r.model, ...buckets(r), r.reasoning]),
      [
        // input includes cache reads: 5400 − 4096 = 1304
        ['copilot:resp_123', 3, 'c-77aa', 1759665600000, 'gpt-4.1', 1304, 0, 0, 4096, 180, 0],
        // response model beats request model; 6000 − 5376 = 624
        ['copilot:resp_124', 3, 'c-77aa', 1759665605000, 'gpt-4.1-2025-04-14', 624, 0, 0, 5376, 220, 64],
        // trace T2 has no chat span: the agent-turn log is its finest record (3000 − 1000 = 2000); its invoke_agent is dropped
        ['copilot:5cf92f3577b34da6a3ce929d0e0e4737:11f067aa0ba902b1', 1, 's-2', 1759665700000, 'gpt-5-mini', 2000, 0, 0, 1000, 90, 0],
        // OTLP attribute list, [seconds, nanos] start time; 1000 − 300 read − 200 written = 500
        [`copilot:${T3}:22f067aa0ba902b1`, 3, T3, 1759666000500, 'unknown', 500, 200, 0, 300, 50, 0],
        // the exporter's own shape: 19335 − 8888 read − 10437 written = 10
        ['copilot:resp_500', 3, 'c-88bb', 1759667000106, 'claude-haiku-4.5', 10, 10437, 0, 8888, 114, 0],
      ],
    );
    assert.equal(totals.malformed, 1);
    assert.ok(totals.warnings.some((w) => w.includes('1 record(s) name no model')));
  });

  it('resumes after the last complete line and remembers which traces already have chat spans', async () => {
    const file = path.join(scratch, 'otel.jsonl');
    copyFileSync(otelFile, file);
    const reader = createCopilotOtelReader();
    const first = await reader.read(file, undefined);
    const text = readFileSync(file, 'utf8');
    assert.equal(first.cursor.offset, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
    assert.equal(first.records.length, 5);

    appendFileSync(file, readFileSync(path.join(FIXTURES, 'copilot', 'append-later.jsonl.txt')));
    const second = await reader.read(file, first.cursor);
    // the completed half line is read once; the late inference log of T1 is dropped thanks to the cursor state
    assert.deepEqual(second.records.map((r) => [r.dedupKey, r.timestampMs, ...buckets(r)]), [['copilot:resp_400', 1759666200000, 100, 0, 0, 0, 10]]);
    assert.equal(second.malformed, 0);
    assert.ok(JSON.stringify(second.cursor.state).includes(`t:${T1}`));

    const third = await reader.read(file, second.cursor);
    assert.deepEqual([third.records.length, third.cursor.offset], [0, second.cursor.offset]);
  });

  it('starts over with a warning when the file shrank', async () => {
    const file = path.join(scratch, 'otel.jsonl');
    copyFileSync(otelFile, file);
    const result = await createCopilotOtelReader().read(file, { offset: 10_000_000, state: [['t:x', 0]] });
    assert.equal(result.records.length, 5);
    assert.match(result.warnings.join('\n'), /shorter than when last read/);
  });

  it('never opens ~/.copilot/config.json, and never throws on damaged lines (seeded fuzz)', async () => {
    const opened = await recordOpenedPaths(async () => {
      await readSource(createCopilotOtelReader(), locateOptions({ homeDir: home }));
    });
    assert.deepEqual(opened, [otelFile]);

    const original = readFileSync(otelFile, 'utf8');
    const file = path.join(scratch, 'fuzz.jsonl');
    const reader = createCopilotOtelReader();
    for (let seed = 1; seed <= 60; seed += 1) {
      const random = seededRandom(seed);
      const damaged = corrupt(original, random);
      writeFileSync(file, damaged);
      const offset = Math.floor(random() * damaged.length);
      const result = await reader.read(file, random() < 0.5 ? undefined : { offset, state: random() < 0.5 ? 'junk' : [[1, 2], ['t:x', 'y']] });
      for (const record of result.records) assert.ok(buckets(record).every((n) => Number.isInteger(n) && n >= 0) && Number.isFinite(record.timestampMs), `seed ${seed}`);
    }
  });
});
