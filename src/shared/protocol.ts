/**
 * Typed messages between the extension host and Tokenwise webviews. Both bundles compile this file, and both
 * sides validate what they receive with the guards below: a webview is a separate, untrusted page.
 *
 * Three kinds, kept apart (as GitLens does): commands (webview → host, fire and forget), requests
 * (webview → host, answered with a response carrying the same id) and notifications (host → webview).
 */

import { isEstimateCommand, type EstimateCommand } from './estimateProtocol';

export * from './estimateProtocol';

/**
 * `trends` is the sidebar view, `trendsPanel` the full editor panel opened by "Tokenwise: Open Trends",
 * `estimate` the "Estimate This Prompt" panel (its messages live in estimateProtocol.ts).
 */
export type ViewId = 'trends' | 'trendsPanel' | 'estimate';

// ──── shared vocabulary ────

/** A calendar date in the user's zone, `YYYY-MM-DD`. */
export type LocalDate = string;

/** The four token buckets every provider bills (input excludes cache; both cache-write lifetimes summed). */
export interface TokenSplit {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

/** Usage of one day, for one (tool, model, project) combination: the unit every chart and table is built from. */
export interface DailyFact extends TokenSplit {
  date: LocalDate;
  tool: string;
  /** The model id as logged; `(unknown)` for edits whose source does not say. */
  model: string;
  /** The project's working directory; `(no project)` when the source does not say. */
  project: string;
  /** API-equivalent cost of the records that could be priced. */
  costUSD: number;
  /** Records whose model has no price: their tokens count, their cost does not. */
  unpricedRecords: number;
  acceptedEdits: number;
  rejectedEdits: number;
}

export type RangeKind = 'week' | '4weeks' | '12weeks' | 'custom';

/** Which days the panel's daily chart and table cover. `from`/`to` are used (inclusive) only for `custom`. */
export interface DailyRange {
  kind: RangeKind;
  from?: LocalDate;
  to?: LocalDate;
}

/** Empty string = no filter on that dimension. */
export interface DailyFilters {
  tool: string;
  model: string;
  project: string;
}

export type DailyColumn = 'date' | 'input' | 'output' | 'cacheWrite' | 'cacheRead' | 'total' | 'costUSD';

export interface DailySort {
  column: DailyColumn;
  direction: 'ascending' | 'descending';
}

/** One row of the panel's table (and of an export): exactly what is shown. */
export interface DailyRow extends TokenSplit {
  date: LocalDate;
  total: number;
  costUSD: number;
}

export interface DailyQuery {
  range: DailyRange;
  filters: DailyFilters;
  sort: DailySort;
}

// ──── webview → host ────

/** Sent once the page has loaded and can take state; the host queues until then (ready handshake). */
export interface ReadyCommand {
  method: 'ready';
  params: { view: ViewId };
}

/** Ask the host to run one of Tokenwise's own commands (buttons in empty states and walkthroughs). */
export interface RunCommand {
  method: 'runCommand';
  params: { command: `tokenwise.${string}` };
}

/** Open the Settings editor filtered to Tokenwise's settings (the only query allowed). */
export interface OpenSettingsCommand {
  method: 'openSettings';
  params: { query: 'tokenwise' };
}

export type ExportFormat = 'csv' | 'json';

/**
 * Export the panel's table. The page sends the query it shows, not the rows: the host recomputes the rows from
 * its own data with the same pure function the page used, so what is written is exactly what is shown and
 * nothing the page made up can reach the disk.
 */
export interface ExportCommand {
  method: 'export';
  params: { format: ExportFormat; query: DailyQuery };
}

export type WebviewToHostMessage = ReadyCommand | RunCommand | OpenSettingsCommand | ExportCommand | EstimateCommand;

// ──── host → webview ────

/** A place Tokenwise looked for an AI tool's logs. */
export interface SourceCheck {
  tool: string;
  /** Human name of the tool ("Claude Code"). */
  label: string;
  paths: string[];
  /** Whether any usable log was found there. */
  found: boolean;
}

/** A figure for this week beside last week's, with the relative change. `null` = not enough data. */
export interface Comparison {
  current: number | null;
  previous: number | null;
  /** (current − previous) / previous; null when either side is null or previous is 0. */
  change: number | null;
}

/**
 * An efficiency figure (computed by src/core/efficiency) this week beside last week's. A side is null below the
 * metric's minimum sample, and its reason says so in plain words ("not enough data: 3 accepted edits, at least
 * 5 needed"), so the page shows why instead of guessing.
 */
export interface EfficiencyComparison extends Comparison {
  /** Why `current` is null; null when it has a value. */
  reason: string | null;
  /** Why `previous` is null; null when it has a value. */
  previousReason: string | null;
}

export interface WeekComparison {
  thisWeekStart: LocalDate;
  lastWeekStart: LocalDate;
  tokens: Comparison;
  split: { current: TokenSplit; previous: TokenSplit };
  costUSD: Comparison;
  cacheReuse: EfficiencyComparison;
  tokensPerAcceptedEdit: EfficiencyComparison;
  acceptanceRate: EfficiencyComparison;
  costPerCommitUSD: EfficiencyComparison;
  acceptedEdits: { current: number; previous: number };
  decidedEdits: { current: number; previous: number };
  /** Commits landed by the user's identities in the workspace's repositories. */
  commits: { current: number; previous: number };
  unpricedRecords: number;
}

/** Spend with what it produced: shared by a week of the 12-week series and a top project. */
export interface SpendAndOutcome {
  tokens: number;
  costUSD: number;
  acceptedEdits: number;
  commits: number;
  /** null below the minimum sample of accepted edits (see the reason). */
  tokensPerAcceptedEdit: number | null;
  tokensPerAcceptedEditReason: string | null;
}

export interface WeeklyPoint extends SpendAndOutcome {
  weekStart: LocalDate;
}

export interface DailyPoint {
  date: LocalDate;
  tokens: number;
  costUSD: number;
}

export interface MixEntry {
  key: string;
  tokens: number;
  costUSD: number;
  /** Share of all tokens in the period, 0..1. */
  share: number;
}

export interface ProjectEntry extends SpendAndOutcome {
  project: string;
}

/** Where the landed commits come from, and why there are none when there are none. */
export interface LandedSummary {
  repositories: number;
  /** A plain sentence when no commits could be read (no repository open, git disabled, no identity), else null. */
  note: string | null;
}

export interface BudgetProgress {
  weeklyBudgetUSD: number;
  spentUSD: number;
  /** spent / budget (may exceed 1); null for a budget of 0. */
  fraction: number | null;
}

export interface TrendsEmptyState {
  status: 'empty';
  sources: SourceCheck[];
}

export interface TrendsReadyState {
  status: 'ready';
  timeZone: string;
  today: LocalDate;
  /** Edits below which rates and per-edit figures are shown as "not enough data". */
  minimumEdits: number;
  week: WeekComparison;
  /** The last 12 ISO weeks, oldest first, this week last. */
  weekly: WeeklyPoint[];
  /** The last 7 days, oldest first, today last. */
  daily: DailyPoint[];
  /** Mixes and projects cover the last 4 ISO weeks (this one included). */
  mixSince: LocalDate;
  modelMix: MixEntry[];
  toolMix: MixEntry[];
  topProjects: ProjectEntry[];
  landed: LandedSummary;
  budget: BudgetProgress | null;
  /** Every day with usage, for the panel's ranges and filters (computed client-side). */
  facts: DailyFact[];
  sources: SourceCheck[];
}

export type TrendsState = TrendsEmptyState | TrendsReadyState;

export interface StateNotification {
  method: 'state';
  params: TrendsState;
}

export type HostToWebviewMessage = StateNotification;

// ──── guards ────

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isCount(value: unknown): value is number {
  return isFiniteNumber(value) && value >= 0;
}

function isNullableNumber(value: unknown): value is number | null {
  return value === null || isFiniteNumber(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isArrayOf<T>(value: unknown, guard: (item: unknown) => item is T): value is T[] {
  return Array.isArray(value) && value.every(guard);
}

const localDatePattern = /^\d{4}-\d{2}-\d{2}$/;
export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && localDatePattern.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

export const viewIds: readonly ViewId[] = ['trends', 'trendsPanel', 'estimate'];
export const rangeKinds: readonly RangeKind[] = ['week', '4weeks', '12weeks', 'custom'];
export const dailyColumns: readonly DailyColumn[] = ['date', 'input', 'output', 'cacheWrite', 'cacheRead', 'total', 'costUSD'];
const exportFormats: readonly ExportFormat[] = ['csv', 'json'];

function isTokenSplit(value: unknown): value is TokenSplit {
  return isRecord(value) && isCount(value.input) && isCount(value.output) && isCount(value.cacheWrite) && isCount(value.cacheRead);
}

export function isDailyRange(value: unknown): value is DailyRange {
  if (!isRecord(value) || !rangeKinds.includes(value.kind as RangeKind)) return false;
  if (value.kind !== 'custom') return (value.from === undefined || isLocalDate(value.from)) && (value.to === undefined || isLocalDate(value.to));
  return isLocalDate(value.from) && isLocalDate(value.to) && value.from <= value.to;
}

export function isDailyFilters(value: unknown): value is DailyFilters {
  return isRecord(value) && isString(value.tool) && isString(value.model) && isString(value.project);
}

export function isDailySort(value: unknown): value is DailySort {
  return (
    isRecord(value) &&
    dailyColumns.includes(value.column as DailyColumn) &&
    (value.direction === 'ascending' || value.direction === 'descending')
  );
}

export function isDailyQuery(value: unknown): value is DailyQuery {
  return isRecord(value) && isDailyRange(value.range) && isDailyFilters(value.filters) && isDailySort(value.sort);
}

export function isWebviewToHostMessage(value: unknown): value is WebviewToHostMessage {
  if (!isRecord(value) || !isRecord(value.params)) return false;
  const params = value.params;
  switch (value.method) {
    case 'ready':
      return viewIds.includes(params.view as ViewId);
    case 'runCommand':
      return typeof params.command === 'string' && /^tokenwise\.[A-Za-z]+$/.test(params.command);
    case 'openSettings':
      return params.query === 'tokenwise';
    case 'export':
      return exportFormats.includes(params.format as ExportFormat) && isDailyQuery(params.query);
    default:
      return isEstimateCommand(value);
  }
}

function isSourceCheck(value: unknown): value is SourceCheck {
  return isRecord(value) && isString(value.tool) && isString(value.label) && isArrayOf(value.paths, isString) && typeof value.found === 'boolean';
}

function isComparison(value: unknown): value is Comparison {
  return isRecord(value) && isNullableNumber(value.current) && isNullableNumber(value.previous) && isNullableNumber(value.change);
}

function isNullableString(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

function isEfficiencyComparison(value: unknown): value is EfficiencyComparison {
  return isComparison(value) && isRecord(value) && isNullableString(value.reason) && isNullableString(value.previousReason);
}

function isLandedSummary(value: unknown): value is LandedSummary {
  return isRecord(value) && isCount(value.repositories) && isNullableString(value.note);
}

function isCountPair(value: unknown): value is { current: number; previous: number } {
  return isRecord(value) && isCount(value.current) && isCount(value.previous);
}

function isWeekComparison(value: unknown): value is WeekComparison {
  return (
    isRecord(value) &&
    isLocalDate(value.thisWeekStart) &&
    isLocalDate(value.lastWeekStart) &&
    isComparison(value.tokens) &&
    isRecord(value.split) &&
    isTokenSplit(value.split.current) &&
    isTokenSplit(value.split.previous) &&
    isComparison(value.costUSD) &&
    isEfficiencyComparison(value.cacheReuse) &&
    isEfficiencyComparison(value.tokensPerAcceptedEdit) &&
    isEfficiencyComparison(value.acceptanceRate) &&
    isEfficiencyComparison(value.costPerCommitUSD) &&
    isCountPair(value.acceptedEdits) &&
    isCountPair(value.decidedEdits) &&
    isCountPair(value.commits) &&
    isCount(value.unpricedRecords)
  );
}

function isSpendAndOutcome(value: Record<string, unknown>): boolean {
  return (
    isCount(value.tokens) &&
    isCount(value.costUSD) &&
    isCount(value.acceptedEdits) &&
    isCount(value.commits) &&
    isNullableNumber(value.tokensPerAcceptedEdit) &&
    isNullableString(value.tokensPerAcceptedEditReason)
  );
}

function isWeeklyPoint(value: unknown): value is WeeklyPoint {
  return isRecord(value) && isLocalDate(value.weekStart) && isSpendAndOutcome(value);
}

function isDailyPoint(value: unknown): value is DailyPoint {
  return isRecord(value) && isLocalDate(value.date) && isCount(value.tokens) && isCount(value.costUSD);
}

function isMixEntry(value: unknown): value is MixEntry {
  return isRecord(value) && isString(value.key) && isCount(value.tokens) && isCount(value.costUSD) && isCount(value.share);
}

function isProjectEntry(value: unknown): value is ProjectEntry {
  return isRecord(value) && isString(value.project) && isSpendAndOutcome(value);
}

function isBudgetProgress(value: unknown): value is BudgetProgress {
  return isRecord(value) && isCount(value.weeklyBudgetUSD) && isCount(value.spentUSD) && isNullableNumber(value.fraction);
}

function isDailyFact(value: unknown): value is DailyFact {
  return (
    isTokenSplit(value) &&
    isRecord(value) &&
    isLocalDate(value.date) &&
    isString(value.tool) &&
    isString(value.model) &&
    isString(value.project) &&
    isCount(value.costUSD) &&
    isCount(value.unpricedRecords) &&
    isCount(value.acceptedEdits) &&
    isCount(value.rejectedEdits)
  );
}

export function isTrendsState(value: unknown): value is TrendsState {
  if (!isRecord(value) || !isArrayOf(value.sources, isSourceCheck)) return false;
  if (value.status === 'empty') return true;
  return (
    value.status === 'ready' &&
    isString(value.timeZone) &&
    isLocalDate(value.today) &&
    isCount(value.minimumEdits) &&
    isWeekComparison(value.week) &&
    isArrayOf(value.weekly, isWeeklyPoint) &&
    isArrayOf(value.daily, isDailyPoint) &&
    isLocalDate(value.mixSince) &&
    isArrayOf(value.modelMix, isMixEntry) &&
    isArrayOf(value.toolMix, isMixEntry) &&
    isArrayOf(value.topProjects, isProjectEntry) &&
    isLandedSummary(value.landed) &&
    (value.budget === null || isBudgetProgress(value.budget)) &&
    isArrayOf(value.facts, isDailyFact)
  );
}

export function isHostToWebviewMessage(value: unknown): value is HostToWebviewMessage {
  return isRecord(value) && value.method === 'state' && isTrendsState(value.params);
}
