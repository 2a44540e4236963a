import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ModelCatalog } from '../../../src/core/models/catalog';
import { costOfUsage } from '../../../src/core/models/cost';
import { CUSTOM_MODEL_KEYS, customModelsSettingSchema } from '../../../src/core/models/customModels';

const bundled = ModelCatalog.bundled();

function withCustom(entries: unknown) {
  return bundled.withCustomModels(entries);
}

describe('tokenwise.customModels', () => {
  it('adds a new model with prices per MILLION tokens', () => {
    const { catalog, errors } = withCustom([{ id: 'acme-coder', displayName: 'Acme Coder', aliases: ['acme/coder'], contextWindow: 64_000, maxOutput: 8_000, prices: { input: 2, output: 6 } }]);
    assert.deepEqual(errors, []);
    const model = catalog.resolve('ACME/CODER');
    assert.equal(model?.id, 'acme-coder');
    assert.equal(model?.origin, 'custom');
    assert.equal(model?.provider, 'other');
    assert.deepEqual(model?.prices, { input: 2e-6, output: 6e-6 });
    assert.deepEqual([model?.contextWindow, model?.maxOutput], [64_000, 8_000]);
    // 1,000 in × $2 + 1,000 out × $6 = 8,000 / 1e6 = $0.008
    assert.ok(Math.abs((costOfUsage(model!, { inputUncached: 1000, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, output: 1000 })?.totalUSD ?? 0) - 0.008) < 1e-12);
    // The bundled catalog is untouched.
    assert.equal(bundled.resolve('acme-coder'), undefined);
  });

  it('inherits what it leaves out from basedOn', () => {
    const { catalog, errors } = withCustom([{ id: 'corp-sonnet', basedOn: 'claude-sonnet-4-5-20250929', prices: { input: 2.5 } }]);
    assert.deepEqual(errors, []);
    const model = catalog.resolve('corp-sonnet');
    assert.equal(model?.prices?.input, 2.5e-6);
    assert.equal(model?.prices?.output, 15e-6);
    assert.equal(model?.prices?.above200k?.input, 6e-6);
    assert.equal(model?.provider, 'anthropic');
    assert.equal(model?.contextWindow, 200_000);
    assert.deepEqual(model?.tokenizer, { encoding: 'o200k_base', estimate: { family: 'Claude', factor: 1.2 } });
    assert.deepEqual(model?.aliases, [], 'aliases of the base model stay with it');
    assert.equal(catalog.resolve('claude-sonnet-4-5')?.prices?.input, 3e-6, 'the base model is not changed');
  });

  it('overrides a bundled model by id, keeping its aliases and other fields', () => {
    const { catalog, errors } = withCustom([{ id: 'gpt-4o', prices: { input: 2 } }]);
    assert.deepEqual(errors, []);
    const model = catalog.resolve('gpt-4o-2024-08-06');
    assert.equal(model?.origin, 'custom');
    assert.equal(model?.prices?.input, 2e-6);
    assert.equal(model?.prices?.output, 10e-6);
    assert.equal(model?.displayName, 'GPT-4o');
    assert.equal(catalog.list().filter((m) => m.id === 'gpt-4o').length, 1);
  });

  it('accepts an object keyed by id', () => {
    const { catalog, errors } = withCustom({ 'my-local': { prices: { input: 0.1, output: 0.2 } }, 'other-local': { id: 'other-local', basedOn: 'my-local' } });
    assert.deepEqual(errors, []);
    assert.equal(catalog.resolve('my-local')?.prices?.output, 0.2e-6);
    assert.equal(catalog.resolve('other-local')?.prices?.input, 0.1e-6, 'basedOn may name an earlier custom model');
  });

  it('takes a tokenizer: exact encoding, or an estimate factor', () => {
    const { catalog, errors } = withCustom([
      { id: 'exact-one', encoding: 'cl100k_base', prices: { input: 1, output: 1 } },
      { id: 'rough-one', displayName: 'Rough', encoding: 'o200k_base', estimateFactor: 1.3 },
      { id: 'claude-ish', basedOn: 'claude-haiku-4-5', estimateFactor: 1.27 },
      { id: 'bare' },
    ]);
    assert.deepEqual(errors, []);
    assert.deepEqual(catalog.resolve('exact-one')?.tokenizer, { encoding: 'cl100k_base', estimate: null });
    assert.deepEqual(catalog.resolve('rough-one')?.tokenizer, { encoding: 'o200k_base', estimate: { family: 'Rough', factor: 1.3 } });
    assert.deepEqual(catalog.resolve('claude-ish')?.tokenizer, { encoding: 'o200k_base', estimate: { family: 'Claude', factor: 1.27 } });
    assert.deepEqual(catalog.resolve('bare')?.tokenizer, { encoding: 'o200k_base', estimate: { family: 'bare', factor: 1 } });
  });

  it('skips a bad entry with an error naming the entry and the field, and keeps the rest', () => {
    const { catalog, errors } = withCustom([
      { id: 'good-one', prices: { input: 1, output: 2 } },
      { id: 'typo-model', inputPrice: 3 },
      { id: 'bad-price', prices: { input: '3$', output: 2 } },
      { id: 'no-output', prices: { input: 3 } },
      { id: 'orphan', basedOn: 'gpt-99' },
      { displayName: 'No id' },
      'just-a-string',
      { id: 'good-one', prices: { input: 9, output: 9 } },
      { id: 'bad-tier', prices: { input: 1, output: 1, above200k: { input: -1, surcharge: 2 } } },
      { id: 'bad-limits', contextWindow: 12.5, maxOutput: 0, estimateFactor: 50, provider: 'acme', aliases: ['ok', ''] },
    ]);
    assert.equal(catalog.resolve('good-one')?.prices?.input, 1e-6, 'the first good-one wins');
    for (const id of ['typo-model', 'bad-price', 'no-output', 'orphan', 'bad-tier', 'bad-limits']) assert.equal(catalog.resolve(id), undefined, id);
    const expected = [
      /^tokenwise\.customModels\[1\] \(id "typo-model"\): unknown field "inputPrice"/,
      /^tokenwise\.customModels\[2\] \(id "bad-price"\): prices\.input must be a number ≥ 0 \(USD per million tokens\); got "3\$"/,
      /^tokenwise\.customModels\[3\] \(id "no-output"\): prices\.input and prices\.output are required/,
      /^tokenwise\.customModels\[4\] \(id "orphan"\): basedOn "gpt-99" is not a known model/,
      /^tokenwise\.customModels\[5\]: id is required/,
      /^tokenwise\.customModels\[6\]: each entry must be an object; got "just-a-string"/,
      /^tokenwise\.customModels\[7\] \(id "good-one"\): id "good-one" is already defined by an earlier entry/,
      /^tokenwise\.customModels\[8\] \(id "bad-tier"\): unknown field "prices\.above200k\.surcharge".*prices\.above200k\.input must be a number ≥ 0/,
      /^tokenwise\.customModels\[9\] \(id "bad-limits"\): .*provider must be one of .*contextWindow must be a whole number.*maxOutput must be a whole number.*estimateFactor must be a multiplier between 0\.1 and 10/,
    ];
    assert.equal(errors.length, expected.length, errors.join('\n'));
    expected.forEach((pattern, index) => assert.match(errors[index], pattern));
    assert.ok(errors.every((error) => error.endsWith('Entry ignored.')));
    assert.match(errors[8], /aliases must be an array of non-empty strings/);
  });

  it('rejects a setting that is neither an array nor an object, and accepts none at all', () => {
    assert.match(withCustom('gpt-4o').errors[0], /tokenwise\.customModels must be an array of model entries or an object keyed by model id; got "gpt-4o"/);
    assert.deepEqual(withCustom(undefined), { catalog: bundled, errors: [] });
    assert.deepEqual(withCustom(null).errors, []);
    assert.deepEqual(withCustom([]).errors, []);
  });

  it('reports an id that differs from its key in the object form', () => {
    const { errors } = withCustom({ 'model-a': { id: 'model-b', prices: { input: 1, output: 1 } } });
    assert.match(errors[0], /\["model-a"\] \(id "model-b"\): id "model-b" differs from its key "model-a"/);
  });

  it('has a JSON schema whose fields are exactly the ones the parser accepts', () => {
    const [arrayForm, objectForm] = customModelsSettingSchema.anyOf;
    assert.deepEqual(Object.keys(arrayForm.items.properties).sort(), [...CUSTOM_MODEL_KEYS].sort());
    assert.deepEqual(Object.keys(objectForm.additionalProperties.properties).sort(), [...CUSTOM_MODEL_KEYS].sort());
    assert.deepEqual(Object.keys(arrayForm.items.properties.prices.properties).sort(), ['above200k', 'cacheRead', 'cacheWrite1h', 'cacheWrite5m', 'input', 'output']);
  });

  it('is declared in package.json with exactly this schema, once the extension declares it', () => {
    type Section = { properties?: Record<string, unknown> };
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes?: { configuration?: Section | Section[] };
    };
    const sections = [manifest.contributes?.configuration ?? []].flat();
    const declared = sections.map((section) => section.properties?.['tokenwise.customModels']).filter((value) => value !== undefined);
    assert.ok(declared.length <= 1, 'declared once');
    for (const schema of declared) assert.deepEqual(schema, customModelsSettingSchema);
  });

  it('accepts the example in docs/models.md, and the docs show the same schema', () => {
    const docs = readFileSync(path.resolve(__dirname, '..', '..', '..', 'docs', 'models.md'), 'utf8');
    const example = /<!-- example:customModels -->\s*```jsonc?\n([\s\S]*?)```/.exec(docs);
    assert.ok(example, 'docs/models.md has an example block');
    const setting = (JSON.parse(example[1]) as Record<string, unknown>)['tokenwise.customModels'];
    const { catalog, errors } = withCustom(setting);
    assert.deepEqual(errors, []);
    assert.ok(catalog.list().some((model) => model.origin === 'custom'));
    const schema = /<!-- schema:customModels -->\s*```json\n([\s\S]*?)```/.exec(docs);
    assert.ok(schema, 'docs/models.md shows the schema');
    assert.deepEqual(JSON.parse(schema[1]), { 'tokenwise.customModels': customModelsSettingSchema });
  });
});
