/**
 * Builds everything the Trends views show from raw records and edits: this week against last week, the
 * 12-week and 7-day series, mixes, top projects and budget progress. Pure: the clock, zone and prices are inputs.
 */
import type { DailyFact, EfficiencyComparison, LandedSummary, LocalDate, MixEntry, ProjectEntry, SourceCheck, TrendsState, WeekComparison } from '../../shared/protocol';
import { computeEfficiency, DEFAULT_MIN_SAMPLES, UNKNOWN_KEY, emptyEfficiencySums, efficiencyMetrics, type EfficiencyRow } from '../efficiency/metrics';
import type { Metric } from '../efficiency/metric';
import type { AttributedCommit } from '../git/attribution';
import { isoWeekKey, parseDateKey } from '../time/localCalendar';
import type { EditEvent, UsageRecord } from '../usage/types';
import { budgetProgress } from './budget';
import { addDays, datesFrom, isoWeekStart, localDateOf } from './calendar';
import { buildDailyFacts, NO_PROJECT, type PriceRecord } from './facts';
import { compare, sumFacts, type Totals } from './metrics';

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
  /** Landed commits, attributed to projects; none when git is unavailable. */
  commits?: readonly AttributedCommit[];
  /** Where the commits came from; default: no repository. */
  landed?: LandedSummary;
}

const NO_LANDED: LandedSummary = { repositories: 0, note: 'No commits are counted: no git repository was read.' };

function totalsBetween(facts: readonly DailyFact[], from: LocalDate, to: LocalDate): Totals {
  return sumFacts(facts.filter((fact) => fact.date >= from && fact.date <= to));
}

/** The efficiency row of a week (all zeros when nothing happened in it). */
type WeekRows = (weekStart: LocalDate) => EfficiencyRow | undefined;

function efficiencyComparison(current: Metric | undefined, previous: Metric | undefined, noData: Metric): EfficiencyComparison {
  const now = current ?? noData;
  const before = previous ?? noData;
  return { ...compare(now.value, before.value), reason: now.reason, previousReason: before.reason };
}

