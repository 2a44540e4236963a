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
});
