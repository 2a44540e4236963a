/** The plain-text table `tokenwise report` prints: aligned columns, a totals line, no colours. */
import type { ReportFigures, ReportGrouping, UsageReport } from './aggregate';

const headings: Record<ReportGrouping, string> = { day: 'Date', week: 'Week', month: 'Month', model: 'Model', project: 'Project', tool: 'Tool' };

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

const dollars = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function money(value: number): string {
  return `$${dollars.format(value)}`;
}

function cells(key: string, figures: ReportFigures, withModels: boolean): string[] {
  const columns = [
    key,
    integer.format(figures.inputTokens),
    integer.format(figures.outputTokens),
    integer.format(figures.cacheWriteTokens),
    integer.format(figures.cacheReadTokens),
    integer.format(figures.totalTokens),
    money(figures.costUSD),
    `${figures.acceptedEdits}/${figures.rejectedEdits}`,
  ];
  if (withModels) columns.push(figures.models.join(', '));
  return columns;
}

/** Renders the report; numbers are right-aligned, the key and models columns left-aligned. */
export function formatReportTable(report: UsageReport): string {
  const withModels = report.by !== 'model';
  const header = [headings[report.by], 'Input', 'Output', 'Cache write', 'Cache read', 'Total tokens', 'Cost (USD)', 'Edits ✓/✗'];
  if (withModels) header.push('Models');
  const body = report.rows.map((row) => cells(row.key, row, withModels));
  const totals = cells('Total', report.totals, false);
  if (withModels) totals.push('');
  const all = [header, ...body, totals];
  const widths = header.map((_, column) => Math.max(...all.map((line) => line[column].length)));
  const lastColumn = header.length - 1;
  const render = (line: string[]): string =>
    line
      .map((cell, column) => {
        const leftAligned = column === 0 || (withModels && column === lastColumn);
        if (column === lastColumn && leftAligned) return cell;
        return leftAligned ? cell.padEnd(widths[column]) : cell.padStart(widths[column]);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  const lines = [render(header), rule, ...body.map(render), rule, render(totals)];
  if (report.unpriced.length > 0) lines.push('', `No price known for: ${report.unpriced.join(', ')} (tokens counted, cost not included).`);
  return `${lines.join('\n')}\n`;
}
