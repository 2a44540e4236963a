import * as assert from 'node:assert/strict';
import { countForModel, modelCountFromBase } from '../../src/core/count';
import { ModelCatalog } from '../../src/core/models/catalog';
import type { ModelInfo } from '../../src/core/models/types';
import { LONG_PIECE_CHARS } from '../../src/core/tokenizer';
import { tiktokenCount } from './helpers/tiktokenOracle';

const catalog = ModelCatalog.bundled();
const model = (id: string) => catalog.resolve(id) as ModelInfo;


const SAMPLE = [
  'export function total(items: Item[]): number {',
  '  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);',
  '}',
  '',
  'Tokenwise counts tokens — locally, for the model you pick. Ünïcödé, 日本語, emoji 🎉 too.',
].join('\n');

describe('countForModel', () => {
  it('counts OpenAI models exactly: o200k for GPT-4o/4.1/5/o-series, cl100k for GPT-4', () => {
    const o200k = tiktokenCount('o200k_base', SAMPLE);
    for (const id of ['gpt-4o', 'gpt-4.1-mini', 'gpt-5-codex', 'o4-mini']) {
      assert.deepEqual(countForModel(SAMPLE, model(id)), { tokens: o200k, exact: true, basis: 'o200k_base (exact)', encoding: 'o200k_base', factor: null }, id);
    }
    const cl100k = tiktokenCount('cl100k_base', SAMPLE);
    assert.notEqual(cl100k, o200k, 'the sample tells the encodings apart');
    assert.deepEqual(countForModel(SAMPLE, model('gpt-4')), { tokens: cl100k, exact: true, basis: 'cl100k_base (exact)', encoding: 'cl100k_base', factor: null });
  });

  it('estimates Claude as o200k × 1.2 (× 1.5 from Opus 4.7) and Gemini as o200k × 1.0, labelled', () => {
    const base = tiktokenCount('o200k_base', SAMPLE);
    assert.deepEqual(countForModel(SAMPLE, model('claude-sonnet-4-5')), { tokens: Math.round(base * 1.2), exact: false, basis: '≈ Claude: o200k_base × 1.2', encoding: 'o200k_base', factor: 1.2 });
    assert.deepEqual(countForModel(SAMPLE, model('claude-opus-4-7')), { tokens: Math.round(base * 1.5), exact: false, basis: '≈ Claude: o200k_base × 1.5', encoding: 'o200k_base', factor: 1.5 });
    assert.deepEqual(countForModel(SAMPLE, model('gemini-2.5-pro')), { tokens: base, exact: false, basis: '≈ Gemini: o200k_base × 1.0', encoding: 'o200k_base', factor: 1 });
  });

  it('uses a factor calibrated from the user\'s logs instead of the family default, and says so', () => {
    const base = tiktokenCount('o200k_base', SAMPLE);
    const calibrated = countForModel(SAMPLE, model('claude-haiku-4-5'), { calibratedFactor: 1.3125 });
    assert.equal(calibrated.tokens, Math.round(base * 1.3125));
    assert.equal(calibrated.basis, '≈ Claude: o200k_base × 1.31 (calibrated from your logs)');
    assert.equal(calibrated.factor, 1.3125);
    // Unusable factors fall back to the default; exact tokenizers are never "calibrated".
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.equal(countForModel(SAMPLE, model('claude-haiku-4-5'), { calibratedFactor: bad }).basis, '≈ Claude: o200k_base × 1.2', String(bad));
    }
    assert.equal(countForModel(SAMPLE, model('gpt-4o'), { calibratedFactor: 1.3 }).tokens, base);
  });

  it('marks a count not exact when the long-run guard estimated part of the text', () => {
    const counted = countForModel(`intro ${'x'.repeat(LONG_PIECE_CHARS * 2)} outro`, model('gpt-4o'));
    assert.equal(counted.exact, false);
    assert.match(counted.basis, /^≈ o200k_base \(part estimated/);
    assert.ok(counted.tokens > 1000, `${counted.tokens}`);
  });

  it('applies the model rule to a base count the caller already has (incremental counter)', () => {
    assert.deepEqual(modelCountFromBase({ tokens: 1000, exact: true }, model('claude-opus-4-6')), { tokens: 1200, exact: false, basis: '≈ Claude: o200k_base × 1.2', encoding: 'o200k_base', factor: 1.2 });
    assert.equal(modelCountFromBase({ tokens: 1001, exact: true }, model('gpt-4o')).tokens, 1001);
    assert.equal(modelCountFromBase({ tokens: 0, exact: true }, model('claude-opus-4-8')).tokens, 0);
  });

  it('counts the empty string as 0 tokens for every model', () => {
    for (const info of catalog.list()) assert.equal(countForModel('', info).tokens, 0, info.id);
  });
});
