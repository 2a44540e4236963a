import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeEfficiency, EFFICIENCY_GROUPINGS, type EfficiencyMetrics, type EfficiencyRow, type EfficiencySums } from '../../../src/core/efficiency/metrics';
import type { AttributedCommit } from '../../../src/core/git/attribution';
import type { EditEvent, ToolId, UsageRecord } from '../../../src/core/usage/types';

const TOOLS: ToolId[] = ['claude-code', 'codex', 'gemini-cli', 'copilot'];
const PROJECTS = ['/a', '/b', null];
const MODELS = ['m1', 'm2', 'm3'];
/** Two weeks around a month end, so day, week and month keys all vary. */
const timestamp = fc.integer({ min: Date.parse('2026-03-25T00:00:00Z'), max: Date.parse('2026-04-08T00:00:00Z') });
/** Token counts, including odd values a broken source might produce. */
const count = fc.oneof(fc.integer({ min: 0, max: 5_000_000 }), fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY));

const recordArb: fc.Arbitrary<UsageRecord> = fc.record({
  tool: fc.constantFrom(...TOOLS), sessionId: fc.constant('s'), project: fc.constantFrom(...PROJECTS), timestampMs: timestamp, model: fc.constantFrom(...MODELS),
  inputUncached: count, cacheWrite5m: count, cacheWrite1h: count, cacheRead: count, output: count, reasoning: fc.constant(0),
  costReportedUSD: fc.constant(null), dedupKey: fc.string(),
});

const editArb: fc.Arbitrary<EditEvent> = fc.record({
  tool: fc.constantFrom(...TOOLS), sessionId: fc.constant('s'), project: fc.constantFrom(...PROJECTS), timestampMs: timestamp, model: fc.constantFrom('m1', 'm2', null),
  filePath: fc.constant(null), toolName: fc.constant('Edit'), outcome: fc.constantFrom('accepted', 'rejected', 'failed', 'unresolved'),
  userModified: fc.boolean(), autoApproved: fc.constantFrom(true, false, null), linesAdded: count, linesRemoved: count, dedupKey: fc.string(),
});

const commitArb: fc.Arbitrary<AttributedCommit> = fc.record({
  hash: fc.constant('a'.repeat(40)), authorEmail: fc.constant('a@b'), authorName: fc.constant('A'), timestampMs: timestamp, authoredMs: timestamp,
  linesAdded: count, linesRemoved: count, files: fc.constant(['f']), repoRoot: fc.constant('/a'), project: fc.constantFrom('/a', '/b'),
});

/** Prices include undefined (unknown model), 0, and absurd values that must be treated as no price. */
const priceArb = fc.func(fc.oneof(fc.constant(undefined), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(-3, Number.NaN, Number.POSITIVE_INFINITY)));

const minSampleArb = fc.record({ acceptedEdits: fc.integer({ min: 0, max: 6 }), decisions: fc.integer({ min: 0, max: 6 }), commits: fc.integer({ min: 0, max: 3 }), responses: fc.integer({ min: 0, max: 6 }) });

const inputArb = fc.record({
  records: fc.array(recordArb, { maxLength: 30 }),
  edits: fc.array(editArb, { maxLength: 30 }),
  commits: fc.array(commitArb, { maxLength: 10 }),
  price: priceArb,
  groupBy: fc.constantFrom(...EFFICIENCY_GROUPINGS),
  minSample: minSampleArb,
});

const RATES: Array<keyof EfficiencyMetrics> = ['acceptanceRate', 'modifiedShare', 'autoApprovedShare', 'cacheReuse'];
const METRICS: Array<keyof EfficiencyMetrics> = ['tokensPerAcceptedEdit', 'costPerAcceptedEditUSD', 'tokensPerAcceptedLine', 'costPerAcceptedLineUSD', 'tokensPerCommit', 'costPerCommitUSD', 'acceptanceRate', 'modifiedShare', 'autoApprovedShare', 'cacheReuse', 'outputInputRatio'];
const SUMS: Array<keyof EfficiencySums> = [
  'responses', 'unpricedResponses', 'tokens', 'inputUncached', 'cacheWrite', 'cacheRead', 'output', 'costUSD', 'editingToolTokens', 'editingToolCostUSD', 'editingToolUnpricedResponses',
  'acceptedEdits', 'rejectedEdits', 'failedEdits', 'unresolvedEdits', 'modifiedEdits', 'autoApprovedEdits', 'acceptedLinesAdded', 'acceptedLinesRemoved', 'commits', 'commitLinesAdded', 'commitLinesRemoved',
];

const COMMIT_SUMS: Array<keyof EfficiencySums> = ['commits', 'commitLinesAdded', 'commitLinesRemoved'];

function checkRow(row: EfficiencyRow): void {
  for (const name of METRICS) {
    const metric = row[name];
    if (metric.value === null) {
      assert.ok(metric.reason !== null && metric.reason.length > 0, `${row.key}.${name} is null without a reason`);
      continue;
    }
    assert.ok(Number.isFinite(metric.value), `${row.key}.${name} = ${metric.value}`);
    assert.ok(metric.value >= 0, `${row.key}.${name} = ${metric.value} < 0`);
    assert.ok(metric.sampleSize >= metric.minSample && metric.denominator > 0, `${row.key}.${name} answered below its sample`);
    if (RATES.includes(name)) assert.ok(metric.value <= 1, `${row.key}.${name} = ${metric.value} > 1`);
  }
  for (const name of SUMS) {
    const value = row[name];
    if (value !== null) assert.ok(value >= 0 && !Number.isNaN(value), `${row.key}.${name} = ${value}`);
  }
}

describe('computeEfficiency (properties)', () => {
  it('never divides by zero, never yields NaN or Infinity, keeps rates in [0, 1] and costs ≥ 0', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const report = computeEfficiency({ ...input, timeZone: 'Europe/Berlin' });
        for (const row of [...report.rows, report.totals]) checkRow(row);
      }),
      { numRuns: 200 },
    );
  });

  it("totals' raw sums equal the sums of the rows (commits too, except in tool and model rows)", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const report = computeEfficiency({ ...input, timeZone: 'America/Los_Angeles' });
        const commitsInRows = input.groupBy !== 'tool' && input.groupBy !== 'model';
        for (const name of SUMS) {
          const total = report.totals[name];
          const rowValues = report.rows.map((row) => row[name]);
          if (COMMIT_SUMS.includes(name) && !commitsInRows) {
            assert.ok(rowValues.every((value) => value === null), `${name} in a ${input.groupBy} row`);
            continue;
          }
          const sum = rowValues.reduce<number>((acc, value) => acc + (value ?? 0), 0);
          // Costs are floating point: equal up to rounding of the order of addition.
          if (name === 'costUSD' || name === 'editingToolCostUSD') assert.ok(Math.abs((total ?? 0) - sum) <= 1e-9 * Math.max(1, sum), `${name}: ${total} ≠ ${sum}`);
          else assert.equal(total, sum, name);
        }
        assert.equal(report.totals.responses, input.records.length);
        assert.equal(report.totals.commits, input.commits.length);
      }),
      { numRuns: 200 },
    );
  });
});
