/**
 * Calibration of token estimates: Claude and Gemini have no public local tokenizer, so Tokenwise estimates
 * their counts as o200k × a factor. Where the user's own transcripts hold both a response's text and the
 * provider-reported output tokens, each such response is one sample of that factor; this module turns
 * samples into a robust factor per tokenizer family. Samples are numbers only — never text.
 */

import { normaliseModelName, stripProviderPrefix } from '../models/names';

/** Models that share one tokenizer, so one factor. */
export type TokenizerFamily = 'claude-pre-opus-4.7' | 'claude-opus-4.7+' | 'gemini';

export const TOKENIZER_FAMILIES: readonly TokenizerFamily[] = ['claude-pre-opus-4.7', 'claude-opus-4.7+', 'gemini'];

export interface CalibrationSample {
  family: TokenizerFamily;
  /** The response text counted with o200k_base. */
  o200kTokens: number;
  /** What the provider billed as output for that text. */
  reportedTokens: number;
}

export interface CalibrationOptions {
  /** Fewer usable samples than this: no factor (default 20). */
  minSamples: number;
  /** Shorter texts are skipped: a few tokens of framing swamp the ratio of a one-word reply (default 20). */
  minO200kTokens: number;
}

export const DEFAULT_CALIBRATION_OPTIONS: Readonly<CalibrationOptions> = { minSamples: 20, minO200kTokens: 20 };

export type FamilyCalibration =
  | {
      family: TokenizerFamily;
      /** Median of the per-sample ratios reported ÷ o200k: multiply an o200k count by it. */
      factor: number;
      sampleCount: number;
      /** The middle half of the per-sample ratios (25th and 75th percentile): how much texts vary. */
      spread: { p25: number; p75: number };
      reason: null;
    }
  | { family: TokenizerFamily; factor: null; sampleCount: number; spread: null; reason: string };

/**
 * The tokenizer family of a model id as a tool logs it (`claude-opus-4-7`, `anthropic/claude-sonnet-4-5-20250929`,
 * `us.anthropic.claude-opus-4-7-v1:0`, `gemini-2.5-pro`), or undefined for other models.
 * Opus 4.7 introduced a new Claude tokenizer; Claude models of generation 5 and later are assumed to share it.
 */
export function tokenizerFamily(model: string): TokenizerFamily | undefined {
  const name = stripProviderPrefix(normaliseModelName(model));
  if (name.startsWith('gemini')) return 'gemini';
  if (!name.startsWith('claude')) return undefined;
  // claude-<tier>-<major>[-<minor>] (current) or claude-<major>[-<minor>]-<tier> (Claude 3 era); a minor is 1–2 digits, not a date.
  const current = /^claude-(opus|sonnet|haiku)-(\d+)(?:[-.](\d{1,2})(?!\d))?/.exec(name);
  const legacy = /^claude-(\d+)(?:[-.](\d{1,2})(?!\d))?-(opus|sonnet|haiku)/.exec(name);
  const tier = current?.[1] ?? legacy?.[3];
  const major = Number(current?.[2] ?? legacy?.[1] ?? 0);
  const minor = Number(current?.[3] ?? legacy?.[2] ?? 0);
  if (major >= 5 || (tier === 'opus' && major === 4 && minor >= 7)) return 'claude-opus-4.7+';
  return 'claude-pre-opus-4.7';
}

/** Linear-interpolated percentile of sorted values (p in [0, 1]). */
function percentile(sorted: readonly number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

function isUsable(sample: CalibrationSample, options: CalibrationOptions): boolean {
  return (
    Number.isFinite(sample.o200kTokens) && Number.isFinite(sample.reportedTokens) &&
    sample.o200kTokens >= Math.max(1, options.minO200kTokens) && sample.reportedTokens > 0
  );
}

/**
 * One factor per family: the median of reported ÷ o200k over usable samples. The median ignores the odd
 * response whose billing carried extra tokens (a stop sequence, a retry) without any trimming rule.
 */
export function learnCalibration(samples: Iterable<CalibrationSample>, options: Partial<CalibrationOptions> = {}): FamilyCalibration[] {
  const settings: CalibrationOptions = { ...DEFAULT_CALIBRATION_OPTIONS, ...options };
  const ratios = new Map<TokenizerFamily, number[]>(TOKENIZER_FAMILIES.map((family) => [family, []]));
  for (const sample of samples) {
    if (isUsable(sample, settings)) ratios.get(sample.family)?.push(sample.reportedTokens / sample.o200kTokens);
  }
  return TOKENIZER_FAMILIES.map((family): FamilyCalibration => {
    const sorted = (ratios.get(family) ?? []).sort((a, b) => a - b);
    if (sorted.length < Math.max(1, settings.minSamples)) {
      return { family, factor: null, sampleCount: sorted.length, spread: null, reason: `not enough data: ${sorted.length} usable responses, at least ${settings.minSamples} needed` };
    }
    return { family, factor: percentile(sorted, 0.5), sampleCount: sorted.length, spread: { p25: percentile(sorted, 0.25), p75: percentile(sorted, 0.75) }, reason: null };
  });
}
