/**
 * `tokenwise report --efficiency`: pairs the report's spend with what it produced — accepted AI edits from the
 * ledger and landed commits from the projects' git repositories — using the same period, tools and grouping
 * as the report. Definitions: docs/efficiency.md.
 */
import { computeEfficiency, type EfficiencyReport } from '../core/efficiency/metrics';
import { efficiencyColumns, formatEfficiencyTable, type EfficiencyColumns } from '../core/efficiency/table';
import { collectLandedChanges } from '../core/git/landed';
import type { GitRunOptions } from '../core/git/runGit';
import type { LedgerStore } from '../core/ledger/store';
import type { ReportFigures, ReportOptions, ReportRow, UsageReport } from '../core/report/aggregate';
import { dayNumberToDateKey, LocalCalendar, parseDateKey } from '../core/time/localCalendar';
import type { EditEvent, UsageRecord } from '../core/usage/types';

/** The report's extra options, for `parseArgs`. */
export const EFFICIENCY_PARSE_OPTIONS = {
  efficiency: { type: 'boolean' },
  'git-repo': { type: 'string', multiple: true },
  author: { type: 'string', multiple: true },
} as const;

export const EFFICIENCY_HELP = `  --efficiency              add what the spend produced: accepted AI edits and lines, landed commits,
                            tokens and cost per accepted edit, acceptance rate, cache reuse (docs/efficiency.md)
  --git-repo DIR            also read the commits of this repository (may repeat; the repositories of the
                            projects in your logs are always read)
  --author NAME|EMAIL       whose commits count (may repeat; default: each repository's git user.email)
`;

export interface EfficiencyArguments {
  gitRepos: readonly string[];
  authors: readonly string[];
  git?: GitRunOptions;
}

export interface EfficiencySection {
  report: EfficiencyReport;
  warnings: string[];
}

/** The report's rows with the efficiency columns added; totals likewise. */
export interface ReportWithEfficiency {
  rows: Array<ReportRow & EfficiencyColumns>;
  totals: ReportFigures & EfficiencyColumns;
}

/** What the report's filters keep of the ledger's detail (rolled-up days have no edit details), read lazily. */
interface Selection {
  records: () => Iterable<UsageRecord>;
  edits: () => Iterable<EditEvent>;
}

function selection(store: LedgerStore, options: ReportOptions, calendar: LocalCalendar): Selection {
  const since = options.since === undefined ? undefined : parseDateKey(options.since);
  const until = options.until === undefined ? undefined : parseDateKey(options.until);
  const keep = (item: { timestampMs: number; tool: UsageRecord['tool'] }): boolean => {
    if (options.tools !== undefined && !options.tools.has(item.tool)) return false;
    const day = calendar.dayNumber(item.timestampMs);
    return (since === undefined || day >= since) && (until === undefined || day <= until);
  };
  // Generators, not arrays: a ledger may hold a million records, and each pass needs only one at a time.
  return {
    records: function* () {
      for (const record of store.allRecords(false)) if (keep(record)) yield record;
    },
    edits: function* () {
      for (const edit of store.allEdits(false)) if (keep(edit)) yield edit;
    },
  };
}

export async function buildEfficiency(store: LedgerStore, options: ReportOptions, args: EfficiencyArguments): Promise<EfficiencySection> {
  const calendar = new LocalCalendar(options.timeZone);
  const selected = selection(store, options, calendar);
  const warnings: string[] = [];
  // Commits over the report's period; without --since, from the first day with AI use (older history says
  // nothing about this spend and can be large). Projects: every folder the selected usage names.
  let firstUse = Number.POSITIVE_INFINITY;
  const projects = new Set<string | null>();
  for (const items of [selected.records(), selected.edits()]) {
    for (const item of items) {
      firstUse = Math.min(firstUse, item.timestampMs);
      projects.add(item.project);
    }
  }
  const sinceDay = options.since !== undefined ? parseDateKey(options.since) : Number.isFinite(firstUse) ? calendar.dayNumber(firstUse) : undefined;
  const untilDay = options.until === undefined ? undefined : parseDateKey(options.until);
  const sinceMs = sinceDay === undefined ? undefined : calendar.startOfDay(sinceDay);
  const untilMs = untilDay === undefined ? undefined : calendar.startOfDay(untilDay + 1) - 1;
  const landed = await collectLandedChanges({ projects, extraRepos: args.gitRepos, authors: args.authors, sinceMs, untilMs, ...args.git });
  warnings.push(...landed.problems.map((problem) => `commits: ${problem}`));
  if (store.rolledUpBeforeMs !== null && (sinceMs === undefined || sinceMs < store.rolledUpBeforeMs)) {
    warnings.push(`efficiency leaves out days before ${dayNumberToDateKey(calendar.dayNumber(store.rolledUpBeforeMs))}: they were rolled up without edit details`);
  }
  const report = computeEfficiency({ records: selected.records(), edits: selected.edits(), commits: landed.commits, price: options.price, groupBy: options.by, timeZone: options.timeZone });
  warnings.push(...report.notes);
  return { report, warnings };
}

const NO_USAGE: ReportFigures = { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, totalTokens: 0, costUSD: 0, models: [], acceptedEdits: 0, rejectedEdits: 0 };

function noEfficiency(efficiency: EfficiencyReport): EfficiencyColumns {
  const commitsInRows = efficiency.groupBy !== 'tool' && efficiency.groupBy !== 'model';
  return {
    acceptedLinesAdded: 0, acceptedLinesRemoved: 0, commits: commitsInRows ? 0 : null,
    tokensPerAcceptedEdit: null, costPerAcceptedEditUSD: null, tokensPerAcceptedLine: null, costPerCommitUSD: null,
    acceptanceRate: null, modifiedShare: null, cacheReuse: null, outputInputRatio: null,
  };
}

/**
 * Joins the efficiency rows onto the report's rows by key. A key only one side has (a day with commits but
 * no AI use, a rolled-up day) gets zeros and nulls on the other side, so every sum over rows still equals
 * the totals.
 */
export function withEfficiencyColumns(usage: UsageReport, efficiency: EfficiencyReport): ReportWithEfficiency {
  const byKey = new Map(efficiency.rows.map((row) => [row.key, row]));
  const empty = noEfficiency(efficiency);
  const rows = usage.rows.map((row) => {
    const match = byKey.get(row.key);
    byKey.delete(row.key);
    return { ...row, ...(match === undefined ? empty : efficiencyColumns(match)) };
  });
  for (const [key, row] of byKey) rows.push({ key, ...NO_USAGE, ...efficiencyColumns(row) });
  if (usage.by === 'day' || usage.by === 'week' || usage.by === 'month') rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { rows, totals: { ...usage.totals, ...efficiencyColumns(efficiency.totals) } };
}

export function formatEfficiencySection(efficiency: EfficiencyReport): string {
  return `\nWhat it produced\n${formatEfficiencyTable(efficiency)}`;
}
