import * as assert from 'node:assert/strict';
import { cachingOverTurns, estimatePrompt, expectedOutputFor, type EstimateModel, type EstimateOptions, type PromptBuckets } from '../../../src/core/prompt/estimate';

/** A model with flat per-million-token rates, priced the way the catalog's cost maths does for flat tiers. */
function model(id: string, perMillion: { input: number; output: number; write?: number; read?: number } | null, limits: { window?: number | null; maxOutput?: number | null; caching?: boolean } = {}): EstimateModel {
  return {
    id,
    displayName: id.toUpperCase(),
    contextWindow: limits.window === undefined ? 200_000 : limits.window,
    maxOutput: limits.maxOutput === undefined ? 64_000 : limits.maxOutput,
    promptCaching: limits.caching ?? false,
    price: (b: PromptBuckets) =>
      perMillion === null
        ? undefined
        : (b.inputUncached * perMillion.input + b.output * perMillion.output + b.cacheWrite5m * (perMillion.write ?? perMillion.input) + b.cacheRead * (perMillion.read ?? perMillion.input)) / 1e6,
  };
}

const options: EstimateOptions = { fallbackOutputTokens: 1000, minHistorySamples: 5, turns: 10 };
const close = (actual: number | undefined, expected: number) => assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

describe('prompt estimate maths', () => {
  it('prices input, setting-based output and total per model (hand-computed)', () => {
    // 12,000 input at $3/M = $0.036; 1,000 output at $15/M = $0.015; total $0.051.
    const [row] = estimatePrompt([{ model: model('sonnet', { input: 3, output: 15 }), input: { tokens: 12_000, exact: false, basis: '≈ Claude' } }], options);
    assert.ok(row);
    close(row.inputUSD, 0.036);
    close(row.outputUSD, 0.015);
    close(row.totalUSD, 0.051);
    assert.deepEqual(row.expectedOutput, { tokens: 1000, source: 'setting', clampedToMaxOutput: false });
    assert.equal(row.input.exact, false);
    // (12,000 + 1,000) / 200,000 = 6.5 %, 187,000 left.
    assert.equal(row.windowFill, 0.065);
    assert.equal(row.headroomTokens, 187_000);
    assert.equal(row.fits, true);
  });

  it('uses the history ratio with enough samples, says so, and clamps to max output', () => {
    const history = { medianOutputInputRatio: (id: string) => (id === 'a' ? { ratio: 0.25, samples: 12 } : id === 'b' ? { ratio: 0.25, samples: 4 } : { ratio: 2, samples: 50 }) };
    const withHistory = { ...options, history };
    assert.deepEqual(expectedOutputFor(model('a', null), 8000, withHistory), { tokens: 2000, source: 'history', ratio: 0.25, samples: 12, clampedToMaxOutput: false });
    // Four samples are fewer than five: the setting is used.
    assert.deepEqual(expectedOutputFor(model('b', null), 8000, withHistory), { tokens: 1000, source: 'setting', clampedToMaxOutput: false });
    // 2 × 8,000 = 16,000 wanted, max output 4,096.
    assert.deepEqual(expectedOutputFor(model('c', null, { maxOutput: 4096 }), 8000, withHistory), { tokens: 4096, source: 'history', ratio: 2, samples: 50, clampedToMaxOutput: true });
    // The setting is clamped too.
    assert.equal(expectedOutputFor(model('d', null, { maxOutput: 500 }), 10, options).tokens, 500);
  });

  it('reserves output in the window: a prompt that fits alone may not fit with its answer', () => {
    const [row] = estimatePrompt([{ model: model('small', { input: 1, output: 2 }, { window: 8192 }), input: { tokens: 7500, exact: true } }], options);
    assert.ok(row);
    assert.equal(row.fits, false);
    assert.equal(row.headroomTokens, 8192 - 8500);
    close(row.windowFill ?? NaN, 8500 / 8192);
    assert.equal(row.cheapest, false, 'a model the prompt does not fit is never the cheapest option');
  });

  it('sorts by total, unpriced last and never $0; marks cheapest and best fit', () => {
    const rows = estimatePrompt(
      [
        { model: model('pricey', { input: 15, output: 75 }, { window: 1_000_000 }), input: { tokens: 10_000, exact: false } },
        { model: model('mystery', null), input: { tokens: 10_000, exact: true } },
        { model: model('cheap', { input: 0.15, output: 0.6 }, { window: 128_000 }), input: { tokens: 9_000, exact: true } },
        { model: model('tiny', { input: 0.01, output: 0.01 }, { window: 4096 }), input: { tokens: 9_000, exact: true } },
        { model: model('cheap', { input: 99, output: 99 }), input: { tokens: 1, exact: true } },
      ],
      options,
    );
    assert.deepEqual(rows.map((r) => r.modelId), ['tiny', 'cheap', 'pricey', 'mystery']);
    const [tiny, cheap, pricey, mystery] = rows;
    // cheap: 9,000 × 0.15 + 1,000 × 0.6 = 1,350 + 600 = 1,950 µ$ = $0.00195.
    close(cheap!.totalUSD, 0.00195);
    // pricey: 10,000 × 15 + 1,000 × 75 = 225,000 µ$ = $0.225.
    close(pricey!.totalUSD, 0.225);
    assert.equal(mystery!.totalUSD, undefined);
    assert.equal(mystery!.inputUSD, undefined);
    assert.equal(tiny!.fits, false);
    assert.equal(cheap!.cheapest, true);
    assert.equal(pricey!.bestFit, true, '1M window leaves the most headroom');
    assert.deepEqual(rows.filter((r) => r.cheapest || r.bestFit).map((r) => r.modelId), ['cheap', 'pricey']);
  });

  it('leaves fit unknown when the window is unknown', () => {
    const [row] = estimatePrompt([{ model: model('x', { input: 1, output: 1 }, { window: null }), input: { tokens: 10, exact: true } }], options);
    assert.equal(row!.fits, null);
    assert.equal(row!.windowFill, null);
    assert.equal(row!.bestFit, false);
  });
});

