import * as assert from 'node:assert/strict';
import { ModelCatalog } from '../../../src/core/models/catalog';
import { estimatePrompt } from '../../../src/core/prompt/estimate';
import { outputHistoryFromRecords, type RecordTokens } from '../../../src/core/prompt/outputHistory';

const record = (model: string, inputUncached: number, cacheRead: number, output: number): RecordTokens => ({ model, inputUncached, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead, output });
const catalog = ModelCatalog.bundled();
const canonical = (name: string) => catalog.resolve(name)?.id;

describe('expected output from history', () => {
  it('takes the median output ÷ prompt ratio per catalog model, cache reads counted as prompt', () => {
    const history = outputHistoryFromRecords(
      [
        // Ratios 0.1, 0.2, 0.3, 5 (a runaway turn): median (0.2 + 0.3) / 2 = 0.25.
        record('claude-sonnet-4-5-20250929', 1000, 0, 100),
        record('anthropic/claude-sonnet-4-5', 500, 500, 200),
        record('claude-sonnet-4-5', 100, 900, 300),
        record('claude-sonnet-4-5', 10, 0, 50),
        record('gpt-4o', 400, 0, 100),
        record('gpt-4o', 0, 0, 100), // no prompt tokens: left out
        record('mystery-model-9000', 100, 0, 100), // unknown model: left out
      ],
      canonical,
    );
    assert.deepEqual(history.medianOutputInputRatio('claude-sonnet-4-5'), { ratio: 0.25, samples: 4 });
    assert.deepEqual(history.medianOutputInputRatio('gpt-4o'), { ratio: 0.25, samples: 1 });
    assert.equal(history.medianOutputInputRatio('mystery-model-9000'), undefined);
  });

  it('feeds the estimate once there are enough samples', () => {
    const records = Array.from({ length: 5 }, (_, i) => record('gpt-4o', 1000, 0, 100 * (i + 1))); // ratios 0.1…0.5, median 0.3
    const history = outputHistoryFromRecords(records, canonical);
    const model = { id: 'gpt-4o', displayName: 'GPT-4o', contextWindow: 128_000, maxOutput: 16_384, promptCaching: false, price: () => 0 };
    const [row] = estimatePrompt([{ model, input: { tokens: 20_000, exact: true } }], { fallbackOutputTokens: 1000, minHistorySamples: 5, turns: 1, history });
    // 0.3 × 20,000 = 6,000 expected output tokens, from history.
    assert.equal(row!.expectedOutput.tokens, 6000);
    assert.equal(row!.expectedOutput.source, 'history');
  });
});
