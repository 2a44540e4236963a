import * as assert from 'node:assert/strict';
import { WebviewPage, themes } from './webviewPage.mjs';

describe('Trends webview (bundle in a real browser)', () => {
  for (const theme of Object.keys(themes)) {
    it(`says ready, then renders the empty state (${theme})`, async () => {
      const page = await WebviewPage.open({ view: 'trends', theme });
      try {
        await page.page.waitForFunction(() => window.__posted.length > 0);
        assert.deepEqual(await page.posted(), [{ method: 'ready', params: { view: 'trends' } }]);
        await page.receive({ method: 'state', params: { view: 'trends', status: 'empty' } });
        await page.page.locator('.empty-state h2').waitFor();
        assert.match(await page.page.locator('.empty-state').innerText(), /Nothing is uploaded/);
        await page.screenshot(`e2e-trends-empty-${theme}`);
        assert.deepEqual(page.errors, []);
      } finally {
        await page.close();
      }
    });
  }

  it('ignores malformed host messages', async () => {
    const page = await WebviewPage.open({ view: 'trends' });
    try {
      await page.receive({ method: 'state', params: { view: 'nope' } });
      await page.receive('garbage');
      assert.equal(await page.page.locator('#app').innerHTML(), '');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.close();
    }
  });
});
