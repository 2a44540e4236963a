import * as assert from 'node:assert/strict';
import path from 'node:path';
import { runTokenwise } from '../helpers/cli';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'efficiency');

interface CalibrateJson {
  families: Array<{ family: string; factor: number | null; sampleCount: number; spread: { p25: number; p75: number } | null; reason: string | null }>;
  filesRead: number;
  problems: string[];
}

describe('tokenwise calibrate (built CLI, fixture transcripts)', () => {
  const dirs = ['--claude-dir', path.join(FIXTURES, 'claude'), '--gemini-dir', path.join(FIXTURES, 'gemini')];

  it('learns one factor per family from the qualifying responses', () => {
    const { code, stdout, stderr } = runTokenwise(['calibrate', ...dirs, '--min-samples', '2', '--json']);
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout) as CalibrateJson;
    assert.equal(result.filesRead, 2);
    assert.deepEqual(result.problems, []);
    const [claude, opus, gemini] = result.families;
    // Claude before Opus 4.7: msg_A 24 / 20 = 1.2 and msg_D 27 / 23 = 1.173913…; median = their mean 1.186956…
    assert.equal(claude.sampleCount, 2);
    assert.ok(claude.factor !== null && Math.abs(claude.factor - (1.2 + 27 / 23) / 2) < 1e-9, String(claude.factor));
    // Opus 4.7: one sample (36 / 24) < 2 → no factor
    assert.equal(opus.factor, null);
    assert.equal(opus.reason, 'not enough data: 1 usable responses, at least 2 needed');
    // Gemini: 25 / 23, 24 / 24, 24 / 24 → median 1.0
    assert.equal(gemini.sampleCount, 3);
    assert.equal(gemini.factor, 1);
  });

  it('prints a table, and refuses a bad --min-samples', () => {
    const table = runTokenwise(['calibrate', ...dirs]);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^Family\s+Factor\s+Samples\s+Middle half\s+Note/);
    assert.match(table.stdout, /claude-pre-opus-4\.7\s+—\s+2\s+not enough data: 2 usable responses, at least 20 needed/);
    assert.match(table.stdout, /Read 2 transcript file\(s\)/);
    const bad = runTokenwise(['calibrate', '--min-samples', 'many']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--min-samples must be a whole number/);
  });
});
