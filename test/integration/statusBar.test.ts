import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TokenwiseTestApi } from '../../src/extension';
import { formatUSD, groupThousands } from '../../src/core/format';
import { ModelCatalog } from '../../src/core/models/catalog';
import { inputCost } from '../../src/core/models/cost';
import { getEncoding } from '../../src/core/tokenizer';
import { closeAllEditors, SettingsScope, tokenwiseApi, waitForGlance, workspaceFile } from './glanceHelpers';

const o200k = getEncoding('o200k_base');
const gpt5 = ModelCatalog.bundled().resolve('gpt-5')!;

/** The item's text for `text` counted for GPT-5 (exact, o200k) with the cost shown. */
function gpt5Text(text: string | readonly string[]): string {
  const tokens = (typeof text === 'string' ? [text] : text).reduce((total, piece) => total + o200k.count(piece).tokens, 0);
  return `$(symbol-number) ${groupThousands(tokens)} tok · ${formatUSD(inputCost(gpt5, tokens))}`;
}

describe('Status bar glance', function () {
  this.timeout(60_000);
  let api: TokenwiseTestApi;
  const settings = new SettingsScope();

  before(async () => {
    api = await tokenwiseApi();
    await settings.set('model', 'gpt-5');
  });
  afterEach(async () => {
    await settings.restore();
    await settings.set('model', 'gpt-5');
  });
  after(async () => {
    await settings.restore();
    await closeAllEditors();
  });

  async function openFixture(name: string): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(workspaceFile(name));
    return vscode.window.showTextDocument(document);
  }

  it('is hidden when no text editor is active', async () => {
    await closeAllEditors();
    await waitForGlance(api, (s) => !s.visible);
  });

  it('shows the whole document\'s tokens and input cost without a selection, and runs Estimate This Prompt on click', async () => {
    const editor = await openFixture('hello.ts');
    const snapshot = await waitForGlance(api, (s) => s.visible && s.text === gpt5Text(editor.document.getText()));
    assert.equal(snapshot.command, 'tokenwise.estimatePrompt');
    assert.match(snapshot.tooltip, /document, counted for \*\*GPT\\-5\*\*/);
    assert.match(snapshot.tooltip, /command:tokenwise\.selectModel/);
    assert.equal(snapshot.backgroundColor, undefined);
    assert.match(snapshot.accessibilityLabel, /GPT-5 tokens in the document/);
  });

  it('counts the selection, then all selections of a multi-cursor together, then the document again', async () => {
    const editor = await openFixture('hello.ts');
    const document = editor.document;
    const first = new vscode.Selection(0, 0, 1, 10);
    editor.selection = first;
    await waitForGlance(api, (s) => s.text === gpt5Text(document.getText(first)));

    const second = new vscode.Selection(2, 0, document.lineCount - 1, 0);
    editor.selections = [first, second];
    const multi = await waitForGlance(api, (s) => s.text === gpt5Text([document.getText(first), document.getText(second)]));
    assert.match(multi.tooltip, /\| Selection \(2 ranges\) \|/);
    assert.match(multi.accessibilityLabel, /in the 2 selections/);

    editor.selection = new vscode.Selection(1, 3, 1, 3);
    await waitForGlance(api, (s) => s.text === gpt5Text(document.getText()));
  });

  it('follows typing, and switches with the active editor', async () => {
    const editor = await openFixture('hello.ts');
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// a comment that adds tokens\n'));
    await waitForGlance(api, (s) => s.text === gpt5Text(editor.document.getText()));
    await vscode.commands.executeCommand('undo');

    const notes = await openFixture('notes.md');
    await waitForGlance(api, (s) => s.text === gpt5Text(notes.document.getText()));
  });

  it('counts untitled documents, and drops a document\'s counters when it closes', async () => {
    const document = await vscode.workspace.openTextDocument({ content: 'Untitled text, never saved.\n'.repeat(20), language: 'plaintext' });
    await vscode.window.showTextDocument(document);
    await waitForGlance(api, (s) => s.text === gpt5Text(document.getText()));
    const tracked = api.statusBar.trackedDocuments();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const deadline = Date.now() + 10_000;
    while (api.statusBar.trackedDocuments() >= tracked && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(api.statusBar.trackedDocuments() < tracked, 'the closed untitled document still holds counters');
  });

  it('counts the focused notebook cell', async function () {
    const cellText = 'import pandas as pd\nframe = pd.read_csv("sales.csv")\nprint(frame.describe())\n';
    const data = new vscode.NotebookData([
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, cellText, 'python'),
      new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# Notes', 'markdown'),
    ]);
    let notebook: vscode.NotebookDocument;
    try {
      notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
    } catch (error) {
      // The ipynb serializer is a built-in extension; a host without it cannot open notebooks at all.
      console.log(`      (no jupyter-notebook serializer here: ${String(error)})`);
      this.skip();
    }
    await vscode.window.showNotebookDocument(notebook, { selections: [new vscode.NotebookRange(0, 1)] });
    await vscode.commands.executeCommand('notebook.cell.edit');
    await waitForGlance(api, (s) => s.visible && s.text === gpt5Text(cellText));
    assert.equal(vscode.window.activeTextEditor?.document.uri.scheme, 'vscode-notebook-cell');
  });

  it('marks Claude and Gemini figures as estimates with ≈ and says what they are based on', async () => {
    const editor = await openFixture('hello.ts');
    await settings.set('model', 'claude-sonnet-4-5');
    const tokens = Math.round(o200k.count(editor.document.getText()).tokens * 1.2);
    const snapshot = await waitForGlance(api, (s) => s.text.startsWith(`$(symbol-number) ≈${groupThousands(tokens)} tok · ≈`));
    assert.match(snapshot.tooltip, /_Estimate_ — ≈ Claude: o200k\\_base × 1\\\.2 — Claude publishes no tokenizer/);
    // The comparison rows: GPT-5 exact, Gemini estimated; the current model is not compared with itself.
    assert.match(snapshot.tooltip, /\| GPT\\-5 \| [\d,]+ \| <?\$/);
    assert.match(snapshot.tooltip, /\| Gemini 2\\\.5 Pro \| ≈/);
    assert.doesNotMatch(snapshot.tooltip, /\| Claude Sonnet 4\\\.5 \|/);
  });

  it('applies display settings live: cost, alignment, enabled', async () => {
    const editor = await openFixture('hello.ts');
    await settings.set('statusBar.showCost', false);
    await waitForGlance(api, (s) => s.text === gpt5Text(editor.document.getText()).replace(/ · .*$/, ''));
    await settings.set('statusBar.alignment', 'left');
    await waitForGlance(api, (s) => s.alignment === 'left' && s.visible);
    await settings.set('statusBar.enabled', false);
    await waitForGlance(api, (s) => !s.visible);
    await settings.set('statusBar.enabled', true);
    await waitForGlance(api, (s) => s.visible && s.alignment === 'left');
  });

  it('turns the warning colour above contextWarningPercent and the error colour above the window', async () => {
    const editor = await openFixture('hello.ts');
    const tokens = o200k.count(editor.document.getText()).tokens;
    // A custom model whose window the fixture fills to 90%, then to more than 100%.
    const window = Math.ceil(tokens / 0.9);
    await settings.set('customModels', [{ id: 'tiny-window', basedOn: 'gpt-5', contextWindow: window }]);
    await settings.set('model', 'tiny-window');
    await waitForGlance(api, (s) => s.backgroundColor === 'statusBarItem.warningBackground');
    await settings.set('contextWarningPercent', 95);
    await waitForGlance(api, (s) => s.backgroundColor === undefined);
    await settings.set('customModels', [{ id: 'tiny-window', basedOn: 'gpt-5', contextWindow: tokens - 1 }]);
    const over = await waitForGlance(api, (s) => s.backgroundColor === 'statusBarItem.errorBackground');
    assert.match(over.tooltip, /fills \*\*10\d%\*\*/);
  });

  it('reports wrong setting values by name and keeps working with a safe fallback', async () => {
    const editor = await openFixture('hello.ts');
    await settings.set('contextWarningPercent', 'lots');
    await waitForGlance(api, () => api.statusBar.settingProblems().some((m) => m.startsWith('tokenwise.contextWarningPercent:')));
    await settings.set('model', 'no-such-model');
    await waitForGlance(api, () => api.statusBar.settingProblems().some((m) => /^tokenwise\.model: unknown model "no-such-model"; counting for claude-sonnet-4-5/.test(m)));
    await waitForGlance(api, (s) => s.text.startsWith('$(symbol-number) ≈'));
    await settings.set('customModels', [{ id: 'good', basedOn: 'gpt-5' }, { id: 'bad', prices: { input: 'cheap' } }]);
    await waitForGlance(api, () => api.statusBar.settingProblems().some((m) => m.includes('"bad"') && m.includes('prices.input')));
    await settings.set('model', 'good');
    await waitForGlance(api, (s) => s.text === gpt5Text(editor.document.getText()));
  });

  it('runs Show Token Counts and Select Model as quick picks', async () => {
    await openFixture('hello.ts');
    await waitForGlance(api, (s) => s.visible);
    for (const command of ['tokenwise.showCounts', 'tokenwise.selectModel']) {
      const shown = vscode.commands.executeCommand(command);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await shown;
    }
    assert.equal(vscode.workspace.getConfiguration('tokenwise').get('model'), 'gpt-5', 'dismissing a pick must not change the model');
  });

  it('makes the model picked in Show Token Counts the current one', async () => {
    await openFixture('hello.ts');
    await waitForGlance(api, (s) => s.visible && s.accessibilityLabel.includes('GPT-5'));
    const shown = vscode.commands.executeCommand('tokenwise.showCounts');
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Rows: GPT-5 (current), then the comparison models in order, the first being Claude Sonnet 4.5.
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await shown;
    assert.equal(vscode.workspace.getConfiguration('tokenwise').get('model'), 'claude-sonnet-4-5');
    await waitForGlance(api, (s) => s.accessibilityLabel.includes('Claude Sonnet 4.5') && s.text.includes('≈'));
  });
});
