import * as assert from 'node:assert/strict';
import { Workbench } from './workbench.mjs';

/** "1,234" → 1234 */
const number = (text) => Number(text.replace(/[^\d]/g, ''));

describe('Prompt Context in the workbench', function () {
  /** @type {Workbench} */
  let workbench;
  before(async () => (workbench = await Workbench.open()));
  after(async () => workbench?.close());

  it('adds two files and shows per-file tokens and the total, window fill and cost in the view', async () => {
    const { page } = workbench;
    await page.locator('.activitybar .action-item a[aria-label^="Tokenwise"]').click();
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /Prompt Context/i }) });
    await pane.waitFor({ timeout: 30_000 });
    const header = pane.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();

    for (const file of ['cart.ts', 'report.py']) {
      await workbench.openFile(file);
      await workbench.runCommand('Tokenwise: Add Active File to Prompt Context');
      await pane.locator('.monaco-list-row', { hasText: file }).waitFor({ timeout: 30_000 });
    }
    const rows = pane.locator('.monaco-list-row');
    await page.waitForFunction(() => document.querySelectorAll('.pane .monaco-list-row .label-description').length >= 2, undefined, { timeout: 30_000 });
    const labels = await rows.locator('.label-name').allInnerTexts();
    assert.deepEqual(labels, ['src/cart.ts', 'src/report.py']);
    const descriptions = await rows.locator('.label-description').allInnerTexts();
    for (const description of descriptions) assert.match(description, /^(≈ )?[\d,]+ tokens$/);
    const perFile = descriptions.map(number);
    assert.ok(perFile.every((tokens) => tokens > 10), descriptions.join(' / '));

    // The view title carries the total for the current model: "<tokens> tokens · <fill> of <window> · $<cost> (<model>)".
    const title = await header.locator('.description').innerText();
    const match = /^(?:≈ )?([\d,]+) tokens · [\d.]+% of [\d.]+[kM]? · (\$[\d.,]+|<\$0\.0001|unpriced) \(.+\)$/.exec(title);
    assert.ok(match, `unexpected view description: ${title}`);
    // The two blocks are joined by a blank line, which may merge with their edges: the total is their sum ± a few tokens.
    const total = number(match[1]);
    const sum = perFile[0] + perFile[1];
    assert.ok(Math.abs(total - sum) <= 4, `total ${total} vs sum of files ${sum}`);
    await workbench.screenshot('ui-prompt-context');
    assert.deepEqual(workbench.pageErrors.filter((e) => /tokenwise/i.test(e)), []);
  });
});
