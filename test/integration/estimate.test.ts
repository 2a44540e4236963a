import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TokenwiseTestApi } from '../../src/extension';
import { countForModel } from '../../src/core/count';
import { formatTokens } from '../../src/core/format';
import { ModelCatalog } from '../../src/core/models/catalog';
import { assemblePrompt } from '../../src/core/prompt/assembly';
import { createChatHandler, type TokenwiseChatRequest } from '../../src/host/chat/chatParticipant';
import { COUNT_TOKENS_TOOL, countTokensForAgent } from '../../src/host/chat/countTokensTool';

const extensionId = 'tokenwise.tokenwise';
const workspace = () => {
  const folder = process.env.TOKENWISE_TEST_WORKSPACE;
  assert.ok(folder, 'TOKENWISE_TEST_WORKSPACE is not set');
  return folder;
};
const gpt4o = () => ModelCatalog.bundled().resolve('gpt-4o')!;
/** What the bundled tokenizer says for these items assembled as a prompt: the figure every surface must show. */
const expectedTokens = (items: Parameters<typeof assemblePrompt>[0]) => assemblePrompt(items, (text) => countForModel(text, gpt4o())).totalTokens;

/**
 * Writes the workspace's .vscode/settings.json and waits until VS Code has read it. (Some of these settings are
 * declared by other parts of Tokenwise; writing the file works whether or not they are registered yet.)
 */
async function setSettings(settings: Record<string, unknown>): Promise<void> {
  const changed = new Promise<void>((resolve) => {
    const subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('tokenwise')) {
        subscription.dispose();
        resolve();
      }
    });
  });
  mkdirSync(path.join(workspace(), '.vscode'), { recursive: true });
  writeFileSync(path.join(workspace(), '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  await changed;
}
const baseSettings = { 'tokenwise.model': 'gpt-4o', 'tokenwise.compareModels': ['claude-sonnet-4-5', 'gpt-4o-mini', 'no-such-model-xyz'] };
const noCancel = new vscode.CancellationTokenSource().token;

async function openWithSelection(relative: string, selection?: vscode.Selection): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(workspace(), relative)));
  const editor = await vscode.window.showTextDocument(document);
  editor.selection = selection ?? new vscode.Selection(0, 0, 0, 0);
  return editor;
}