function weekComparison(facts: readonly DailyFact[], thisWeekStart: LocalDate, efficiencyOf: WeekRows): WeekComparison {
  const lastWeekStart = addDays(thisWeekStart, -7);
  const current = totalsBetween(facts, thisWeekStart, addDays(thisWeekStart, 6));
  const previous = totalsBetween(facts, lastWeekStart, addDays(lastWeekStart, 6));
  const split = (t: Totals) => ({ input: t.input, output: t.output, cacheWrite: t.cacheWrite, cacheRead: t.cacheRead });
  const now = efficiencyOf(thisWeekStart);
  const before = efficiencyOf(lastWeekStart);
  const empty = efficiencyMetrics(emptyEfficiencySums(true));
  return {
    thisWeekStart,
    lastWeekStart,
    tokens: compare(current.total, previous.total),
    split: { current: split(current), previous: split(previous) },
    costUSD: compare(current.costUSD, previous.costUSD),
    cacheReuse: efficiencyComparison(now?.cacheReuse, before?.cacheReuse, empty.cacheReuse),
    tokensPerAcceptedEdit: efficiencyComparison(now?.tokensPerAcceptedEdit, before?.tokensPerAcceptedEdit, empty.tokensPerAcceptedEdit),
    acceptanceRate: efficiencyComparison(now?.acceptanceRate, before?.acceptanceRate, empty.acceptanceRate),
    costPerCommitUSD: efficiencyComparison(now?.costPerCommitUSD, before?.costPerCommitUSD, empty.costPerCommitUSD),
    acceptedEdits: { current: current.acceptedEdits, previous: previous.acceptedEdits },
    decidedEdits: { current: current.acceptedEdits + current.rejectedEdits, previous: previous.acceptedEdits + previous.rejectedEdits },
    commits: { current: now?.commits ?? 0, previous: before?.commits ?? 0 },
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

/**
 * The projects with the most spend since `since`: spend from the facts, efficiency from src/core/efficiency over
 * the same period (records, edits and commits from `since` on), grouped by project.
 */
function topProjects(facts: readonly DailyFact[], efficiency: ReadonlyMap<string, EfficiencyRow>): ProjectEntry[] {
  const groups = new Map<string, DailyFact[]>();
  for (const fact of facts) groups.set(fact.project, [...(groups.get(fact.project) ?? []), fact]);
  const empty = efficiencyMetrics(emptyEfficiencySums(true)).tokensPerAcceptedEdit;
  return [...groups]
    .map(([project, group]) => {
      const totals = sumFacts(group);
      const row = efficiency.get(project === NO_PROJECT ? UNKNOWN_KEY : project);
      const perEdit = row?.tokensPerAcceptedEdit ?? empty;
      return { project, tokens: totals.total, costUSD: totals.costUSD, acceptedEdits: totals.acceptedEdits, commits: row?.commits ?? 0, tokensPerAcceptedEdit: perEdit.value, tokensPerAcceptedEditReason: perEdit.reason };
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
  const commits = input.commits ?? [];
  const base = { records: input.records, edits: input.edits, commits, price: input.price, timeZone: input.timeZone };
  const byWeek = new Map(computeEfficiency({ ...base, groupBy: 'week' }).rows.map((row) => [row.key, row]));
  const efficiencyOf: WeekRows = (weekStart) => byWeek.get(isoWeekKey(parseDateKey(weekStart) ?? 0));
  const noEdits = efficiencyMetrics(emptyEfficiencySums(true)).tokensPerAcceptedEdit;
  const weekly = Array.from({ length: WEEKS_IN_SERIES }, (_, index) => {
    const weekStart = addDays(thisWeekStart, -7 * (WEEKS_IN_SERIES - 1 - index));
    const totals = totalsBetween(facts, weekStart, addDays(weekStart, 6));
    const row = efficiencyOf(weekStart);
    const perEdit = row?.tokensPerAcceptedEdit ?? noEdits;
    return { weekStart, tokens: totals.total, costUSD: totals.costUSD, acceptedEdits: totals.acceptedEdits, commits: row?.commits ?? 0, tokensPerAcceptedEdit: perEdit.value, tokensPerAcceptedEditReason: perEdit.reason };
  });
  const daily = datesFrom(addDays(today, -(DAYS_IN_SERIES - 1)), today).map((date) => {
    const totals = totalsBetween(facts, date, date);
    return { date, tokens: totals.total, costUSD: totals.costUSD };
  });
  const mixSince = addDays(thisWeekStart, -7 * (MIX_WEEKS - 1));
  const recent = facts.filter((fact) => fact.date >= mixSince && fact.date <= addDays(thisWeekStart, 6));
  const week = weekComparison(facts, thisWeekStart, efficiencyOf);
  const recentOnly = <T extends { timestampMs: number }>(items: readonly T[]): T[] => items.filter((item) => Number.isFinite(item.timestampMs) && localDateOf(item.timestampMs, input.timeZone) >= mixSince);
  const byProject = new Map(
    computeEfficiency({ ...base, records: recentOnly(input.records), edits: recentOnly(input.edits), commits: recentOnly(commits), groupBy: 'project' }).rows.map((row) => [row.key, row]),
  );

  return {
    status: 'ready',
    timeZone: input.timeZone,
    today,
    minimumEdits: DEFAULT_MIN_SAMPLES.acceptedEdits,
    week,
    weekly,
    daily,
    mixSince,
    modelMix: mixBy(recent, (fact) => fact.model),
    toolMix: mixBy(recent, (fact) => fact.tool),
    topProjects: topProjects(recent, byProject),
    landed: input.landed ?? NO_LANDED,
    budget: budgetProgress(input.weeklyBudgetUSD, week.costUSD.current ?? 0),
    facts,
    sources: input.sources,
  };
}
