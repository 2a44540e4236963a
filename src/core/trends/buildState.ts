/**
 * Builds everything the Trends views show from raw records and edits: this week against last week, the
 * 12-week and 7-day series, mixes, top projects and budget progress. Pure: the clock, zone and prices are inputs.
 */
import type { DailyFact, LocalDate, MixEntry, ProjectEntry, SourceCheck, TrendsState, WeekComparison } from '../../shared/protocol';
import type { EditEvent, UsageRecord } from '../usage/types';
import { budgetProgress } from './budget';
import { addDays, datesFrom, isoWeekStart, localDateOf } from './calendar';
import { buildDailyFacts, type PriceRecord } from './facts';
import { MINIMUM_EDITS, acceptanceRate, cacheReuse, compare, sumFacts, tokensPerAcceptedEdit, type Totals } from './metrics';

export const WEEKS_IN_SERIES = 12;
export const DAYS_IN_SERIES = 7;
export const MIX_WEEKS = 4;
export const TOP_PROJECTS = 5;

export interface TrendsInput {
  records: readonly UsageRecord[];
  edits: readonly EditEvent[];
  price: PriceRecord;
  timeZone: string;
  nowMs: number;
  weeklyBudgetUSD: number | null;
  sources: SourceCheck[];
}

function totalsBetween(facts: readonly DailyFact[], from: LocalDate, to: LocalDate): Totals {
  return sumFacts(facts.filter((fact) => fact.date >= from && fact.date <= to));
}

function weekComparison(facts: readonly DailyFact[], thisWeekStart: LocalDate): WeekComparison {
  const lastWeekStart = addDays(thisWeekStart, -7);
  const current = totalsBetween(facts, thisWeekStart, addDays(thisWeekStart, 6));
  const previous = totalsBetween(facts, lastWeekStart, addDays(lastWeekStart, 6));
  const split = (t: Totals) => ({ input: t.input, output: t.output, cacheWrite: t.cacheWrite, cacheRead: t.cacheRead });
  return {
    thisWeekStart,
    lastWeekStart,
    tokens: compare(current.total, previous.total),
    split: { current: split(current), previous: split(previous) },
    costUSD: compare(current.costUSD, previous.costUSD),
    cacheReuse: compare(cacheReuse(current), cacheReuse(previous)),
    tokensPerAcceptedEdit: compare(tokensPerAcceptedEdit(current), tokensPerAcceptedEdit(previous)),
    acceptanceRate: compare(acceptanceRate(current), acceptanceRate(previous)),
    acceptedEdits: { current: current.acceptedEdits, previous: previous.acceptedEdits },
    decidedEdits: { current: current.acceptedEdits + current.rejectedEdits, previous: previous.acceptedEdits + previous.rejectedEdits },
    unpricedRecords: current.unpricedRecords,
  };
}

/** Tokens and cost grouped by one dimension, largest first (ties by name for a stable order). */
function mixBy(facts: readonly DailyFact[], key: (fact: DailyFact) => string): MixEntry[] {
  const groups = new Map<string, DailyFact[]>();
  for (const fact of facts) groups.set(key(fact), [...(groups.get(key(fact)) ?? []), fact]);
  const entries = [...groups].map(([name, group]) => ({ name, totals: sumFacts(group) })).filter(({ totals }) => totals.total > 0);
  const allTokens = entries.reduce((sum, { totals }) => sum + totals.total, 0);
  return entries
    .map(({ name, totals }) => ({ key: name, tokens: totals.total, costUSD: totals.costUSD, share: allTokens > 0 ? totals.total / allTokens : 0 }))
    .sort((a, b) => b.tokens - a.tokens || a.key.localeCompare(b.key));
}

function topProjects(facts: readonly DailyFact[]): ProjectEntry[] {
  const groups = new Map<string, DailyFact[]>();
  for (const fact of facts) groups.set(fact.project, [...(groups.get(fact.project) ?? []), fact]);
  return [...groups]
    .map(([project, group]) => {
      const totals = sumFacts(group);
      return { project, tokens: totals.total, costUSD: totals.costUSD, acceptedEdits: totals.acceptedEdits, tokensPerAcceptedEdit: tokensPerAcceptedEdit(totals) };
    })
    .filter((entry) => entry.tokens > 0 || entry.acceptedEdits > 0)
    .sort((a, b) => b.costUSD - a.costUSD || b.tokens - a.tokens || a.project.localeCompare(b.project))
    .slice(0, TOP_PROJECTS);
}

export function buildTrendsState(input: TrendsInput): TrendsState {
  const facts = buildDailyFacts(input.records, input.edits, input.price, input.timeZone);
  if (facts.length === 0) return { status: 'empty', sources: input.sources };

  const today = localDateOf(input.nowMs, input.timeZone);
  const thisWeekStart = isoWeekStart(today);
  const weekly = Array.from({ length: WEEKS_IN_SERIES }, (_, index) => {
    const weekStart = addDays(thisWeekStart, -7 * (WEEKS_IN_SERIES - 1 - index));
    const totals = totalsBetween(facts, weekStart, addDays(weekStart, 6));
    return { weekStart, tokens: totals.total, costUSD: totals.costUSD, acceptedEdits: totals.acceptedEdits, tokensPerAcceptedEdit: tokensPerAcceptedEdit(totals) };
  });
  const daily = datesFrom(addDays(today, -(DAYS_IN_SERIES - 1)), today).map((date) => {
    const totals = totalsBetween(facts, date, date);
    return { date, tokens: totals.total, costUSD: totals.costUSD };
  });
  const mixSince = addDays(thisWeekStart, -7 * (MIX_WEEKS - 1));
  const recent = facts.filter((fact) => fact.date >= mixSince && fact.date <= addDays(thisWeekStart, 6));
  const week = weekComparison(facts, thisWeekStart);

  return {
    status: 'ready',
    timeZone: input.timeZone,
    today,
    minimumEdits: MINIMUM_EDITS,
    week,
    weekly,
    daily,
    mixSince,
    modelMix: mixBy(recent, (fact) => fact.model),
    toolMix: mixBy(recent, (fact) => fact.tool),
    topProjects: topProjects(recent),
    budget: budgetProgress(input.weeklyBudgetUSD, week.costUSD.current ?? 0),
    facts,
    sources: input.sources,
  };
}
