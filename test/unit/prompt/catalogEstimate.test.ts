import * as assert from 'node:assert/strict';
import { ModelCatalog } from '../../../src/core/models/catalog';
import { countingModelFrom, hasPromptCaching, modelLineup } from '../../../src/core/prompt/catalogModels';
import { buildEstimate } from '../../../src/core/prompt/estimateState';
import { estimateMarkdown, markdownCell } from '../../../src/core/prompt/report';
import { isEstimateCommand, isEstimateState, isEstimateStateNotification } from '../../../src/shared/estimateProtocol';
import { isHostToWebviewMessage, isWebviewToHostMessage } from '../../../src/shared/protocol';

const catalog = ModelCatalog.bundled();
/** A fixed count per character keeps figures hand-computable: 1 token per 4 characters, exact. */
const quarter = (text: string) => ({ tokens: Math.ceil(text.length / 4), exact: true, basis: 'test: chars / 4' });
const close = (actual: number | undefined, expected: number) => assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

describe('estimate over the real catalog', () => {
  it('prices Claude Sonnet 4.5 through the catalog cost maths, caching included (hand-computed)', () => {
    const sonnet = countingModelFrom(catalog.resolve('claude-sonnet-4-5')!, quarter);
    assert.equal(sonnet.contextWindow, 200_000);
    assert.equal(sonnet.promptCaching, true);
    // 100,000 input × $3/M = $0.30; 1,000 output × $15/M = $0.015.
    close(sonnet.price({ inputUncached: 100_000, cacheWrite5m: 0, cacheRead: 0, output: 1000 }), 0.315);
    // Cache write 5m at $3.75/M, read at $0.30/M.
    close(sonnet.price({ inputUncached: 0, cacheWrite5m: 100_000, cacheRead: 0, output: 0 }), 0.375);
    close(sonnet.price({ inputUncached: 0, cacheWrite5m: 0, cacheRead: 100_000, output: 0 }), 0.03);
  });

  it('shows caching only where a repeated prefix is discounted', () => {
    assert.equal(hasPromptCaching(catalog.resolve('gpt-4o')!), true);
    assert.equal(hasPromptCaching(catalog.resolve('gpt-4')!), false);
  });

  it('lines up the current model first, drops duplicates and explains unknown ids', () => {
    const { models, notes } = modelLineup(catalog, 'gpt-4o', ['gpt-4o-2024-08-06', 'claude-sonnet-4-5', 'gpt-7-ultra', ''], quarter);
    assert.deepEqual(models.map((model) => model.id), ['gpt-4o', 'claude-sonnet-4-5']);
    assert.equal(notes.length, 1);
    assert.match(notes[0]!, /^Unknown model "gpt-7-ultra" in tokenwise\.compareModels/);
  });

  it('builds the panel state and Markdown from items (hand-computed)', () => {
    const { models } = modelLineup(catalog, 'gpt-4o', ['claude-sonnet-4-5', 'gpt-4'], quarter);
    // The block is "a.ts\n```ts\n" (11 chars) + 39,985 x's + "\n```" (4) = 40,000 chars → 10,000 tokens at 4 chars a token.
    const text = 'x'.repeat(39_985);
    const { state, prompt, rows } = buildEstimate({
      source: { id: 'document', label: 'Document a.ts' },
      sources: [{ id: 'document', label: 'Document a.ts' }],
      items: [{ kind: 'file', label: 'a.ts', text, language: 'ts' }],
      models,
      options: { fallbackOutputTokens: 1000, minHistorySamples: 5, turns: 4 },
      notes: [],
    });
    assert.equal(prompt?.text.length, 40_000);
    assert.equal(prompt?.totalTokens, 10_000);
    // gpt-4o: 10,000 × $2.50/M + 1,000 × $10/M = $0.025 + $0.010 = $0.035.
    // Sonnet: 10,000 × $3/M + 1,000 × $15/M = $0.045. GPT-4: 11,000 > 8,192 window → does not fit.
    assert.deepEqual(state.rows.map((row) => [row.modelId, row.inputTokens, row.total, row.fits]), [
      ['gpt-4o', '10,000', '$0.035', 'yes'],
      ['claude-sonnet-4-5', '10,000', '$0.045', 'yes'],
      ['gpt-4', '10,000', '$0.36', 'no'],
    ]);
    assert.equal(state.rows[0]!.cheapest, true);
    assert.equal(state.rows[1]!.bestFit, true, '200k − 11k leaves more room than 128k − 11k');
    assert.equal(state.rows[0]!.windowFill, '8.6% of 128k');
    // Sonnet over 4 turns: without 4 × $0.03 = $0.12; with $0.0375 + 3 × $0.003 = $0.0465.
    close(rows[1]!.caching?.withoutCacheUSD, 0.12);
    close(rows[1]!.caching?.withCacheUSD, 0.0465);
    // $0.0465 is a hair below in binary floating point, so three decimals show $0.046.
    assert.deepEqual(state.rows[1]!.caching, { withoutCache: '$0.12', withCache: '$0.046', savings: '$0.074' });
    assert.ok(isEstimateState(state));
    const markdown = estimateMarkdown(state);
    assert.match(markdown, /^\*\*Estimate: Document a\.ts\*\* — 1 item · 10,000 tokens for GPT-4o/);
    assert.ok(markdown.includes('| GPT-4o (cheapest) | 10,000 | $0.025 | 1,000 | $0.010 | $0.035 | 8.6% of 128k | yes |'), markdown);
    assert.ok(markdown.includes('| GPT-4 | 10,000 | $0.30 | 1,000 | $0.060 | $0.36 | 134% of 8,192 | no |'), markdown);
    assert.ok(markdown.includes('Sending this as a prefix 4 times:'));
    assert.ok(markdown.includes('| Claude Sonnet 4.5 | $0.12 | $0.046 | $0.074 |'));
  });

  it('reports an empty source instead of inventing rows', () => {
    const { state } = buildEstimate({ source: { id: 'clipboard', label: 'Clipboard' }, sources: [], items: [], models: [], options: { fallbackOutputTokens: 1, minHistorySamples: 1, turns: 1 }, notes: [] });
    assert.deepEqual(state.rows, []);
    assert.deepEqual(state.notes, ['Nothing to estimate: the source is empty.']);
  });

  it('escapes Markdown cells', () => {
    assert.equal(markdownCell('a|b\nc\\d'), 'a\\|b c\\\\d');
  });
});

