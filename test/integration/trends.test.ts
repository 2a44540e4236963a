import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TokenwiseTestApi } from '../../src/extension';

const extensionId = 'tokenwise.tokenwise';

// Generous: a webview page loads in a few seconds, but the test machines are shared and sometimes slow.
async function waitFor(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Tokenwise Trends (real extension host)', function () {
  this.timeout(90_000);
  let api: TokenwiseTestApi;

  before(async () => {
    api = await vscode.extensions.getExtension<TokenwiseTestApi>(extensionId)!.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('builds the trends from the fixture records (TOKENWISE_TRENDS_FIXTURE)', async () => {
    await api.trends.model.refresh();
    const state = api.trends.model.current;
    assert.equal(state.status, 'ready', 'the file-backed provider fed the model');
    if (state.status !== 'ready') return;
    const tokens = state.facts.reduce((sum, fact) => sum + fact.input + fact.output + fact.cacheWrite + fact.cacheRead, 0);
    assert.equal(tokens, 8_017, 'every fixture record counted once (this week 5000 + last week 3000 + 10 + 7 older)');
    assert.deepEqual(state.sources.map((source) => source.label), ['Claude Code', 'Codex', 'Gemini CLI']);
  });

  it('"Tokenwise: Open Trends" opens one trends panel whose page completes the handshake', async () => {
    await vscode.commands.executeCommand('tokenwise.openTrends');
    const panel = api.trends.panels.current;
    assert.ok(panel, 'a panel is open');
    assert.equal(panel.viewType, 'tokenwise.trendsPanel');
    assert.equal(panel.title, 'Tokenwise Trends');
    await waitFor(() => api.trends.panels.isPageReady, 'the panel page to say ready');
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('tokenwise.trendsPanel'));
    assert.equal(tabs.length, 1);
    await vscode.commands.executeCommand('tokenwise.openTrends');
    assert.equal(api.trends.panels.current, panel, 'opening again reveals the same panel');
  });

  it('resolves the Weekly Trends sidebar view and its page completes the handshake', async () => {
    await vscode.commands.executeCommand('tokenwise.trends.focus');
    await waitFor(() => api.trends.view.timesResolved > 0, 'the view to resolve');
    await waitFor(() => api.trends.view.isPageReady, 'the sidebar page to say ready');
  });
});
