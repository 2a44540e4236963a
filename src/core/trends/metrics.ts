/**
 * Sums over daily facts for the Trends charts and tables. Every efficiency ratio (per accepted edit, acceptance,
 * cache reuse, per commit) is computed by src/core/efficiency, the same code as `tokenwise report --efficiency`:
 * here the facts are only turned into the sums that code takes.
 */
import type { Comparison, DailyFact, TokenSplit } from '../../shared/protocol';
import { emptyEfficiencySums, type EfficiencySums } from '../efficiency/metrics';

export interface Totals extends TokenSplit {
  total: number;
  costUSD: number;
  unpricedRecords: number;
  acceptedEdits: number;
  rejectedEdits: number;
}

/** Token, cost and edit totals of some facts: the same sums the efficiency figures are built from. */
export function sumFacts(facts: Iterable<DailyFact>): Totals {
  const sums = efficiencySumsOfFacts([...facts], NO_EDITING_TOOLS);
  return {
    input: sums.inputUncached,
    output: sums.output,
    cacheWrite: sums.cacheWrite,
    cacheRead: sums.cacheRead,
    total: sums.tokens,
    costUSD: sums.costUSD,
    unpricedRecords: sums.unpricedResponses,
    acceptedEdits: sums.acceptedEdits,
    rejectedEdits: sums.rejectedEdits,
  };
}

const NO_EDITING_TOOLS: ReadonlySet<string> = new Set();

/**
 * The efficiency sums of a set of facts (the panel's filtered weeks). Facts carry decided edits only, so a tool
 * counts as an editing tool when it has an accepted or rejected edit among `allFacts`; facts hold no responses
 * count, so only the per-edit and acceptance figures may be read from the result.
 */
export function efficiencySumsOfFacts(facts: readonly DailyFact[], editingTools: ReadonlySet<string>): EfficiencySums {
  const sums = emptyEfficiencySums(false);
  for (const fact of facts) {
    const tokens = fact.input + fact.output + fact.cacheWrite + fact.cacheRead;
    sums.tokens += tokens;
    sums.inputUncached += fact.input;
    sums.output += fact.output;
    sums.cacheWrite += fact.cacheWrite;
    sums.cacheRead += fact.cacheRead;
    sums.costUSD += fact.costUSD;
    sums.unpricedResponses += fact.unpricedRecords;
    sums.acceptedEdits += fact.acceptedEdits;
    sums.rejectedEdits += fact.rejectedEdits;
    if (!editingTools.has(fact.tool)) continue;
    sums.editingToolTokens += tokens;
    sums.editingToolCostUSD += fact.costUSD;
    sums.editingToolUnpricedResponses += fact.unpricedRecords;
  }
  return sums;
}

/** Tools with at least one accepted or rejected edit among the facts. */
export function editingToolsOf(facts: readonly DailyFact[]): Set<string> {
  return new Set(facts.filter((fact) => fact.acceptedEdits + fact.rejectedEdits > 0).map((fact) => fact.tool));
}

export function compare(current: number | null, previous: number | null): Comparison {
  const change = current !== null && previous !== null && previous !== 0 ? (current - previous) / previous : null;
  return { current, previous, change };
}
