/**
 * The panel's daily view: a range of days, filtered by tool / model / project, one row per day (days without
 * usage included as zeros), sorted as the user asked. The host runs the same function to export, so the file
 * holds exactly the rows on screen.
 */
import type { DailyFact, DailyFilters, DailyQuery, DailyRange, DailyRow, DailySort, LocalDate } from '../../shared/protocol';
import { addDays, datesFrom, daysBetween, isoWeekStart } from './calendar';
import { efficiencyMetrics } from '../efficiency/metrics';
import { editingToolsOf, efficiencySumsOfFacts, sumFacts } from './metrics';

/** Longest custom range, so a typo such as year 1026 cannot make a million-row table. */
export const MAX_RANGE_DAYS = 3660;

const rangeLengths = { week: 7, '4weeks': 28, '12weeks': 84 } as const;

/** The inclusive first and last day of a range ending today (custom ranges are clamped to MAX_RANGE_DAYS). */
export function resolveRange(range: DailyRange, today: LocalDate): { from: LocalDate; to: LocalDate } {
  if (range.kind === 'custom' && range.from && range.to) {
    const [from, to] = range.from <= range.to ? [range.from, range.to] : [range.to, range.from];
    return daysBetween(from, to) >= MAX_RANGE_DAYS ? { from: addDays(to, -(MAX_RANGE_DAYS - 1)), to } : { from, to };
  }
  const length = range.kind === 'custom' ? rangeLengths.week : rangeLengths[range.kind];
  return { from: addDays(today, -(length - 1)), to: today };
}

export function matchesFilters(fact: DailyFact, filters: DailyFilters): boolean {
  return (!filters.tool || fact.tool === filters.tool) && (!filters.model || fact.model === filters.model) && (!filters.project || fact.project === filters.project);
}

/** The distinct tools, models and projects present in the facts, sorted, for the filter pickers. */
export function filterOptions(facts: readonly DailyFact[]): { tools: string[]; models: string[]; projects: string[] } {
  const distinct = (pick: (fact: DailyFact) => string): string[] => [...new Set(facts.map(pick))].sort((a, b) => a.localeCompare(b));
  return { tools: distinct((f) => f.tool), models: distinct((f) => f.model), projects: distinct((f) => f.project) };
}

export function sortRows(rows: DailyRow[], sort: DailySort): DailyRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows.sort((a, b) => {
    const left = a[sort.column];
    const right = b[sort.column];
    const primary = typeof left === 'string' && typeof right === 'string' ? left.localeCompare(right) : Number(left) - Number(right);
    // Ties keep calendar order so the table never shuffles between renders.
    return primary !== 0 ? sign * primary : a.date.localeCompare(b.date);
  });
}

export function dailyRows(facts: readonly DailyFact[], query: DailyQuery, today: LocalDate): DailyRow[] {
  const { from, to } = resolveRange(query.range, today);
  const byDate = new Map<LocalDate, DailyFact[]>();
  for (const fact of facts) {
    if (fact.date < from || fact.date > to || !matchesFilters(fact, query.filters)) continue;
    const list = byDate.get(fact.date) ?? [];
    list.push(fact);
    byDate.set(fact.date, list);
  }
  const rows = datesFrom(from, to).map((date): DailyRow => {
    const totals = sumFacts(byDate.get(date) ?? []);
    return { date, input: totals.input, output: totals.output, cacheWrite: totals.cacheWrite, cacheRead: totals.cacheRead, total: totals.total, costUSD: totals.costUSD };
  });
  return sortRows(rows, query.sort);
}

export interface WeeklyEfficiency {
  weekStart: LocalDate;
  acceptedEdits: number;
  tokensPerAcceptedEdit: number | null;
  /** Why the figure is missing, when it is. */
  reason: string | null;
}

/** Tokens per accepted edit (src/core/efficiency's definition) for each ISO week touching the range, with the same filters. */
export function weeklyEfficiency(facts: readonly DailyFact[], range: DailyRange, filters: DailyFilters, today: LocalDate): WeeklyEfficiency[] {
  const { from, to } = resolveRange(range, today);
  const firstWeek = isoWeekStart(from);
  const weekCount = Math.floor(daysBetween(firstWeek, to) / 7) + 1;
  const weeks = Array.from({ length: weekCount }, (_, index) => addDays(firstWeek, index * 7));
  const editingTools = editingToolsOf(facts);
  return weeks.map((weekStart) => {
    const weekEnd = addDays(weekStart, 6);
    const sums = efficiencySumsOfFacts(facts.filter((f) => f.date >= weekStart && f.date <= weekEnd && matchesFilters(f, filters)), editingTools);
    const metric = efficiencyMetrics(sums).tokensPerAcceptedEdit;
    return { weekStart, acceptedEdits: sums.acceptedEdits, tokensPerAcceptedEdit: metric.value, reason: metric.reason };
  });
}
