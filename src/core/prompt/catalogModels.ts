/**
 * The seam between the model catalog and the estimate: a catalog ModelInfo becomes a CountingModel (limits,
 * prices through the catalog's own cost maths, and the model's own counting), and the user's current and
 * comparison models become the lineup of rows.
 */
import type { ModelCatalog } from '../models/catalog';
import { costOfUsage } from '../models/cost';
import type { ModelInfo } from '../models/types';
import type { PromptTokenCount } from './estimate';
import type { CountingModel } from './estimateState';

export type CountForModel = (text: string, model: ModelInfo) => PromptTokenCount;

/**
 * Prompt caching is worth showing when a repeated prefix is billed at a discount: Anthropic always (its cost maths
 * fills missing cache prices with Anthropic's published multiples), others when the catalog lists a cache-read price.
 */
export function hasPromptCaching(info: ModelInfo): boolean {
  return info.prices !== null && (info.provider === 'anthropic' || info.prices.cacheRead !== undefined);
}

export function countingModelFrom(info: ModelInfo, count: CountForModel): CountingModel {
  return {
    id: info.id,
    displayName: info.displayName,
    contextWindow: info.contextWindow,
    maxOutput: info.maxOutput,
    promptCaching: hasPromptCaching(info),
    price: (buckets) => costOfUsage(info, { ...buckets, cacheWrite1h: 0 })?.totalUSD,
    count: (text) => count(text, info),
  };
}

/** The current model first, then each comparison model once; unknown ids become notes with suggestions. */
export function modelLineup(catalog: ModelCatalog, current: string, compare: readonly string[], count: CountForModel): { models: CountingModel[]; notes: string[] } {
  const models: CountingModel[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const [index, id] of [current, ...compare].entries()) {
    if (id.trim() === '') continue;
    const info = catalog.resolve(id);
    if (!info) {
      const suggestions = catalog.suggest(id, 3);
      const setting = index === 0 ? 'tokenwise.model' : 'tokenwise.compareModels';
      notes.push(`Unknown model "${id}" in ${setting}${suggestions.length > 0 ? ` (did you mean ${suggestions.join(', ')}?)` : ''}.`);
      continue;
    }
    if (seen.has(info.id)) continue;
    seen.add(info.id);
    models.push(countingModelFrom(info, count));
  }
  return { models, notes };
}
