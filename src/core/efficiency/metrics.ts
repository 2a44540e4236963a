/**
 * Efficiency: what the AI spend produced. Tokens and API-equivalent cost are paired with accepted AI edits
 * (from the tools' transcripts) and landed commits (from git), per day, week, month, project, tool or model.
 * Every ratio is built from raw sums, carries its numerator, denominator and sample size, and is null with a
 * reason below its minimum sample. Totals are computed from the raw sums of everything, never by averaging rows.
 * See docs/efficiency.md for the definitions in plain words.
 */
import { totalTokens, type EditEvent, type ToolId, type UsageRecord } from '../usage/types';
import { isoWeekKey, LocalCalendar, monthKey, dayNumberToDateKey } from '../time/localCalendar';
import { nonNegative, ratio, type Metric } from './metric';

export const EFFICIENCY_GROUPINGS = ['day', 'week', 'month', 'project', 'tool', 'model'] as const;
export type EfficiencyGrouping = (typeof EFFICIENCY_GROUPINGS)[number];

/** Rows for items whose source named no project or model. */
export const UNKNOWN_KEY = '(unknown)';

/** The smallest samples below which a metric is "not enough data". */
export interface MinimumSamples {
  /** For per-accepted-edit, per-accepted-line, modified and auto-approved shares. */
  acceptedEdits: number;
  /** Accepted + rejected edits, for the acceptance rate. */
  decisions: number;
  /** For per-commit figures. */
  commits: number;
  /** Billed API responses, for cache reuse and the output/input ratio. */
  responses: number;
}

export const DEFAULT_MIN_SAMPLES: Readonly<MinimumSamples> = { acceptedEdits: 5, decisions: 10, commits: 3, responses: 10 };

/**
 * What the metrics read of a landed commit (src/core/git's AttributedCommit has these and more). Declared here
 * so the webview bundle, which runs these metrics too, does not pull in the git runner's Node types.
 */
export interface LandedCommit {
  /** When it landed. */
  timestampMs: number;
  /** The project it is attributed to. */
  project: string;
  linesAdded: number;
  linesRemoved: number;
}

export interface EfficiencyInput {
  records: Iterable<UsageRecord>;
  edits: Iterable<EditEvent>;
  /** Landed commits, each already attributed to a project (see attributeCommits). */
  commits: Iterable<LandedCommit>;
  /** API-equivalent cost of one response in USD, or undefined when its model has no known price. */
  price: (record: UsageRecord) => number | undefined;
  groupBy: EfficiencyGrouping;
  /** IANA zone whose calendar days, weeks and months the time groupings use. */
  timeZone: string;
  minSample?: Partial<MinimumSamples>;
}

/** The raw sums a row is made of. Totals hold the same sums over all input. */
export interface EfficiencySums {
  responses: number;
  /** Responses whose model has no price: their tokens count, their cost does not. */
  unpricedResponses: number;
  tokens: number;
  inputUncached: number;
  /** 5-minute and 1-hour cache writes together. */
  cacheWrite: number;
  cacheRead: number;
  output: number;
  costUSD: number;
  /**
   * Tokens and cost of responses from tools that log edit decisions at all (any tool with an edit event in the
   * input). Per-edit figures divide these, so spend of a tool that never reports edits (e.g. Copilot telemetry)
   * is not charged to another tool's accepted edits.
   */
  editingToolTokens: number;
  editingToolCostUSD: number;
  editingToolUnpricedResponses: number;
  acceptedEdits: number;
  rejectedEdits: number;
  /** Failed and unresolved edits are neither accepted nor rejected; shown for completeness. */
  failedEdits: number;
  unresolvedEdits: number;
  /** Accepted edits the user changed before accepting. */
  modifiedEdits: number;
  /** Accepted edits the tool applied without asking (counted as accepted, flagged here). */
  autoApprovedEdits: number;
  acceptedLinesAdded: number;
  acceptedLinesRemoved: number;
  /** Null in rows grouped by tool or model: a commit has neither. */
  commits: number | null;
  commitLinesAdded: number | null;
  commitLinesRemoved: number | null;
}

