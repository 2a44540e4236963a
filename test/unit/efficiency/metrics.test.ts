import * as assert from 'node:assert/strict';
import { computeEfficiency, type EfficiencyRow } from '../../../src/core/efficiency/metrics';
import { API, commits, edits, minSample, price, record, records, SHOP } from './fixture';

const close = (actual: number | null, expected: number): void => {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);
};

function row(rows: EfficiencyRow[], key: string): EfficiencyRow {
  const found = rows.find((r) => r.key === key);
  assert.ok(found, `no row ${key} in ${rows.map((r) => r.key).join(', ')}`);
  return found;
}

describe('computeEfficiency (hand-computed fixture)', () => {
  const byDay = computeEfficiency({ records, edits, commits, price, groupBy: 'day', timeZone: 'UTC', minSample });

  it('sums a day row from its parts', () => {
    const day = row(byDay.rows, '2026-03-02');
    // R1 + R2: tokens 1,050 + 1,000 = 2,050; uncached 100 + 50; writes 200; reads 700 + 900; output 50 + 50; $1.05 + $1.00
    assert.deepEqual(
      { responses: day.responses, tokens: day.tokens, inputUncached: day.inputUncached, cacheWrite: day.cacheWrite, cacheRead: day.cacheRead, output: day.output, unpricedResponses: day.unpricedResponses },
      { responses: 2, tokens: 2050, inputUncached: 150, cacheWrite: 200, cacheRead: 1600, output: 100, unpricedResponses: 0 },
    );
    close(day.costUSD, 2.05);
    // E1, E2, E5 accepted (E2 modified, E5 auto-approved); E3 rejected; E4 failed. Lines +3+2+5 = 10, −1−2−0 = 3.
    assert.deepEqual(
      [day.acceptedEdits, day.rejectedEdits, day.failedEdits, day.unresolvedEdits, day.modifiedEdits, day.autoApprovedEdits, day.acceptedLinesAdded, day.acceptedLinesRemoved],
      [3, 1, 1, 0, 1, 1, 10, 3],
    );
    // C1: one commit, +10 −2
    assert.deepEqual([day.commits, day.commitLinesAdded, day.commitLinesRemoved], [1, 10, 2]);
  });

  it('computes each ratio of a day row with what it is made of', () => {
    const day = row(byDay.rows, '2026-03-02');
    close(day.tokensPerAcceptedEdit.value, 2050 / 3); // 683.33
    assert.deepEqual([day.tokensPerAcceptedEdit.numerator, day.tokensPerAcceptedEdit.denominator, day.tokensPerAcceptedEdit.sampleSize], [2050, 3, 3]);
    close(day.costPerAcceptedEditUSD.value, 2.05 / 3);
    close(day.tokensPerAcceptedLine.value, 2050 / 13); // 10 added + 3 removed
    close(day.costPerAcceptedLineUSD.value, 2.05 / 13);
    close(day.tokensPerCommit.value, 2050);
    close(day.costPerCommitUSD.value, 2.05);
    close(day.acceptanceRate.value, 3 / 4); // 3 accepted / (3 + 1 rejected); the failed edit is no decision
    close(day.modifiedShare.value, 1 / 3);
    close(day.autoApprovedShare.value, 1 / 3);
    close(day.cacheReuse.value, 1600 / (150 + 200 + 1600)); // 0.8205
    close(day.outputInputRatio.value, 100 / 1950);
  });

  it('says "not enough data" below the minimum sample, and withholds cost when a model has no price', () => {
    const day = row(byDay.rows, '2026-03-03');
    // One accepted edit (E6) < 2
    assert.equal(day.tokensPerAcceptedEdit.value, null);
    assert.equal(day.tokensPerAcceptedEdit.reason, 'not enough data: 1 accepted edits, at least 2 needed');
    // Decisions: E6 accepted + E7 rejected = 2 < 3 (E8 unresolved is no decision)
    assert.equal(day.acceptanceRate.value, null);
    assert.equal(day.acceptanceRate.sampleSize, 2);
    // Per-edit spend is codex's only (R3, 1,200 tokens): copilot's R4 logs no edits.
    assert.equal(day.editingToolTokens, 1200);
    assert.equal(day.tokens, 1600);
    // Commits C2 + C3 = 2: 1,600 tokens / 2 = 800, but the cost is withheld: R4 (m-c) has no price.
    close(day.tokensPerCommit.value, 800);
    assert.equal(day.costPerCommitUSD.value, null);
    assert.equal(day.costPerCommitUSD.reason, 'cost unknown: no price for 1 response (m-c)');
    assert.deepEqual(day.unpricedModels, ['m-c']);
    close(day.cacheReuse.value, 600 / 1300); // reads 600 / (700 uncached + 0 writes + 600 reads)
  });

  it('computes totals from raw sums, not by averaging rows', () => {
    const t = byDay.totals;
    assert.equal(t.key, 'total');
    assert.deepEqual([t.responses, t.tokens, t.editingToolTokens, t.acceptedEdits, t.rejectedEdits, t.commits], [4, 3650, 3250, 4, 2, 3]);
    close(t.costUSD, 3.25);
    close(t.tokensPerAcceptedEdit.value, 3250 / 4); // 812.5, not the mean of 683.3 and null
    close(t.costPerAcceptedEditUSD.value, 3.25 / 4); // editing tools (claude-code, codex) are all priced
    close(t.tokensPerAcceptedLine.value, 3250 / 21); // +14 −7
    close(t.acceptanceRate.value, 4 / 6);
    close(t.cacheReuse.value, 2200 / 3250); // reads 2,200 / (850 + 200 + 2,200)
    close(t.tokensPerCommit.value, 3650 / 3);
    assert.equal(t.costPerCommitUSD.value, null);
    assert.deepEqual(byDay.editingTools, ['claude-code', 'codex']);
  });

  it('groups by project and week; by tool and model commits stay in the totals only', () => {
    const byProject = computeEfficiency({ records, edits, commits, price, groupBy: 'project', timeZone: 'UTC', minSample });
    // Sorted by tokens: shop 1,050 + 1,000 + 400 = 2,450; api 1,200
    assert.deepEqual(byProject.rows.map((r) => [r.key, r.tokens, r.acceptedEdits, r.commits]), [[SHOP, 2450, 3, 2], [API, 1200, 1, 1]]);

    const byWeek = computeEfficiency({ records, edits, commits, price, groupBy: 'week', timeZone: 'UTC', minSample });
    // 2026-03-02 is the Monday of ISO week 10
    assert.deepEqual(byWeek.rows.map((r) => [r.key, r.tokens, r.commits]), [['2026-W10', 3650, 3]]);

    const byTool = computeEfficiency({ records, edits, commits, price, groupBy: 'tool', timeZone: 'UTC', minSample });
    assert.deepEqual(byTool.rows.map((r) => [r.key, r.tokens, r.commits]), [['claude-code', 2050, null], ['codex', 1200, null], ['copilot', 400, null]]);
    assert.equal(byTool.rows[0].costPerCommitUSD.reason, 'commits are not attributed to a tool or model');
    assert.equal(byTool.totals.commits, 3);
    assert.deepEqual(byTool.notes, ['commits are counted in the totals only: a commit has no tool']);
    // copilot: tokens but no edits of its own, so no per-edit spend
    assert.equal(row(byTool.rows, 'copilot').editingToolTokens, 0);

    const byModel = computeEfficiency({ records, edits, commits, price, groupBy: 'model', timeZone: 'UTC', minSample });
    assert.deepEqual(byModel.rows.map((r) => r.key), ['m-a', 'm-b', 'm-c']);
  });

  it("buckets days in the user's time zone", () => {
    const late = [record('claude-code', SHOP, '2026-03-02T23:30:00Z', 'm-a', { input: 10, output: 1 })];
    const keys = (timeZone: string): string[] => computeEfficiency({ records: late, edits: [], commits: [], price, groupBy: 'day', timeZone }).rows.map((r) => r.key);
    assert.deepEqual(keys('America/New_York'), ['2026-03-02']); // 18:30 local
    assert.deepEqual(keys('Asia/Tokyo'), ['2026-03-03']); // 08:30 the next day
  });

  it('uses the default minimum samples when none are given, and handles no input at all', () => {
    const defaults = computeEfficiency({ records, edits, commits, price, groupBy: 'day', timeZone: 'UTC' });
    assert.deepEqual(defaults.minSample, { acceptedEdits: 5, decisions: 10, commits: 3, responses: 10 });
    assert.equal(defaults.totals.tokensPerAcceptedEdit.value, null); // 4 accepted < 5
    const empty = computeEfficiency({ records: [], edits: [], commits: [], price, groupBy: 'day', timeZone: 'UTC' });
    assert.deepEqual(empty.rows, []);
    assert.equal(empty.totals.acceptanceRate.value, null);
    assert.equal(empty.totals.cacheReuse.reason, 'not enough data: no responses');
  });

  it('treats a negative or non-finite price as no price, and odd token values as 0', () => {
    const odd = [record('claude-code', SHOP, '2026-03-02T10:00:00Z', 'm-a', { input: Number.NaN, cacheRead: -5, output: 10 })];
    const report = computeEfficiency({ records: odd, edits: [], commits: [], price: () => -1, groupBy: 'day', timeZone: 'UTC', minSample });
    assert.equal(report.totals.tokens, 10);
    assert.equal(report.totals.unpricedResponses, 1);
    assert.equal(report.totals.costUSD, 0);
  });
});
