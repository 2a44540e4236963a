/**
 * Expected output from the user's own history: per model, the median of output ÷ prompt tokens over past
 * requests. A prompt's size here is everything the model read — uncached input, cache writes and cache reads —
 * because an estimate's input is the whole prompt too. The median, not the mean, so one runaway agent turn does
 * not move the figure.
 */
import type { UsageRecord } from '../usage/types';
import type { ExpectedOutputSource } from './estimate';

export type RecordTokens = Pick<UsageRecord, 'model' | 'inputUncached' | 'cacheWrite5m' | 'cacheWrite1h' | 'cacheRead' | 'output'>;

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const finite = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

/**
 * Builds the source from usage records. `canonicalId` maps a logged model name to the catalog id the estimate
 * rows use (records of unknown models are left out); records without prompt tokens are left out too.
 */
export function outputHistoryFromRecords(records: Iterable<RecordTokens>, canonicalId: (loggedModel: string) => string | undefined): ExpectedOutputSource {
  const ratios = new Map<string, number[]>();
  for (const record of records) {
    const prompt = finite(record.inputUncached) + finite(record.cacheWrite5m) + finite(record.cacheWrite1h) + finite(record.cacheRead);
    if (prompt === 0) continue;
    const id = canonicalId(record.model);
    if (id === undefined) continue;
    const list = ratios.get(id) ?? [];
    list.push(finite(record.output) / prompt);
    ratios.set(id, list);
  }
  const medians = new Map<string, { ratio: number; samples: number }>();
  for (const [id, list] of ratios) medians.set(id, { ratio: median(list.sort((a, b) => a - b)), samples: list.length });
  return { medianOutputInputRatio: (modelId) => medians.get(modelId) };
}
