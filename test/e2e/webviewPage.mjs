// Loads the real webview bundle (dist/webview) in headless Chromium outside VS Code: a stub acquireVsCodeApi
// records what the page posts, tests feed it host messages, and themes are set through the --vscode-*
// variables and body classes VS Code itself uses.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser } from '../harness/codeServer.mjs';
import { repoRoot } from '../harness/setup.mjs';

/** A small subset of VS Code's theme variables: enough for every colour the bundle uses. */
export const themes = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-foreground': '#3b3b3b', '--vscode-descriptionForeground': '#717171', '--vscode-editor-background': '#ffffff',
      '--vscode-sideBar-background': '#f8f8f8', '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px',
      '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-focusBorder': '#005fb8',
      '--vscode-panel-border': '#e5e5e5', '--vscode-charts-blue': '#1a85ff', '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#388a34', '--vscode-charts-purple': '#652d90', '--vscode-charts-red': '#e51400',
      '--vscode-charts-yellow': '#bf8803', '--vscode-textLink-foreground': '#005fb8', '--vscode-widget-border': '#e5e5e5',
      '--vscode-button-border': '#0000001a', '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b',
      '--vscode-settings-dropdownBackground': '#ffffff', '--vscode-settings-dropdownForeground': '#3b3b3b',
      '--vscode-settings-dropdownBorder': '#cecece', '--vscode-settings-dropdownListBorder': '#c8c8c8',
      '--vscode-list-activeSelectionBackground': '#e8e8e8', '--vscode-list-activeSelectionForeground': '#000000',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-foreground': '#cccccc', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-editor-background': '#1f1f1f',
      '--vscode-sideBar-background': '#181818', '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px',
      '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-focusBorder': '#0078d4',
      '--vscode-panel-border': '#2b2b2b', '--vscode-charts-blue': '#3794ff', '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7', '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-yellow': '#cca700', '--vscode-textLink-foreground': '#4daafc', '--vscode-widget-border': '#313131',
      '--vscode-button-border': '#ffffff12', '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-settings-dropdownBackground': '#313131', '--vscode-settings-dropdownForeground': '#cccccc',
      '--vscode-settings-dropdownBorder': '#3c3c3c', '--vscode-settings-dropdownListBorder': '#454545',
      '--vscode-list-activeSelectionBackground': '#04395e', '--vscode-list-activeSelectionForeground': '#ffffff',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      '--vscode-foreground': '#ffffff', '--vscode-descriptionForeground': '#ffffff', '--vscode-editor-background': '#000000',
      '--vscode-sideBar-background': '#000000', '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px',
      '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff', '--vscode-focusBorder': '#f38518',
      '--vscode-panel-border': '#6fc3df', '--vscode-charts-blue': '#3794ff', '--vscode-charts-orange': '#ff8c00',
      '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7', '--vscode-charts-red': '#f48771',
      '--vscode-charts-yellow': '#ffd700', '--vscode-textLink-foreground': '#21a6ff', '--vscode-widget-border': '#6fc3df',
      '--vscode-contrastBorder': '#6fc3df', '--vscode-button-border': '#6fc3df',
      '--vscode-button-secondaryBackground': '#000000', '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-settings-dropdownBackground': '#000000', '--vscode-settings-dropdownForeground': '#ffffff',
      '--vscode-settings-dropdownBorder': '#6fc3df', '--vscode-settings-dropdownListBorder': '#6fc3df',
      '--vscode-list-activeSelectionBackground': '#000000', '--vscode-list-activeSelectionForeground': '#ffffff',
      '--vscode-list-focusOutline': '#f38518',
    },
  },
};

let sharedBrowser;

/** Closes the shared browser: call from an `after` hook of each test file. */
export async function closeBrowser() {
  if (!sharedBrowser) return;
  const browser = await sharedBrowser;
  sharedBrowser = undefined;
  await browser.close();
}

