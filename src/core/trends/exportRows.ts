/** Serialises the panel's table for "Export CSV" / "Export JSON": the same rows, columns and order as on screen. */
import type { DailyRow, ExportFormat } from '../../shared/protocol';

export const exportColumns: ReadonlyArray<{ key: keyof DailyRow; header: string }> = [
  { key: 'date', header: 'date' },
  { key: 'input', header: 'input_tokens' },
  { key: 'output', header: 'output_tokens' },
  { key: 'cacheWrite', header: 'cache_write_tokens' },
  { key: 'cacheRead', header: 'cache_read_tokens' },
  { key: 'total', header: 'total_tokens' },
  { key: 'costUSD', header: 'cost_usd' },
];

/** Costs keep cent-fraction precision (6 places) without binary-float noise such as 0.30000000000000004. */
function roundCost(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function rowsToCsv(rows: readonly DailyRow[]): string {
  const lines = [exportColumns.map((c) => c.header).join(',')];
  for (const row of rows) {
    // Every value is a date or a number: nothing needs CSV quoting.
    lines.push(exportColumns.map(({ key }) => (key === 'costUSD' ? String(roundCost(row.costUSD)) : String(row[key]))).join(','));
  }
  return `${lines.join('\n')}\n`;
}

export function rowsToJson(rows: readonly DailyRow[]): string {
  return `${JSON.stringify(rows.map((row) => ({ ...row, costUSD: roundCost(row.costUSD) })), null, 2)}\n`;
}

export function serialiseRows(rows: readonly DailyRow[], format: ExportFormat): string {
  return format === 'csv' ? rowsToCsv(rows) : rowsToJson(rows);
}
