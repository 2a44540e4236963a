/**
 * Sums and ratios over daily facts, with the "not enough data" rule: a ratio over fewer edits than the
 * minimum sample is null, never a misleading number.
 */
import type { Comparison, DailyFact, TokenSplit } from '../../shared/protocol';

/** Rates and per-edit figures need at least this many edits (decided edits for rates, accepted for per-edit). */
export const MINIMUM_EDITS = 5;

export interface Totals extends TokenSplit {
  total: number;
  costUSD: number;
  unpricedRecords: number;
  acceptedEdits: number;
  rejectedEdits: number;
}

export function sumFacts(facts: Iterable<DailyFact>): Totals {
  const totals: Totals = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0, total: 0, costUSD: 0, unpricedRecords: 0, acceptedEdits: 0, rejectedEdits: 0 };
  for (const fact of facts) {
    totals.input += fact.input;
    totals.output += fact.output;
    totals.cacheWrite += fact.cacheWrite;
    totals.cacheRead += fact.cacheRead;
    totals.costUSD += fact.costUSD;
    totals.unpricedRecords += fact.unpricedRecords;
    totals.acceptedEdits += fact.acceptedEdits;
    totals.rejectedEdits += fact.rejectedEdits;
  }
  totals.total = totals.input + totals.output + totals.cacheWrite + totals.cacheRead;
  return totals;
}

/** Share of input-side tokens served from the prompt cache: cacheRead / (input + cacheWrite + cacheRead). */
export function cacheReuse(totals: TokenSplit): number | null {
  const inputSide = totals.input + totals.cacheWrite + totals.cacheRead;
  return inputSide > 0 ? totals.cacheRead / inputSide : null;
}

/** All tokens (cache included) per accepted edit; null below the minimum sample of accepted edits. */
export function tokensPerAcceptedEdit(totals: Pick<Totals, 'total' | 'acceptedEdits'>, minimum = MINIMUM_EDITS): number | null {
  return totals.acceptedEdits >= minimum ? totals.total / totals.acceptedEdits : null;
}

/** accepted / (accepted + rejected); null below the minimum sample of decided edits. */
export function acceptanceRate(totals: Pick<Totals, 'acceptedEdits' | 'rejectedEdits'>, minimum = MINIMUM_EDITS): number | null {
  const decided = totals.acceptedEdits + totals.rejectedEdits;
  return decided >= minimum ? totals.acceptedEdits / decided : null;
}

export function compare(current: number | null, previous: number | null): Comparison {
  const change = current !== null && previous !== null && previous !== 0 ? (current - previous) / previous : null;
  return { current, previous, change };
}
