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
    // Cache reuse needs 10 responses (src/core/efficiency): three this week and two last week are too few.
    assert.deepEqual(week.cacheReuse, {
      current: null, previous: null, change: null,
      reason: 'not enough data: 3 responses, at least 10 needed', previousReason: 'not enough data: 2 responses, at least 10 needed',
    });
  });

  it('computes cache reuse from sums once there are enough responses', () => {
    // The same records four times over: 12 responses this week, 8 last week (still too few).
    const { week } = ready({ records: [...records, ...records, ...records, ...records] });
    // 2700 / (1150 + 400 + 2700), the ratio of the sums, not an average of per-response ratios.
    assert.equal(week.cacheReuse.current, 2700 / 4250);
    assert.equal(week.cacheReuse.reason, null);
    assert.equal(week.cacheReuse.previousReason, 'not enough data: 8 responses, at least 10 needed');
  });

  it('moves a record across the week boundary when the zone changes', () => {
    const { week } = ready({ timeZone: 'UTC' });
    // 2026-11-22T23:30Z is Sunday in UTC, so its 1000 tokens move to last week.
    assert.equal(week.tokens.current, 4000);
    assert.equal(week.tokens.previous, 4000);
    assert.equal(week.tokens.change, 0);
  });

  it('rates edits with the efficiency report’s minimum samples, and says why a figure is missing', () => {
    const { week, minimumEdits } = ready();
    assert.equal(minimumEdits, 5);
    // This week 6 accepted, 2 rejected (failed and unresolved are not decided).
    assert.deepEqual(week.acceptedEdits, { current: 6, previous: 4 });
    assert.deepEqual(week.decidedEdits, { current: 8, previous: 4 });
    assert.deepEqual(week.acceptanceRate, {
      current: null, previous: null, change: null,
      reason: 'not enough data: 8 accepted or rejected edits, at least 10 needed', previousReason: 'not enough data: 4 accepted or rejected edits, at least 10 needed',
    });
    // Both tools that spent this week logged edits: all 5000 tokens over 6 accepted edits.
    assert.deepEqual(week.tokensPerAcceptedEdit, { current: 5000 / 6, previous: null, change: null, reason: null, previousReason: 'not enough data: 4 accepted edits, at least 5 needed' });
  });

  it('gives a rate at exactly ten decided edits, and none at nine', () => {
    const eight = [1, 2, 3, 4, 5, 6, 7, 8].map(() => edit('2026-11-24T10:00:00Z', 'accepted', '/p/alpha'));
    const rejected = () => edit('2026-11-24T10:00:00Z', 'rejected', '/p/alpha');
    assert.equal(ready({ edits: [...eight, rejected()] }).week.acceptanceRate.current, null);
    assert.equal(ready({ edits: [...eight, rejected(), rejected()] }).week.acceptanceRate.current, 0.8);
  });

  it('counts landed commits per week and project, with cost per commit from three commits on', () => {
    const commit = (iso: string, project: string) => ({ hash: iso, authorEmail: 'me@example.com', authorName: 'Me', timestampMs: Date.parse(iso), authoredMs: Date.parse(iso), linesAdded: 3, linesRemoved: 1, files: ['a.ts'], repoRoot: '/p', project });
    const commits = [commit('2026-11-24T15:00:00Z', '/p/alpha'), commit('2026-11-24T16:00:00Z', '/p/alpha'), commit('2026-11-25T08:00:00Z', '/p/beta'), commit('2026-11-18T08:00:00Z', '/p/alpha')];
    const state = ready({ commits, landed: { repositories: 1, note: null } });
    assert.deepEqual(state.week.commits, { current: 3, previous: 1 });
    // $2.50 of priced use this week, but the unpriced `mystery` response withholds the cost per commit.
    assert.equal(state.week.costPerCommitUSD.current, null);
    assert.match(state.week.costPerCommitUSD.reason ?? '', /^cost unknown: no price for 1 response \(mystery\)$/);
    assert.equal(state.week.costPerCommitUSD.previousReason, 'not enough data: 1 commits, at least 3 needed');
    const priced = ready({ records: records.filter((r) => r.model !== 'mystery'), commits });
    assert.equal(priced.week.costPerCommitUSD.current, 2.5 / 3);
    assert.deepEqual(state.weekly.map((w) => w.commits).slice(10), [1, 3]);
    assert.deepEqual(state.topProjects.map((p) => [p.project, p.commits]), [['/p/beta', 1], ['/p/alpha', 3]]);
    assert.deepEqual(state.landed, { repositories: 1, note: null });
    assert.match(ready().landed.note ?? '', /no git repository/);
  });

  it('builds a 12-week series ending this week and a 7-day series ending today', () => {
    const { weekly, daily } = ready();
    assert.equal(weekly.length, 12);
    const noEdits = 'not enough data: no accepted edits';
    assert.deepEqual(weekly[0], { weekStart: '2026-09-07', tokens: 10, costUSD: 0.5, acceptedEdits: 0, commits: 0, tokensPerAcceptedEdit: null, tokensPerAcceptedEditReason: noEdits });
    assert.deepEqual(weekly[10], { weekStart: '2026-11-16', tokens: 3000, costUSD: 1, acceptedEdits: 4, commits: 0, tokensPerAcceptedEdit: null, tokensPerAcceptedEditReason: 'not enough data: 4 accepted edits, at least 5 needed' });
    assert.deepEqual(weekly[11], { weekStart: '2026-11-23', tokens: 5000, costUSD: 2.5, acceptedEdits: 6, commits: 0, tokensPerAcceptedEdit: 5000 / 6, tokensPerAcceptedEditReason: null });
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
      { project: '/p/beta', tokens: 3000, costUSD: 2, acceptedEdits: 2, commits: 0, tokensPerAcceptedEdit: null, tokensPerAcceptedEditReason: 'not enough data: 2 accepted edits, at least 5 needed' },
      { project: '/p/alpha', tokens: 5000, costUSD: 1.5, acceptedEdits: 8, commits: 0, tokensPerAcceptedEdit: 625, tokensPerAcceptedEditReason: null },
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
