import * as assert from 'node:assert/strict';
import { DEFAULT_COMPARE_MODELS, DEFAULT_MODEL, MAX_COMPARE_MODELS, parseGlanceSettings, resolveGlanceModels, type GlanceSettingKey } from '../../../src/core/glanceSettings';
import { ModelCatalog } from '../../../src/core/models/catalog';

function parse(values: Partial<Record<GlanceSettingKey, unknown>>) {
  return parseGlanceSettings((key) => values[key]);
}

describe('glance settings: validation', () => {
  it('uses the documented defaults when nothing is set', () => {
    const { settings, problems } = parse({});
    assert.deepEqual(problems, []);
    assert.equal(settings.model, DEFAULT_MODEL);
    assert.deepEqual(settings.compareModels, DEFAULT_COMPARE_MODELS);
    assert.deepEqual(settings.statusBar, { enabled: true, alignment: 'right', showCost: true });
    assert.equal(settings.contextWarningPercent, 80);
    assert.deepEqual(settings.customModels, []);
  });

  it('names the setting and the fallback for each wrong type or absurd value', () => {
    const { settings, problems } = parse({
      model: 42,
      'statusBar.enabled': 'yes',
      'statusBar.alignment': 'top',
      contextWarningPercent: 500,
      compareModels: 'gpt-5',
    });
    assert.equal(settings.model, DEFAULT_MODEL);
    assert.equal(settings.statusBar.enabled, true);
    assert.equal(settings.statusBar.alignment, 'right');
    assert.equal(settings.contextWarningPercent, 80);
    assert.deepEqual(settings.compareModels, DEFAULT_COMPARE_MODELS);
    assert.deepEqual(problems.map((p) => p.setting).sort(), [
      'tokenwise.compareModels', 'tokenwise.contextWarningPercent', 'tokenwise.model', 'tokenwise.statusBar.alignment', 'tokenwise.statusBar.enabled',
    ]);
    assert.match(problems.find((p) => p.setting === 'tokenwise.contextWarningPercent')!.message, /^tokenwise\.contextWarningPercent: expected a percentage from 1 to 100, got 500; using 80\.$/);
  });

  it('rejects NaN-like and zero percentages but accepts the bounds', () => {
    assert.equal(parse({ contextWarningPercent: 0 }).settings.contextWarningPercent, 80);
    assert.equal(parse({ contextWarningPercent: '90' }).settings.contextWarningPercent, 80);
    assert.equal(parse({ contextWarningPercent: 1 }).settings.contextWarningPercent, 1);
    assert.equal(parse({ contextWarningPercent: 100 }).settings.contextWarningPercent, 100);
  });

  it('keeps the good compare entries, drops bad and duplicate ones, and caps the list', () => {
    const { settings, problems } = parse({ compareModels: ['gpt-5', 7, '', 'gpt-5', ' o3 '] });
    assert.deepEqual(settings.compareModels, ['gpt-5', 'o3']);
    assert.match(problems[0].message, /ignored 2 other entries/);
    const many = Array.from({ length: MAX_COMPARE_MODELS + 2 }, (_, index) => `m${index}`);
    const capped = parse({ compareModels: many });
    assert.equal(capped.settings.compareModels.length, MAX_COMPARE_MODELS);
    assert.match(capped.problems[0].message, /ignored m8, m9/);
  });
});

describe('glance settings: model resolution', () => {
  const catalog = ModelCatalog.bundled();

  it('resolves ids and dated aliases, and leaves the current model out of the comparison', () => {
    const { current, compare, problems } = resolveGlanceModels({ model: 'gpt-5', compareModels: ['claude-sonnet-4-5-20250929', 'gpt-5', 'gemini-2.5-pro'] }, catalog);
    assert.deepEqual(problems, []);
    assert.equal(current.id, 'gpt-5');
    assert.deepEqual(compare.map((m) => m.id), ['claude-sonnet-4-5', 'gemini-2.5-pro']);
  });

  it('counts one model once even when listed under two names', () => {
    const { compare } = resolveGlanceModels({ model: 'gpt-5', compareModels: ['claude-sonnet-4-5', 'anthropic/claude-sonnet-4-5'] }, catalog);
    assert.deepEqual(compare.map((m) => m.id), ['claude-sonnet-4-5']);
  });

  it('falls back to the default for an unknown current model, with a suggestion', () => {
    const { current, problems } = resolveGlanceModels({ model: 'gpt-5o', compareModels: [] }, catalog);
    assert.equal(current.id, DEFAULT_MODEL);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^tokenwise\.model: unknown model "gpt-5o"; counting for claude-sonnet-4-5 instead\. Did you mean /);
  });

  it('skips unknown compare models with a message naming them', () => {
    const { compare, problems } = resolveGlanceModels({ model: 'gpt-5', compareModels: ['nonsense-model', 'o3'] }, catalog);
    assert.deepEqual(compare.map((m) => m.id), ['o3']);
    assert.match(problems[0].message, /^tokenwise\.compareModels: unknown model "nonsense-model"; left out of the comparison\./);
  });

  it('uses the first resolvable compare model when even the default is unknown to the lookup', () => {
    const gpt = catalog.resolve('gpt-4o-mini')!;
    const lookup = { resolve: (id: string) => (id === 'gpt-4o-mini' ? gpt : undefined), suggest: () => [] };
    const { current } = resolveGlanceModels({ model: 'x', compareModels: ['y', 'gpt-4o-mini'] }, lookup);
    assert.equal(current.id, 'gpt-4o-mini');
  });
});
