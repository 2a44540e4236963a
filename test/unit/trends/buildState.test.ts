import * as assert from 'node:assert/strict';
import { buildTrendsState } from '../../../src/core/trends/buildState';
import type { TrendsReadyState } from '../../../src/shared/protocol';
import { isTrendsState } from '../../../src/shared/protocol';
import { edit, edits, flatPrice, nowMs, record, records } from './records';

const sources = [{ tool: 'claude-code', label: 'Claude Code', paths: ['~/.claude/projects'], found: true }];

function ready(overrides: Partial<Parameters<typeof buildTrendsState>[0]> = {}): TrendsReadyState {
  const state = buildTrendsState({ records, edits, price: flatPrice, timeZone: 'Europe/Berlin', nowMs, weeklyBudgetUSD: 5, sources, ...overrides });
  assert.equal(state.status, 'ready');
  return state as TrendsReadyState;
}

describe('buildTrendsState', () => {
  it('is empty, with the places looked at, when there is nothing at all', () => {
    const state = buildTrendsState({ records: [], edits: [], price: flatPrice, timeZone: 'UTC', nowMs, weeklyBudgetUSD: null, sources });
    assert.deepEqual(state, { status: 'empty', sources });
  });

  it('compares this ISO week with last week in the user zone (Europe/Berlin)', () => {
    const { week, today } = ready();
    assert.equal(today, '2026-11-25');
    assert.equal(week.thisWeekStart, '2026-11-23');
    assert.equal(week.lastWeekStart, '2026-11-16');
    // This week: 1000 + 3000 + 1000 tokens; last week: 1000 + 2000.
    assert.deepEqual(week.split.current, { input: 1150, output: 750, cacheWrite: 400, cacheRead: 2700 });
    assert.deepEqual(week.split.previous, { input: 700, output: 800, cacheWrite: 500, cacheRead: 1000 });
    assert.equal(week.tokens.current, 5000);
    assert.equal(week.tokens.previous, 3000);
    assert.equal(week.tokens.change, 2000 / 3000);
    // Cost: 0.5 + 2 + unpriced; last week 0.5 + 0.5.
    assert.deepEqual(week.costUSD, { current: 2.5, previous: 1, change: 1.5 });
    assert.equal(week.unpricedRecords, 1);
    // Cache reuse: 2700 / (1150 + 400 + 2700) against 1000 / (700 + 500 + 1000).
    assert.equal(week.cacheReuse.current, 2700 / 4250);
    assert.equal(week.cacheReuse.previous, 1000 / 2200);
    assert.equal(week.cacheReuse.change, (2700 / 4250 - 1000 / 2200) / (1000 / 2200));
  });

  it('moves a record across the week boundary when the zone changes', () => {
    const { week } = ready({ timeZone: 'UTC' });
    // 2026-11-22T23:30Z is Sunday in UTC, so its 1000 tokens move to last week.
    assert.equal(week.tokens.current, 4000);
    assert.equal(week.tokens.previous, 4000);
    assert.equal(week.tokens.change, 0);
  });

  it('rates edits: accepted / decided, tokens per accepted edit, null below five edits', () => {
    const { week, minimumEdits } = ready();
    assert.equal(minimumEdits, 5);
    // This week 6 accepted, 2 rejected (failed and unresolved are not decided).
    assert.deepEqual(week.acceptedEdits, { current: 6, previous: 4 });
    assert.deepEqual(week.decidedEdits, { current: 8, previous: 4 });
    assert.deepEqual(week.acceptanceRate, { current: 0.75, previous: null, change: null });
    assert.deepEqual(week.tokensPerAcceptedEdit, { current: 5000 / 6, previous: null, change: null });
  });

  it('gives a rate at exactly five decided edits, and none at four', () => {
    const four = [1, 2, 3, 4].map(() => edit('2026-11-24T10:00:00Z', 'accepted', '/p/alpha'));
    const fifth = edit('2026-11-24T10:00:00Z', 'rejected', '/p/alpha');
    assert.equal(ready({ edits: four }).week.acceptanceRate.current, null);
    assert.equal(ready({ edits: four }).week.tokensPerAcceptedEdit.current, null);
    assert.equal(ready({ edits: [...four, fifth] }).week.acceptanceRate.current, 0.8);
    assert.equal(ready({ edits: [...four, fifth] }).week.tokensPerAcceptedEdit.current, null, 'four accepted edits are still too few');
  });

  it('builds a 12-week series ending this week and a 7-day series ending today', () => {
    const { weekly, daily } = ready();
    assert.equal(weekly.length, 12);
    assert.deepEqual(weekly[0], { weekStart: '2026-09-07', tokens: 10, costUSD: 0.5, acceptedEdits: 0, tokensPerAcceptedEdit: null });
    assert.deepEqual(weekly[10], { weekStart: '2026-11-16', tokens: 3000, costUSD: 1, acceptedEdits: 4, tokensPerAcceptedEdit: null });
    assert.deepEqual(weekly[11], { weekStart: '2026-11-23', tokens: 5000, costUSD: 2.5, acceptedEdits: 6, tokensPerAcceptedEdit: 5000 / 6 });
    assert.equal(weekly.slice(1, 10).every((w) => w.tokens === 0), true);
    assert.deepEqual(
      daily.map((d) => [d.date, d.tokens, d.costUSD]),
      [
        ['2026-11-19', 0, 0],
        ['2026-11-20', 0, 0],
        ['2026-11-21', 0, 0],
        ['2026-11-22', 2000, 0.5],
        ['2026-11-23', 1000, 0.5],
        ['2026-11-24', 3000, 2],
        ['2026-11-25', 1000, 0],
      ],
    );
  });

  it('mixes models and tools, and ranks projects by spend, over the last four weeks', () => {
    const state = ready();
    assert.equal(state.mixSince, '2026-11-02');
    assert.deepEqual(state.modelMix, [
      { key: 'm-a', tokens: 4000, costUSD: 1.5, share: 0.5 },
      { key: 'm-b', tokens: 3000, costUSD: 2, share: 0.375 },
      { key: 'mystery', tokens: 1000, costUSD: 0, share: 0.125 },
    ]);
    assert.deepEqual(state.toolMix, [
      { key: 'claude-code', tokens: 5000, costUSD: 1.5, share: 0.625 },
      { key: 'codex', tokens: 3000, costUSD: 2, share: 0.375 },
    ]);
    assert.deepEqual(state.topProjects, [
      { project: '/p/beta', tokens: 3000, costUSD: 2, acceptedEdits: 2, tokensPerAcceptedEdit: null },
      { project: '/p/alpha', tokens: 5000, costUSD: 1.5, acceptedEdits: 8, tokensPerAcceptedEdit: 625 },
    ]);
  });

  it('reports budget progress, or none without a budget', () => {
    assert.deepEqual(ready().budget, { weeklyBudgetUSD: 5, spentUSD: 2.5, fraction: 0.5 });
    assert.equal(ready({ weeklyBudgetUSD: null }).budget, null);
    assert.deepEqual(ready({ weeklyBudgetUSD: 0 }).budget, { weeklyBudgetUSD: 0, spentUSD: 2.5, fraction: null });
  });

  it('keeps damaged counts from poisoning sums', () => {
    const broken = record('2026-11-24T10:00:00Z', 'codex', 'm-b', '/p/beta', { inputUncached: Number.NaN, output: -5, cacheRead: 10 });
    const { week } = ready({ records: [broken], edits: [] });
    assert.deepEqual(week.split.current, { input: 0, output: 0, cacheWrite: 0, cacheRead: 10 });
  });

  it('produces a state the protocol guard accepts, and the guard rejects a damaged one', () => {
    const state = ready();
    assert.equal(isTrendsState(JSON.parse(JSON.stringify(state))), true);
    assert.equal(isTrendsState({ ...state, weekly: [{ weekStart: 'Monday' }] }), false);
    assert.equal(isTrendsState({ ...state, facts: [{ ...state.facts[0], input: -1 }] }), false);
    assert.equal(isTrendsState({ ...state, budget: { weeklyBudgetUSD: 'lots' } }), false);
  });
});
