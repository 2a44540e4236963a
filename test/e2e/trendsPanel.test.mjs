import * as assert from 'node:assert/strict';
import { WebviewPage, closeBrowser, themes } from './webviewPage.mjs';
import { emptyState, readyState, stateMessage } from './fixtures.mjs';

async function openPanel(state, options = {}) {
  const page = await WebviewPage.open({ view: 'trendsPanel', width: 1200, height: 900, ...options });
  await page.page.waitForFunction(() => window.__posted.length > 0);
  assert.deepEqual(await page.posted(), [{ method: 'ready', params: { view: 'trendsPanel' } }]);
  await page.receive(stateMessage(state));
  return page;
}

/** The table body as text, one array per row. */
async function tableRows(page) {
  return page.page.$$eval('.data-table tbody tr', (rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent)));
}

async function chooseCustomRange(page, from, to) {
  await page.choose('range', 'Custom…');
  await page.page.fill('input[data-focus-key="range-from"]', from);
  await page.page.fill('input[data-focus-key="range-to"]', to);
}

describe('Trends panel (bundle in a real browser, under the webview CSP)', function () {
  this.timeout(60_000);
  after(closeBrowser);

  it('lists every day of the default range (4 weeks, newest first) in a real table', async () => {
    const page = await openPanel(readyState);
    try {
      await page.page.locator('.data-table').waitFor();
      const rows = await tableRows(page);
      assert.equal(rows.length, 28);
      assert.deepEqual(rows.slice(0, 4), [
        ['Wed 25 Nov', '50', '50', '100', '800', '1,000', '$0.00'],
        ['Tue 24 Nov', '1,000', '500', '0', '1,500', '3,000', '$2.00'],
        ['Mon 23 Nov', '100', '200', '300', '400', '1,000', '$0.50'],
        ['Sun 22 Nov', '500', '500', '0', '1,000', '2,000', '$0.50'],
      ]);
      assert.deepEqual(rows.at(-1), ['Thu 29 Oct', '0', '0', '0', '0', '0', '$0.00']);
      const foot = await page.page.$$eval('.data-table tfoot td', (cells) => cells.map((cell) => cell.textContent));
      assert.deepEqual(foot, ['1,850', '1,550', '900', '3,700', '8,000', '$3.50']);
      const headers = await page.page.$$eval('.data-table thead th', (cells) => cells.map((cell) => [cell.scope, cell.getAttribute('aria-sort')]));
      assert.deepEqual(headers[0], ['col', 'descending']);
      assert.ok(headers.slice(1).every(([scope, sort]) => scope === 'col' && sort === 'none'));
      assert.equal(await page.page.$eval('.data-table tbody th', (cell) => cell.scope), 'row');
      await page.assertClean();
    } finally {
      await page.close();
    }
  });

  it('sorts by keyboard: Tab to a column heading, Enter toggles the order and keeps focus', async () => {
    const page = await openPanel(readyState);
    try {
      await chooseCustomRange(page, '2026-11-22', '2026-11-25');
      await page.page.focus('button[data-focus-key="sort-output"]');
      await page.page.keyboard.press('Tab'); // to "Cache write"
      await page.page.keyboard.press('Tab'); // to "Cache read"
      await page.page.keyboard.press('Tab'); // to "Total"
      await page.page.keyboard.press('Enter');
      assert.equal(await page.page.getAttribute('th[data-column="total"]', 'aria-sort'), 'ascending');
      assert.equal(await page.page.evaluate(() => document.activeElement.dataset.focusKey), 'sort-total', 'focus survives the re-render');
      assert.deepEqual((await tableRows(page)).map((row) => [row[0], row[5]]), [
        ['Mon 23 Nov', '1,000'],
        ['Wed 25 Nov', '1,000'],
        ['Sun 22 Nov', '2,000'],
        ['Tue 24 Nov', '3,000'],
      ]);
      await page.page.keyboard.press('Space');
      assert.equal(await page.page.getAttribute('th[data-column="total"]', 'aria-sort'), 'descending');
      assert.equal(await page.page.getAttribute('th[data-column="date"]', 'aria-sort'), 'none');
      assert.equal((await tableRows(page))[0][0], 'Tue 24 Nov');
      await page.assertClean();
    } finally {
      await page.close();
    }
  });

  it('filters by tool, model and project', async () => {
    const page = await openPanel(readyState);
    try {
      await chooseCustomRange(page, '2026-11-22', '2026-11-25');
      await page.choose('filter-tool', 'codex');
      assert.deepEqual((await tableRows(page)).filter((row) => row[5] !== '0').map((row) => [row[0], row[5]]), [['Tue 24 Nov', '3,000']]);
      await page.choose('filter-tool', 'All tools');
      await page.choose('filter-model', 'mystery');
      assert.deepEqual((await tableRows(page)).filter((row) => row[5] !== '0').map((row) => [row[0], row[3]]), [['Wed 25 Nov', '100']]);
      await page.choose('filter-model', 'All models');
      // /p/alpha from 22 to 25 Nov: 500+100+50 input, 500+200+50 output, 300+100 cache write, 1000+400+800 cache read.
      await page.choose('filter-project', '/p/alpha');
      assert.deepEqual(await page.page.$$eval('.data-table tfoot td', (cells) => cells.map((cell) => cell.textContent)), ['650', '750', '400', '2,200', '4,000', '$1.00']);
      const saved = await page.savedState();
      assert.deepEqual(saved.query.filters, { tool: '', model: '', project: '/p/alpha' });
      await page.assertClean();
    } finally {
      await page.close();
    }
  });

  it('shows tokens per accepted edit per week, with "Not enough data" below five accepted edits', async () => {
    const page = await openPanel(readyState);
    try {
      await chooseCustomRange(page, '2026-11-16', '2026-11-25');
      const weeks = await page.page.$$eval('.efficiency-table tbody tr', (rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent)));
      assert.deepEqual(weeks, [
        ['Mon 16 Nov', '4', 'Not enough data'],
        ['Mon 23 Nov', '6', '833'],
      ]);
      assert.ok((await page.canvasPixels('.efficiency-chart', themes.dark.vars['--vscode-charts-green'])) > 10, 'the efficiency point is drawn');
    } finally {
      await page.close();
    }
  });

  it('posts a typed export command with the query on screen', async () => {
    const page = await openPanel(readyState);
    try {
      await chooseCustomRange(page, '2026-11-22', '2026-11-25');
      await page.choose('filter-tool', 'claude-code');
      await page.page.click('button[data-focus-key="sort-costUSD"]');
      await page.page.getByRole('button', { name: 'Export CSV' }).click();
      await page.page.getByRole('button', { name: 'Export JSON' }).click();
      const query = {
        range: { kind: 'custom', from: '2026-11-22', to: '2026-11-25' },
        filters: { tool: 'claude-code', model: '', project: '' },
        sort: { column: 'costUSD', direction: 'ascending' },
      };
      assert.deepEqual((await page.posted()).slice(-2), [
        { method: 'export', params: { format: 'csv', query } },
        { method: 'export', params: { format: 'json', query } },
      ]);
    } finally {
      await page.close();
    }
  });

  it('draws the stacked chart with all four buckets in theme colours', async () => {
    const page = await openPanel(readyState);
    try {
      await page.page.locator('.stacked-chart canvas').waitFor();
      for (const colour of ['blue', 'orange', 'purple', 'green']) {
        assert.ok((await page.canvasPixels('.stacked-chart', themes.dark.vars[`--vscode-charts-${colour}`], 6)) > 20, `${colour} segment drawn`);
      }
      const legend = await page.page.locator('.chart-legend').innerText();
      assert.equal(legend.replace(/\s+/g, ' ').trim(), 'Input Output Cache write Cache read');
    } finally {
      await page.close();
    }
  });

  it('restores the range, filters and sort saved with setState', async () => {
    const savedState = {
      query: { range: { kind: 'week' }, filters: { tool: 'codex', model: '', project: '' }, sort: { column: 'total', direction: 'descending' } },
      sidebarMetric: 'tokens',
    };
    const page = await openPanel(readyState, { savedState });
    try {
      await page.page.locator('.data-table').waitFor();
      assert.equal(await page.dropdownValue('range'), 'week');
      assert.equal(await page.dropdownValue('filter-tool'), 'codex');
      assert.equal(await page.page.getAttribute('th[data-column="total"]', 'aria-sort'), 'descending');
      assert.equal((await tableRows(page)).length, 7);
      assert.equal((await tableRows(page))[0][0], 'Tue 24 Nov');
    } finally {
      await page.close();
    }
  });

  it('shows the empty state, never a blank panel', async () => {
    const page = await openPanel(emptyState);
    try {
      await page.page.locator('.empty-state').waitFor();
      assert.match(await page.page.locator('.empty-state').innerText(), /Codex — found, no usage yet/);
    } finally {
      await page.close();
    }
  });

  for (const theme of Object.keys(themes)) {
    it(`renders cleanly in the ${theme} theme at 1200 px (screenshot)`, async () => {
      const page = await openPanel(readyState, { theme, reducedMotion: 'reduce' });
      try {
        await page.page.locator('.efficiency-chart canvas').waitFor();
        await page.screenshot(`e2e-trends-panel-${theme}`);
        await page.assertClean();
      } finally {
        await page.close();
      }
    });
  }
});
