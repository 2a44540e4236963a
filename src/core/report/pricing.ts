/** Prices ledger records with the model catalog: the bridge between the report and src/core/models. */
import type { ModelCatalog } from '../models/catalog';
import { costOfUsage } from '../models/cost';
import type { ModelInfo } from '../models/types';
import type { PriceRecord } from './aggregate';

/** A {@link PriceRecord} over a catalog; each model id is resolved once, however many records use it. */
export function catalogPricing(catalog: ModelCatalog): PriceRecord {
  const resolved = new Map<string, ModelInfo | undefined>();
  return (record) => {
    if (!resolved.has(record.model)) resolved.set(record.model, catalog.resolve(record.model));
    const model = resolved.get(record.model);
    return model === undefined ? undefined : costOfUsage(model, record)?.totalUSD;
  };
}
