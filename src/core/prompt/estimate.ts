/**
 * "Estimate this prompt": per model, what a prompt costs before it is sent and whether it fits.
 * Pure maths over injected seams — a model's limits, a price function and its own token count — so the
 * catalog, the tokenizer engine and the usage ledger can change without touching the figures here.
 */

/** A count from a tokenizer: `exact` is false for estimates (model families without a public tokenizer). */
export interface PromptTokenCount {
  tokens: number;
  exact: boolean;
  /** How the count was made, for labels: e.g. "o200k_base" or "≈ Claude (cl100k × 1.1)". */
  basis?: string;
}

/** Billed token buckets of one request, Anthropic-style: input excludes cache writes and reads. */
export interface PromptBuckets {
  inputUncached: number;
  cacheWrite5m: number;
  cacheRead: number;
  output: number;
}

/** What the estimate needs to know about one model. Built from the model catalog by an adapter. */
export interface EstimateModel {
  id: string;
  displayName: string;
  /** Context window in tokens; null when unknown (then "fits" is unknown too). */
  contextWindow: number | null;
  maxOutput: number | null;
  /** Whether the provider discounts a repeated prompt prefix (cache reads), so caching over N turns is worth showing. */
  promptCaching: boolean;
  /** USD for one request with these buckets; undefined when the model is unpriced (shown as "unpriced", never $0). */
  price(buckets: PromptBuckets): number | undefined;
}

/**
 * Where expected output sizes come from when history exists: the median ratio of output to input tokens
 * over the user's own past requests to this model (the usage ledger provides it).
 */
export interface ExpectedOutputSource {
  medianOutputInputRatio(modelId: string): { ratio: number; samples: number } | undefined;
}

export interface EstimateOptions {
  /** Expected output when there is not enough history (setting `tokenwise.estimate.outputTokens`). */
  fallbackOutputTokens: number;
  /** History is used only with at least this many samples. */
  minHistorySamples: number;
  /** N for the caching comparison (setting `tokenwise.estimate.turns`). */
  turns: number;
  history?: ExpectedOutputSource;
}

export const DEFAULT_OUTPUT_TOKENS = 1000;
export const DEFAULT_TURNS = 10;
export const DEFAULT_MIN_HISTORY_SAMPLES = 5;

export type ExpectedOutput =
  | { tokens: number; source: 'history'; ratio: number; samples: number; clampedToMaxOutput: boolean }
  | { tokens: number; source: 'setting'; clampedToMaxOutput: boolean };

export interface CachingOverTurns {
  turns: number;
  /** The prefix sent N times as plain input. */
  withoutCacheUSD: number;
  /** One cache write (5-minute price), then N − 1 cache reads. */
  withCacheUSD: number;
  savingsUSD: number;
}

export interface EstimateRow {
  modelId: string;
  displayName: string;
  input: PromptTokenCount;
  inputUSD: number | undefined;
  expectedOutput: ExpectedOutput;
  outputUSD: number | undefined;
  totalUSD: number | undefined;
  contextWindow: number | null;
  /** (input + expected output) / window; null when the window is unknown. May exceed 1. */
  windowFill: number | null;
  /** Tokens left after input and reserved output; negative when it does not fit; null when the window is unknown. */
  headroomTokens: number | null;
  fits: boolean | null;
  /** Only for priced models with prompt caching. */
  caching: CachingOverTurns | undefined;
  cheapest: boolean;
  bestFit: boolean;
}

export interface ModelInput {
  model: EstimateModel;
  input: PromptTokenCount;
}