export interface EfficiencyMetrics {
  tokensPerAcceptedEdit: Metric;
  costPerAcceptedEditUSD: Metric;
  /** An accepted line is one line added or removed by an accepted edit (a changed line counts 2, as in git). */
  tokensPerAcceptedLine: Metric;
  costPerAcceptedLineUSD: Metric;
  tokensPerCommit: Metric;
  costPerCommitUSD: Metric;
  acceptanceRate: Metric;
  modifiedShare: Metric;
  autoApprovedShare: Metric;
  cacheReuse: Metric;
  outputInputRatio: Metric;
}

export interface EfficiencyRow extends EfficiencySums, EfficiencyMetrics {
  key: string;
  /** Models in this row without a price, sorted. */
  unpricedModels: string[];
}

export interface EfficiencyReport {
  groupBy: EfficiencyGrouping;
  minSample: MinimumSamples;
  rows: EfficiencyRow[];
  totals: EfficiencyRow;
  /** Tools whose spend is paired with edits (they logged at least one edit event), sorted. */
  editingTools: ToolId[];
  notes: string[];
}

interface Accumulator {
  sums: EfficiencySums;
  unpricedModels: Set<string>;
  /** Of those, the models of editing tools: they decide whether per-edit cost is known. */
  editingToolUnpricedModels: Set<string>;
}

/** All-zero sums; `withCommits` false gives the null commit fields of rows grouped by tool or model. */
export function emptyEfficiencySums(withCommits: boolean): EfficiencySums {
  return {
    responses: 0, unpricedResponses: 0, tokens: 0, inputUncached: 0, cacheWrite: 0, cacheRead: 0, output: 0, costUSD: 0,
    editingToolTokens: 0, editingToolCostUSD: 0, editingToolUnpricedResponses: 0,
    acceptedEdits: 0, rejectedEdits: 0, failedEdits: 0, unresolvedEdits: 0, modifiedEdits: 0, autoApprovedEdits: 0,
    acceptedLinesAdded: 0, acceptedLinesRemoved: 0,
    commits: withCommits ? 0 : null, commitLinesAdded: withCommits ? 0 : null, commitLinesRemoved: withCommits ? 0 : null,
  };
}

function emptyAccumulator(withCommits: boolean): Accumulator {
  return { sums: emptyEfficiencySums(withCommits), unpricedModels: new Set(), editingToolUnpricedModels: new Set() };
}

function addRecord(into: Accumulator, record: UsageRecord, cost: number | undefined, fromEditingTool: boolean): void {
  const s = into.sums;
  // Each bucket is cleaned on its own so that tokens always equal the sum of the buckets.
  const clean = {
    inputUncached: nonNegative(record.inputUncached),
    cacheWrite5m: nonNegative(record.cacheWrite5m),
    cacheWrite1h: nonNegative(record.cacheWrite1h),
    cacheRead: nonNegative(record.cacheRead),
    output: nonNegative(record.output),
  };
  const tokens = totalTokens(clean);
  s.responses++;
  s.tokens += tokens;
  s.inputUncached += clean.inputUncached;
  s.cacheWrite += clean.cacheWrite5m + clean.cacheWrite1h;
  s.cacheRead += clean.cacheRead;
  s.output += clean.output;
  if (cost === undefined) {
    s.unpricedResponses++;
    into.unpricedModels.add(record.model);
  } else s.costUSD += cost;
  if (!fromEditingTool) return;
  s.editingToolTokens += tokens;
  if (cost === undefined) {
    s.editingToolUnpricedResponses++;
    into.editingToolUnpricedModels.add(record.model);
  } else s.editingToolCostUSD += cost;
}

function addEdit(into: Accumulator, edit: EditEvent): void {
  const s = into.sums;
  switch (edit.outcome) {
    case 'accepted':
      s.acceptedEdits++;
      if (edit.userModified) s.modifiedEdits++;
      if (edit.autoApproved === true) s.autoApprovedEdits++;
      s.acceptedLinesAdded += nonNegative(edit.linesAdded);
      s.acceptedLinesRemoved += nonNegative(edit.linesRemoved);
      break;
    case 'rejected':
      s.rejectedEdits++;
      break;
    case 'failed':
      s.failedEdits++;
      break;
    case 'unresolved':
      s.unresolvedEdits++;
      break;
  }
}

