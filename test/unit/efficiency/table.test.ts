import * as assert from 'node:assert/strict';
import { computeEfficiency } from '../../../src/core/efficiency/metrics';
import { efficiencyColumns, formatEfficiencyTable } from '../../../src/core/efficiency/table';
import { commits, edits, minSample, price, records } from './fixture';

describe('efficiency table and JSON columns', () => {
  const report = computeEfficiency({ records, edits, commits, price, groupBy: 'day', timeZone: 'UTC', minSample });

  it('flattens a row to values, null where there is not enough data', () => {
    const [first, second] = report.rows.map(efficiencyColumns);
    // 2026-03-02 of the fixture: 2,050 tokens / 3 accepted edits; $2.05 / 1 commit; 3 of 4 decisions accepted.
    assert.equal(first.acceptedLinesAdded, 10);
    assert.equal(first.commits, 1);
    assert.ok(first.tokensPerAcceptedEdit !== null && Math.abs(first.tokensPerAcceptedEdit - 2050 / 3) < 1e-9);
    assert.equal(first.acceptanceRate, 0.75);
    // 2026-03-03: one accepted edit (< 2) and an unpriced model.
    assert.equal(second.tokensPerAcceptedEdit, null);
    assert.equal(second.costPerCommitUSD, null);
    assert.equal(second.commits, 2);
  });

  it('prints aligned rows, a total line from the raw sums, and explains the dashes', () => {
    const text = formatEfficiencyTable(report);
    const lines = text.split('\n');
    assert.equal(lines[0], 'Date        Edits ✓/✗  Lines accepted  Commits  Tokens/edit  Cost/edit  Cost/commit  Accepted  Cache reuse');
    // 2,050 / 3 = 683.3 → 683; $2.05 / 3 = $0.68; $2.05 / 1; 3 of 4 = 75%; 1,600 / 1,950 = 82%
    assert.equal(lines[2], '2026-03-02        3/1          +10/−3        1          683      $0.68        $2.05       75%          82%');
    // 600 / 1,300 = 46%
    assert.equal(lines[3], '2026-03-03        1/1           +4/−4        2            —          —            —         —          46%');
    // Totals: 3,250 / 4 = 812.5 → 813 (rounded half up); $3.25 / 4 = $0.81; 4 of 6 = 67%; 2,200 / 3,250 = 68%
    assert.equal(lines[5], 'Total             4/2          +14/−7        3          813      $0.81            —       67%          68%');
    assert.match(text, /— = not enough data \(needs ≥2 accepted edits, ≥3 accepted\+rejected, ≥1 commits, ≥2 responses/);
  });
});
