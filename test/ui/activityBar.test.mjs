import * as assert from 'node:assert/strict';
import { Workbench } from './workbench.mjs';

describe('Tokenwise in the workbench', function () {
  /** @type {Workbench} */
  let workbench;
  before(async () => (workbench = await Workbench.open()));
  after(async () => workbench?.close());

  it('shows the Tokenwise container in the activity bar and opens its sidebar', async () => {
    const icon = workbench.page.locator('.activitybar .action-item a[aria-label^="Tokenwise"]');
    await icon.click();
    await workbench.page.locator('.sidebar .composite.title', { hasText: /Tokenwise/i }).waitFor({ timeout: 20_000 });
    const view = workbench.webview();
    await view.locator('.empty-state h2').waitFor({ timeout: 30_000 });
    assert.match(await view.locator('.empty-state').innerText(), /Nothing is uploaded/);
    await workbench.screenshot('ui-activity-bar');
  });

  it('offers its commands in the command palette under the Tokenwise category', async () => {
    await workbench.runCommand('Tokenwise: Show Log');
    await workbench.page.locator('.panel .title-label, .panel .composite.title', { hasText: /Output/i }).first().waitFor({ timeout: 20_000 });
    assert.deepEqual(workbench.pageErrors.filter((e) => /tokenwise/i.test(e)), []);
  });

  it('opens the Trends panel from the command palette; its empty state opens the Tokenwise settings', async () => {
    // Give the keyboard back to the workbench (the previous test left focus in the Output panel).
    await workbench.page.keyboard.press('Escape');
    await workbench.page.locator('.part.editor').click({ position: { x: 40, y: 40 } });
    await workbench.runCommand('Tokenwise: Open Trends');
    await workbench.page.locator('.tab', { hasText: 'Tokenwise Trends' }).waitFor({ timeout: 20_000 });
    // The sidebar view may also be open: find the webview whose page is the panel.
    let panel;
    for (let attempt = 0; attempt < 60 && !panel; attempt += 1) {
      for (let index = 0; index < 3 && !panel; index += 1) {
        const frame = workbench.webview(index);
        if ((await frame.locator('body[data-view="trendsPanel"] .empty-state').count().catch(() => 0)) > 0) panel = frame;
      }
      if (!panel) await workbench.page.waitForTimeout(500);
    }
    assert.ok(panel, 'the panel page rendered its empty state');
    await workbench.screenshot('ui-trends-panel-empty');
    await panel.locator('vscode-button', { hasText: 'Open Tokenwise Settings' }).click();
    await workbench.page.locator('.settings-editor', { hasText: 'Weekly Budget USD' }).first().waitFor({ timeout: 20_000 });
    await workbench.screenshot('ui-trends-settings');
    assert.deepEqual(workbench.pageErrors.filter((e) => /tokenwise|Content Security Policy/i.test(e)), []);
  });
});
