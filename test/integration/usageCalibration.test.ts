// Estimate calibration in a real extension host: Claude Code transcripts placed in the server's Claude config
// folder teach the status bar its Claude factor. The file name sorts after usage.test.ts on purpose: the
// transcripts add records to the ledger, and the usage suite counts the ledger's records exactly.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { learnCalibration } from '../../src/core/efficiency/calibration';
import { getEncoding } from '../../src/core/tokenizer';
import type { TokenwiseTestApi } from '../../src/extension';
import { closeAllEditors, SettingsScope, tokenwiseApi, waitForGlance, workspaceFile } from './glanceHelpers';

const SAMPLES = 24;
const RATIO = 1.3;
/** Well before this week, so the transcripts change no "today" or "this week" figure. */
const DAYS_AGO = 120;

function sampleText(index: number): string {
  return `Calibration reply ${index}: the parser now keeps every field it reads, rejects what it cannot place, and reports each skipped line with its number so nothing is lost quietly.`;
}

/** One Claude Code assistant line: a single text block, end_turn, output tokens = o200k × RATIO (rounded). */
function transcriptLine(index: number, reportedTokens: number, timestamp: string): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd: '/home/tester/src/calibration',
    sessionId: '5b0c2f5e-0000-4000-8000-0000000000ca',
    timestamp,
    type: 'assistant',
    uuid: `u-cal-${index}`,
    message: {
      id: `msg_cal_${index}`,
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: sampleText(index) }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: reportedTokens },
    },
  });
}

/** The tooltip's Markdown without its escapes. */
function plain(markdown: string): string {
  return markdown.replace(/\\(.)/g, '$1');
}

describe('Tokenwise estimate calibration (real extension host)', function () {
  this.timeout(120_000);
  let api: TokenwiseTestApi;
  const settings = new SettingsScope();
  let expectedFactor = 0;

  before(async () => {
    api = await tokenwiseApi();
    const raw = process.env.TOKENWISE_TEST_USAGE;
    assert.ok(raw, 'the harness sets TOKENWISE_TEST_USAGE');
    const { claudeDir } = JSON.parse(raw) as { claudeDir: string };
    const o200k = getEncoding('o200k_base');
    const when = new Date(Date.now() - DAYS_AGO * 86_400_000).toISOString();
    const samples = Array.from({ length: SAMPLES }, (_, index) => {
      const tokens = o200k.count(sampleText(index)).tokens;
      return { index, o200kTokens: tokens, reportedTokens: Math.round(tokens * RATIO) };
    });
    const folder = path.join(claudeDir, 'projects', '-home-tester-src-calibration');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, '5b0c2f5e-0000-4000-8000-0000000000ca.jsonl'), samples.map((s) => transcriptLine(s.index, s.reportedTokens, when)).join('\n') + '\n');
    const [claude] = learnCalibration(samples.map((s) => ({ family: 'claude-pre-opus-4.7' as const, o200kTokens: s.o200kTokens, reportedTokens: s.reportedTokens })));
    assert.ok(claude.factor !== null, 'the fixture holds enough samples');
    expectedFactor = claude.factor;
  });

  after(async () => {
    await settings.restore();
    await closeAllEditors();
  });

  it('learns the Claude factor from the transcripts and caches it in the data folder as numbers only', async () => {
    await vscode.commands.executeCommand('tokenwise.refreshUsage');
    await api.calibration.update({ force: true });
    const state = api.calibration.current;
    assert.equal(state.status, 'learned');
    if (state.status !== 'learned') return;
    const claude = state.families.find((family) => family.family === 'claude-pre-opus-4.7');
    assert.equal(claude?.sampleCount, SAMPLES);
    assert.ok(claude?.factor !== null && Math.abs((claude?.factor ?? 0) - expectedFactor) < 1e-12, `factor ${String(claude?.factor)} = ${expectedFactor}`);
    const cacheFile = path.join(api.usage.service.dataDir, 'calibration.json');
    assert.ok(existsSync(cacheFile), 'the factors are cached in the data folder');
    const cached = readFileSync(cacheFile, 'utf8');
    assert.ok(!cached.includes('Calibration reply') && !cached.includes('parser'), 'no transcript text in the cache');
  });

  it('the status bar counts Claude with the learned factor and the tooltip says so with the sample size', async () => {
    await settings.set('model', 'claude-sonnet-4-5');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('notes.md')));
    const expectedNote = `Calibrated ×${expectedFactor.toFixed(2)} from ${SAMPLES} samples of your Claude (before Opus 4.7) transcripts.`;
    const snapshot = await waitForGlance(api, (s) => s.visible && plain(s.tooltip).includes(expectedNote), 20_000);
    assert.ok(plain(snapshot.tooltip).includes('(calibrated from your logs)'), 'the basis names the calibration');
    const o200k = getEncoding('o200k_base').count(editor.document.getText()).tokens;
    const calibrated = Math.round(o200k * expectedFactor).toLocaleString('en-US');
    assert.ok(plain(snapshot.tooltip).includes(`≈${calibrated}`), `the document row shows ≈${calibrated}: ${snapshot.tooltip}`);
  });

  it('"Estimate This Prompt" counts Claude with the learned factor too', async () => {
    const state = await vscode.commands.executeCommand<import('../../src/shared/protocol').EstimateState>('tokenwise.estimatePrompt', { source: 'document' });
    const sonnet = state.rows.find((row) => row.modelId === 'claude-sonnet-4-5');
    assert.ok(sonnet, `a Claude Sonnet 4.5 row: ${JSON.stringify(state.rows.map((row) => row.modelId))}`);
    assert.match(sonnet.inputBasis, /calibrated from your logs/);
    // The estimate panel took the focus: the status bar counts the text editor again for the next test.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('notes.md')));
  });

  it('switching tokenwise.estimate.calibrate off restores the built-in factor and says why', async () => {
    await settings.set('estimate.calibrate', false);
    const snapshot = await waitForGlance(api, (s) => s.visible && plain(s.tooltip).includes('tokenwise.estimate.calibrate is off'), 20_000);
    assert.ok(plain(snapshot.tooltip).includes('o200k_base × 1.2'), 'the built-in Claude factor is back');
    await settings.restore();
    await waitForGlance(api, (s) => plain(s.tooltip).includes(`from ${SAMPLES} samples`), 20_000);
  });

  it('"Delete All Tokenwise Data" removes the cached factors and learns nothing until Refresh Usage', async () => {
    const cacheFile = path.join(api.usage.service.dataDir, 'calibration.json');
    assert.ok(existsSync(cacheFile));
    await vscode.commands.executeCommand('tokenwise.deleteAllData', { confirm: false });
    assert.ok(!existsSync(cacheFile), 'calibration.json is gone');
    assert.equal(api.calibration.current.status, 'paused');
    await waitForGlance(api, (s) => plain(s.tooltip).includes('Tokenwise data was deleted'), 20_000);
    await vscode.commands.executeCommand('tokenwise.refreshUsage');
    await api.calibration.update({ force: true });
    assert.equal(api.calibration.current.status, 'learned');
    assert.ok(existsSync(cacheFile), 'learned and cached again after Refresh Usage');
  });
});