describe('caching over N turns', () => {
  it('compares N plain sends with one 5-minute write and N − 1 reads (hand-computed)', () => {
    // 50,000 tokens, $3/M input, $3.75/M write, $0.30/M read, 10 turns:
    // without: 10 × 0.15 = $1.50; with: 0.1875 + 9 × 0.015 = $0.3225; saving $1.1775.
    const caching = cachingOverTurns(model('sonnet', { input: 3, output: 15, write: 3.75, read: 0.3 }, { caching: true }), 50_000, 10);
    assert.ok(caching);
    assert.equal(caching.turns, 10);
    close(caching.withoutCacheUSD, 1.5);
    close(caching.withCacheUSD, 0.3225);
    close(caching.savingsUSD, 1.1775);
  });

  it('one turn costs more with a cache write premium; no caching or no price gives nothing', () => {
    const one = cachingOverTurns(model('s', { input: 3, output: 15, write: 3.75, read: 0.3 }, { caching: true }), 1_000_000, 1);
    close(one?.withoutCacheUSD, 3);
    close(one?.withCacheUSD, 3.75);
    close(one?.savingsUSD, -0.75);
    assert.equal(cachingOverTurns(model('n', { input: 3, output: 15 }), 1000, 10), undefined);
    assert.equal(cachingOverTurns(model('u', null, { caching: true }), 1000, 10), undefined);
    // Odd N values become a whole number of at least one turn.
    assert.equal(cachingOverTurns(model('s', { input: 1, output: 1 }, { caching: true }), 10, 0)?.turns, 1);
    assert.equal(cachingOverTurns(model('s', { input: 1, output: 1 }, { caching: true }), 10, Number.NaN)?.turns, 1);
  });

  it('appears on estimate rows for caching models only', () => {
    const rows = estimatePrompt(
      [
        { model: model('c', { input: 3, output: 15, write: 3.75, read: 0.3 }, { caching: true }), input: { tokens: 1000, exact: true } },
        { model: model('n', { input: 3, output: 15 }), input: { tokens: 1000, exact: true } },
      ],
      { ...options, turns: 3 },
    );
    // 1,000 tokens: without 3 × $0.003 = $0.009; with $0.00375 + 2 × $0.0003 = $0.00435.
    close(rows.find((r) => r.modelId === 'c')!.caching?.withCacheUSD, 0.00435);
    close(rows.find((r) => r.modelId === 'c')!.caching?.withoutCacheUSD, 0.009);
    assert.equal(rows.find((r) => r.modelId === 'n')!.caching, undefined);
  });
});
