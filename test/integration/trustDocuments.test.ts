// Huge and odd documents in the real extension host: a 50 MB file, a 1 MB single line, 200,000 characters with
// no separator, binary noise, and a document closed while its first count runs. While Tokenwise counts them and
// the user selects and types, the extension host's event loop must stay responsive (lag measured with a 5 ms
// timer; budget 50 ms), and the status bar must show the core counter's figure, marked ≈ when it is an estimate.
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { TokenwiseTestApi } from '../../src/extension';
import { groupThousands } from '../../src/core/format';
import { getEncoding } from '../../src/core/tokenizer';
import { describeLag, EventLoopLag, type LagFigures } from './eventLoopLag';
import { describeProfile, HostProfile, type HostProfileFigures } from './hostProfile';
import { closeAllEditors, SettingsScope, tokenwiseApi, waitForGlance, workspaceFile } from './glanceHelpers';

const LAG_BUDGET_MS = 50;

interface Measured {
  firstCountLag: LagFigures;
  editingLag: LagFigures;
  host: HostProfileFigures;
}
const o200k = getEncoding('o200k_base');

/** Lines that end in "\n" and start with a letter: o200k never merges across, so N blocks have N × the tokens. */
function block(): string {
  const lines: string[] = [];
  for (let line = 0; line < 40; line++) lines.push(`const value${line} = compute(${line}, "label ${line}") + offset; // note ${line % 9}`);
  return `${lines.join('\n')}\n`;
}

/** Deterministic noise: every byte value 0–255, read as Latin-1 (what a binary file looks like as text). */
function binaryNoise(length: number): string {
  let state = 0x9e3779b9;
  let text = '';
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    text += String.fromCharCode(state >>> 24);
  }
  return text;
}

/** The tooltip's document row for a count: `| Document | 1,234 |`, or `| Document | ≈1,234 |` for an estimate. */
function documentRow(count: { tokens: number; exact: boolean }): string {
  return `| Document | ${count.exact ? '' : '≈'}${groupThousands(count.tokens)} |`;
}

