import * as assert from 'node:assert/strict';
import { ModelCatalog } from '../../../src/core/models/catalog';
import { remainderKeepsModel, stripProviderPrefix } from '../../../src/core/models/names';
import type { ModelInfo } from '../../../src/core/models/types';

const catalog = ModelCatalog.bundled();

function resolvedId(name: string): string | undefined {
  return catalog.resolve(name)?.id;
}

describe('ModelCatalog (bundled)', () => {
  it('states where and when its prices come from', () => {
    assert.match(catalog.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(catalog.source, /litellm/i);
  });

  it('covers the models the extension promises', () => {
    const required = [
      'claude-opus-4', 'claude-opus-4-1', 'claude-opus-4-5', 'claude-opus-4-6', 'claude-opus-4-7',
      'claude-sonnet-4', 'claude-sonnet-4-5', 'claude-sonnet-4-6', 'claude-haiku-4-5',
      'gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'gpt-5-codex', 'gpt-5.1', 'gpt-5.1-codex', 'gpt-5.3-codex',
      'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4o', 'gpt-4o-mini', 'o3', 'o4-mini', 'gpt-4', 'gpt-3.5-turbo',
      'gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite',
    ];
    for (const id of required) {
      const model = catalog.resolve(id);
      assert.ok(model, `${id} missing`);
      assert.equal(model.id, id);
      assert.ok(model.prices, `${id} unpriced`);
    }
  });

  it('has sane, complete entries: positive prices, limits, a known tokenizer', () => {
    for (const model of catalog.list()) {
      const where = model.id;
      assert.ok(model.displayName.length > 0, where);
      assert.ok(model.prices && model.prices.input > 0 && model.prices.output > 0, where);
      // Per-token prices: anything above $0.001/token ($1,000/MTok) would be a per-million figure pasted by mistake.
      for (const rate of Object.values(model.prices)) if (typeof rate === 'number') assert.ok(rate < 1e-3, where);
      assert.ok((model.contextWindow ?? 0) >= 8192 && (model.maxOutput ?? 0) >= 4096, where);
      assert.ok(['o200k_base', 'cl100k_base'].includes(model.tokenizer.encoding), where);
      assert.equal(model.origin, 'bundled');
    }
  });

  it('counts GPT-4o/4.1/5 and o-series exactly with o200k, GPT-4/3.5 with cl100k', () => {
    for (const id of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-5', 'gpt-5-codex', 'o3', 'o4-mini']) {
      assert.deepEqual(catalog.resolve(id)?.tokenizer, { encoding: 'o200k_base', estimate: null }, id);
    }
    for (const id of ['gpt-4', 'gpt-3.5-turbo']) {
      assert.deepEqual(catalog.resolve(id)?.tokenizer, { encoding: 'cl100k_base', estimate: null }, id);
    }
  });

  it('estimates Claude as o200k × 1.2, and × 1.5 from Opus 4.7 on; Gemini as o200k × 1.0', () => {
    const factor = (id: string) => catalog.resolve(id)?.tokenizer.estimate?.factor;
    for (const id of ['claude-opus-4', 'claude-opus-4-1', 'claude-opus-4-5', 'claude-opus-4-6', 'claude-sonnet-4-5', 'claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-3-7-sonnet']) {
      assert.equal(factor(id), 1.2, id);
    }
    assert.equal(factor('claude-opus-4-7'), 1.5);
    assert.equal(factor('claude-opus-4-8'), 1.5);
    assert.equal(factor('gemini-2.5-pro'), 1.0);
    assert.equal(catalog.resolve('claude-sonnet-4-5')?.tokenizer.estimate?.family, 'Claude');
  });

  it('reads the LiteLLM fields: 1-hour writes, the >200k tier, the fast-mode multiplier, limits', () => {
    const sonnet45 = catalog.resolve('claude-sonnet-4-5') as ModelInfo;
    assert.equal(sonnet45.prices?.cacheWrite1h, 6e-6);
    assert.deepEqual(sonnet45.prices?.above200k, { input: 6e-6, output: 2.25e-5, cacheWrite5m: 7.5e-6, cacheWrite1h: 1.2e-5, cacheRead: 6e-7 });
    assert.equal(catalog.resolve('claude-opus-4-6')?.fastMultiplier, 6);
    assert.equal(catalog.resolve('claude-opus-4-5')?.fastMultiplier, null);
    assert.equal(catalog.resolve('gpt-4.1')?.contextWindow, 1_047_576);
    assert.equal(catalog.resolve('gpt-4o')?.maxOutput, 16_384);
    assert.equal(catalog.resolve('gpt-4o')?.prices?.cacheWrite5m, undefined, 'OpenAI lists no cache-write price');
    assert.equal(catalog.resolve('gemini-2.5-pro')?.provider, 'google');
  });

  describe('resolve()', () => {
    const cases: [string, string | undefined][] = [
      // exact ids and aliases, any case
      ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
      ['Claude-Sonnet-4-5', 'claude-sonnet-4-5'],
      ['  gpt-4o  ', 'gpt-4o'],
      ['claude-opus-4-20250514', 'claude-opus-4'],
      ['claude-4-opus-20250514', 'claude-opus-4'],
      // provider prefixes
      ['anthropic/claude-haiku-4-5', 'claude-haiku-4-5'],
      ['openai/gpt-4.1-mini', 'gpt-4.1-mini'],
      ['gemini/gemini-2.5-pro', 'gemini-2.5-pro'],
      ['vertex_ai/gemini-2.5-flash', 'gemini-2.5-flash'],
      ['models/gemini-2.5-flash-lite', 'gemini-2.5-flash-lite'],
      ['openrouter/anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'],
      ['openrouter/openai/gpt-5-mini', 'gpt-5-mini'],
      // Bedrock spellings
      ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
      ['us.anthropic.claude-opus-4-1-20250805-v1:0', 'claude-opus-4-1'],
      ['global.anthropic.claude-haiku-4-5-20251001-v1:0', 'claude-haiku-4-5'],
      // date suffixes
      ['claude-opus-4-6-20991231', 'claude-opus-4-6'],
      ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'],
      ['vertex_ai/claude-opus-4-5@20251101', 'claude-opus-4-5'],
      ['gpt-4.1-2025-04-14', 'gpt-4.1'],
      ['o3-2025-04-16', 'o3'],
      // longest prefix with a harmless remainder
      ['claude-sonnet-4-5-latest', 'claude-sonnet-4-5'],
      ['openrouter/anthropic/claude-3.7-sonnet:thinking', 'claude-3-7-sonnet'],
      ['gpt-5-codex-high', 'gpt-5-codex'],
      ['gemini-2.5-pro-preview-06-05', 'gemini-2.5-pro'],
      ['gemini-2.5-flash-lite-preview-09-2025', 'gemini-2.5-flash-lite'],
    ];
    for (const [name, expected] of cases) {
      it(`${JSON.stringify(name)} → ${expected}`, () => assert.equal(resolvedId(name), expected));
    }

    it('never takes a model for its smaller, larger or newer sibling', () => {
      assert.equal(resolvedId('gpt-4o-mini'), 'gpt-4o-mini');
      assert.equal(resolvedId('gpt-4o-mini-2024-07-18'), 'gpt-4o-mini');
      assert.equal(resolvedId('gpt-5-codex'), 'gpt-5-codex');
      assert.equal(resolvedId('gpt-5.1-codex'), 'gpt-5.1-codex');
      assert.equal(resolvedId('gpt-4.1-nano'), 'gpt-4.1-nano');
      assert.equal(resolvedId('claude-opus-4-1'), 'claude-opus-4-1');
      const unknown = [
        'gpt-5-codex-mini', // a cheaper model: not gpt-5-codex
        'gpt-4o-mini-tts',
        'gpt-4o-audio-preview',
        'o3-pro',
        'o3-mini',
        'gpt-4-turbo',
        'gpt-4-32k',
        'gpt-3.5-turbo-1106', // its own (higher) price
        'claude-opus-4-9', // a future version is not Opus 4
        'claude-3-5-sonnet-20241022',
        'gemini-2.5-flash-image',
        'gpt-4ox',
        'gpt-4-o', // a typo is not GPT-4
        'claude-sonnet-4-5-fast',
        'llama-3.1-70b',
        '',
        '   ',
      ];
      for (const name of unknown) assert.equal(resolvedId(name), undefined, name);
    });

    it('prefers an exact snapshot with its own price to date stripping', () => {
      const old = catalog.resolve('gpt-4o-2024-05-13');
      assert.equal(old?.id, 'gpt-4o-2024-05-13');
      assert.equal(old?.prices?.input, 5e-6);
      assert.equal(catalog.resolve('gpt-4o-2024-08-06')?.prices?.input, 2.5e-6);
    });
  });

  it('suggests close names for an unknown model', () => {
    assert.deepEqual(catalog.suggest('gpt-4-o').slice(0, 1), ['gpt-4o']);
    assert.ok(catalog.suggest('sonnet-4.5').includes('claude-sonnet-4-5'));
    assert.ok(catalog.suggest('claude-opus').length > 0);
    assert.deepEqual(catalog.suggest('zzzzzzzzzzzz'), []);
  });

  it('list() returns a copy', () => {
    const list = catalog.list();
    list.length = 0;
    assert.ok(catalog.list().length > 30);
  });
});

describe('model-name helpers', () => {
  it('strips routing prefixes and Bedrock wrapping', () => {
    assert.equal(stripProviderPrefix('openrouter/anthropic/claude-opus-4.5'), 'claude-opus-4.5');
    assert.equal(stripProviderPrefix('eu.anthropic.claude-sonnet-4-20250514-v1:0'), 'claude-sonnet-4-20250514');
    assert.equal(stripProviderPrefix('gpt-4o'), 'gpt-4o');
  });

  it('accepts dates, previews and effort levels after a known name, not new models', () => {
    for (const remainder of ['-20250929', '-latest', '-preview-06-05', ':thinking', '-high', '@20250929', '-2025-04-14', '-v2']) assert.ok(remainderKeepsModel(remainder), remainder);
    for (const remainder of ['-mini', '-codex', '-pro', '-o', '-9', '-1106', '-2025', '-32k', 'o', '-', '.1']) assert.ok(!remainderKeepsModel(remainder), remainder);
  });
});
