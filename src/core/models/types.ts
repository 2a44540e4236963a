/**
 * What Tokenwise knows about one model: names, limits, tokenizer and prices.
 * Prices are USD per token, as in LiteLLM's model_prices_and_context_window.json (× 1e6 for per-million figures).
 */

/** The BPE encodings Tokenwise bundles (same names as the tokenizer engine's `EncodingName`). */
export type TokenizerEncoding = 'o200k_base' | 'cl100k_base';

/**
 * Who bills the model, which decides the cost conventions: Anthropic charges cache writes
 * (5-minute and 1-hour) and has ccusage-style defaults for missing cache prices; OpenAI and Google
 * charge nothing extra for writing a cache; `other` gets no invented discounts or surcharges.
 */
export type Provider = 'anthropic' | 'openai' | 'google' | 'other';

export const PROVIDERS: readonly Provider[] = ['anthropic', 'openai', 'google', 'other'];

/** USD per token for each billed bucket. A missing cache price is derived by the cost maths (see cost.ts). */
export interface PriceRates {
  input: number;
  output: number;
  cacheWrite5m?: number;
  cacheWrite1h?: number;
  cacheRead?: number;
}

export interface ModelPrices extends PriceRates {
  /**
   * Rates that replace the standard ones for a whole request whose prompt (input + cache writes + cache reads)
   * exceeds {@link LONG_CONTEXT_THRESHOLD} tokens: Anthropic's long-context premium, Gemini 2.5 Pro's upper tier.
   */
  above200k?: Partial<PriceRates>;
}

/** Prompt size (tokens) above which the `above200k` rates apply to the whole request. */
export const LONG_CONTEXT_THRESHOLD = 200_000;

/**
 * How to count a model's tokens locally. `estimate: null` means the encoding IS the model's tokenizer;
 * otherwise the count is the base encoding's count × `factor`, labelled with the family (e.g. "≈ Claude").
 */
export interface TokenizerSpec {
  encoding: TokenizerEncoding;
  estimate: { family: string; factor: number } | null;
}

export interface ModelInfo {
  /** Canonical id (the LiteLLM key without date suffix where one exists). */
  id: string;
  displayName: string;
  /** Other names the model goes by: dated snapshots, dotted OpenRouter spellings, … (lookup is case-insensitive). */
  aliases: readonly string[];
  provider: Provider;
  /** LiteLLM's `litellm_provider`, kept for display and for matching a refreshed price table. */
  litellmProvider: string | null;
  /** Maximum input tokens (LiteLLM `max_input_tokens`), null when unknown. */
  contextWindow: number | null;
  maxOutput: number | null;
  tokenizer: TokenizerSpec;
  /** null: unpriced. Costs are then reported as "unpriced", never as $0. */
  prices: ModelPrices | null;
  /** Price multiplier for Anthropic fast mode (`provider_specific_entry.fast`), null when the model has none. */
  fastMultiplier: number | null;
  origin: 'bundled' | 'custom';
}
