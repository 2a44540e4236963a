/**
 * Cost of token usage, on Anthropic-style buckets (input excludes cache reads and writes): the shape
 * UsageRecord is normalised to. Conversions from the OpenAI and Gemini conventions live in conventions.ts.
 *
 * Formula per request: inputUncached·p_in + cacheWrite5m·p_w5 + cacheWrite1h·p_w1h + cacheRead·p_read + output·p_out,
 * × the fast-mode multiplier when the request ran in fast mode. See docs/models.md for the conventions.
 */
import { LONG_CONTEXT_THRESHOLD, type ModelInfo, type ModelPrices, type PriceRates, type Provider } from './types';

export { fromAnthropicUsage, fromGeminiUsage, fromOpenAIUsage, type TokenBuckets } from './conventions';

export interface UsageBuckets {
  /** Input tokens neither written to nor read from a prompt cache. */
  inputUncached: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  /** Output tokens, reasoning/thinking included. */
  output: number;
  speed?: 'standard' | 'fast';
}

export interface CostBreakdown {
  inputUSD: number;
  cacheWrite5mUSD: number;
  cacheWrite1hUSD: number;
  cacheReadUSD: number;
  outputUSD: number;
  totalUSD: number;
  /** The long-context (> 200k prompt) rates were applied to the whole request. */
  longContext: boolean;
  /** 1, or the fast-mode multiplier that was applied to every bucket. */
  speedMultiplier: number;
}

/** ccusage's defaults for Anthropic models whose table lacks a cache price, as multiples of the input price. */
const ANTHROPIC_CACHE_DEFAULTS = { cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 } as const;

/**
 * Fills missing cache prices. Anthropic bills cache writes at a premium and reads at a discount, so the
 * ccusage defaults apply. OpenAI and Google do not charge for writing a cache: written tokens are plain input,
 * and a model without a listed cached-input price gets no invented discount.
 */
function completeRates(rates: PriceRates, provider: Provider): Required<PriceRates> {
  if (provider === 'anthropic') {
    return {
      input: rates.input,
      output: rates.output,
      cacheWrite5m: rates.cacheWrite5m ?? ANTHROPIC_CACHE_DEFAULTS.cacheWrite5m * rates.input,
      cacheWrite1h: rates.cacheWrite1h ?? ANTHROPIC_CACHE_DEFAULTS.cacheWrite1h * rates.input,
      cacheRead: rates.cacheRead ?? ANTHROPIC_CACHE_DEFAULTS.cacheRead * rates.input,
    };
  }
  return {
    input: rates.input,
    output: rates.output,
    cacheWrite5m: rates.cacheWrite5m ?? rates.input,
    cacheWrite1h: rates.cacheWrite1h ?? rates.cacheWrite5m ?? rates.input,
    cacheRead: rates.cacheRead ?? rates.input,
  };
}

/**
 * The rates for a request with `promptTokens` of prompt (input + cache writes + cache reads).
 * Above 200k, models with an `above200k` tier switch EVERY rate for the whole request (Anthropic's long-context
 * premium, Gemini 2.5 Pro). A tier field the table leaves out is scaled like input (e.g. Sonnet 4's 1-hour write
 * above 200k = 6 × 6/3 = $12/MTok, the figure LiteLLM lists for Sonnet 4.5); a missing output tier keeps the base rate.
 */
export function ratesForPrompt(model: ModelInfo, promptTokens: number): { rates: Required<PriceRates>; longContext: boolean } | undefined {
  const prices: ModelPrices | null = model.prices;
  if (!prices) return undefined;
  const standard = completeRates(prices, model.provider);
  const tier = prices.above200k;
  if (!tier || promptTokens <= LONG_CONTEXT_THRESHOLD) return { rates: standard, longContext: false };
  const inputRatio = tier.input !== undefined && prices.input > 0 ? tier.input / prices.input : 1;
  return {
    longContext: true,
    rates: {
      input: tier.input ?? standard.input,
      output: tier.output ?? standard.output,
      cacheWrite5m: tier.cacheWrite5m ?? standard.cacheWrite5m * inputRatio,
      cacheWrite1h: tier.cacheWrite1h ?? standard.cacheWrite1h * inputRatio,
      cacheRead: tier.cacheRead ?? standard.cacheRead * inputRatio,
    },
  };
}

/** Token counts from logs can be missing or corrupt: count those as 0 rather than poison a total with NaN. */
function tokens(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** The cost of one request. Undefined when the model has no prices ("unpriced": never shown as $0). */
export function costOfUsage(model: ModelInfo, usage: UsageBuckets): CostBreakdown | undefined {
  const inputUncached = tokens(usage.inputUncached);
  const cacheWrite5m = tokens(usage.cacheWrite5m);
  const cacheWrite1h = tokens(usage.cacheWrite1h);
  const cacheRead = tokens(usage.cacheRead);
  const output = tokens(usage.output);
  const priced = ratesForPrompt(model, inputUncached + cacheWrite5m + cacheWrite1h + cacheRead);
  if (!priced) return undefined;
  const { rates, longContext } = priced;
  const speedMultiplier = usage.speed === 'fast' ? (model.fastMultiplier ?? 1) : 1;
  const inputUSD = inputUncached * rates.input * speedMultiplier;
  const cacheWrite5mUSD = cacheWrite5m * rates.cacheWrite5m * speedMultiplier;
  const cacheWrite1hUSD = cacheWrite1h * rates.cacheWrite1h * speedMultiplier;
  const cacheReadUSD = cacheRead * rates.cacheRead * speedMultiplier;
  const outputUSD = output * rates.output * speedMultiplier;
  return {
    inputUSD,
    cacheWrite5mUSD,
    cacheWrite1hUSD,
    cacheReadUSD,
    outputUSD,
    totalUSD: inputUSD + cacheWrite5mUSD + cacheWrite1hUSD + cacheReadUSD + outputUSD,
    longContext,
    speedMultiplier,
  };
}

/** What sending `inputTokens` of uncached prompt would cost, or undefined when unpriced. */
export function inputCost(model: ModelInfo, inputTokens: number): number | undefined {
  return estimateCost(model, { inputTokens, outputTokens: 0 })?.totalUSD;
}

/** A prompt estimate: uncached input plus the output you expect back. */
export function estimateCost(model: ModelInfo, estimate: { inputTokens: number; outputTokens: number }): CostBreakdown | undefined {
  return costOfUsage(model, { inputUncached: estimate.inputTokens, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, output: estimate.outputTokens });
}