export class WebviewPage {
  /** @param {{ view: string, theme?: keyof typeof themes, width?: number, height?: number }} options */
  static async open({ view, theme = 'dark', width = 360, height = 800, savedState, reducedMotion = 'no-preference' }) {
    // One browser for the whole run (launching is the slow part); every page gets its own context.
    sharedBrowser ??= launchBrowser();
    const browser = await sharedBrowser;
    const page = await browser.newPage({ viewport: { width, height }, reducedMotion });
    const nonce = 'e2e-nonce-0123456789';
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-webview-'));
    const bundle = (name) => pathToFileURL(path.join(repoRoot, 'dist', 'webview', name)).href;
    const { bodyClass } = themes[theme];
    // The same policy src/host/webviewHtml.ts sends, with file: standing in for the webview resource origin.
    const csp = [
      "default-src 'none'", `script-src 'nonce-${nonce}'`, 'style-src file:', 'img-src file: data:', 'font-src file:',
      "connect-src 'none'", "frame-src 'none'", "form-action 'none'", "base-uri 'none'",
    ].join('; ');
    const html = `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${bundle('main.css')}">
<script nonce="${nonce}">
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.__posted = [];
  let state = ${JSON.stringify(savedState ?? null)} ?? undefined;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => window.__posted.push(JSON.parse(JSON.stringify(message))),
    getState: () => state,
    setState: (next) => { state = next; },
  });
  window.__savedState = () => state;
</script></head>
<body class="${bodyClass}" data-view="${view}">
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${bundle('main.js')}"></script>
</body></html>`;
    const file = path.join(dir, 'index.html');
    writeFileSync(file, html);
    // VS Code sets the theme variables on <html> from outside the page; a style attribute would be blocked by
    // the CSP, so set them through the CSSOM before the bundle loads (as the real webview host does).
    await page.addInitScript((themeVars) => {
      document.addEventListener('DOMContentLoaded', () => {
        for (const [name, value] of Object.entries(themeVars)) document.documentElement.style.setProperty(name, value);
        document.body.style.background = 'var(--vscode-sideBar-background)';
      });
    }, themes[theme].vars);
    await page.goto(pathToFileURL(file).href);
    return new WebviewPage(browser, page, errors);
  }

  constructor(browser, page, errors) {
    this.browser = browser;
    this.page = page;
    this.errors = errors;
  }

  /** Switches theme the way VS Code does: new variables and a new body class. */
  async setTheme(theme) {
    await this.page.evaluate(({ bodyClass, vars }) => {
      for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
      document.body.className = bodyClass;
    }, themes[theme]);
  }

  /** CSP violations reported by the page (securitypolicyviolation events). */
  async cspViolations() {
    return this.page.evaluate(() => window.__cspViolations);
  }

  /** Picks `optionText` in the dropdown with `data-focus-key="${focusKey}"` the way a user does: open it, click the option. */
  async choose(focusKey, optionText) {
    const dropdown = this.page.locator(`vscode-single-select[data-focus-key="${focusKey}"]`);
    await dropdown.click();
    await dropdown.locator('li[role="option"]', { hasText: optionText }).first().click();
  }

  /** The value of the dropdown with `data-focus-key="${focusKey}"`. */
  async dropdownValue(focusKey) {
    return this.page.$eval(`vscode-single-select[data-focus-key="${focusKey}"]`, (node) => node.value);
  }

  /** Fails if the page logged an error or broke its Content-Security-Policy. */
  async assertClean() {
    assert.deepEqual(this.errors, [], 'console errors');
    assert.deepEqual(await this.cspViolations(), [], 'CSP violations');
  }

  /** What the page last saved with setState. */
  async savedState() {
    return this.page.evaluate(() => window.__savedState());
  }

  /** Messages the page has posted to the (stub) host so far. */
  async posted() {
    return this.page.evaluate(() => window.__posted);
  }

  /** Delivers a host → webview message, as VS Code's postMessage would. */
  async receive(message) {
    await this.page.evaluate((data) => window.dispatchEvent(new MessageEvent('message', { data })), message);
  }

  /**
   * How many pixels of the canvases inside `selector` are close to `hex` (each channel within `tolerance`):
   * proves a chart drew something, and in the theme's colour.
   */
  async canvasPixels(selector, hex, tolerance = 24) {
    return this.page.evaluate(
      ({ selector, hex, tolerance }) => {
        const target = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
        let count = 0;
        for (const canvas of document.querySelectorAll(`${selector} canvas`)) {
          const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
          for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] > 200 && target.every((value, c) => Math.abs(data[i + c] - value) <= tolerance)) count += 1;
          }
        }
        return count;
      },
      { selector, hex, tolerance },
    );
  }

  async screenshot(name) {
    const file = path.join(repoRoot, 'test-results', `${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }

  async close() {
    await this.page.context().close();
  }
}
