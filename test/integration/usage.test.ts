import * as assert from 'node:assert/strict';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { buildTrendsState } from '../../src/core/trends/buildState';
import type { TokenwiseTestApi } from '../../src/extension';
import type { UsageExport } from '../../src/host/usage/usageCommands';
import { waitFor } from './glanceHelpers';

const extensionId = 'tokenwise.tokenwise';

interface UsageFixture {
  claudeLog: string;
  claudeDir: string;
  codexHome: string;
  dataDir: string;
  /** A Claude Code usage line dated today: 10 uncached input + 990 output tokens on Sonnet 4.5. */
  appendLine: string;
  /** Another one, 20 input + 80 output tokens, appended without a refresh. */
  watchLine: string;
}

// The figures test/harness/usageFixtures.mjs writes, all dated today.
const CLAUDE_TOKENS = 4 + 812 + 21_450 + 143;
const CODEX_TOKENS = 3_000 + 9_000 + 300;
// Catalog list prices per million tokens: Sonnet 4.5 $3 in, $3.75 5-minute cache write, $0.30 cache read, $15 out;
// GPT-5 Codex $1.25 in, $0.125 cached input, $10 out.
const CLAUDE_COST = (4 * 3 + 812 * 3.75 + 21_450 * 0.3 + 143 * 15) / 1e6;
const CODEX_COST = (3_000 * 1.25 + 9_000 * 0.125 + 300 * 10) / 1e6;
// The line the test appends: 10 uncached input + 990 output on Sonnet 4.5.
const APPENDED_TOKENS = 10 + 990;
const APPENDED_COST = (10 * 3 + 990 * 15) / 1e6;
const WATCHED_TOKENS = 20 + 80;

function fixture(): UsageFixture {
  const raw = process.env.TOKENWISE_TEST_USAGE;
  assert.ok(raw, 'the harness sets TOKENWISE_TEST_USAGE');
  return JSON.parse(raw) as UsageFixture;
}

function close(actual: number | null | undefined, expected: number, what: string): void {
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 1e-9, `${what}: expected ${expected}, got ${String(actual)}`);
}

