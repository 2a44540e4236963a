import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TokenwiseTestApi } from '../../src/extension';
import { waitFor } from './glanceHelpers';

const extensionId = 'tokenwise.tokenwise';

// Waits are generous (60 s): a webview page loads in a few seconds, but the test machines are shared and sometimes slow.
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
    await waitFor(() => api.trends.panels.isPageReady, 'the panel page to say ready', 60_000);
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('tokenwise.trendsPanel'));
    assert.equal(tabs.length, 1);
    await vscode.commands.executeCommand('tokenwise.openTrends');
    assert.equal(api.trends.panels.current, panel, 'opening again reveals the same panel');
  });

  it('resolves the Weekly Trends sidebar view and its page completes the handshake', async () => {
    await vscode.commands.executeCommand('tokenwise.trends.focus');
    await waitFor(() => api.trends.view.timesResolved > 0, 'the view to resolve', 60_000);
    await waitFor(() => api.trends.view.isPageReady, 'the sidebar page to say ready', 60_000);
  });

  it('exports exactly the rows of a query as CSV and JSON', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-export-'));
    try {
      const query = {
        range: { kind: 'custom' as const, from: '2026-11-23', to: '2026-11-24' },
        filters: { tool: '', model: '', project: '' },
        sort: { column: 'costUSD' as const, direction: 'descending' as const },
      };
      const csv = vscode.Uri.file(path.join(dir, 'trends.csv'));
      assert.equal(await api.trends.model.exportTo(csv, 'csv', query), 2);
      // Dates are the machine's zone: the fixture records sit mid-day UTC on these two days, except the
      // 23:30Z one, which is on 23 Nov only east of UTC; so assert on the 24th, whose records are at 10:00Z.
      const lines = readFileSync(csv.fsPath, 'utf8').trim().split('\n');
      assert.equal(lines[0], 'date,input_tokens,output_tokens,cache_write_tokens,cache_read_tokens,total_tokens,cost_usd');
      assert.equal(lines.length, 3);
      assert.ok(lines.includes('2026-11-24,1000,500,0,1500,3000,2'), lines.join('\n'));
      const json = vscode.Uri.file(path.join(dir, 'trends.json'));
      await api.trends.model.exportTo(json, 'json', query);
      const rows = JSON.parse(readFileSync(json.fsPath, 'utf8')) as Array<{ date: string }>;
      assert.deepEqual(rows.map((row) => row.date), lines.slice(1).map((line) => line.split(',')[0]), 'same rows, same order');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
