// The browser tests (test/e2e) and the integration test read JSON fixtures made from the hand-made records in
// ./records.ts. These tests keep the JSON honest: each must equal what the code makes of those records today.
// To refresh after a deliberate change: TOKENWISE_WRITE_FIXTURES=1 npx mocha test/unit/trends/fixtureState.test.ts
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildTrendsState } from '../../../src/core/trends/buildState';
import { edits, flatPrice, nowMs, records } from './records';

const fixtureDir = path.resolve(__dirname, '..', '..', 'fixtures', 'trends');
const sources = [
  { tool: 'claude-code', label: 'Claude Code', paths: ['~/.claude/projects'], found: true },
  { tool: 'codex', label: 'Codex', paths: ['~/.codex/sessions'], found: true },
  { tool: 'gemini-cli', label: 'Gemini CLI', paths: ['~/.gemini/tmp'], found: false },
];

function checkFixture(name: string, expected: unknown): void {
  const file = path.join(fixtureDir, name);
  const text = `${JSON.stringify(expected, null, 2)}\n`;
  if (process.env.TOKENWISE_WRITE_FIXTURES === '1') writeFileSync(file, text);
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), JSON.parse(text), `${name} is stale`);
}

describe('trends fixtures for the browser and integration tests', () => {
  it('ready-state.json is the state built from the hand-made records (Europe/Berlin, $5 budget)', () => {
    checkFixture('ready-state.json', buildTrendsState({ records, edits, price: flatPrice, timeZone: 'Europe/Berlin', nowMs, weeklyBudgetUSD: 5, sources }));
  });

  it('empty-state.json is the state built from no records', () => {
    checkFixture('empty-state.json', buildTrendsState({ records: [], edits: [], price: flatPrice, timeZone: 'Europe/Berlin', nowMs, weeklyBudgetUSD: null, sources }));
  });

  it('snapshot.json holds the same records and edits for the file-backed provider, costs as tool-reported', () => {
    checkFixture('snapshot.json', { records: records.map((r) => ({ ...r, costReportedUSD: flatPrice(r) ?? null })), edits, sourcesChecked: sources });
  });
});