/** Non-negative whole tokens: a corrupt figure must not poison a total with NaN. */
function wholeTokens(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

const noBuckets: PromptBuckets = { inputUncached: 0, cacheWrite5m: 0, cacheRead: 0, output: 0 };

/** Expected output: history ratio × input when there are enough samples, else the setting; at most max output. */
export function expectedOutputFor(model: EstimateModel, inputTokens: number, options: EstimateOptions): ExpectedOutput {
  const history = options.history?.medianOutputInputRatio(model.id);
  const usable = history !== undefined && history.samples >= options.minHistorySamples && Number.isFinite(history.ratio) && history.ratio >= 0;
  const wanted = usable ? wholeTokens(history.ratio * inputTokens) : wholeTokens(options.fallbackOutputTokens);
  const limit = model.maxOutput !== null && model.maxOutput > 0 ? model.maxOutput : Infinity;
  const tokens = Math.min(wanted, limit);
  const clampedToMaxOutput = wanted > limit;
  return usable ? { tokens, source: 'history', ratio: history.ratio, samples: history.samples, clampedToMaxOutput } : { tokens, source: 'setting', clampedToMaxOutput };
}

/**
 * Sending the same prefix `turns` times: without a cache every turn pays full input; with one, the first turn
 * writes the cache (5-minute write price) and the other N − 1 read it. Output is left out: it is the same either way.
 */
export function cachingOverTurns(model: EstimateModel, prefixTokens: number, turns: number): CachingOverTurns | undefined {
  if (!model.promptCaching) return undefined;
  const n = Math.max(1, Math.floor(Number.isFinite(turns) ? turns : 1));
  const tokens = wholeTokens(prefixTokens);
  const plain = model.price({ ...noBuckets, inputUncached: tokens });
  const write = model.price({ ...noBuckets, cacheWrite5m: tokens });
  const read = model.price({ ...noBuckets, cacheRead: tokens });
  if (plain === undefined || write === undefined || read === undefined) return undefined;
  const withoutCacheUSD = n * plain;
  const withCacheUSD = write + (n - 1) * read;
  return { turns: n, withoutCacheUSD, withCacheUSD, savingsUSD: withoutCacheUSD - withCacheUSD };
}

function estimateRow({ model, input }: ModelInput, options: EstimateOptions): EstimateRow {
  const inputTokens = wholeTokens(input.tokens);
  const expectedOutput = expectedOutputFor(model, inputTokens, options);
  const inputUSD = model.price({ ...noBuckets, inputUncached: inputTokens });
  const outputUSD = model.price({ ...noBuckets, output: expectedOutput.tokens });
  // The whole request is priced at once, so tiered (long-context) rates see the full prompt.
  const totalUSD = model.price({ ...noBuckets, inputUncached: inputTokens, output: expectedOutput.tokens });
  const window = model.contextWindow !== null && model.contextWindow > 0 ? model.contextWindow : null;
  const needed = inputTokens + expectedOutput.tokens;
  return {
    modelId: model.id,
    displayName: model.displayName,
    input: { ...input, tokens: inputTokens },
    inputUSD,
    expectedOutput,
    outputUSD,
    totalUSD,
    contextWindow: window,
    windowFill: window === null ? null : needed / window,
    headroomTokens: window === null ? null : window - needed,
    fits: window === null ? null : needed <= window,
    caching: cachingOverTurns(model, inputTokens, options.turns),
    cheapest: false,
    bestFit: false,
  };
}

/** Priced rows by total (cheapest first), then unpriced ones by name. */
function byTotal(a: EstimateRow, b: EstimateRow): number {
  if (a.totalUSD !== undefined && b.totalUSD !== undefined && a.totalUSD !== b.totalUSD) return a.totalUSD - b.totalUSD;
  if (a.totalUSD === undefined && b.totalUSD !== undefined) return 1;
  if (a.totalUSD !== undefined && b.totalUSD === undefined) return -1;
  return a.displayName.localeCompare(b.displayName);
}

/**
 * One row per model (duplicates by id dropped), sorted by total cost. Marks:
 * - cheapest: the lowest priced total among models the prompt fits (a model it does not fit is no option);
 * - best fit: among models it fits, the most headroom left after input and reserved output (room for the
 *   conversation to grow); a tie goes to the cheaper row.
 */
export function estimatePrompt(inputs: readonly ModelInput[], options: EstimateOptions): EstimateRow[] {
  const seen = new Set<string>();
  const rows = inputs.filter(({ model }) => !seen.has(model.id) && seen.add(model.id)).map((input) => estimateRow(input, options));
  rows.sort(byTotal);
  const fitting = rows.filter((row) => row.fits === true);
  const cheapest = fitting.find((row) => row.totalUSD !== undefined);
  if (cheapest) cheapest.cheapest = true;
  let bestFit: EstimateRow | undefined;
  for (const row of fitting) if (bestFit === undefined || (row.headroomTokens ?? 0) > (bestFit.headroomTokens ?? 0)) bestFit = row;
  if (bestFit) bestFit.bestFit = true;
  return rows;
}
