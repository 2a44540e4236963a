/**
 * Usage reports: records, edits and rolled-up days from the ledger, bucketed by local day, ISO week, month,
 * model, project or tool. Prices come in through {@link PriceRecord} so the report does not depend on where
 * prices come from.
 */
import type { ToolId, UsageRecord } from '../usage/types';
import type { LedgerStore } from '../ledger/store';
import { isoWeekKey, LocalCalendar, monthKey, dayNumberToDateKey, parseDateKey } from '../time/localCalendar';

export const REPORT_GROUPINGS = ['day', 'week', 'month', 'model', 'project', 'tool'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/** The API-equivalent cost of one record in USD, or undefined when its model has no known price. */
export type PriceRecord = (record: UsageRecord) => number | undefined;

/** Rows for records or edits whose source named no project / model. */
export const UNKNOWN_KEY = '(unknown)';

export interface ReportOptions {
  by: ReportGrouping;
  /** Inclusive local dates, YYYY-MM-DD. */
  since?: string;
  until?: string;
  timeZone: string;
  /** Only these tools (all when undefined). */
  tools?: ReadonlySet<ToolId>;
  price: PriceRecord;
}

export interface ReportFigures {
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  costUSD: number;
  models: string[];
  acceptedEdits: number;
  rejectedEdits: number;
}

export interface ReportRow extends ReportFigures {
  key: string;
}

export interface UsageReport {
  by: ReportGrouping;
  rows: ReportRow[];
  totals: ReportFigures;
  /** Models seen in the selection that have no price: their tokens are counted, their cost is not. */
  unpriced: string[];
  warnings: string[];
}

interface Accumulator {
  figures: ReportFigures;
  models: Set<string>;
}

function emptyAccumulator(): Accumulator {
  return { figures: { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, totalTokens: 0, costUSD: 0, models: [], acceptedEdits: 0, rejectedEdits: 0 }, models: new Set() };
}

type Tokens = Pick<UsageRecord, 'inputUncached' | 'cacheWrite5m' | 'cacheWrite1h' | 'cacheRead' | 'output'>;

function addTokens(into: Accumulator, tokens: Tokens, model: string, cost: number | undefined): void {
  const f = into.figures;
  const cacheWrite = tokens.cacheWrite5m + tokens.cacheWrite1h;
  f.inputTokens += tokens.inputUncached;
  f.outputTokens += tokens.output;
  f.cacheWriteTokens += cacheWrite;
  f.cacheReadTokens += tokens.cacheRead;
  f.totalTokens += tokens.inputUncached + tokens.output + cacheWrite + tokens.cacheRead;
  if (cost !== undefined) f.costUSD += cost;
  into.models.add(model);
}

/** Sums of many float costs carry noise in the last bits (0.12000000000000001); 1e-10 USD is far below any price. */
function roundCost(usd: number): number {
  return Math.round(usd * 1e10) / 1e10;
}

function finish(accumulator: Accumulator): ReportFigures {
  return { ...accumulator.figures, costUSD: roundCost(accumulator.figures.costUSD), models: [...accumulator.models].sort() };
}

export class InvalidDateError extends Error {}

function dayBound(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const day = parseDateKey(text);
  if (day === undefined) throw new InvalidDateError(`${flag} '${text}' is not a date (expected YYYY-MM-DD, e.g. 2026-01-31)`);
  return day;
}

export function buildReport(store: LedgerStore, options: ReportOptions): UsageReport {
  const calendar = new LocalCalendar(options.timeZone);
  const since = dayBound(options.since, '--since');
  const until = dayBound(options.until, '--until');
  if (since !== undefined && until !== undefined && since > until) throw new InvalidDateError(`--since ${options.since} is after --until ${options.until}`);
  const rows = new Map<string, Accumulator>();
  const totals = emptyAccumulator();
  const unpriced = new Set<string>();
  const warnings: string[] = [];

  const timeKeys = new Map<number, string>();
  const timeKey = (day: number): string => {
    let key = timeKeys.get(day);
    if (key === undefined) {
      key = options.by === 'day' ? dayNumberToDateKey(day) : options.by === 'week' ? isoWeekKey(day) : monthKey(day);
      timeKeys.set(day, key);
    }
    return key;
  };
  /** The row an item belongs in, or undefined when the filters leave it out. */
  const rowFor = (day: number, tool: ToolId, model: string | null, project: string | null): Accumulator | undefined => {
    if (options.tools !== undefined && !options.tools.has(tool)) return undefined;
    if ((since !== undefined && day < since) || (until !== undefined && day > until)) return undefined;
    let key: string;
    if (options.by === 'model') key = model || UNKNOWN_KEY;
    else if (options.by === 'project') key = project ?? UNKNOWN_KEY;
    else if (options.by === 'tool') key = tool;
    else key = timeKey(day);
    let row = rows.get(key);
    if (row === undefined) {
      row = emptyAccumulator();
      rows.set(key, row);
    }
    return row;
  };

  for (const record of store.allRecords(false)) {
    const row = rowFor(calendar.dayNumber(record.timestampMs), record.tool, record.model, record.project);
    if (row === undefined) continue;
    const cost = options.price(record);
    if (cost === undefined) unpriced.add(record.model);
    addTokens(row, record, record.model, cost);
    addTokens(totals, record, record.model, cost);
  }

  const zonesOfRolledUpDays = new Set<string>();
  for (const aggregate of store.aggregates.values()) {
    const day = parseDateKey(aggregate.day);
    if (day === undefined) continue;
    const row = rowFor(day, aggregate.tool, aggregate.model, aggregate.project);
    if (row === undefined) continue;
    if (aggregate.timeZone !== options.timeZone) zonesOfRolledUpDays.add(aggregate.timeZone);
    for (const target of [row, totals]) {
      target.figures.acceptedEdits += aggregate.acceptedEdits;
      target.figures.rejectedEdits += aggregate.rejectedEdits;
    }
    if (aggregate.records === 0) continue;
    // A rolled-up day is priced on its sums: per-response long-context tiers are no longer visible.
    const asRecord: UsageRecord = { ...aggregate, sessionId: '', timestampMs: calendar.startOfDay(day), costReportedUSD: aggregate.costReportedUSD, dedupKey: '' };
    const cost = options.price(asRecord);
    if (cost === undefined) unpriced.add(aggregate.model);
    addTokens(row, aggregate, aggregate.model, cost);
    addTokens(totals, aggregate, aggregate.model, cost);
  }
  if (zonesOfRolledUpDays.size > 0) {
    warnings.push(`days older than the ledger's retention were rolled up in ${[...zonesOfRolledUpDays].join(', ')}; they keep those day boundaries`);
  }

  for (const edit of store.allEdits(false)) {
    if (edit.outcome !== 'accepted' && edit.outcome !== 'rejected') continue;
    const row = rowFor(calendar.dayNumber(edit.timestampMs), edit.tool, edit.model, edit.project);
    if (row === undefined) continue;
    for (const target of [row, totals]) {
      if (edit.outcome === 'accepted') target.figures.acceptedEdits++;
      else target.figures.rejectedEdits++;
    }
  }

  const finished = [...rows.entries()].map(([key, accumulator]): ReportRow => ({ key, ...finish(accumulator) }));
  const byTime = options.by === 'day' || options.by === 'week' || options.by === 'month';
  finished.sort((a, b) => (byTime ? compareText(a.key, b.key) : b.costUSD - a.costUSD || compareText(a.key, b.key)));
  return { by: options.by, rows: finished, totals: finish(totals), unpriced: [...unpriced].sort(), warnings };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
