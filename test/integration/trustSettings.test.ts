// Bad values written into the real user and workspace settings.json: the extension keeps counting (the status
// bar shows a figure), the usage ledger keeps working, and every problem is reported by a message naming its
// setting, shown once when it appears (not again on an unrelated change).
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TokenwiseTestApi } from '../../src/extension';
import { closeAllEditors, tokenwiseApi, waitForGlance, workspaceFile } from './glanceHelpers';

/** Writes `tokenwise.<key>` at a target and puts every touched value back afterwards. */
class ScopedSettings {
  private readonly touched: { key: string; target: vscode.ConfigurationTarget; value: unknown }[] = [];

  async set(key: string, value: unknown, target: vscode.ConfigurationTarget): Promise<void> {
    const configuration = vscode.workspace.getConfiguration('tokenwise');
    const inspected = configuration.inspect(key);
    const previous = target === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue;
    if (!this.touched.some((entry) => entry.key === key && entry.target === target)) this.touched.push({ key, target, value: previous });
    await configuration.update(key, value, target);
  }

  async restore(): Promise<void> {
    const configuration = vscode.workspace.getConfiguration('tokenwise');
    for (const { key, target, value } of this.touched.splice(0).reverse()) await configuration.update(key, value, target);
  }
}

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('Trust: bad settings in the real extension host', function () {
  this.timeout(120_000);
  let api: TokenwiseTestApi;
  const settings = new ScopedSettings();
  const user = vscode.ConfigurationTarget.Global;
  const workspace = vscode.ConfigurationTarget.Workspace;

  before(async () => {
    api = await tokenwiseApi();
  });
  after(async () => {
    await settings.restore();
    await closeAllEditors();
  });

  it('names each bad setting, shows it once, and keeps counting and reading usage with safe fallbacks', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('hello.ts')));
    const defaultDataDir = api.usage.service.dataDir;
    const notAFolder = workspaceFile('not-a-folder.txt').fsPath;
    writeFileSync(notAFolder, 'a file, not a folder');

    const bad: [string, unknown, vscode.ConfigurationTarget][] = [
      ['model', 'no-such-model', workspace],
      ['compareModels', 'gpt-5', workspace],
      ['contextWarningPercent', 'NaN', user],
      ['statusBar.alignment', 'middle', user],
      ['statusBar.showCost', 'yes', workspace],
      ['weeklyBudgetUSD', -5, user],
      ['estimate.turns', 1e9, workspace],
      ['excludeProjects', ['secret'], workspace],
      ['retentionDays', 3, user],
      ['customModels', [{ id: 'bad', prices: { input: -1 } }], user],
      // Machine-scoped: VS Code reads these from user settings only.
      ['dataDirectory', notAFolder, user],
      ['sources.codex.paths', ['relative/sessions'], user],
    ];
    // Other suites may have shown some of these messages earlier in this window: count only what this test causes.
    const shownAtStart = api.statusBar.settingWarningsShown().length;
    for (const [key, value, target] of bad) await settings.set(key, value, target);
    const expected = bad.map(([key]) => `tokenwise.${key}`);
    await waitFor(`problems for ${expected.join(', ')}`, () => expected.every((name) => api.statusBar.settingProblems().some((message) => message.startsWith(name))));
    const problems = api.statusBar.settingProblems();
    for (const message of problems) console.log(`      ${message}`);

    // Still counting: the fallback model (claude-sonnet-4-5, an estimate) with the defaults elsewhere.
    const snapshot = await waitForGlance(api, (s) => s.visible && /^\$\(symbol-number\) ≈[\d,.]+k? tok/.test(s.text));
    assert.equal(snapshot.alignment, 'right', 'the alignment fell back to "right"');
    assert.match(snapshot.text, /·/, 'showCost fell back to true');
    assert.match(snapshot.tooltip, /Claude Sonnet 4\\?\.5/);
    assert.ok(editor.document.getText().length > 0);

    // The ledger stays where it was (the file cannot hold it), and a refresh still completes.
    assert.equal(api.usage.service.dataDir, defaultDataDir);
    await vscode.commands.executeCommand('tokenwise.refreshUsage');
    assert.ok(api.usage.service.lastSummaries.length > 0, 'the refresh read the sources');

    // Each problem was shown once; an unrelated change (a valid value) shows nothing again.
    const shown = api.statusBar.settingWarningsShown().slice(shownAtStart);
    for (const name of expected.slice(0, 3)) assert.equal(shown.filter((message) => message.includes(`${name}:`) || message.includes(`${name} `)).length, 1, `${name} shown once`);
    const shownBefore = api.statusBar.settingWarningsShown().length;
    const checks = api.statusBar.settingChecks();
    await settings.set('estimate.outputTokens', 2000, user);
    await waitFor('the next settings check', () => api.statusBar.settingChecks() > checks);
    assert.equal(api.statusBar.settingWarningsShown().length, shownBefore, 'nothing shown again');

    // Fixing the values clears the problems.
    await settings.restore();
    await waitFor('no setting problems', () => api.statusBar.settingProblems().length === 0);
    await waitForGlance(api, (s) => s.visible && s.alignment === 'right');
  });
});
