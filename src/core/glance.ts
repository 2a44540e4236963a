/**
 * The status bar glance, as pure functions: given the counted figures, the models and the settings, what the
 * item says (text, tooltip markdown, accessibility label) and which colour it takes. No `vscode` here, so every
 * rule (thresholds, ≈, cost precision, compact numbers) is unit-tested in plain Node.
 */
import { modelCountFromBase, type ModelTokenCount } from './count';
import type { ModelCalibration } from './efficiency/estimateCalibration';
import { formatTokens, formatUSD, groupThousands } from './format';
import { inputCost } from './models/cost';
import type { ModelInfo } from './models/types';
import type { TokenCount } from './tokenizer';

/** One model's view of the text: its tokens, whether they are exact, what they cost and how full its window is. */
export interface ModelFigure {
  id: string;
  displayName: string;
  tokens: number;
  exact: boolean;
  /** How the figure was obtained, explained: "o200k_base (exact): o200k_base is this model's own tokenizer". */
  basis: string;
  /** The same in a few words for table cells: "o200k_base (exact)", "≈ Claude: o200k_base × 1.2". */
  basisShort: string;
  /** USD to send `tokens` as uncached input; undefined when the model is unpriced (never shown as $0). */
  inputCostUSD: number | undefined;
  contextWindow: number | null;
  /** For estimated models: whether the factor was learned from the user's transcripts, and if not, why not. */
  calibrationNote?: string;
}

/**
 * Figures for a model given the count of its base encoding: applies the estimate factor (the calibrated one
 * when `calibration` carries a factor) and prices it.
 */
export function figureForModel(model: ModelInfo, base: TokenCount, calibration?: ModelCalibration): ModelFigure {
  const counted = modelCountFromBase(base, model, { calibratedFactor: calibration?.factor });
  return {
    id: model.id,
    displayName: model.displayName,
    tokens: counted.tokens,
    exact: counted.exact,
    basis: explainBasis(model, counted),
    basisShort: counted.basis,
    inputCostUSD: inputCost(model, counted.tokens),
    contextWindow: model.contextWindow,
    ...(calibration?.note ? { calibrationNote: calibration.note } : {}),
  };
}

function explainBasis(model: ModelInfo, counted: ModelTokenCount): string {
  const estimate = model.tokenizer.estimate;
  if (estimate !== null) {
    const scaled = counted.factor !== null && counted.factor !== estimate.factor ? 'scaled by the factor learned from your transcripts' : "scaled by the family's factor";
    return `${counted.basis} — ${estimate.family} publishes no tokenizer, so this is ${counted.encoding} ${scaled}`;
  }
  return counted.exact ? `${counted.basis}: ${counted.encoding} is this model's own tokenizer` : counted.basis;
}

export type GlanceLevel = 'normal' | 'warning' | 'error';

/** Share of the context window the tokens fill, in percent; undefined when the window is unknown. */
export function windowFillPercent(tokens: number, contextWindow: number | null): number | undefined {
  if (contextWindow === null || !(contextWindow > 0)) return undefined;
  return (tokens / contextWindow) * 100;
}

/**
 * The colour: warning once the text EXCEEDS `warningPercent` of the window (exactly 80% of 80 is still normal),
 * error once it exceeds the window itself (exactly 100% still fits).
 */
export function glanceLevel(tokens: number, contextWindow: number | null, warningPercent: number): GlanceLevel {
  const fill = windowFillPercent(tokens, contextWindow);
  if (fill === undefined) return 'normal';
  if (fill > 100) return 'error';
  if (fill > warningPercent) return 'warning';
  return 'normal';
}

/** What a range of text is: for a selection, all its ranges together. */
export interface TextExtent {
  characters: number;
  lines: number;
}

export interface GlanceInput {
  /** Present when the editor has a non-empty selection: its ranges, counted together. */
  selection?: TextExtent & { ranges: number; current: ModelFigure; compare: readonly ModelFigure[] };
  document: TextExtent & { current: ModelFigure; compare: readonly ModelFigure[] };
  showCost: boolean;
  warningPercent: number;
}

export interface GlanceView {
  text: string;
  tooltipMarkdown: string;
  accessibilityLabel: string;
  level: GlanceLevel;
}

const APPROX = '≈';

/** `1,284` or `≈1,284`: the mark travels with every estimated number. */
function tokensLabel(figure: ModelFigure, mode: 'auto' | 'exact' = 'auto'): string {
  return (figure.exact ? '' : APPROX) + formatTokens(figure.tokens, mode);
}

function costLabel(figure: ModelFigure): string {
  const cost = formatUSD(figure.inputCostUSD);
  return figure.inputCostUSD === undefined || figure.exact ? cost : APPROX + cost;
}

