import * as assert from 'node:assert/strict';
import { ModelCatalog } from '../../../src/core/models/catalog';
import { costOfUsage } from '../../../src/core/models/cost';
import { catalogPricing } from '../../../src/core/report/pricing';
import type { UsageRecord } from '../../../src/core/usage/types';

function record(model: string, overrides: Partial<UsageRecord> = {}): UsageRecord {
  return { tool: 'claude-code', sessionId: 's', project: null, timestampMs: 0, model, inputUncached: 1000, cacheWrite5m: 200, cacheWrite1h: 100, cacheRead: 5000, output: 300, reasoning: 0, costReportedUSD: null, dedupKey: 'k', ...overrides };
}

describe('report pricing through the model catalog', () => {
  const catalog = ModelCatalog.bundled();
  const price = catalogPricing(catalog);

  it('prices a record exactly as the catalog’s cost maths does', () => {
    const model = catalog.resolve('claude-sonnet-4-5-20250929');
    assert.ok(model);
    const r = record('claude-sonnet-4-5-20250929', { speed: 'standard' });
    assert.equal(price(r), costOfUsage(model, r)?.totalUSD);
    assert.ok((price(r) ?? 0) > 0);
  });

  it('returns undefined for a model the catalog does not know, so it is listed as unpriced rather than $0', () => {
    assert.equal(price(record('totally-unknown-model-9000')), undefined);
  });
});
