/**
 * Estimate rows → the strings people read: panel rows, the "Copy as Markdown" table and the chat answer all
 * come from here, so the same prompt never shows two different figures.
 */
import type { EstimateHintView, EstimateRowView, EstimateState } from '../../shared/estimateProtocol';
import { formatTokens, formatUSD } from '../format';
import type { LongContextHint } from './assembly';
import type { EstimateRow, ExpectedOutput, PromptTokenCount } from './estimate';

/** "1,284" when exact, "≈ 1,284" when estimated; always grouped so columns line up. */
export function tokensLabel(count: Pick<PromptTokenCount, 'tokens' | 'exact'>): string {
  return `${count.exact ? '' : '≈ '}${formatTokens(count.tokens, 'exact')}`;
}

export function percentLabel(fraction: number): string {
  const percent = fraction * 100;
  return `${percent < 10 ? percent.toFixed(1) : percent.toFixed(0)}%`;
}

export function outputSourceLabel(output: ExpectedOutput): string {
  const base =
    output.source === 'history'
      ? `your history: median ${output.ratio.toFixed(2)}× input over ${output.samples} requests`
      : 'setting tokenwise.estimate.outputTokens';
  return output.clampedToMaxOutput ? `${base}, capped at the model's max output` : base;
}

export function windowFillLabel(row: EstimateRow): string {
  if (row.windowFill === null || row.contextWindow === null) return 'window unknown';
  return `${percentLabel(row.windowFill)} of ${formatTokens(row.contextWindow)}`;
}

export function toRowView(row: EstimateRow): EstimateRowView {
  return {
    modelId: row.modelId,
    model: row.displayName,
    inputTokens: tokensLabel(row.input),
    inputExact: row.input.exact,
    inputBasis: row.input.basis ?? '',
    inputCost: formatUSD(row.inputUSD),
    outputTokens: formatTokens(row.expectedOutput.tokens, 'exact'),
    outputSource: outputSourceLabel(row.expectedOutput),
    outputCost: formatUSD(row.outputUSD),
    total: formatUSD(row.totalUSD),
    windowFill: windowFillLabel(row),
    fillFraction: row.windowFill,
    fits: row.fits === null ? 'unknown' : row.fits ? 'yes' : 'no',
    cheapest: row.cheapest,
    bestFit: row.bestFit,
    caching: row.caching
      ? { withoutCache: formatUSD(row.caching.withoutCacheUSD), withCache: formatUSD(row.caching.withCacheUSD), savings: formatUSD(row.caching.savingsUSD) }
      : null,
  };
}

export function toHintView(hint: LongContextHint | undefined): EstimateHintView | null {
  if (!hint) return null;
  return {
    advice: hint.advice,
    biggest: hint.biggest.map((block) => ({
      label: block.label,
      tokens: formatTokens(block.tokens, 'exact'),
      where: `${block.startPercent}–${block.endPercent}% (${block.zone})`,
    })),
  };
}

/** A Markdown table cell: pipes would split the cell and newlines would end the row. */
export function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const fitsText = { yes: 'yes', no: 'no', unknown: '?' } as const;

function modelCell(row: EstimateRowView): string {
  const marks = [row.cheapest ? 'cheapest' : '', row.bestFit ? 'best fit' : ''].filter(Boolean);
  return marks.length > 0 ? `${row.model} (${marks.join(', ')})` : row.model;
}

/** The panel's table as Markdown, with the caching comparison and notes below it. */
export function estimateMarkdown(state: EstimateState): string {
  const table = markdownTable(
    ['Model', 'Input tokens', 'Input cost', 'Expected output', 'Output cost', 'Total', 'Window (with output)', 'Fits'],
    state.rows.map((row) => [modelCell(row), row.inputTokens, row.inputCost, row.outputTokens, row.outputCost, row.total, row.windowFill, fitsText[row.fits]]),
  );
  const parts = [`**Estimate: ${state.source.label}** — ${state.source.detail}`, table];
  const sources = [...new Set(state.rows.map((row) => row.outputSource))];
  if (sources.length > 0) parts.push(`Expected output from: ${sources.join('; ')}.`);
  const cached = state.rows.filter((row) => row.caching !== null);
  if (cached.length > 0) {
    parts.push(
      `Sending this as a prefix ${state.turns} times:\n\n` +
        markdownTable(
          ['Model', 'Without cache', 'With cache', 'Saving'],
          cached.map((row) => [row.model, row.caching!.withoutCache, row.caching!.withCache, row.caching!.savings]),
        ),
    );
  }
  if (state.hint) parts.push(`> ${state.hint.advice}`);
  for (const note of state.notes) parts.push(`- ${note}`);
  return parts.join('\n\n') + '\n';
}