function formatPercent(percent: number): string {
  if (percent === 0) return '0%';
  if (percent < 0.1) return '<0.1%';
  return `${percent < 10 ? percent.toFixed(1).replace(/\.0$/, '') : Math.round(percent).toString()}%`;
}

function windowLabel(figure: ModelFigure): string {
  const fill = windowFillPercent(figure.tokens, figure.contextWindow);
  if (fill === undefined || figure.contextWindow === null) return 'window unknown';
  return `${formatPercent(fill)} of ${formatTokens(figure.contextWindow)}`;
}

/** The figures the glance is about: the selection when there is one, else the document. */
function focus(input: GlanceInput): { current: ModelFigure; compare: readonly ModelFigure[]; scope: string } {
  if (input.selection) {
    const ranges = input.selection.ranges;
    return { ...input.selection, scope: ranges > 1 ? `${ranges} selections` : 'selection' };
  }
  return { ...input.document, scope: 'document' };
}

export function glanceView(input: GlanceInput, selectModelCommand: string): GlanceView {
  const { current, compare, scope } = focus(input);
  const cost = input.showCost && current.inputCostUSD !== undefined ? ` · ${costLabel(current)}` : '';
  const text = `$(symbol-number) ${tokensLabel(current)} tok${cost}`;
  const spoken = `${current.exact ? '' : 'about '}${groupThousands(current.tokens)} ${current.displayName} tokens in the ${scope}` +
    (input.showCost && current.inputCostUSD !== undefined ? `, input cost ${formatUSD(current.inputCostUSD)}` : '');
  return {
    text,
    tooltipMarkdown: tooltipMarkdown(input, current, compare, scope, selectModelCommand),
    accessibilityLabel: spoken,
    level: glanceLevel(current.tokens, current.contextWindow, input.warningPercent),
  };
}

/** Characters that would change the meaning of text placed in a Markdown table cell. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (character) => `\\${character}`);
}

function tooltipMarkdown(input: GlanceInput, current: ModelFigure, compare: readonly ModelFigure[], scope: string, selectModelCommand: string): string {
  const lines: string[] = [];
  const name = escapeMarkdown(current.displayName);
  lines.push(`**Tokenwise** — ${scope}, counted for **${name}**`, '');
  lines.push('| | Tokens | Characters | Lines |', '|---|---:|---:|---:|');
  if (input.selection) {
    const selection = input.selection;
    lines.push(`| ${selection.ranges > 1 ? `Selection (${selection.ranges} ranges)` : 'Selection'} | ${tokensLabel(selection.current, 'exact')} | ${groupThousands(selection.characters)} | ${groupThousands(selection.lines)} |`);
  }
  const doc = input.document;
  lines.push(`| Document | ${tokensLabel(doc.current, 'exact')} | ${groupThousands(doc.characters)} | ${groupThousands(doc.lines)} |`, '');

  const window = current.contextWindow === null ? 'context window unknown' : `${groupThousands(current.contextWindow)}-token context window`;
  const fill = windowFillPercent(current.tokens, current.contextWindow);
  const fillText = fill === undefined ? '' : `; the ${scope} fills **${formatPercent(fill)}** of it`;
  lines.push(`**${name}** (current model): ${window}${fillText}. Input cost ${costLabel(current)}.`, '');
  lines.push(`_${current.exact ? 'Exact' : 'Estimate'}_ — ${escapeMarkdown(current.basis)}`, '');
  if (current.calibrationNote !== undefined) lines.push(escapeMarkdown(current.calibrationNote), '');

  if (compare.length > 0) {
    lines.push('| Compare | Tokens | Input cost | Window | Count |', '|---|---:|---:|---:|---|');
    for (const figure of compare) {
      lines.push(`| ${escapeMarkdown(figure.displayName)} | ${tokensLabel(figure, 'exact')} | ${costLabel(figure)} | ${windowLabel(figure)} | ${escapeMarkdown(figure.basisShort)} |`);
    }
    lines.push('');
  }
  lines.push(`≈ marks estimates (Claude and Gemini publish no tokenizer). [$(symbol-class) Select Model](command:${selectModelCommand} "Choose the model Tokenwise counts for")`);
  return lines.join('\n');
}

/** One line per model for the "Show Token Counts" quick pick. */
export interface ModelCountLine {
  id: string;
  label: string;
  description: string;
  detail: string;
}

export function modelCountLines(input: GlanceInput): ModelCountLine[] {
  const { current, compare } = focus(input);
  return [current, ...compare].map((figure) => ({
    id: figure.id,
    label: figure === current ? `$(check) ${figure.displayName}` : figure.displayName,
    description: `${tokensLabel(figure)} tok · ${costLabel(figure)} · ${windowLabel(figure)}`,
    detail: `${figure.exact ? 'Exact' : 'Estimate'} — ${figure.basis}`,
  }));
}
