import * as assert from 'node:assert/strict';
import { ModelCatalog } from '../../../src/core/models/catalog';
import { costOfUsage, estimateCost, fromAnthropicUsage, fromGeminiUsage, fromOpenAIUsage, inputCost, type UsageBuckets } from '../../../src/core/models/cost';
import type { ModelInfo } from '../../../src/core/models/types';
import type { UsageRecord } from '../../../src/core/usage/types';

const catalog = ModelCatalog.bundled();

function model(id: string): ModelInfo {
  const found = catalog.resolve(id);
  if (!found) throw new Error(`test needs ${id} in the bundled catalog`);
  return found;
}

function usage(buckets: Partial<UsageBuckets>): UsageBuckets {
  return { inputUncached: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, output: 0, ...buckets };
}

/** Dollar amounts are sums of float products: equal to a hand-computed figure within a billionth of a cent. */
function assertUSD(actual: number | undefined, expected: number, message?: string): void {
  assert.ok(actual !== undefined, message ?? 'unpriced');
  assert.ok(Math.abs(actual - expected) < 1e-11, `${message ?? ''} ${actual} ≠ ${expected}`);
}

describe('cost maths', () => {
  it('prices an Anthropic request bucket by bucket (spec §9 Claude Code line, Sonnet 4.5)', () => {
    // usage: input 4, cache_creation 812 (5m), cache_read 21,450, output 143; $/MTok: 3 / 3.75 / 0.30 / 15
    // 4×3 = 12; 812×3.75 = 3,045; 21,450×0.30 = 6,435; 143×15 = 2,145 → 11,637 / 1e6 = $0.011637
    const buckets = fromAnthropicUsage({ input_tokens: 4, cache_creation_input_tokens: 812, cache_read_input_tokens: 21450, output_tokens: 143, cache_creation: { ephemeral_5m_input_tokens: 812, ephemeral_1h_input_tokens: 0 } });
    const cost = costOfUsage(model('claude-sonnet-4-5-20250929'), buckets);
    assertUSD(cost?.inputUSD, 0.000012);
    assertUSD(cost?.cacheWrite5mUSD, 0.003045);
    assertUSD(cost?.cacheReadUSD, 0.006435);
    assertUSD(cost?.outputUSD, 0.002145);
    assertUSD(cost?.totalUSD, 0.011637);
    assert.equal(cost?.longContext, false);
  });

  it('prices 1-hour cache writes at their own rate, not the 5-minute one', () => {
    // Opus 4.6: 10,000 × $10/MTok (1h) = $0.10; the same at the 5m rate would be 10,000 × 6.25 = $0.0625
    assertUSD(costOfUsage(model('claude-opus-4-6'), usage({ cacheWrite1h: 10_000 }))?.totalUSD, 0.1);
  });

  it('applies the Anthropic long-context premium to the WHOLE request when the prompt exceeds 200k', () => {
    // Sonnet 4.5, input 150,000 + cache read 60,000 = 210,000 > 200,000 → every rate switches:
    // 150,000×6 = 900,000; 60,000×0.6 = 36,000; output 2,000×22.5 = 45,000 → 981,000 / 1e6 = $0.981
    const over = costOfUsage(model('claude-sonnet-4-5'), usage({ inputUncached: 150_000, cacheRead: 60_000, output: 2_000 }));
    assertUSD(over?.totalUSD, 0.981);
    assert.equal(over?.longContext, true);
    // Exactly 200,000 is not above: 140,000×3 = 420,000; 60,000×0.3 = 18,000; 2,000×15 = 30,000 → $0.468
    const at = costOfUsage(model('claude-sonnet-4-5'), usage({ inputUncached: 140_000, cacheRead: 60_000, output: 2_000 }));
    assertUSD(at?.totalUSD, 0.468);
    assert.equal(at?.longContext, false);
  });

  it('counts cache writes towards the 200k threshold and scales a missing tier write price like input', () => {
    // Sonnet 4 lists no 1h-write price above 200k: derived as 6 × (6/3) = $12/MTok (LiteLLM's Sonnet 4.5 figure).
    // input 1,000 + 1h write 250,000 = 251,000 > 200k: 1,000×6 = 6,000; 250,000×12 = 3,000,000 → $3.006
    const cost = costOfUsage(model('claude-sonnet-4-20250514'), usage({ inputUncached: 1_000, cacheWrite1h: 250_000 }));
    assertUSD(cost?.totalUSD, 3.006);
  });

  it('keeps flat rates above 200k for models without a tier (Opus 4.7, 1M context)', () => {
    // 300,000 × $5/MTok = $1.50
    const cost = costOfUsage(model('claude-opus-4-7'), usage({ inputUncached: 300_000 }));
    assertUSD(cost?.totalUSD, 1.5);
    assert.equal(cost?.longContext, false);
  });

  it('multiplies every bucket by the fast-mode factor', () => {
    // Opus 4.6: 1,000×5 + 1,000×25 = 30,000 → $0.03 standard; fast ×6 → $0.18
    const fast = costOfUsage(model('claude-opus-4-6'), usage({ inputUncached: 1_000, output: 1_000, speed: 'fast' }));
    assertUSD(fast?.totalUSD, 0.18);
    assert.equal(fast?.speedMultiplier, 6);
    assertUSD(costOfUsage(model('claude-opus-4-6'), usage({ inputUncached: 1_000, output: 1_000, speed: 'standard' }))?.totalUSD, 0.03);
    // A model without a fast multiplier is priced at its standard rates: Opus 4.5, 1,000×5 = $0.005
    assertUSD(costOfUsage(model('claude-opus-4-5'), usage({ inputUncached: 1_000, speed: 'fast' }))?.totalUSD, 0.005);
  });

  it('fills a missing Anthropic 1-hour write price with 2 × input (ccusage default)', () => {
    // Claude 3.5 Haiku lists no 1h write: 2 × $0.80 = $1.60/MTok; 100,000 × 1.6 = 160,000 → $0.16
    assertUSD(costOfUsage(model('claude-3-5-haiku'), usage({ cacheWrite1h: 100_000 }))?.totalUSD, 0.16);
  });

  it('prices an OpenAI request: cached input at the cached rate, reasoning inside output (spec §9 Codex line)', () => {
    // last_token_usage: input 9,300 (incl. 8,960 cached), output 250 (incl. 128 reasoning), gpt-5-codex 1.25 / 0.125 / 10
    // uncached 340×1.25 = 425; 8,960×0.125 = 1,120; 250×10 = 2,500 → 4,045 / 1e6 = $0.004045
    const buckets = fromOpenAIUsage({ input: 9300, cached: 8960, output: 250, reasoning: 128 });
    assert.deepEqual(buckets, { inputUncached: 340, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 8960, output: 250, reasoning: 128 });
    assertUSD(costOfUsage(model('gpt-5-codex'), buckets)?.totalUSD, 0.004045);
  });

  it('gives no cached discount an OpenAI model does not list (GPT-4)', () => {
    // input 1,000 (200 cached), output 100 at $30/$60: 800×30 + 200×30 + 100×60 = 36,000 → $0.036
    assertUSD(costOfUsage(model('gpt-4'), fromOpenAIUsage({ input: 1000, cached: 200, output: 100 }))?.totalUSD, 0.036);
  });

  it('prices a Gemini request: thoughts billed as output (spec §9 Gemini CLI line)', () => {
    // input 12,500 (incl. 9,000 cached), output 320, thoughts 410; gemini-2.5-pro 1.25 / 0.125 / 10
    // 3,500×1.25 = 4,375; 9,000×0.125 = 1,125; (320+410)×10 = 7,300 → 12,800 / 1e6 = $0.0128
    const buckets = fromGeminiUsage({ input: 12500, cached: 9000, output: 320, thoughts: 410 });
    assert.deepEqual(buckets, { inputUncached: 3500, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 9000, output: 730, reasoning: 410 });
    assertUSD(costOfUsage(model('gemini-2.5-pro'), buckets)?.totalUSD, 0.0128);
  });

  it('switches all Gemini 2.5 Pro rates when the prompt exceeds 200k', () => {
    // input 250,000 incl. 50,000 cached, output 1,000 → 200,000×2.5 = 500,000; 50,000×0.25 = 12,500; 1,000×15 = 15,000
    // → 527,500 / 1e6 = $0.5275
    const cost = costOfUsage(model('gemini-2.5-pro'), fromGeminiUsage({ input: 250_000, cached: 50_000, output: 1_000 }));
    assertUSD(cost?.totalUSD, 0.5275);
    assert.equal(cost?.longContext, true);
  });

  it('prices a ledger UsageRecord as it is (the record is already in Anthropic-style buckets)', () => {
    const record: UsageRecord = {
      tool: 'claude-code', sessionId: 's', project: null, timestampMs: 0, model: 'claude-haiku-4-5-20251001',
      inputUncached: 2_000, cacheWrite5m: 0, cacheWrite1h: 1_000, cacheRead: 10_000, output: 500, reasoning: 0,
      costReportedUSD: null, dedupKey: 'k',
    };
    // Haiku 4.5: 2,000×1 + 1,000×2 + 10,000×0.1 + 500×5 = 2,000 + 2,000 + 1,000 + 2,500 = 7,500 → $0.0075
    assertUSD(costOfUsage(model(record.model), record)?.totalUSD, 0.0075);
  });

  it('reports an unpriced model as undefined, never $0', () => {
    const { catalog: withCustom } = catalog.withCustomModels([{ id: 'house-model', contextWindow: 32_000 }]);
    const unpriced = withCustom.resolve('house-model') as ModelInfo;
    assert.equal(unpriced.prices, null);
    assert.equal(costOfUsage(unpriced, usage({ inputUncached: 1000 })), undefined);
    assert.equal(inputCost(unpriced, 1000), undefined);
    assert.equal(estimateCost(unpriced, { inputTokens: 1, outputTokens: 1 }), undefined);
  });

  it('treats corrupt counts as zero instead of poisoning the total', () => {
    // Only output is usable: 100 × $10/MTok (gpt-4o) = $0.001
    const cost = costOfUsage(model('gpt-4o'), usage({ inputUncached: Number.NaN, cacheRead: -5, output: 100 }));
    assertUSD(cost?.totalUSD, 0.001);
  });

  it('estimates a prompt: inputCost and estimateCost', () => {
    // gpt-4o: 1,000 × $2.50/MTok = $0.0025
    assertUSD(inputCost(model('gpt-4o'), 1_000), 0.0025);
    // Sonnet 4.5: 10,000×3 + 1,000×15 = 45,000 → $0.045
    const estimate = estimateCost(model('claude-sonnet-4-5'), { inputTokens: 10_000, outputTokens: 1_000 });
    assertUSD(estimate?.inputUSD, 0.03);
    assertUSD(estimate?.totalUSD, 0.045);
    // A 250,000-token Sonnet 4.5 prompt is priced at the long-context rate: 250,000 × 6 = $1.50
    assertUSD(inputCost(model('claude-sonnet-4-5'), 250_000), 1.5);
  });
});

