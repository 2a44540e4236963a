/**
 * The one aggregation over raw records and edits: usage per local day per (tool, model, project). Every
 * summary, chart and table is computed from these facts, so the sidebar, the panel and an export agree.
 */
import type { DailyFact } from '../../shared/protocol';
import type { EditEvent, UsageRecord } from '../usage/types';
import { localDateOf } from './calendar';

/** The API-equivalent price of one record in USD, or undefined when its model is not in the catalog. */
export type PriceRecord = (record: UsageRecord) => number | undefined;

export const UNKNOWN_MODEL = '(unknown)';
export const NO_PROJECT = '(no project)';

function emptyFact(date: string, tool: string, model: string, project: string): DailyFact {
  return { date, tool, model, project, input: 0, output: 0, cacheWrite: 0, cacheRead: 0, costUSD: 0, unpricedRecords: 0, acceptedEdits: 0, rejectedEdits: 0 };
}

/** Negative, NaN or infinite counts from a damaged log count as zero rather than poisoning every sum. */
function safeCount(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

export function buildDailyFacts(records: readonly UsageRecord[], edits: readonly EditEvent[], price: PriceRecord, timeZone: string): DailyFact[] {
  const facts = new Map<string, DailyFact>();
  const factFor = (timestampMs: number, tool: string, model: string | null, project: string | null): DailyFact => {
    const date = localDateOf(timestampMs, timeZone);
    const modelKey = model || UNKNOWN_MODEL;
    const projectKey = project || NO_PROJECT;
    const key = JSON.stringify([date, tool, modelKey, projectKey]);
    let fact = facts.get(key);
    if (!fact) {
      fact = emptyFact(date, tool, modelKey, projectKey);
      facts.set(key, fact);
    }
    return fact;
  };

  for (const record of records) {
    if (!Number.isFinite(record.timestampMs)) continue;
    const fact = factFor(record.timestampMs, record.tool, record.model, record.project);
    fact.input += safeCount(record.inputUncached);
    fact.output += safeCount(record.output);
    fact.cacheWrite += safeCount(record.cacheWrite5m) + safeCount(record.cacheWrite1h);
    fact.cacheRead += safeCount(record.cacheRead);
    const cost = price(record);
    if (cost === undefined || !Number.isFinite(cost) || cost < 0) fact.unpricedRecords += 1;
    else fact.costUSD += cost;
  }

  for (const edit of edits) {
    if (!Number.isFinite(edit.timestampMs)) continue;
    if (edit.outcome !== 'accepted' && edit.outcome !== 'rejected') continue; // failures and unresolved are undecided
    const fact = factFor(edit.timestampMs, edit.tool, edit.model, edit.project);
    if (edit.outcome === 'accepted') fact.acceptedEdits += 1;
    else fact.rejectedEdits += 1;
  }

  return [...facts.values()].sort((a, b) => a.date.localeCompare(b.date) || a.tool.localeCompare(b.tool) || a.model.localeCompare(b.model) || a.project.localeCompare(b.project));
}