function addCommit(into: Accumulator, commit: LandedCommit): void {
  const s = into.sums;
  s.commits = (s.commits ?? 0) + 1;
  s.commitLinesAdded = (s.commitLinesAdded ?? 0) + nonNegative(commit.linesAdded);
  s.commitLinesRemoved = (s.commitLinesRemoved ?? 0) + nonNegative(commit.linesRemoved);
}

/** A usable price: finite and ≥ 0, else the response counts as unpriced. */
function safePrice(price: EfficiencyInput['price'], record: UsageRecord): number | undefined {
  const cost = price(record);
  return cost !== undefined && Number.isFinite(cost) && cost >= 0 ? cost : undefined;
}

function unpricedReason(unpriced: number, models: ReadonlySet<string>): string | undefined {
  if (unpriced === 0) return undefined;
  return `cost unknown: no price for ${unpriced} ${unpriced === 1 ? 'response' : 'responses'} (${[...models].sort().join(', ')})`;
}

/** Models without a price, for the "cost unknown" reasons: of all responses, and of editing tools' responses. */
export interface UnpricedModels {
  all: ReadonlySet<string>;
  editingTools: ReadonlySet<string>;
}

const NO_UNPRICED: UnpricedModels = { all: new Set(), editingTools: new Set() };

/**
 * Every ratio from raw sums. The one place the efficiency figures are defined: rows and totals here, and any
 * caller holding sums of its own (the Trends panel's filtered weeks) use it, so the figures cannot disagree.
 */
export function efficiencyMetrics(sums: EfficiencySums, min: MinimumSamples = DEFAULT_MIN_SAMPLES, unpriced: UnpricedModels = NO_UNPRICED): EfficiencyMetrics {
  const perEdit = { sampleSize: sums.acceptedEdits, minSample: min.acceptedEdits, sampleName: 'accepted edits' };
  const acceptedLines = sums.acceptedLinesAdded + sums.acceptedLinesRemoved;
  const editCostIncomplete = unpricedReason(sums.editingToolUnpricedResponses, unpriced.editingTools);
  const costIncomplete = unpricedReason(sums.unpricedResponses, unpriced.all);
  const commits = sums.commits;
  const perCommit = (numerator: number, incomplete?: string): Metric =>
    commits === null
      ? { value: null, reason: 'commits are not attributed to a tool or model', numerator, denominator: 0, sampleSize: 0, minSample: min.commits }
      : ratio({ numerator, denominator: commits, sampleSize: commits, minSample: min.commits, sampleName: 'commits', denominatorName: 'commits', incomplete });
  const inputSide = sums.inputUncached + sums.cacheWrite + sums.cacheRead;
  const perResponse = { sampleSize: sums.responses, minSample: min.responses, sampleName: 'responses', denominatorName: 'input tokens' };
  return {
    tokensPerAcceptedEdit: ratio({ ...perEdit, numerator: sums.editingToolTokens, denominator: sums.acceptedEdits, denominatorName: 'accepted edits' }),
    costPerAcceptedEditUSD: ratio({ ...perEdit, numerator: sums.editingToolCostUSD, denominator: sums.acceptedEdits, denominatorName: 'accepted edits', incomplete: editCostIncomplete }),
    tokensPerAcceptedLine: ratio({ ...perEdit, numerator: sums.editingToolTokens, denominator: acceptedLines, denominatorName: 'accepted lines' }),
    costPerAcceptedLineUSD: ratio({ ...perEdit, numerator: sums.editingToolCostUSD, denominator: acceptedLines, denominatorName: 'accepted lines', incomplete: editCostIncomplete }),
    tokensPerCommit: perCommit(sums.tokens),
    costPerCommitUSD: perCommit(sums.costUSD, costIncomplete),
    acceptanceRate: ratio({ numerator: sums.acceptedEdits, denominator: sums.acceptedEdits + sums.rejectedEdits, sampleSize: sums.acceptedEdits + sums.rejectedEdits, minSample: min.decisions, sampleName: 'accepted or rejected edits', denominatorName: 'decisions' }),
    modifiedShare: ratio({ ...perEdit, numerator: sums.modifiedEdits, denominator: sums.acceptedEdits, denominatorName: 'accepted edits' }),
    autoApprovedShare: ratio({ ...perEdit, numerator: sums.autoApprovedEdits, denominator: sums.acceptedEdits, denominatorName: 'accepted edits' }),
    cacheReuse: ratio({ ...perResponse, numerator: sums.cacheRead, denominator: inputSide }),
    outputInputRatio: ratio({ ...perResponse, numerator: sums.output, denominator: inputSide }),
  };
}