describe('Trust: huge and odd documents keep the extension host responsive', function () {
  this.timeout(600_000);
  let api: TokenwiseTestApi;
  const settings = new SettingsScope();
  const figures: string[] = [];
  const bigFile = workspaceFile('trust-50mb.txt');

  let ownCode: string;

  before(async () => {
    api = await tokenwiseApi();
    ownCode = `${vscode.extensions.getExtension('tokenwise.tokenwise')!.extensionUri.fsPath}/dist/`;
    await settings.set('model', 'gpt-5');
    await closeAllEditors();
  });
  after(async () => {
    await settings.restore();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await closeAllEditors();
    rmSync(bigFile.fsPath, { force: true });
    for (const line of figures) console.log(`      ${line}`);
  });

  /**
   * Opens the document with the glance switched off (VS Code's own loading is measured, not budgeted), then
   * switches it on and measures Tokenwise's first count, then selections and typing: event-loop lag (every cause)
   * and, from a CPU profile, how long Tokenwise itself held the thread.
   */
  async function exercise(label: string, document: vscode.TextDocument, expected: { tokens: number; exact: boolean }): Promise<Measured> {
    await settings.set('statusBar.enabled', false);
    const opening = new EventLoopLag();
    const editor = await vscode.window.showTextDocument(document);
    await new Promise((resolve) => setTimeout(resolve, 500));
    figures.push(describeLag(`${label}, VS Code opening it (glance off)`, opening.stop()));

    const profile = new HostProfile();
    await profile.start();
    const firstCount = new EventLoopLag();
    await settings.set('statusBar.enabled', true);
    await waitForGlance(api, (s) => s.visible && s.tooltip.includes(documentRow(expected)), 300_000);
    const firstCountLag = firstCount.stop();
    figures.push(describeLag(`${label}, first count`, firstCountLag));

    const editing = new EventLoopLag();
    const lastLine = document.lineCount - 1;
    const middle = Math.floor(lastLine / 2);
    editor.selection = new vscode.Selection(middle, 0, lastLine, document.lineAt(lastLine).text.length);
    await waitForGlance(api, (s) => s.tooltip.includes('| Selection |'), 60_000);
    editor.selection = new vscode.Selection(0, 0, 0, Math.min(100, document.lineAt(0).text.length));
    await waitForGlance(api, (s) => s.tooltip.includes('| Selection |'), 60_000);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    for (let key = 0; key < 20; key++) assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'x')));
    await waitForGlance(api, (s) => s.visible && !s.tooltip.includes('| Selection |'), 120_000);
    for (let key = 0; key < 20; key++) assert.ok(await editor.edit((edit) => edit.delete(new vscode.Range(0, 0, 0, 1))));
    await waitForGlance(api, (s) => s.tooltip.includes(documentRow(expected)), 120_000);
    const editingLag = editing.stop();
    figures.push(describeLag(`${label}, selecting and typing`, editingLag));
    const host = await profile.stop(ownCode);
    figures.push(describeProfile(label, host));
    return { firstCountLag, editingLag, host };
  }

  /**
   * The budget applies to what Tokenwise does on the extension host (the lag figures, every cause included, are
   * reported): the 99th percentile of its unbroken runs on the thread, since one wall-clock sample run can be the
   * OS preempting the thread on the shared 2-core machine. The longest run is printed with its functions.
   */
  function assertResponsive(label: string, measured: Measured): void {
    assert.ok(measured.host.p99TokenwiseMs <= LAG_BUDGET_MS, `${label}: Tokenwise held the extension host for ${measured.host.p99TokenwiseMs.toFixed(1)} ms at once (p99; budget ${LAG_BUDGET_MS} ms)`);
  }

  /**
   * Measures and checks the budget; a run over budget is measured once more and the budget must hold then. On
   * the shared 2-core machine one preempted stretch can land inside Tokenwise's code; a real regression
   * fails both attempts. Both attempts' figures are printed.
   */
  async function exerciseWithinBudget(label: string, run: () => Promise<Measured>): Promise<Measured> {
    const first = await run();
    if (first.host.p99TokenwiseMs <= LAG_BUDGET_MS) return first;
    figures.push(`${label}: ${first.host.p99TokenwiseMs.toFixed(1)} ms over the ${LAG_BUDGET_MS} ms budget on the first attempt; measured again`);
    const second = await run();
    assertResponsive(label, second);
    return second;
  }

  it('a 50 MB file: the exact count (50 MB of blocks = blocks × one block), host lag within budget', async () => {
    const unit = block();
    const blocks = Math.floor(50_000_000 / unit.length);
    writeFileSync(bigFile.fsPath, unit.repeat(blocks));
    const expected = { tokens: blocks * o200k.count(unit).tokens, exact: true };
    const document = await vscode.workspace.openTextDocument(bigFile);
    await exerciseWithinBudget('50 MB file', () => exercise(`50 MB file (${groupThousands(blocks * unit.length)} characters)`, document, expected));
    await closeAllEditors();
  });

  it('a 1 MB single line: the core counter\'s exact figure, host lag within budget', async () => {
    const entry = (index: number): string => `{"id":${index},"name":"item ${index}","tags":["a","b"],"ok":true},`;
    let text = '[';
    for (let index = 0; text.length < 1_000_000; index++) text += entry(index);
    text = `${text.slice(0, -1)}]`;
    const expected = o200k.count(text);
    const document = await vscode.workspace.openTextDocument({ content: text, language: 'json' });
    assert.equal(document.lineCount, 1);
    await exerciseWithinBudget('1 MB line', () => exercise('1 MB single line', document, expected));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('200,000 characters with no separator: the core counter\'s figure, marked ≈ as an estimate', async () => {
    // Lower-case letters only: one pre-token piece (digits and case changes would split it).
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    let text = '';
    for (let index = 0; index < 200_000; index++) text += letters[(index * 7919 + (index >> 5)) % letters.length];
    const expected = o200k.count(text);
    assert.equal(expected.exact, false, 'the core counter estimates a run this long');
    const document = await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' });
    await exerciseWithinBudget('200k run', () => exercise('200,000 characters, no separator', document, expected));
    assert.match(api.statusBar.snapshot().text, /^\$\(symbol-number\) ≈/, 'the status bar marks the estimate');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('binary noise (every byte value, NULs included): the core counter\'s figure, host lag within budget', async () => {
    const document = await vscode.workspace.openTextDocument({ content: binaryNoise(256 * 1024), language: 'plaintext' });
    // VS Code turns lone \r and \r\n into the document's line ending: the document's text is what is counted.
    const expected = o200k.count(document.getText());
    await exerciseWithinBudget('binary', () => exercise('256 KB of binary noise', document, expected));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a document closed during its first count: no error, its counters dropped, the next document counted', async () => {
    await settings.set('statusBar.enabled', true);
    const tracked = api.statusBar.trackedDocuments();
    const unit = block();
    const big = await vscode.workspace.openTextDocument({ content: unit.repeat(Math.floor(20_000_000 / unit.length)), language: 'plaintext' });
    // Measured from here: creating a 20 MB document is VS Code's own work (see the "opening" figures above).
    const profile = new HostProfile();
    await profile.start();
    const lag = new EventLoopLag();
    await vscode.window.showTextDocument(big);
    const deadline = Date.now() + 30_000;
    // "counting…" shows once the first count has run for 150 ms: close the document in the middle of it.
    while (!api.statusBar.snapshot().text.includes('counting') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.match(api.statusBar.snapshot().text, /counting/, 'the first count was under way');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const small = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('hello.ts')));
    const expected = o200k.count(small.document.getText());
    await waitForGlance(api, (s) => s.visible && s.tooltip.includes(documentRow(expected)), 120_000);
    const dropDeadline = Date.now() + 30_000;
    while (api.statusBar.trackedDocuments() > tracked + 1 && Date.now() < dropDeadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const editingLag = lag.stop();
    const host = await profile.stop(ownCode);
    figures.push(describeLag('20 MB document closed during its first count', editingLag));
    figures.push(describeProfile('20 MB document closed during its first count', host));
    assert.ok(big.isClosed, 'the document closed');
    assert.ok(api.statusBar.trackedDocuments() <= tracked + 1, 'the closed document still holds counters');
    assert.doesNotMatch(api.statusBar.snapshot().text, /warning/);
    assertResponsive('closed during count', { firstCountLag: editingLag, editingLag, host });
  });
});
