/**
 * Our per-day figures against ccusage 17.2.1 (`daily --json --offline`) on the Claude Code reader's fixtures,
 * both run as real child processes. ccusage takes about a second, so this stays in the unit suite.
 */
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareDays, daysOfReport, runCcusageDaily } from './helpers/ccusage';
import { runTokenwise } from './helpers/cli';

const home = path.resolve(__dirname, '..', 'fixtures', 'sources', 'claude-code', 'home');
const claudeDirs = [path.join(home, '.claude'), path.join(home, '.config', 'claude')];

/**
 * Days where the two differ on purpose. 2025-10-02 holds three streamed copies of one response with growing
 * output (ccusage 17.2.1 keeps the first, we keep the final one, ccusage#888), a sidechain replay of a parent
 * response (counted twice by 17.2.1, ccusage#913), and lines the reader skips like current ccusage does
 * (explicit nulls, non-semver version). The reader's own tests pin that day's exact figures.
 */
const deliberateDifferences = new Set(['2025-10-02']);

describe('agreement with ccusage 17.2.1 on the Claude Code fixtures', () => {
  it('matches per-day tokens exactly and cost within 0.5% on every day without a deliberate difference', () => {
    const ours = runTokenwise(['report', '--json', '--no-ledger', '--timezone', 'UTC', ...claudeDirs.flatMap((dir) => ['--claude-dir', dir])]);
    assert.equal(ours.code, 0, ours.stderr);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenwise-ccusage-'));
    try {
      const ourDays = daysOfReport(ours.stdout);
      const theirs = runCcusageDaily(claudeDirs, scratch);
      assert.deepEqual(ourDays.map((day) => day.date), theirs.days.map((day) => day.date));
      const { mismatchedDays, maxCostDiff, comparedDays } = compareDays(ourDays, theirs.days, deliberateDifferences);
      assert.ok(comparedDays >= 2, 'the fixtures must leave days to compare');
      assert.deepEqual(mismatchedDays, []);
      assert.ok(maxCostDiff <= 0.005, `cost differs by ${(maxCostDiff * 100).toFixed(3)}%`);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
