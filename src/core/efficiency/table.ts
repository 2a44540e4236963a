/**
 * The efficiency figures as the CLI shows them: a flat JSON shape per row (values, null where there is not
 * enough data) and a compact plain-text table with "—" for the figures that are withheld.
 */
import { formatUSD, groupThousands } from '../format';
import type { EfficiencyReport, EfficiencyRow } from './metrics';

/**
 * The per-row fields `tokenwise report --efficiency` adds to its JSON rows. Edit counts are not repeated:
 * the report's rows already carry them.
 */
export interface EfficiencyColumns {
  acceptedLinesAdded: number;
  acceptedLinesRemoved: number;
  /** Null when rows are grouped by tool or model: a commit has neither. */
  commits: number | null;
  tokensPerAcceptedEdit: number | null;
  costPerAcceptedEditUSD: number | null;
  tokensPerAcceptedLine: number | null;
  costPerCommitUSD: number | null;
  acceptanceRate: number | null;
  modifiedShare: number | null;
  cacheReuse: number | null;
  outputInputRatio: number | null;
}

export function efficiencyColumns(row: EfficiencyRow): EfficiencyColumns {
  return {
    acceptedLinesAdded: row.acceptedLinesAdded,
    acceptedLinesRemoved: row.acceptedLinesRemoved,
    commits: row.commits,
    tokensPerAcceptedEdit: row.tokensPerAcceptedEdit.value,
    costPerAcceptedEditUSD: row.costPerAcceptedEditUSD.value,
    tokensPerAcceptedLine: row.tokensPerAcceptedLine.value,
    costPerCommitUSD: row.costPerCommitUSD.value,
    acceptanceRate: row.acceptanceRate.value,
    modifiedShare: row.modifiedShare.value,
    cacheReuse: row.cacheReuse.value,
    outputInputRatio: row.outputInputRatio.value,
  };
}

const NOT_ENOUGH = '—';

function count(value: number | null): string {
  return value === null ? NOT_ENOUGH : groupThousands(value);
}

function usd(value: number | null): string {
  return value === null ? NOT_ENOUGH : formatUSD(value);
}

function percent(value: number | null): string {
  return value === null ? NOT_ENOUGH : `${Math.round(value * 100)}%`;
}

function cells(key: string, row: EfficiencyRow): string[] {
  return [
    key,
    `${row.acceptedEdits}/${row.rejectedEdits}`,
    `+${groupThousands(row.acceptedLinesAdded)}/−${groupThousands(row.acceptedLinesRemoved)}`,
    count(row.commits),
    count(row.tokensPerAcceptedEdit.value),
    usd(row.costPerAcceptedEditUSD.value),
    usd(row.costPerCommitUSD.value),
    percent(row.acceptanceRate.value),
    percent(row.cacheReuse.value),
  ];
}

const HEADINGS: Record<EfficiencyReport['groupBy'], string> = { day: 'Date', week: 'Week', month: 'Month', model: 'Model', project: 'Project', tool: 'Tool' };

export interface ColumnLayout {
  /** A last line (totals) set off by a rule. */
  footer?: readonly string[];
  /** Columns of words rather than figures, left-aligned like the first. */
  textColumns?: readonly number[];
}

/** Aligned columns: the first (and any text column) left-aligned, figures right-aligned; a rule under the header. */
export function alignColumns(header: readonly string[], body: readonly string[][], layout: ColumnLayout = {}): string[] {
  const { footer, textColumns = [] } = layout;
  const all = footer === undefined ? [header, ...body] : [header, ...body, footer];
  const widths = header.map((_, column) => Math.max(...all.map((line) => (line[column] ?? '').length)));
  const render = (line: readonly string[]): string =>
    line.map((cell, column) => (column === 0 || textColumns.includes(column) ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  const lines = [render(header), rule, ...body.map(render)];
  if (footer !== undefined) lines.push(rule, render(footer));
  return lines;
}

export function formatEfficiencyTable(report: EfficiencyReport): string {
  const header = [HEADINGS[report.groupBy], 'Edits ✓/✗', 'Lines accepted', 'Commits', 'Tokens/edit', 'Cost/edit', 'Cost/commit', 'Accepted', 'Cache reuse'];
  const lines = alignColumns(header, report.rows.map((row) => cells(row.key, row)), { footer: cells('Total', report.totals) });
  const min = report.minSample;
  lines.push(
    '',
    `${NOT_ENOUGH} = not enough data (needs ≥${min.acceptedEdits} accepted edits, ≥${min.decisions} accepted+rejected, ≥${min.commits} commits, ≥${min.responses} responses; or a model without a price).`,
  );
  for (const note of report.notes) lines.push(`Note: ${note}.`);
  return `${lines.join('\n')}\n`;
}
