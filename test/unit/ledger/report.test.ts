import * as assert from 'node:assert/strict';
import { resolveDataDir } from '../../../src/core/ledger/dataDir';
import { LedgerStore } from '../../../src/core/ledger/store';
import { buildReport } from '../../../src/core/report/aggregate';
import { formatReportTable } from '../../../src/core/report/table';
import { InvalidTimeZoneError, isoWeekKey, LocalCalendar, parseDateKey } from '../../../src/core/time/localCalendar';
import type { EditEvent, ToolId, UsageRecord } from '../../../src/core/usage/types';

function record(key: string, iso: string, overrides: Partial<UsageRecord> = {}): UsageRecord {
  return { tool: 'claude-code', sessionId: 's', project: '/work/app', timestampMs: Date.parse(iso), model: 'model-a', inputUncached: 10, cacheWrite5m: 3, cacheWrite1h: 2, cacheRead: 100, output: 5, reasoning: 0, costReportedUSD: null, dedupKey: key, ...overrides };
}

function edit(key: string, iso: string, outcome: EditEvent['outcome'], tool: ToolId = 'claude-code'): EditEvent {
  return { tool, sessionId: 's', project: '/work/app', timestampMs: Date.parse(iso), model: 'model-a', filePath: 'a.ts', toolName: 'Edit', outcome, userModified: false, autoApproved: null, linesAdded: 1, linesRemoved: 0, dedupKey: key };
}

const pricePerToken = (record: UsageRecord): number | undefined => (record.model === 'model-a' ? (record.inputUncached + record.output) / 1000 : undefined);

describe('local calendar', () => {
  it('puts 23:30 UTC on the next day in Europe/Berlin and the same day in UTC', () => {
    const instant = Date.parse('2026-03-10T23:30:00Z');
    assert.equal(new LocalCalendar('Europe/Berlin').dateKey(instant), '2026-03-11');
    assert.equal(new LocalCalendar('UTC').dateKey(instant), '2026-03-10');
    assert.equal(new LocalCalendar('America/Los_Angeles').dateKey(Date.parse('2026-03-11T06:59:00Z')), '2026-03-10');
  });

  it('follows daylight saving changes', () => {
    const berlin = new LocalCalendar('Europe/Berlin');
    // Summer time (UTC+2): 22:30 UTC is already the next day.
    assert.equal(berlin.dateKey(Date.parse('2026-07-01T22:30:00Z')), '2026-07-02');
    assert.equal(berlin.dateKey(Date.parse('2026-01-01T22:30:00Z')), '2026-01-01');
    assert.equal(berlin.startOfDay(parseDateKey('2026-07-02')!), Date.parse('2026-07-01T22:00:00Z'));
  });

  it('handles half-hour and quarter-hour offsets', () => {
    assert.equal(new LocalCalendar('Asia/Kolkata').dateKey(Date.parse('2026-03-10T18:29:00Z')), '2026-03-10');
    assert.equal(new LocalCalendar('Asia/Kolkata').dateKey(Date.parse('2026-03-10T18:30:00Z')), '2026-03-11');
    assert.equal(new LocalCalendar('Asia/Kathmandu').dateKey(Date.parse('2026-03-10T18:15:00Z')), '2026-03-11');
    assert.equal(new LocalCalendar('Asia/Kathmandu').dateKey(Date.parse('2026-03-10T18:14:59Z')), '2026-03-10');
  });

  it('rejects an unknown zone and impossible dates', () => {
    assert.throws(() => new LocalCalendar('Mars/Olympus'), InvalidTimeZoneError);
    assert.equal(parseDateKey('2026-13-01'), undefined);
    assert.equal(parseDateKey('2026-02-30'), undefined);
    assert.equal(parseDateKey('26-01-01'), undefined);
  });

  it('numbers ISO weeks with Monday as the first day', () => {
    assert.equal(isoWeekKey(parseDateKey('2026-01-01')!), '2026-W01'); // a Thursday
    assert.equal(isoWeekKey(parseDateKey('2025-12-29')!), '2026-W01'); // its Monday
    assert.equal(isoWeekKey(parseDateKey('2025-12-28')!), '2025-W52'); // the Sunday before
    assert.equal(isoWeekKey(parseDateKey('2021-01-03')!), '2020-W53');
  });
});

