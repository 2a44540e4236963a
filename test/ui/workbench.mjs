// Shared helpers for UI specs: one Chromium page on the code-server workbench that run-ui.mjs started.
import path from 'node:path';
import { launchBrowser } from '../harness/codeServer.mjs';

export class Workbench {
  static async open() {
    const url = process.env.TOKENWISE_UI_URL;
    if (!url) throw new Error('TOKENWISE_UI_URL is not set: run UI tests through `npm run test:ui`');
    const browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const workbench = new Workbench(browser, page);
    page.on('pageerror', (error) => workbench.pageErrors.push(error.message));
    await page.goto(url, { timeout: 180_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    // The extension activates on startup-finished: wait until the activity bar shows our container.
    await page.locator('.activitybar .action-item a[aria-label^="Tokenwise"]').waitFor({ timeout: 60_000 });
    return workbench;
  }

  constructor(browser, page) {
    this.browser = browser;
    this.page = page;
    this.pageErrors = [];
  }

  async screenshot(name) {
    const file = path.join(process.env.TOKENWISE_UI_SCREENSHOTS ?? 'test-results', `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Runs a command from the command palette by its full title, e.g. "Tokenwise: Show Log". */
  async runCommand(title) {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 20_000 });
    await this.page.keyboard.press('Enter');
  }

  /** Opens a workspace file with Quick Open and focuses its editor. */
  async openFile(name) {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    // Keys typed while a webview holds the focus never reach the workbench: give it the focus back and retry.
    if (!(await input.waitFor({ timeout: 3_000 }).then(() => true, () => false))) {
      await this.page.locator('.part.editor').click({ position: { x: 40, y: 40 } });
      await this.page.keyboard.press('Control+P');
    }
    await input.waitFor();
    await input.fill(name);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 20_000 });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tab', { hasText: name }).first().waitFor({ timeout: 20_000 });
    const lines = this.page.locator('.editor-group-container .monaco-editor .view-lines').first();
    await lines.waitFor({ timeout: 20_000 });
    await lines.click();
  }

  /** The text of the status bar item whose id (createStatusBarItem's first argument) is given. */
  statusBarItem(id) {
    return this.page.locator(`.statusbar-item[id="${id}"]`);
  }

  /** The frame inside a webview (views and panels nest the page in two iframes). */
  webview(index = 0) {
    return this.page.frameLocator('iframe.webview').nth(index).frameLocator('iframe#active-frame');
  }

  /**
   * The webview whose page shows `selector` (the sidebar view and the panel are both webviews, in no fixed order),
   * waiting up to `timeout` ms for it to render. Fails with `what` in the message.
   */
  async findWebview(selector, what, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const frames = await this.page.locator('iframe.webview').count();
      for (let index = 0; index < frames; index += 1) {
        const frame = this.webview(index);
        if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
      }
      if (Date.now() > deadline) throw new Error(`no webview shows ${what} (${selector}) after ${timeout} ms`);
      await this.page.waitForTimeout(500);
    }
  }

  /** Shows the Tokenwise container in the side bar (a click on its icon when it is already shown would hide it). */
  async showTokenwiseSidebar() {
    const icon = this.page.locator('.activitybar .action-item a[aria-label^="Tokenwise"]');
    const shown = this.page.locator('.activitybar .action-item.checked a[aria-label^="Tokenwise"]');
    // A restored window brings its side bar back a moment after the activity bar appears.
    if (!(await shown.waitFor({ timeout: 3_000 }).then(() => true, () => false))) await icon.click();
    await shown.waitFor({ timeout: 20_000 });
  }

  /**
   * Gives the keyboard back to the workbench (a webview or a panel may hold the focus): a click on an empty spot of
   * the title bar, which no editor, webview or walkthrough can cover.
   */
  async focusWorkbench() {
    await this.page.keyboard.press('Escape');
    await this.page.locator('.part.titlebar').click({ position: { x: 300, y: 10 } });
  }

  async close() {
    await this.browser.close();
  }
}
