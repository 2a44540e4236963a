/**
 * Messages and state of the "Estimate this prompt" panel. Kept apart from protocol.ts (which re-exports and
 * routes them) so each view's contract lives in its own file. Figures arrive formatted by the host, so the
 * panel, the Markdown copy and the chat answer all show the same strings.
 */

export interface EstimateRowView {
  modelId: string;
  model: string;
  /** "12,000" when exact, "≈ 12,000" when estimated. */
  inputTokens: string;
  inputExact: boolean;
  /** How the input was counted, e.g. "o200k_base" or "≈ Claude (cl100k × 1.1)". */
  inputBasis: string;
  inputCost: string;
  outputTokens: string;
  /** Where the expected output came from, in words. */
  outputSource: string;
  outputCost: string;
  total: string;
  /** "6.5% of 200k", or "window unknown". */
  windowFill: string;
  /** 0…n for the fill bar; null when the window is unknown. */
  fillFraction: number | null;
  fits: 'yes' | 'no' | 'unknown';
  cheapest: boolean;
  bestFit: boolean;
  /** Caching over N turns; null for models without prompt caching or without prices. */
  caching: { withoutCache: string; withCache: string; savings: string } | null;
}

export interface EstimateSourceOption {
  id: string;
  label: string;
}

export interface EstimateHintView {
  advice: string;
  biggest: { label: string; tokens: string; where: string }[];
}

export interface EstimateState {
  view: 'estimate';
  /** What is being estimated (e.g. "Selection in src/cart.ts", "Prompt context (3 items)"). */
  source: EstimateSourceOption & { detail: string };
  /** Other sources the user can switch to (selection, document, clipboard, prompt context). */
  sources: EstimateSourceOption[];
  turns: number;
  rows: EstimateRowView[];
  hint: EstimateHintView | null;
  /** Things the user should know: unknown model ids, skipped files, … */
  notes: string[];
}

// ──── host → webview ────

/** The panel's whole state. A method of its own, so the trends views' guard never mistakes it for theirs. */
export interface EstimateStateNotification {
  method: 'estimateState';
  params: EstimateState;
}

// ──── webview → host ────

export interface EstimateSetTurnsCommand {
  method: 'estimate.setTurns';
  params: { turns: number };
}

export interface EstimateCopyMarkdownCommand {
  method: 'estimate.copyMarkdown';
  params: Record<string, never>;
}

export interface EstimateSetSourceCommand {
  method: 'estimate.setSource';
  params: { sourceId: string };
}

export type EstimateCommand = EstimateSetTurnsCommand | EstimateCopyMarkdownCommand | EstimateSetSourceCommand;

export const MAX_ESTIMATE_TURNS = 1000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isEstimateCommand(value: unknown): value is EstimateCommand {
  if (!isRecord(value) || !isRecord(value.params)) return false;
  switch (value.method) {
    case 'estimate.setTurns': {
      const turns = value.params.turns;
      return typeof turns === 'number' && Number.isInteger(turns) && turns >= 1 && turns <= MAX_ESTIMATE_TURNS;
    }
    case 'estimate.copyMarkdown':
      return Object.keys(value.params).length === 0;
    case 'estimate.setSource':
      return typeof value.params.sourceId === 'string' && value.params.sourceId.length > 0 && value.params.sourceId.length <= 200;
    default:
      return false;
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';

function isOption(value: unknown): value is EstimateSourceOption {
  return isRecord(value) && isString(value.id) && isString(value.label);
}

function isRow(value: unknown): value is EstimateRowView {
  if (!isRecord(value)) return false;
  const strings = ['modelId', 'model', 'inputTokens', 'inputBasis', 'inputCost', 'outputTokens', 'outputSource', 'outputCost', 'total', 'windowFill'] as const;
  const caching = value.caching;
  return (
    strings.every((key) => isString(value[key])) &&
    typeof value.inputExact === 'boolean' &&
    (value.fillFraction === null || (typeof value.fillFraction === 'number' && Number.isFinite(value.fillFraction))) &&
    (value.fits === 'yes' || value.fits === 'no' || value.fits === 'unknown') &&
    typeof value.cheapest === 'boolean' &&
    typeof value.bestFit === 'boolean' &&
    (caching === null || (isRecord(caching) && isString(caching.withoutCache) && isString(caching.withCache) && isString(caching.savings)))
  );
}

function isHint(value: unknown): value is EstimateHintView {
  return (
    isRecord(value) &&
    isString(value.advice) &&
    Array.isArray(value.biggest) &&
    value.biggest.every((block) => isRecord(block) && isString(block.label) && isString(block.tokens) && isString(block.where))
  );
}

export function isEstimateState(value: unknown): value is EstimateState {
  if (!isRecord(value) || value.view !== 'estimate') return false;
  return (
    isRecord(value.source) &&
    isOption(value.source) &&
    isString(value.source.detail) &&
    Array.isArray(value.sources) &&
    value.sources.every(isOption) &&
    typeof value.turns === 'number' &&
    Number.isInteger(value.turns) &&
    Array.isArray(value.rows) &&
    value.rows.every(isRow) &&
    (value.hint === null || isHint(value.hint)) &&
    Array.isArray(value.notes) &&
    value.notes.every(isString)
  );
}

export function isEstimateStateNotification(value: unknown): value is EstimateStateNotification {
  return isRecord(value) && value.method === 'estimateState' && isEstimateState(value.params);
}
