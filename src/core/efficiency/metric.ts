/**
 * A ratio that says what it is made of, and declines to answer below a minimum sample: a number computed from
 * two accepted edits is noise that looks like a fact, so it is null with a reason instead.
 */

export interface Metric {
  /** The ratio, or null when there is not enough data (see `reason`). Always finite when present. */
  value: number | null;
  /** Why `value` is null, in plain words; null when there is a value. */
  reason: string | null;
  numerator: number;
  denominator: number;
  /** How many items the metric stands on (accepted edits, decisions, commits, responses). */
  sampleSize: number;
  /** The smallest sample that gives a value. */
  minSample: number;
}

export interface RatioInput {
  numerator: number;
  denominator: number;
  sampleSize: number;
  minSample: number;
  /** Names the sample in the reason, e.g. "accepted edits". */
  sampleName: string;
  /** Names the denominator in the reason when it is 0 although the sample is large enough, e.g. "changed lines". */
  denominatorName: string;
  /** Set when the numerator is known to be incomplete (e.g. a model without a price): the value is withheld. */
  incomplete?: string;
}

/** A finite count or amount ≥ 0; anything else (negative, NaN, Infinity) counts as 0. */
export function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

export function ratio(input: RatioInput): Metric {
  const numerator = nonNegative(input.numerator);
  const denominator = nonNegative(input.denominator);
  const sampleSize = nonNegative(input.sampleSize);
  const base = { numerator, denominator, sampleSize, minSample: input.minSample };
  if (sampleSize === 0) return { ...base, value: null, reason: `not enough data: no ${input.sampleName}` };
  if (sampleSize < input.minSample) {
    return { ...base, value: null, reason: `not enough data: ${sampleSize} ${input.sampleName}, at least ${input.minSample} needed` };
  }
  if (denominator === 0) return { ...base, value: null, reason: `not enough data: 0 ${input.denominatorName}` };
  if (input.incomplete !== undefined) return { ...base, value: null, reason: input.incomplete };
  const value = numerator / denominator;
  // Huge sums can overflow to Infinity; a non-finite ratio is never shown as a number.
  if (!Number.isFinite(value)) return { ...base, value: null, reason: 'not computable: the sums are out of range' };
  return { ...base, value, reason: null };
}
