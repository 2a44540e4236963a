import * as assert from 'node:assert/strict';
import { WebviewPage, closeBrowser, themes } from './webviewPage.mjs';
import { emptyState, readyState, stateMessage } from './fixtures.mjs';

/** Opens the sidebar bundle, checks the handshake and delivers `state`. */
async function openSidebar(state, options = {}) {
  const page = await WebviewPage.open({ view: 'trends', width: 360, ...options });
  await page.page.waitForFunction(() => window.__posted.length > 0);
  assert.deepEqual(await page.posted(), [{ method: 'ready', params: { view: 'trends' } }]);
  await page.receive(stateMessage(state));
  return page;
}

async function cardText(page, metric) {
  return (await page.page.locator(`.card[data-metric="${metric}"]`).innerText()).replace(/\n+/g, '\n');
}

describe('Trends sidebar (bundle in a real browser, under the webview CSP)', function () {
  this.timeout(60_000);
  after(closeBrowser);

  it('shows this week against last week with the hand-computed figures', async () => {
    const page = await openSidebar(readyState);
    try {
      await page.page.locator('.card').first().waitFor();
      assert.equal(await page.page.locator('.card').count(), 6);
      const tokens = await cardText(page, 'tokens');
      assert.match(tokens, /Tokens\n5,000\n/);
      assert.match(tokens, /Input 1,150 · Output 750 · Cache write 400 · Cache read 2,700/);
      assert.match(tokens, /\+66\.7% · last week 3,000/);
      const cost = await cardText(page, 'cost');
      assert.match(cost, /API-equivalent cost\n\$2\.50\n/);
      assert.match(cost, /1 response from unpriced models not included/);
      assert.match(cost, /\+150% · last week \$1\.00/);
      // The efficiency figures come from src/core/efficiency, with its minimum samples and its reasons.
      assert.match(await cardText(page, 'cacheReuse'), /Cache reuse\nNot enough data\n3 responses, at least 10 needed\nno comparison · last week: not enough data/);
      // 5000 tokens / 6 accepted edits; last week had only 4 accepted edits: not enough data.
      assert.match(await cardText(page, 'tokensPerAcceptedEdit'), /Tokens per accepted edit\n833\nno comparison · last week: not enough data/);
      assert.match(await cardText(page, 'acceptanceRate'), /Acceptance rate\nNot enough data\n8 accepted or rejected edits, at least 10 needed\n/);
      assert.match(await cardText(page, 'costPerCommit'), /Cost per commit\nNot enough data\nNo commits are counted: no git repository was read\.\n0 commits landed this week/);
      assert.match(await page.page.locator('header').innerText(), /This week · since Mon 23 Nov/);
      await page.assertClean();
    } finally {
      await page.close();
    }
  });

  it('defines every card on hover (title) and for screen readers (aria-describedby)', async () => {
    const page = await openSidebar(readyState);
    try {
      await page.page.locator('.card').first().waitFor();
      const cards = await page.page.$$eval('.card', (nodes) =>
        nodes.map((node) => ({ title: node.title, described: document.getElementById(node.getAttribute('aria-describedby'))?.textContent, tabIndex: node.tabIndex })),
      );
      for (const card of cards) {
        assert.ok(card.title.length > 20, 'a definition in the title');
        assert.equal(card.described, card.title);
        assert.equal(card.tabIndex, 0, 'reachable by keyboard so the definition can be read');
      }
      assert.match(cards[2].title, /cache reads ÷ \(input \+ cache writes \+ cache reads\)/);
    } finally {
      await page.close();
    }
  });

  it('shows a figure as "Not enough data" with the reason the host sent', async () => {
    const thin = structuredClone(readyState);
    thin.week.tokensPerAcceptedEdit = { current: null, previous: null, change: null, reason: 'not enough data: 3 accepted edits, at least 5 needed', previousReason: null };
    const page = await openSidebar(thin);
    try {
      assert.match(await cardText(page, 'tokensPerAcceptedEdit'), /Not enough data\n3 accepted edits, at least 5 needed/);
    } finally {
      await page.close();
    }
  });

  it('shows cache reuse and cost per commit with their week-on-week change once there is enough data', async () => {
    const rich = structuredClone(readyState);
    // 2700 / (1150 + 400 + 2700) = 63.5 %; last week 1000 / 2200 = 45.5 %; change +39.8 %.
    rich.week.cacheReuse = { current: 2700 / 4250, previous: 1000 / 2200, change: (2700 / 4250 - 1000 / 2200) / (1000 / 2200), reason: null, previousReason: null };
    rich.week.costPerCommitUSD = { current: 0.625, previous: null, change: null, reason: null, previousReason: 'not enough data: 1 commits, at least 3 needed' };
    rich.week.commits = { current: 4, previous: 1 };
    rich.landed = { repositories: 1, note: null };
    const page = await openSidebar(rich);
    try {
      assert.match(await cardText(page, 'cacheReuse'), /Cache reuse\n63\.5%\n\+39\.8% · last week 45\.5%/);
      assert.match(await cardText(page, 'costPerCommit'), /Cost per commit\n\$0\.63\n4 commits landed this week\nno comparison · last week: not enough data/);
    } finally {
      await page.close();
    }
  });

  it('shows budget, mixes and top projects', async () => {
    const page = await openSidebar(readyState);
    try {
      const bar = page.page.locator('[role="progressbar"]');
      assert.equal(await bar.getAttribute('aria-valuenow'), '2.5');
      assert.equal(await bar.getAttribute('aria-valuetext'), '$2.50 of $5.00 (50%)');
      const mixes = await page.page.$$eval('.mix', (sections) => sections.map((s) => [...s.querySelectorAll('li')].map((li) => li.innerText.replace(/\s+/g, ' ').trim())));
      assert.deepEqual(mixes, [
        ['m-a 50% · $1.50', 'm-b 37.5% · $2.00', 'mystery 12.5% · $0.00'],
        ['claude-code 62.5% · $1.50', 'codex 37.5% · $2.00'],
      ]);
      const projects = await page.page.$$eval('.projects tbody tr', (rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent)));
      assert.deepEqual(projects, [
        ['beta', '$2.00', 'Not enough data'],
        ['alpha', '$1.50', '625'],
      ]);
      assert.equal(await page.page.locator('.projects tbody td').nth(1).getAttribute('title'), '2 accepted edits, at least 5 needed');
      assert.equal(await page.page.locator('.projects tbody th').first().getAttribute('title'), '/p/beta · 0 commits landed');
    } finally {
      await page.close();
    }
  });

  it('draws both charts in the theme colours and redraws them when the theme changes', async () => {
    const page = await openSidebar(readyState, { theme: 'dark' });
    try {
      await page.page.locator('.weekly-chart canvas').waitFor();
      assert.ok((await page.canvasPixels('.weekly-chart', themes.dark.vars['--vscode-charts-blue'])) > 100, '12-week bars in charts-blue');
      assert.ok((await page.canvasPixels('.daily-chart', themes.dark.vars['--vscode-charts-purple'])) > 100, '7-day bars in charts-purple');
      await page.setTheme('light');
      await page.page.waitForFunction(() => document.body.className === 'vscode-light');
      await page.page.waitForTimeout(100);
      assert.ok((await page.canvasPixels('.weekly-chart', themes.light.vars['--vscode-charts-blue'], 4)) > 100, 'redrawn in the light blue');
      assert.equal(await page.canvasPixels('.weekly-chart', themes.dark.vars['--vscode-charts-blue'], 4), 0, 'no dark-theme blue left');
      await page.assertClean();
    } finally {
      await page.close();
    }
  });

  it('stays live: re-renders on every state message and keeps the chosen chart metric', async () => {
    const page = await openSidebar(readyState);
    try {
      await page.choose('sidebar-metric', 'API-equivalent cost');
      assert.match(await page.page.locator('.weekly-chart figcaption').innerText(), /API-equivalent cost per week/);
      assert.equal((await page.savedState()).sidebarMetric, 'cost');
      await page.receive(stateMessage(emptyState));
      await page.page.locator('.empty-state').waitFor();
      const busier = structuredClone(readyState);
      busier.week.tokens = { current: 9000, previous: 3000, change: 2 };
      await page.receive(stateMessage(busier));
      assert.match(await cardText(page, 'tokens'), /9,000\n[\s\S]*\+200% · last week 3,000/);
      assert.match(await page.page.locator('.weekly-chart figcaption').innerText(), /API-equivalent cost per week/, 'the metric survived');
      await page.assertClean();
    } finally {
      await page.close();
    }
  });

  it('stacks cards and fits the charts at a 250 px wide sidebar, and follows a resize', async () => {
    const page = await openSidebar(readyState, { width: 250 });
    try {
      await page.page.locator('.weekly-chart canvas').waitFor();
      const lefts = await page.page.$$eval('.card', (cards) => cards.map((card) => Math.round(card.getBoundingClientRect().left)));
      assert.equal(new Set(lefts).size, 1, `cards in one column: ${lefts}`);
      const overflow = await page.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px)`);
      const canvasWidth = await page.page.$eval('.weekly-chart canvas', (canvas) => canvas.getBoundingClientRect().width);
      assert.ok(canvasWidth <= 226 && canvasWidth >= 160, `chart follows the width: ${canvasWidth}`);
      await page.screenshot('e2e-trends-sidebar-250px');
      await page.page.setViewportSize({ width: 360, height: 800 });
      await page.page.waitForFunction(() => document.querySelector('.weekly-chart canvas').getBoundingClientRect().width > 300);
    } finally {
      await page.close();
    }
  });

  for (const theme of Object.keys(themes)) {
    it(`renders cleanly in the ${theme} theme (screenshot)`, async () => {
      const page = await openSidebar(readyState, { theme, height: 1400 });
      try {
        await page.page.locator('.daily-chart canvas').waitFor();
        await page.screenshot(`e2e-trends-sidebar-${theme}`);
        await page.assertClean();
      } finally {
        await page.close();
      }
    });
  }

  it('animates nothing when the user prefers reduced motion', async () => {
    for (const [reducedMotion, expected] of [['no-preference', '0.3s'], ['reduce', '0s']]) {
      const page = await openSidebar(readyState, { reducedMotion });
      try {
        assert.equal(await page.page.$eval('.budget-fill', (fill) => getComputedStyle(fill).transitionDuration), expected, reducedMotion);
      } finally {
        await page.close();
      }
    }
  });

  it('names the tools read and the places looked at when there is no data, and opens settings', async () => {
    const page = await openSidebar(emptyState, { theme: 'light' });
    try {
      await page.page.locator('.empty-state h2').waitFor();
      const text = await page.page.locator('.empty-state').innerText();
      assert.match(text, /Nothing is uploaded/);
      assert.match(text, /Claude Code — found, no usage yet\n~\/\.claude\/projects/);
      assert.match(text, /Gemini CLI — nothing found\n~\/\.gemini\/tmp/);
      await page.page.getByRole('button', { name: 'Open Tokenwise Settings' }).click();
      assert.deepEqual((await page.posted()).at(-1), { method: 'openSettings', params: { query: 'tokenwise' } });
      await page.screenshot('e2e-trends-empty-light');
      await page.assertClean();
    } finally {
      await page.close();
    }
  });

  it('ignores malformed host messages', async () => {
    const page = await WebviewPage.open({ view: 'trends' });
    try {
      await page.receive({ method: 'state', params: { status: 'ready', sources: [] } });
      await page.receive({ method: 'state', params: { ...readyState, weekly: [{ weekStart: 'soon' }] } });
      await page.receive('garbage');
      assert.equal(await page.page.locator('#app').innerHTML(), '');
      await page.assertClean();
    } finally {
      await page.close();
    }
  });
});