describe('usage conventions', () => {
  it('splits Anthropic cache writes by TTL, falling back to the 5-minute rate', () => {
    assert.deepEqual(fromAnthropicUsage({ input_tokens: 10, cache_creation_input_tokens: 1000, cache_creation: { ephemeral_5m_input_tokens: 400, ephemeral_1h_input_tokens: 600 }, output_tokens: 5 }), {
      inputUncached: 10, cacheWrite5m: 400, cacheWrite1h: 600, cacheRead: 0, output: 5, reasoning: 0,
    });
    // No split (older logs): all 1,000 at the 5-minute rate.
    assert.equal(fromAnthropicUsage({ cache_creation_input_tokens: 1000 }).cacheWrite5m, 1000);
    // A split that accounts for less than the total: the rest goes to the 5-minute bucket (1,000 − 300 = 700).
    const partial = fromAnthropicUsage({ cache_creation_input_tokens: 1000, cache_creation: { ephemeral_1h_input_tokens: 300 } });
    assert.deepEqual([partial.cacheWrite5m, partial.cacheWrite1h], [700, 300]);
    assert.equal(fromAnthropicUsage({ speed: 'fast' }).speed, 'fast');
    assert.equal(fromAnthropicUsage({ speed: 'standard' }).speed, undefined);
  });

  it('never produces negative buckets from odd OpenAI/Gemini numbers', () => {
    // cached > input (a corrupt line): all input is treated as cached, none as uncached.
    assert.deepEqual(fromOpenAIUsage({ input: 100, cached: 150, output: 1 }), { inputUncached: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 100, output: 1, reasoning: 0 });
    assert.deepEqual(fromGeminiUsage({ input: -4, output: Number.NaN, thoughts: 3 }), { inputUncached: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, output: 3, reasoning: 3 });
  });
});
