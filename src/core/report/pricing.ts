/** Prices ledger records with the model catalog: the bridge between the report and src/core/models. */
import type { ModelCatalog } from '../models/catalog';
import { costOfUsage } from '../models/cost';
import type { PriceRecord } from './aggregate';

/** A {@link PriceRecord} over a catalog (which memoises its lookups): undefined for a model it cannot price. */
export function catalogPricing(catalog: ModelCatalog): PriceRecord {
  return (record) => {
    const model = catalog.resolve(record.model);
    return model === undefined ? undefined : costOfUsage(model, record)?.totalUSD;
  };
}