describe('data folder', () => {
  const home = '/home/ana';
  it('prefers the caller, then TOKENWISE_DATA_DIR, then the platform folder', () => {
    assert.equal(resolveDataDir({ env: { TOKENWISE_DATA_DIR: '/env' }, homeDir: home, platform: 'linux', override: '/flag' }), '/flag');
    assert.equal(resolveDataDir({ env: { TOKENWISE_DATA_DIR: '/env' }, homeDir: home, platform: 'linux' }), '/env');
    assert.equal(resolveDataDir({ env: {}, homeDir: home, platform: 'linux' }), '/home/ana/.local/share/tokenwise');
    assert.equal(resolveDataDir({ env: { XDG_DATA_HOME: '/xdg' }, homeDir: home, platform: 'linux' }), '/xdg/tokenwise');
    assert.equal(resolveDataDir({ env: { XDG_DATA_HOME: 'relative' }, homeDir: home, platform: 'linux' }), '/home/ana/.local/share/tokenwise');
    assert.equal(resolveDataDir({ env: {}, homeDir: '/Users/ana', platform: 'darwin' }), '/Users/ana/Library/Application Support/tokenwise');
    assert.equal(resolveDataDir({ env: { LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local' }, homeDir: 'C:\\Users\\ana', platform: 'win32' }), 'C:\\Users\\ana\\AppData\\Local\\tokenwise');
  });
});

describe('usage report', () => {
  function storeWith(records: UsageRecord[], edits: EditEvent[] = []): LedgerStore {
    const store = new LedgerStore();
    for (const r of records) store.addRecord(r);
    for (const e of edits) store.addEdit(e);
    return store;
  }

  it('buckets by local day in the requested zone', () => {
    const store = storeWith([record('a', '2026-03-10T23:30:00Z'), record('b', '2026-03-10T12:00:00Z')]);
    const berlin = buildReport(store, { by: 'day', timeZone: 'Europe/Berlin', price: pricePerToken });
    assert.deepEqual(berlin.rows.map((row) => row.key), ['2026-03-10', '2026-03-11']);
    const utc = buildReport(store, { by: 'day', timeZone: 'UTC', price: pricePerToken });
    assert.deepEqual(utc.rows.map((row) => row.key), ['2026-03-10']);
  });

  it('fills every figure, lists unpriced models, and counts accepted and rejected edits', () => {
    const store = storeWith(
      [record('a', '2026-03-10T10:00:00Z'), record('b', '2026-03-10T11:00:00Z', { model: 'mystery-model' })],
      [edit('e1', '2026-03-10T10:01:00Z', 'accepted'), edit('e2', '2026-03-10T10:02:00Z', 'rejected'), edit('e3', '2026-03-10T10:03:00Z', 'failed')],
    );
    const report = buildReport(store, { by: 'day', timeZone: 'UTC', price: pricePerToken });
    assert.deepEqual(report, {
      by: 'day',
      rows: [{ key: '2026-03-10', inputTokens: 20, outputTokens: 10, cacheWriteTokens: 10, cacheReadTokens: 200, totalTokens: 240, costUSD: 0.015, models: ['model-a', 'mystery-model'], acceptedEdits: 1, rejectedEdits: 1 }],
      totals: { inputTokens: 20, outputTokens: 10, cacheWriteTokens: 10, cacheReadTokens: 200, totalTokens: 240, costUSD: 0.015, models: ['model-a', 'mystery-model'], acceptedEdits: 1, rejectedEdits: 1 },
      unpriced: ['mystery-model'],
      warnings: [],
    });
  });

  it('filters by inclusive local dates and by tool, and groups weeks, months, models, projects and tools', () => {
    const store = storeWith([
      record('a', '2026-03-01T10:00:00Z'),
      record('b', '2026-03-02T10:00:00Z', { tool: 'codex', model: 'model-b', project: null }),
      record('c', '2026-03-09T10:00:00Z', { inputUncached: 1000 }),
      record('d', '2026-04-01T10:00:00Z'),
    ]);
    const keys = (by: 'week' | 'month' | 'model' | 'project' | 'tool', extra = {}) => buildReport(store, { by, timeZone: 'UTC', price: pricePerToken, ...extra }).rows.map((row) => row.key);
    assert.deepEqual(keys('week'), ['2026-W09', '2026-W10', '2026-W11', '2026-W14']);
    assert.deepEqual(keys('month'), ['2026-03', '2026-04']);
    assert.deepEqual(keys('model'), ['model-a', 'model-b'], 'priced first: cost descending, then key');
    assert.deepEqual(keys('project'), ['/work/app', '(unknown)']);
    assert.deepEqual(keys('tool'), ['claude-code', 'codex']);
    assert.deepEqual(keys('month', { since: '2026-03-02', until: '2026-03-31' }), ['2026-03']);
    const filtered = buildReport(store, { by: 'day', timeZone: 'UTC', price: pricePerToken, since: '2026-03-02', until: '2026-03-09', tools: new Set<ToolId>(['claude-code']) });
    assert.deepEqual(filtered.rows.map((row) => row.key), ['2026-03-09']);
    assert.throws(() => buildReport(store, { by: 'day', timeZone: 'UTC', price: pricePerToken, since: '2026-04-01', until: '2026-03-01' }), /after --until/);
    assert.throws(() => buildReport(store, { by: 'day', timeZone: 'UTC', price: pricePerToken, since: '2026-13-01' }), /not a date/);
  });

  it('renders an aligned table with a totals line', () => {
    const store = storeWith([record('a', '2026-03-10T10:00:00Z', { inputUncached: 1234567 }), record('b', '2026-03-11T10:00:00Z')]);
    const table = formatReportTable(buildReport(store, { by: 'day', timeZone: 'UTC', price: pricePerToken }));
    const lines = table.trimEnd().split('\n');
    assert.match(lines[0], /^Date\s+Input\s+Output\s+Cache write\s+Cache read\s+Total tokens\s+Cost \(USD\)\s+Edits ✓\/✗\s+Models$/);
    assert.match(lines[2], /^2026-03-10\s+1,234,567\s+5\s+5\s+100\s+1,234,677\s+\$1,234\.57\s+0\/0\s+model-a$/);
    assert.match(lines.at(-1) ?? '', /^Total\s+1,234,577\s+10\s+10\s+200\s+1,234,797\s+\$1,234\.59\s+0\/0$/);
    const inputColumnEnd = lines[0].indexOf('Input') + 'Input'.length;
    assert.equal(lines[2].indexOf('1,234,567') + '1,234,567'.length, inputColumnEnd, 'numbers are right-aligned under their heading');
  });
});
