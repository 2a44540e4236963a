import * as assert from 'node:assert/strict';
import { figureForModel, glanceLevel, glanceView, modelCountLines, windowFillPercent, type GlanceInput, type ModelFigure } from '../../../src/core/glance';
import { ModelCatalog } from '../../../src/core/models/catalog';
import { inputCost } from '../../../src/core/models/cost';
import type { ModelInfo } from '../../../src/core/models/types';

const catalog = ModelCatalog.bundled();
function model(id: string): ModelInfo {
  const found = catalog.resolve(id);
  assert.ok(found, `${id} is in the bundled catalog`);
  return found;
}

function figure(overrides: Partial<ModelFigure> = {}): ModelFigure {
  return { id: 'gpt-5', displayName: 'GPT-5', tokens: 1284, exact: true, basis: 'o200k_base (exact): o200k_base is this model\'s own tokenizer', basisShort: 'o200k_base (exact)', inputCostUSD: 0.0032, contextWindow: 272_000, ...overrides };
}

function documentGlance(current: ModelFigure, compare: ModelFigure[] = [], overrides: Partial<GlanceInput> = {}): GlanceInput {
  return { document: { characters: 5000, lines: 120, current, compare }, showCost: true, warningPercent: 80, ...overrides };
}

describe('glance: figures per model', () => {
  it('keeps an exact encoding count exact for a model whose tokenizer it is, and prices it', () => {
    const gpt5 = model('gpt-5');
    const result = figureForModel(gpt5, { tokens: 1000, exact: true });
    assert.equal(result.tokens, 1000);
    assert.equal(result.exact, true);
    assert.equal(result.basisShort, 'o200k_base (exact)');
    assert.equal(result.inputCostUSD, inputCost(gpt5, 1000));
    assert.equal(result.contextWindow, gpt5.contextWindow);
    assert.match(result.basis, /^o200k_base \(exact\): o200k_base is this model's own tokenizer$/);
  });

  it('scales by the family factor for Claude and labels it an estimate with its basis', () => {
    const sonnet = model('claude-sonnet-4-5');
    const result = figureForModel(sonnet, { tokens: 1000, exact: true });
    assert.equal(result.tokens, 1200);
    assert.equal(result.exact, false);
    assert.equal(result.basisShort, '≈ Claude: o200k_base × 1.2');
    assert.match(result.basis, /^≈ Claude: o200k_base × 1\.2 — Claude publishes no tokenizer/);
  });

  it('marks Gemini as an estimate even with factor 1', () => {
    const result = figureForModel(model('gemini-2.5-pro'), { tokens: 777, exact: true });
    assert.equal(result.tokens, 777);
    assert.equal(result.exact, false);
    assert.equal(result.basisShort, '≈ Gemini: o200k_base × 1.0');
  });

  it('is never exact when the encoder itself sampled a long run', () => {
    const result = figureForModel(model('gpt-4o'), { tokens: 50, exact: false });
    assert.equal(result.exact, false);
    assert.match(result.basis, /part estimated/);
  });
});

describe('glance: colour thresholds', () => {
  it('stays normal at exactly the warning percentage and warns just above it', () => {
    assert.equal(glanceLevel(80_000, 100_000, 80), 'normal');
    assert.equal(glanceLevel(80_001, 100_000, 80), 'warning');
  });

  it('warns at exactly 100% (it still fits) and errors above it', () => {
    assert.equal(glanceLevel(100_000, 100_000, 80), 'warning');
    assert.equal(glanceLevel(100_001, 100_000, 80), 'error');
  });

  it('follows a custom percentage and is normal when the window is unknown', () => {
    assert.equal(glanceLevel(51, 100, 50), 'warning');
    assert.equal(glanceLevel(10_000_000, null, 80), 'normal');
    assert.equal(windowFillPercent(5, null), undefined);
    assert.equal(windowFillPercent(50, 200), 25);
  });
});

describe('glance: status bar text', () => {
  it('shows tokens with thousands separators and the input cost', () => {
    assert.equal(glanceView(documentGlance(figure()), 'tokenwise.selectModel').text, '$(symbol-number) 1,284 tok · $0.0032');
  });

  it('puts ≈ on estimated tokens and cost', () => {
    const view = glanceView(documentGlance(figure({ exact: false })), 'tokenwise.selectModel');
    assert.equal(view.text, '$(symbol-number) ≈1,284 tok · ≈$0.0032');
    assert.match(view.accessibilityLabel, /^about 1,284 GPT-5 tokens in the document, input cost \$0\.0032$/);
  });

  it('goes compact from ten thousand on and keeps cost precision sensible', () => {
    assert.equal(glanceView(documentGlance(figure({ tokens: 12_345, inputCostUSD: 0.0154 })), 'x').text, '$(symbol-number) 12.3k tok · $0.015');
    assert.equal(glanceView(documentGlance(figure({ tokens: 2_500_000, inputCostUSD: 7.5 })), 'x').text, '$(symbol-number) 2.5M tok · $7.50');
    assert.equal(glanceView(documentGlance(figure({ tokens: 3, inputCostUSD: 0.000004 })), 'x').text, '$(symbol-number) 3 tok · <$0.0001');
  });

  it('leaves the cost out when disabled or unpriced (never "$0")', () => {
    assert.equal(glanceView(documentGlance(figure(), [], { showCost: false }), 'x').text, '$(symbol-number) 1,284 tok');
    const unpriced = glanceView(documentGlance(figure({ inputCostUSD: undefined })), 'x');
    assert.equal(unpriced.text, '$(symbol-number) 1,284 tok');
    assert.match(unpriced.tooltipMarkdown, /Input cost unpriced/);
  });

  it('counts the selection when there is one, and says how many ranges', () => {
    const input = documentGlance(figure({ tokens: 90_000 }), [], {
      selection: { characters: 300, lines: 4, ranges: 2, current: figure({ tokens: 75 }), compare: [] },
    });
    const view = glanceView(input, 'tokenwise.selectModel');
    assert.equal(view.text, '$(symbol-number) 75 tok · $0.0032');
    assert.match(view.accessibilityLabel, /in the 2 selections/);
    assert.match(view.tooltipMarkdown, /\| Selection \(2 ranges\) \| 75 \| 300 \| 4 \|/);
    assert.match(view.tooltipMarkdown, /\| Document \| 90,000 \| 5,000 \| 120 \|/);
  });

  it('colours by the focused text: a small selection in a huge document is normal', () => {
    const input = documentGlance(figure({ tokens: 300_000 }), [], { selection: { characters: 10, lines: 1, ranges: 1, current: figure({ tokens: 3 }), compare: [] } });
    assert.equal(glanceView(input, 'x').level, 'normal');
    assert.equal(glanceView(documentGlance(figure({ tokens: 300_000 })), 'x').level, 'error');
  });
});

describe('glance: tooltip', () => {
  const compare = [
    figure({ id: 'claude-sonnet-4-5', displayName: 'Claude Sonnet 4.5', tokens: 1541, exact: false, basis: '≈ Claude: o200k_base × 1.2 — Claude publishes no tokenizer', basisShort: '≈ Claude: o200k_base × 1.2', inputCostUSD: 0.0046, contextWindow: 200_000 }),
    figure({ id: 'mystery', displayName: 'Mystery', inputCostUSD: undefined, contextWindow: null }),
  ];
  const markdown = glanceView(documentGlance(figure(), compare), 'tokenwise.selectModel').tooltipMarkdown;

  it('names the current model, its context window and how full it is', () => {
    assert.match(markdown, /\*\*GPT\\-5\*\* \(current model\): 272,000-token context window; the document fills \*\*0\.5%\*\* of it\. Input cost \$0\.0032\./);
    assert.match(markdown, /_Exact_ — o200k\\_base \\\(exact\\\): o200k\\_base is this model's own tokenizer/);
  });

  it('lists each comparison model with tokens, cost, window fill and whether it is exact', () => {
    assert.match(markdown, /\| Claude Sonnet 4\\\.5 \| ≈1,541 \| ≈\$0\.0046 \| 0\.8% of 200k \| ≈ Claude: o200k\\_base × 1\\\.2 \|/);
    assert.match(markdown, /\| Mystery \| 1,284 \| unpriced \| window unknown \| o200k\\_base \\\(exact\\\) \|/);
  });

  it('links to Select Model through our own command only', () => {
    const links = [...markdown.matchAll(/\]\((command:[^ )]+)/g)].map((match) => match[1]);
    assert.deepEqual(links, ['command:tokenwise.selectModel']);
  });

  it('escapes Markdown in model names so a custom name cannot inject a link', () => {
    const hostile = glanceView(documentGlance(figure({ displayName: '[x](command:evil)' })), 'tokenwise.selectModel').tooltipMarkdown;
    assert.doesNotMatch(hostile, /\[x\]\(command:evil\)/);
  });
});

describe('glance: per-model quick pick lines', () => {
  it('lists the current model first, checked, then the comparison models', () => {
    const lines = modelCountLines(documentGlance(figure(), [figure({ id: 'b', displayName: 'B', tokens: 2000, exact: false, inputCostUSD: 0.01 })]));
    assert.deepEqual(lines.map((line) => line.label), ['$(check) GPT-5', 'B']);
    assert.equal(lines[0].description, '1,284 tok · $0.0032 · 0.5% of 272k');
    assert.equal(lines[1].description, '≈2,000 tok · ≈$0.010 · 0.7% of 272k');
    assert.match(lines[1].detail, /^Estimate — /);
  });
});
