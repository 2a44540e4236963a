// Landed commits in a real extension host: a repository the test builds with known commits by known authors,
// opened through VS Code's built-in git extension, counted by Tokenwise for the configured identities.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { buildTrendsState } from '../../src/core/trends/buildState';
import type { TokenwiseTestApi } from '../../src/extension';
import type { GitExtension } from '../../src/host/git/gitExtensionApi';
import { SettingsScope, tokenwiseApi, waitFor } from './glanceHelpers';

const ADA = { name: 'Ada Byte', email: 'ada@example.com' };
const BEN = { name: 'Ben Other', email: 'ben@example.com' };
const DAY_MS = 86_400_000;

function git(repo: string, args: string[], who?: { name: string; email: string }, when?: Date): string {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };
  const identity: string[] = [];
  if (who && when) {
    env.GIT_AUTHOR_DATE = when.toISOString();
    env.GIT_COMMITTER_DATE = when.toISOString();
    identity.push('-c', `user.name=${who.name}`, '-c', `user.email=${who.email}`);
  }
  return execFileSync('git', [...identity, ...args], { cwd: repo, env, encoding: 'utf8' });
}

function lines(count: number, prefix: string): string {
  return Array.from({ length: count }, (_, index) => `${prefix} ${index + 1}\n`).join('');
}

function commit(repo: string, who: { name: string; email: string }, daysAgo: number, file: string, content: string): void {
  writeFileSync(path.join(repo, file), content);
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', `change ${file}`], who, new Date(Date.now() - daysAgo * DAY_MS));
}

describe('Tokenwise landed commits through the git extension (real extension host)', function () {
  this.timeout(120_000);
  let api: TokenwiseTestApi;
  let repo: string;
  const settings = new SettingsScope();

  before(async () => {
    api = await tokenwiseApi();
    // Inside the workspace folder: the harness sets git.openRepositoryInParentFolders to "never", and the git
    // extension opens no repository outside the workspace then (the workspace is a throwaway copy).
    const workspace = process.env.TOKENWISE_TEST_WORKSPACE;
    assert.ok(workspace, 'TOKENWISE_TEST_WORKSPACE is not set');
    repo = realpathSync(mkdtempSync(path.join(workspace, 'landed-')));
    git(repo, ['init', '-q', '-b', 'main']);
    // In landing order, as history is: git log --since stops walking at the first commit older than the limit.
    commit(repo, ADA, 200, 'old.ts', lines(3, 'o')); // too old for the Trends' history
    commit(repo, ADA, 3, 'a.ts', lines(10, 'a')); // +10
    commit(repo, BEN, 2, 'b.ts', lines(7, 'b')); // Ben's: not counted
    commit(repo, ADA, 1, 'a.ts', lines(6, 'a') + lines(2, 'z')); // +2 −4
    await settings.set('efficiency.authors', ['ADA@example.com']);
    const gitExtension = vscode.extensions.getExtension<GitExtension>('vscode.git');
    assert.ok(gitExtension, 'code-server ships the built-in git extension');
    const gitApi = (await gitExtension.activate()).getAPI(1);
    assert.ok(gitApi.openRepository, 'the git API can open a repository');
    const opened = await gitApi.openRepository(vscode.Uri.file(repo));
    assert.ok(opened, `the git extension opened ${repo}`);
  });

  after(async () => {
    await settings.restore();
    rmSync(repo, { recursive: true, force: true });
  });

  it('counts the configured author’s commits and lines in a repository the git extension opened', async () => {
    await waitFor(() => api.git.current.repositories.includes(repo), `Tokenwise to read ${repo}`);
    await api.git.whenIdle();
    const commits = api.git.current.commits.filter((c) => c.repoRoot === repo);
    // Ada's two recent commits; Ben's is someone else's and the 200-day-old one is before the history window.
    assert.equal(commits.length, 2, JSON.stringify(commits));
    assert.deepEqual(commits.map((c) => [c.linesAdded, c.linesRemoved]).sort(), [[10, 0], [2, 4]].sort());
    assert.ok(commits.every((c) => c.authorEmail === ADA.email && c.project === repo), 'no logged project is in the repository: counted under its root');
  });

  it('feeds the commits into the Trends efficiency figures', async () => {
    const snapshot = await api.usage.ledgerTrends.load();
    assert.ok(snapshot.landed && snapshot.landed.repositories >= 1);
    const state = buildTrendsState({ ...snapshot, sources: snapshot.sourcesChecked, price: api.usage.price, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, nowMs: Date.now(), weeklyBudgetUSD: null });
    assert.equal(state.status, 'ready');
    if (state.status !== 'ready') return;
    const recentWeeks = state.weekly.slice(-2).reduce((sum, week) => sum + week.commits, 0);
    assert.equal(recentWeeks, 2, 'both commits fall in this week or last');
  });

  it('a new commit moves HEAD: the git extension notices and Tokenwise counts it', async () => {
    commit(repo, ADA, 0, 'c.ts', lines(5, 'c')); // +5
    await waitFor(() => api.git.current.commits.filter((c) => c.repoRoot === repo).length === 3, 'the new commit to be counted', 60_000);
    assert.ok(api.git.current.commits.some((c) => c.linesAdded === 5 && c.files.includes('c.ts')));
  });

  it('changing tokenwise.efficiency.authors re-reads the commits', async () => {
    await settings.set('efficiency.authors', ['Ben Other']);
    await waitFor(() => { const mine = api.git.current.commits.filter((c) => c.repoRoot === repo); return mine.length === 1 && mine[0].authorEmail === BEN.email; }, 'Ben’s commit only');
    await settings.set('efficiency.authors', [ADA.email]);
    await waitFor(() => api.git.current.commits.filter((c) => c.repoRoot === repo).length === 3, 'Ada’s commits again');
  });
});
