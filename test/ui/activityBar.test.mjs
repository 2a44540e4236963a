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
    const view = await workbench.findWebview('body[data-view="trends"] .empty-state h2', "the sidebar's empty state");
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
    await workbench.focusWorkbench();
    await workbench.runCommand('Tokenwise: Open Trends');
    await workbench.page.locator('.tab', { hasText: 'Tokenwise Trends' }).waitFor({ timeout: 20_000 });
    // The sidebar view may also be open: find the webview whose page is the panel.
    const panel = await workbench.findWebview('body[data-view="trendsPanel"] .empty-state', 'the panel\'s empty state');
    await workbench.screenshot('ui-trends-panel-empty');
    await panel.locator('vscode-button', { hasText: 'Open Tokenwise Settings' }).click();
    // The settings editor opens filtered to Tokenwise; its list is virtualised, so look for any Tokenwise row
    // rather than one particular setting that may be scrolled out of view.
    await workbench.page.locator('.settings-editor .setting-item-category', { hasText: 'Tokenwise' }).first().waitFor({ timeout: 30_000 });
    await workbench.screenshot('ui-trends-settings');
    assert.deepEqual(workbench.pageErrors.filter((e) => /tokenwise|Content Security Policy/i.test(e)), []);
  });
});