describe('Tokenwise usage from the ledger (real extension host)', function () {
  this.timeout(90_000);
  let api: TokenwiseTestApi;
  const usage = fixture();

  before(async () => {
    api = await vscode.extensions.getExtension<TokenwiseTestApi>(extensionId)!.activate();
  });

  async function thisWeek(): Promise<{ tokens: number | null; costUSD: number | null }> {
    const snapshot = await api.usage.ledgerTrends.load();
    const state = buildTrendsState({ ...snapshot, sources: snapshot.sourcesChecked, price: api.usage.price, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, nowMs: Date.now(), weeklyBudgetUSD: null });
    assert.equal(state.status, 'ready');
    if (state.status !== 'ready') throw new Error('unreachable');
    return { tokens: state.week.tokens.current, costUSD: state.week.costUSD.current };
  }

  it('reads only the fixture logs: the server runs with a fake HOME and the data folder the harness made', () => {
    assert.equal(os.homedir(), process.env.HOME);
    assert.ok(os.homedir().includes('tokenwise-usage-'), `HOME is the fixture home (${os.homedir()})`);
    assert.equal(api.usage.service.dataDir, usage.dataDir);
  });

  it('"Tokenwise: Refresh Usage" ingests the fixtures; the status bar shows today’s spend and tokens', async () => {
    await vscode.commands.executeCommand('tokenwise.refreshUsage');
    const summaries = api.usage.service.lastSummaries;
    const claude = summaries.find((summary) => summary.tool === 'claude-code');
    const codex = summaries.find((summary) => summary.tool === 'codex');
    assert.deepEqual(claude?.roots, [path.join(usage.claudeDir, 'projects')]);
    assert.equal(claude?.filesSeen, 1);
    assert.equal(codex?.filesSeen, 1);
    for (const summary of summaries) if (summary.tool !== 'claude-code' && summary.tool !== 'codex') assert.equal(summary.filesSeen, 0, `${summary.displayName} found nothing in the fake home`);

    const status = api.usage.statusBar.snapshot;
    assert.equal(status.visible, true);
    assert.equal(status.spend?.tokens, CLAUDE_TOKENS + CODEX_TOKENS);
    close(status.spend?.costUSD, CLAUDE_COST + CODEX_COST, 'today cost');
    assert.equal(status.text, '$(pulse) $0.020 · 34.7k tok today');
    assert.match(status.tooltip, /\| Claude Code \| \$0\.012 \| 22\.4k \|/);
    assert.match(status.tooltip, /\| OpenAI Codex \| \$0\.0079 \| 12\.3k \|/);
    assert.match(status.tooltip, /API-equivalent/);
    assert.ok(status.tooltip.includes(path.join(usage.claudeDir, 'projects')), 'the tooltip names the folder read');

    const week = await thisWeek();
    assert.equal(week.tokens, CLAUDE_TOKENS + CODEX_TOKENS);
    close(week.costUSD, CLAUDE_COST + CODEX_COST, 'this week cost');
  });

  it('a line appended to a log shows up after a refresh', async () => {
    appendFileSync(usage.claudeLog, usage.appendLine + '\n');
    await vscode.commands.executeCommand('tokenwise.refreshUsage');
    assert.equal(api.usage.service.lastSummaries.find((summary) => summary.tool === 'claude-code')?.newRecords, 1);
    const status = api.usage.statusBar.snapshot;
    assert.equal(status.spend?.tokens, CLAUDE_TOKENS + CODEX_TOKENS + APPENDED_TOKENS);
    close(status.spend?.costUSD, CLAUDE_COST + CODEX_COST + APPENDED_COST, 'today cost after the append');
    const week = await thisWeek();
    assert.equal(week.tokens, CLAUDE_TOKENS + CODEX_TOKENS + APPENDED_TOKENS);
  });

  it('a log change is picked up without a refresh (file watcher, debounced)', async () => {
    const before = CLAUDE_TOKENS + CODEX_TOKENS + APPENDED_TOKENS;
    assert.equal(api.usage.statusBar.snapshot.spend?.tokens, before);
    appendFileSync(usage.claudeLog, usage.watchLine + '\n');
    await waitFor(() => api.usage.statusBar.snapshot.spend?.tokens === before + 100, 'the watcher-triggered ingest');
    const week = await thisWeek();
    assert.equal(week.tokens, before + 100);
  });

  it('tokenwise.excludeProjects hides a project from the status bar and the trends data', async () => {
    const config = vscode.workspace.getConfiguration('tokenwise');
    await config.update('excludeProjects', ['/home/tester/src/a*'], vscode.ConfigurationTarget.Global);
    try {
      api.usage.statusBar.update();
      assert.equal(api.usage.statusBar.snapshot.spend?.tokens, CLAUDE_TOKENS + APPENDED_TOKENS + WATCHED_TOKENS, 'the Codex project /home/tester/src/api is excluded');
      const snapshot = await api.usage.ledgerTrends.load();
      assert.ok(snapshot.records.every((record) => record.project !== '/home/tester/src/api'));
    } finally {
      await config.update('excludeProjects', undefined, vscode.ConfigurationTarget.Global);
    }
    api.usage.statusBar.update();
    assert.equal(api.usage.statusBar.snapshot.spend?.tokens, CLAUDE_TOKENS + CODEX_TOKENS + APPENDED_TOKENS + WATCHED_TOKENS);
  });

  it('"Tokenwise: Export All Usage" writes every record and edit as JSON', async () => {
    const target = vscode.Uri.file(path.join(os.tmpdir(), `tokenwise-export-${process.pid}.json`));
    try {
      await vscode.commands.executeCommand('tokenwise.exportUsage', target);
      const exported = JSON.parse(readFileSync(target.fsPath, 'utf8')) as UsageExport;
      assert.equal(exported.format, 'tokenwise-usage-export');
      assert.equal(exported.records.length, 4);
      assert.ok(exported.records.every((record) => /^#[0-9a-f]{16}$/.test(record.dedupKey)), 'records keep their ledger identity');
      assert.deepEqual(exported.records.map((record) => record.model).sort(), ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4-5-20250929', 'gpt-5-codex']);
    } finally {
      rmSync(target.fsPath, { force: true });
    }
  });

  it('"Tokenwise: Delete All Tokenwise Data" empties the ledger but leaves the tools’ logs', async () => {
    assert.ok(readdirSync(path.join(usage.dataDir, 'ledger', 'segments')).length > 0, 'the ledger wrote segments');
    const deleted = await vscode.commands.executeCommand<boolean>('tokenwise.deleteAllData', { confirm: false });
    assert.equal(deleted, true);
    assert.equal(existsSync(path.join(usage.dataDir, 'ledger')), false);
    assert.ok(existsSync(usage.claudeLog), 'the Claude Code log is untouched');
    assert.deepEqual(api.usage.service.records(), []);
    assert.equal(api.usage.statusBar.snapshot.visible, false);
    const snapshot = await api.usage.ledgerTrends.load();
    assert.equal(snapshot.records.length, 0);
    assert.equal(buildTrendsState({ ...snapshot, sources: snapshot.sourcesChecked, price: api.usage.price, timeZone: 'UTC', nowMs: Date.now(), weeklyBudgetUSD: null }).status, 'empty');
  });
});
