/**
 * Token counts as a given model would see them: exact for models whose tokenizer Tokenwise bundles,
 * a labelled estimate (base encoding × family factor) for Claude and Gemini, whose tokenizers are not public.
 */
import type { ModelInfo, TokenizerEncoding } from './models/types';
import { estimateFromBase, getEncoding, type TokenCount } from './tokenizer';

export interface ModelTokenCount {
  tokens: number;
  /** False for family estimates, and when the tokenizer's long-run guard estimated part of the text. */
  exact: boolean;
  /** How the number was obtained, for people: "o200k_base (exact)", "≈ Claude: o200k_base × 1.2". */
  basis: string;
  /** The encoding that counted: the model's own, or the base of the estimate. */
  encoding: TokenizerEncoding;
  /** The multiplier applied to the base count, null for exact tokenizers. */
  factor: number | null;
}

export interface CountForModelOptions {
  /**
   * A factor learned from the user's own logs (estimated vs actual input tokens). Replaces the family's default
   * factor for estimated models; ignored for exact tokenizers and when not a finite number above 0.
   */
  calibratedFactor?: number;
}

/** `1.2` → "1.2", `1` → "1.0", `1.2734` → "1.27". */
function formatFactor(factor: number): string {
  return Number.isInteger(factor) ? factor.toFixed(1) : String(Number(factor.toFixed(2)));
}

function usableFactor(factor: number | undefined): number | undefined {
  return factor !== undefined && Number.isFinite(factor) && factor > 0 ? factor : undefined;
}

/**
 * Applies the model's tokenizer rule to a count in its base encoding. For callers that already hold a base count,
 * such as the incremental counter behind the status bar.
 */
export function modelCountFromBase(base: TokenCount, model: ModelInfo, options: CountForModelOptions = {}): ModelTokenCount {
  const { encoding, estimate } = model.tokenizer;
  if (estimate === null) {
    return {
      tokens: base.tokens,
      exact: base.exact,
      basis: base.exact ? `${encoding} (exact)` : `≈ ${encoding} (part estimated: very long run without separators)`,
      encoding,
      factor: null,
    };
  }
  const calibrated = usableFactor(options.calibratedFactor);
  const factor = calibrated ?? estimate.factor;
  return {
    tokens: estimateFromBase(base, factor).tokens,
    exact: false,
    basis: `≈ ${estimate.family}: ${encoding} × ${formatFactor(factor)}${calibrated === undefined ? '' : ' (calibrated from your logs)'}`,
    encoding,
    factor,
  };
}

/** Counts `text` for `model`. */
export function countForModel(text: string, model: ModelInfo, options: CountForModelOptions = {}): ModelTokenCount {
  return modelCountFromBase(getEncoding(model.tokenizer.encoding).count(text), model, options);
}
