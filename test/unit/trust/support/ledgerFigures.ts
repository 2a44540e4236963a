/**
 * The figures a ledger shows, through the public report API (detail records and rolled-up days alike): what
 * "the totals are exact" compares. Costs are left out (the CLI prices with the catalog, the tests do not).
 */
import { buildReport, type ReportRow } from '../../../../src/core/report/aggregate';
import type { LedgerStore } from '../../../../src/core/ledger/store';

export type FigureRow = Omit<ReportRow, 'costUSD'>;

export interface LedgerFigures {
  byTool: FigureRow[];
  byDay: FigureRow[];
}

/** The rows without their cost, in key order (the CLI orders tool rows by cost, which the tests do not compute). */
export function withoutCost(rows: readonly ReportRow[]): FigureRow[] {
  return rows.map(({ costUSD: _cost, ...figures }) => figures).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function ledgerFigures(store: LedgerStore): LedgerFigures {
  const options = { timeZone: 'UTC', price: () => undefined };
  return { byTool: withoutCost(buildReport(store, { ...options, by: 'tool' }).rows), byDay: withoutCost(buildReport(store, { ...options, by: 'day' }).rows) };
}