function finish(key: string, accumulator: Accumulator, min: MinimumSamples): EfficiencyRow {
  return { key, ...accumulator.sums, unpricedModels: [...accumulator.unpricedModels].sort(), ...efficiencyMetrics(accumulator.sums, min, { all: accumulator.unpricedModels, editingTools: accumulator.editingToolUnpricedModels }) };
}

export function computeEfficiency(input: EfficiencyInput): EfficiencyReport {
  const min: MinimumSamples = { ...DEFAULT_MIN_SAMPLES, ...input.minSample };
  const calendar = new LocalCalendar(input.timeZone);
  const commitsHaveRows = input.groupBy !== 'tool' && input.groupBy !== 'model';
  const rows = new Map<string, Accumulator>();
  const totals = emptyAccumulator(true);

  const timeKey = (timestampMs: number): string => {
    const day = calendar.dayNumber(timestampMs);
    if (input.groupBy === 'day') return dayNumberToDateKey(day);
    return input.groupBy === 'week' ? isoWeekKey(day) : monthKey(day);
  };
  const keyOf = (item: { timestampMs: number; project: string | null; tool?: ToolId; model?: string | null }): string => {
    switch (input.groupBy) {
      case 'project':
        return item.project || UNKNOWN_KEY;
      case 'tool':
        return item.tool ?? UNKNOWN_KEY;
      case 'model':
        return item.model || UNKNOWN_KEY;
      default:
        return timeKey(item.timestampMs);
    }
  };
  const rowFor = (key: string): Accumulator => {
    let row = rows.get(key);
    if (row === undefined) {
      row = emptyAccumulator(commitsHaveRows);
      rows.set(key, row);
    }
    return row;
  };

  // Edits first: which tools report edit decisions decides whose spend per-edit figures divide.
  const edits = [...input.edits];
  const editingTools = new Set(edits.map((edit) => edit.tool));
  for (const edit of edits) {
    addEdit(rowFor(keyOf(edit)), edit);
    addEdit(totals, edit);
  }
  for (const record of input.records) {
    const cost = safePrice(input.price, record);
    const fromEditingTool = editingTools.has(record.tool);
    addRecord(rowFor(keyOf(record)), record, cost, fromEditingTool);
    addRecord(totals, record, cost, fromEditingTool);
  }
  for (const commit of input.commits) {
    if (commitsHaveRows) addCommit(rowFor(keyOf(commit)), commit);
    addCommit(totals, commit);
  }

  const finished = [...rows.entries()].map(([key, accumulator]) => finish(key, accumulator, min));
  const byTime = input.groupBy === 'day' || input.groupBy === 'week' || input.groupBy === 'month';
  finished.sort((a, b) => (byTime ? compareText(a.key, b.key) : b.tokens - a.tokens || compareText(a.key, b.key)));
  const notes: string[] = [];
  if (!commitsHaveRows && (totals.sums.commits ?? 0) > 0) notes.push(`commits are counted in the totals only: a commit has no ${input.groupBy}`);
  return { groupBy: input.groupBy, minSample: min, rows: finished, totals: finish('total', totals, min), editingTools: [...editingTools].sort(), notes };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
