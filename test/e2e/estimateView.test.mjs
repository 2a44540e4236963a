import * as assert from 'node:assert/strict';
import { WebviewPage } from './webviewPage.mjs';

/** A realistic state: three models, one unpriced-free comparison, caching on two, a long-context hint and a note. */
const state = {
  view: 'estimate',
  source: { id: 'context', label: 'Prompt context (3 entries)', detail: '5 items · 41,230 tokens for GPT-4o · 162,004 characters' },
  sources: [
    { id: 'selection', label: 'Selection in src/cart.ts' },
    { id: 'document', label: 'Document src/cart.ts' },
    { id: 'context', label: 'Prompt context (3 entries)' },
  ],
  turns: 10,
  rows: [
    {
      modelId: 'gpt-4o-mini', model: 'GPT-4o mini', inputTokens: '41,230', inputExact: true, inputBasis: 'o200k_base (exact)', inputCost: '$0.0062', outputTokens: '1,000',
      outputSource: 'setting tokenwise.estimate.outputTokens', outputCost: '$0.0006', total: '$0.0068', windowFill: '33% of 128k', fillFraction: 0.33, fits: 'yes', cheapest: true, bestFit: false,
      caching: { withoutCache: '$0.062', withCache: '$0.034', savings: '$0.028' },
    },
    {
      modelId: 'claude-sonnet-4-5', model: 'Claude Sonnet 4.5', inputTokens: '≈ 49,476', inputExact: false, inputBasis: '≈ Claude: o200k_base × 1.2', inputCost: '$0.148', outputTokens: '1,000',
      outputSource: 'setting tokenwise.estimate.outputTokens', outputCost: '$0.015', total: '$0.163', windowFill: '25% of 200k', fillFraction: 0.252, fits: 'yes', cheapest: false, bestFit: true,
      caching: { withoutCache: '$1.48', withCache: '$0.319', savings: '$1.16' },
    },
    {
      modelId: 'gpt-4', model: 'GPT-4', inputTokens: '40,920', inputExact: true, inputBasis: 'cl100k_base (exact)', inputCost: '$1.23', outputTokens: '1,000',
      outputSource: 'setting tokenwise.estimate.outputTokens', outputCost: '$0.060', total: '$1.29', windowFill: '512% of 8,192', fillFraction: 5.12, fits: 'no', cheapest: false, bestFit: false, caching: null,
    },
  ],
  hint: {
    advice: 'Long prompt: put your question at the start or, better, at the end, after the context — models attend most to the beginning and end of long prompts ("lost in the middle"). src/big.ts sits in the middle, where long-context models recall least; move what matters most to the start or end.',
    biggest: [{ label: 'src/big.ts', tokens: '30,000', where: '10–85% (middle)' }],
  },
  notes: ['Unknown model "gpt-7" in tokenwise.compareModels (did you mean gpt-5, gpt-4?).'],
};

describe('Estimate webview (bundle in a real browser)', () => {
  for (const theme of ['light', 'dark']) {
    it(`says ready, renders rows sorted as given with marks, caching and hint (${theme})`, async () => {
      const page = await WebviewPage.open({ view: 'estimate', theme, width: 1000, height: 700 });
      try {
        await page.page.waitForFunction(() => window.__posted.length > 0);
        assert.deepEqual(await page.posted(), [{ method: 'ready', params: { view: 'estimate' } }]);
        await page.receive({ method: 'estimateState', params: state });
        await page.page.locator('.estimate-table tbody tr').first().waitFor();
        const models = await page.page.locator('.estimate-table tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.model));
        assert.deepEqual(models, ['gpt-4o-mini', 'claude-sonnet-4-5', 'gpt-4']);
        assert.match(await page.page.locator('tr[data-model="gpt-4o-mini"] .model').innerText(), /cheapest/);
        assert.match(await page.page.locator('tr[data-model="claude-sonnet-4-5"] .model').innerText(), /best fit/);
        assert.match(await page.page.locator('tr[data-model="gpt-4"] .fits').innerText(), /too big/);
        assert.match(await page.page.locator('.caching').innerText(), /over 10 turns/);
        assert.match(await page.page.locator('.hint').innerText(), /lost in the middle/);
        await page.screenshot(`e2e-estimate-${theme}`);
        assert.deepEqual(page.errors, []);
      } finally {
        await page.close();
      }
    });
  }

  it('posts typed messages for turns, source and Copy as Markdown', async () => {
    const page = await WebviewPage.open({ view: 'estimate', width: 1000 });
    try {
      await page.receive({ method: 'estimateState', params: state });
      await page.page.locator('#estimate-turns').fill('25');
      await page.page.locator('#estimate-turns').press('Tab');
      await page.page.locator('#estimate-source').selectOption('selection');
      await page.page.locator('#estimate-copy').click();
      await page.page.locator('#estimate-turns').fill('0');
      await page.page.locator('#estimate-turns').press('Tab');
      const posted = (await page.posted()).slice(1);
      assert.deepEqual(posted, [
        { method: 'estimate.setTurns', params: { turns: 25 } },
        { method: 'estimate.setSource', params: { sourceId: 'selection' } },
        { method: 'estimate.copyMarkdown', params: {} },
      ]);
      assert.equal(await page.page.locator('#estimate-turns').inputValue(), '10', 'an invalid N is reset, not sent');
    } finally {
      await page.close();
    }
  });

  it('ignores a malformed estimate state', async () => {
    const page = await WebviewPage.open({ view: 'estimate' });
    try {
      await page.receive({ method: 'estimateState', params: { ...state, rows: [{ modelId: 'x' }] } });
      await page.receive({ method: 'state', params: state });
      assert.equal(await page.page.locator('#app').innerHTML(), '');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  });
});