describe('Estimate This Prompt, Prompt Context, @tokenwise and the count tool', function () {
  // Each step opens editors, webview panels or waits for settings and file events: slow on a loaded machine.
  this.timeout(120_000);
  let api: TokenwiseTestApi;

  before(async () => {
    api = await vscode.extensions.getExtension<TokenwiseTestApi>(extensionId)!.activate();
    await setSettings(baseSettings);
  });

  after(async () => {
    // Leave the workbench as we found it for the suites after this one: no selections (VS Code restores them when
    // a file is reopened), no editors, no context.
    for (const file of ['hello.ts', 'notes.md']) await openWithSelection(file);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('tokenwise.clearContext');
    await setSettings({});
  });

  describe('tokenwise.estimatePrompt', () => {
    it('estimates the selection for the current and comparison models, sorted by total, unknown ids noted', async () => {
      const editor = await openWithSelection('hello.ts', new vscode.Selection(0, 0, 2, 0));
      const selected = editor.document.getText(editor.selection);
      const state = await vscode.commands.executeCommand<import('../../src/shared/protocol').EstimateState>('tokenwise.estimatePrompt');
      assert.equal(state.source.id, 'selection');
      assert.equal(api.estimate.estimateState(), state);
      assert.ok(state.sources.some((source) => source.id === 'document'), 'the active document is offered too');
      assert.deepEqual(state.rows.map((row) => row.modelId).sort(), ['claude-sonnet-4-5', 'gpt-4o', 'gpt-4o-mini']);
      const tokens = expectedTokens([{ kind: 'selection', label: 'hello.ts:1-2', text: selected, language: 'ts' }]);
      const gpt = state.rows.find((row) => row.modelId === 'gpt-4o')!;
      assert.equal(gpt.inputTokens, formatTokens(tokens, 'exact'));
      assert.equal(gpt.inputExact, true);
      assert.ok(state.rows.find((row) => row.modelId === 'claude-sonnet-4-5')!.inputTokens.startsWith('≈ '), 'Claude counts are labelled estimates');
      // Cheapest first: gpt-4o-mini costs less than gpt-4o and Sonnet for the same prompt.
      assert.equal(state.rows[0]!.modelId, 'gpt-4o-mini');
      assert.equal(state.rows[0]!.cheapest, true);
      assert.ok(state.rows.some((row) => row.caching !== null), 'models with prompt caching show the N-turn comparison');
      assert.ok(state.notes.some((note) => note.includes('no-such-model-xyz')));
    });

    it('estimates the clipboard on request and copies the table as Markdown', async () => {
      await vscode.env.clipboard.writeText('Explain the difference between a tokenizer and a lexer.');
      const state = await vscode.commands.executeCommand<import('../../src/shared/protocol').EstimateState>('tokenwise.estimatePrompt', { source: 'clipboard' });
      assert.equal(state.source.id, 'clipboard');
      const tokens = expectedTokens([{ kind: 'clipboard', label: 'clipboard', text: 'Explain the difference between a tokenizer and a lexer.' }]);
      assert.equal(state.rows.find((row) => row.modelId === 'gpt-4o')!.inputTokens, String(tokens));
      const markdown = await api.estimate.copyEstimateMarkdown();
      assert.equal(await vscode.env.clipboard.readText(), markdown);
      assert.match(markdown ?? '', /^\*\*Estimate: Clipboard\*\*/);
      assert.match(markdown ?? '', /\| Model \| Input tokens \| Input cost \|/);
      assert.match(markdown ?? '', /GPT-4o mini.*\(cheapest/i);
    });

    it('follows tokenwise.estimate.turns in the caching comparison', async () => {
      await setSettings({ ...baseSettings, 'tokenwise.estimate.turns': 3 });
      await openWithSelection('notes.md');
      const state = await vscode.commands.executeCommand<import('../../src/shared/protocol').EstimateState>('tokenwise.estimatePrompt', { source: 'document' });
      assert.equal(state.source.id, 'document');
      assert.equal(state.turns, 3);
    });
  });

  describe('Prompt Context view', () => {
    beforeEach(() => vscode.commands.executeCommand('tokenwise.clearContext'));

    it('adds a folder under the .gitignore, binary and size rules and shows totals in the tree', async () => {
      writeFileSync(path.join(workspace(), 'context', 'huge.txt'), 'x '.repeat(400 * 1024));
      const folder = vscode.Uri.file(path.join(workspace(), 'context'));
      const notes = vscode.Uri.file(path.join(workspace(), 'notes.md'));
      assert.equal(await vscode.commands.executeCommand('tokenwise.addToContext', folder, [folder, notes]), 2);
      const snapshot = api.estimate.contextSnapshot();
      assert.deepEqual(snapshot.entries.map((entry) => entry.label), ['context/', 'notes.md']);
      const folderEntry = snapshot.entries[0]!;
      assert.deepEqual(folderEntry.children.map((child) => child.label), ['context/.gitignore', 'context/a.ts', 'context/b.md', 'context/nested/.gitignore', 'context/nested/keep.log']);
      assert.match(folderEntry.problem ?? '', /1 binary \(context\/logo\.bin\)/);
      assert.match(folderEntry.problem ?? '', /1 over the size limit \(context\/huge\.txt\)/);
      assert.match(folderEntry.problem ?? '', /2 ignored by \.gitignore \(context\/build\/, context\/debug\.log\)/);
      const total = expectedTokens(snapshot.items);
      assert.equal(snapshot.prompt?.totalTokens, total);
      const tree = api.estimate.contextTreeItems();
      assert.deepEqual(tree.map((item) => item.label), ['context/', 'notes.md']);
      assert.equal(tree[1]!.description, `${formatTokens(snapshot.entries[1]!.tokens, 'exact')} tokens`);
      assert.equal(snapshot.entries[0]!.tokens + snapshot.entries[1]!.tokens > 0, true);
      // While the context holds something, the status bar shows its total (tokenwise.context.showInStatusBar).
      const bar = api.contextStatusBar.snapshot();
      assert.equal(bar.visible, true);
      assert.match(bar.text, new RegExp(`^\\$\\(layers\\) ≈?${formatTokens(total).replace('.', '\\.')} tok in context$`));
      assert.match(bar.tooltip, /Prompt Context \(2 items\)/);
    });

    it('removes, reorders, survives as stored paths, copies the prompt, and follows edits on disk', async () => {
      const a = vscode.Uri.file(path.join(workspace(), 'context', 'a.ts'));
      const b = vscode.Uri.file(path.join(workspace(), 'context', 'b.md'));
      const hello = vscode.Uri.file(path.join(workspace(), 'hello.ts'));
      await vscode.commands.executeCommand('tokenwise.addToContext', a, [a, b, hello]);
      let snapshot = api.estimate.contextSnapshot();
      assert.deepEqual(snapshot.entries.map((entry) => entry.label), ['context/a.ts', 'context/b.md', 'hello.ts']);
      // Drag hello.ts onto a.ts: it moves before it.
      await api.estimate.dragContextEntries(['hello.ts'], 'context/a.ts');
      snapshot = api.estimate.contextSnapshot();
      assert.deepEqual(snapshot.entries.map((entry) => entry.label), ['hello.ts', 'context/a.ts', 'context/b.md']);
      const stored = snapshot.entries.map((entry) => entry.entry.uri);
      assert.deepEqual(stored, [hello.toString(), a.toString(), b.toString()], 'paths are stored, in order, not contents');
      await vscode.commands.executeCommand('tokenwise.removeFromContext', { type: 'entry', view: snapshot.entries[1] });
      await api.estimate.dragContextEntries(['hello.ts']);
      snapshot = api.estimate.contextSnapshot();
      assert.deepEqual(snapshot.entries.map((entry) => entry.label), ['context/b.md', 'hello.ts']);
      const copied = await vscode.commands.executeCommand<string>('tokenwise.copyContextAsPrompt');
      assert.equal(await vscode.env.clipboard.readText(), copied);
      // b.md holds a ``` fence, so its block is fenced with four backticks.
      assert.match(copied, /^context\/b\.md\n````markdown\n# Context notes/);
      assert.match(copied, /\n\nhello\.ts\n```ts\n/);
      const before = snapshot.entries[1]!.tokens;
      const changed = new Promise<void>((resolve) => {
        const subscription = api.estimate.onDidChangeContextTotals(() => {
          if (api.estimate.contextSnapshot().entries[1]!.tokens !== before) {
            subscription.dispose();
            resolve();
          }
        });
      });
      const original = readFileSync(hello.fsPath, 'utf8');
      try {
        writeFileSync(hello.fsPath, 'export const greeting = "hello, a much longer file than before, with many more tokens in it";\n'.repeat(20));
        await changed;
        assert.ok(api.estimate.contextSnapshot().entries[1]!.tokens > before);
      } finally {
        writeFileSync(hello.fsPath, original);
      }
    });

    it('adds the selection as a range and estimates the context', async () => {
      await openWithSelection('notes.md', new vscode.Selection(0, 0, 1, 0));
      assert.equal(await vscode.commands.executeCommand('tokenwise.addSelectionToContext'), 1);
      assert.deepEqual(api.estimate.contextSnapshot().entries.map((entry) => entry.label), ['notes.md:1']);
      const state = await vscode.commands.executeCommand<import('../../src/shared/protocol').EstimateState>('tokenwise.estimateContext');
      assert.equal(state.source.id, 'context');
    });
  });

  describe('@tokenwise chat participant', () => {
    it('counts #file, #selection and history with the model\'s own count side by side', async () => {
      const hello = vscode.Uri.file(path.join(workspace(), 'notes.md'));
      const request: TokenwiseChatRequest = {
        prompt: 'how big is this?',
        command: 'count',
        references: [
          { id: 'vscode.file', value: hello, name: 'notes.md' } as vscode.ChatPromptReference,
          { id: 'vscode.selection', value: new vscode.Location(hello, new vscode.Range(0, 0, 0, 7)), name: 'selection' } as vscode.ChatPromptReference,
        ],
        model: { name: 'Fake Model', countTokens: async () => 42 },
      };
      const out: string[] = [];
      const handler = createChatHandler(() => undefined);
      const result = await handler(request, { history: [] }, { markdown: (value) => void out.push(String(value)) }, noCancel);
      const text = out.join('');
      assert.deepEqual(result.metadata, { command: 'count' });
      assert.match(text, /\| Item \| Tokens \(GPT-4o, o200k_base/);
      assert.match(text, /Fake Model's own count/);
      assert.match(text, /\| notes\.md \| \d+ \| 42 \|/);
      assert.match(text, /\| notes\.md:1 \| \d+ \| 42 \|/);
      assert.match(text, /\| your message \| \d+ \| 42 \|/);
      assert.match(text, /For \*\*GPT-4o\*\*: input (<)?\$[\d.]+, with 1,000 expected output tokens \$[\d.]+ in total; window [\d.]+% of 128k/);
    });

    it('answers /estimate with the model comparison and survives a failing model count', async () => {
      const out: string[] = [];
      const handler = createChatHandler(() => undefined);
      await handler(
        { prompt: 'estimate please', command: 'estimate', references: [], model: { name: 'Broken', countTokens: () => Promise.reject(new Error('offline')) } },
        { history: [] },
        { markdown: (value) => void out.push(String(value)) },
        noCancel,
      );
      assert.match(out.join(''), /\| Model \| Input tokens \|/);
      const counted: string[] = [];
      await handler({ prompt: 'count', command: 'count', references: [], model: { name: 'Broken', countTokens: () => Promise.reject(new Error('offline')) } }, { history: [] }, { markdown: (value) => void counted.push(String(value)) }, noCancel);
      assert.doesNotMatch(counted.join(''), /Broken's own count/);
    });
  });

  describe('tokenwise_countTokens tool', () => {
    it('is registered where language model tools exist', function () {
      if (typeof vscode.lm?.registerTool !== 'function') this.skip();
      assert.ok(vscode.lm.tools.some((tool) => tool.name === COUNT_TOKENS_TOOL));
    });

    it('counts workspace files and text, and refuses paths outside the workspace', async () => {
      const text = await countTokensForAgent({ paths: ['context/a.ts', '/etc/hostname'], text: 'hello world', model: 'gpt-4o' });
      const aTs = countForModel(readFileSync(path.join(workspace(), 'context', 'a.ts'), 'utf8'), gpt4o()).tokens;
      assert.match(text, /^Token counts for GPT-4o \(o200k_base/);
      assert.ok(text.includes(`- context/a.ts: ${aTs} tokens`), text);
      assert.ok(text.includes(`- text: ${countForModel('hello world', gpt4o()).tokens} tokens`), text);
      assert.match(text, /\/etc\/hostname: refused \(outside the workspace\)/);
    });
  });
});