describe('estimate protocol guards', () => {
  it('accepts only well-formed commands', () => {
    assert.ok(isEstimateCommand({ method: 'estimate.setTurns', params: { turns: 12 } }));
    assert.ok(!isEstimateCommand({ method: 'estimate.setTurns', params: { turns: 0 } }));
    assert.ok(!isEstimateCommand({ method: 'estimate.setTurns', params: { turns: 1.5 } }));
    assert.ok(!isEstimateCommand({ method: 'estimate.setTurns', params: { turns: 1001 } }));
    assert.ok(isEstimateCommand({ method: 'estimate.copyMarkdown', params: {} }));
    assert.ok(!isEstimateCommand({ method: 'estimate.copyMarkdown', params: { extra: 1 } }));
    assert.ok(isEstimateCommand({ method: 'estimate.setSource', params: { sourceId: 'clipboard' } }));
    assert.ok(!isEstimateCommand({ method: 'estimate.setSource', params: { sourceId: '' } }));
    assert.ok(isWebviewToHostMessage({ method: 'ready', params: { view: 'estimate' } }));
    assert.ok(isWebviewToHostMessage({ method: 'estimate.copyMarkdown', params: {} }));
    assert.ok(!isWebviewToHostMessage({ method: 'estimate.nope', params: {} }));
  });

  it('rejects a state with a malformed row', () => {
    const state = { view: 'estimate', source: { id: 'a', label: 'A', detail: '' }, sources: [], turns: 1, rows: [{ modelId: 'x' }], hint: null, notes: [] };
    assert.ok(!isEstimateStateNotification({ method: 'estimateState', params: state }));
    assert.ok(isEstimateStateNotification({ method: 'estimateState', params: { ...state, rows: [] } }));
    // The trends views' guard never takes an estimate state for theirs.
    assert.ok(!isHostToWebviewMessage({ method: 'state', params: { ...state, rows: [] } }));
  });
});
