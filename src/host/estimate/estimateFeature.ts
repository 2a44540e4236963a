import * as vscode from 'vscode';
import type { ExpectedOutputSource } from '../../core/prompt/estimate';
import type { EstimateState } from '../../shared/protocol';
import { CHAT_PARTICIPANT_ID, createChatHandler } from '../chat/chatParticipant';
import { COUNT_TOKENS_TOOL, CountTokensTool } from '../chat/countTokensTool';
import { CommandId } from '../commands';
import { Disposable } from '../lifecycle';
import { ContextTreeProvider, type ContextTreeNode } from '../promptContext/contextTree';
import { PromptContext, type ContextSnapshot, type ContextTotals } from '../promptContext/promptContext';
import { EstimatePanel } from './estimatePanel';
import { NO_CALIBRATION, type CalibratedFactor } from './lineup';
import { gatherPromptSources, PROMPT_SOURCE_IDS, type PromptSourceId } from './promptSources';

type EstimateCommandIds =
  | typeof CommandId.estimatePrompt
  | typeof CommandId.estimateContext
  | typeof CommandId.addToContext
  | typeof CommandId.addActiveFileToContext
  | typeof CommandId.addSelectionToContext
  | typeof CommandId.addOpenEditorsToContext
  | typeof CommandId.removeFromContext
  | typeof CommandId.clearContext
  | typeof CommandId.copyContextAsPrompt;

/** What the integration tests (and the status bar) may use. */
export interface EstimateFeatureApi {
  estimateState(): EstimateState | undefined;
  /** What "Copy as Markdown" in the panel does: the Markdown it put on the clipboard. */
  copyEstimateMarkdown(): Promise<string | undefined>;
  contextSnapshot(): ContextSnapshot;
  refreshContext(): Promise<void>;
  /** The tree's top-level items as the user sees them: label and description. */
  contextTreeItems(): { label: string; description: string }[];
  /** Drags the entries with these labels onto the entry labelled `beforeLabel` (or the empty space below). */
  dragContextEntries(labels: string[], beforeLabel?: string): Promise<void>;
  /** For the status bar: the prompt context total while the context is non-empty. */
  onDidChangeContextTotals: vscode.Event<ContextTotals | undefined>;
}

function isSourceId(value: unknown): value is PromptSourceId {
  return typeof value === 'string' && (PROMPT_SOURCE_IDS as readonly string[]).includes(value);
}

/**
 * "Estimate This Prompt", the Prompt Context view, the @tokenwise chat participant and the token-count tool.
 * Chat and language-model tools are registered only where the running VS Code offers them.
 */
export class EstimateFeature extends Disposable {
  readonly context: PromptContext;
  private readonly panel: EstimatePanel;
  private readonly tree: ContextTreeProvider;

  constructor(
    extension: vscode.ExtensionContext,
    log: vscode.LogOutputChannel,
    history: () => ExpectedOutputSource | undefined = () => undefined,
    calibrated: CalibratedFactor = NO_CALIBRATION,
  ) {
    super();
    this.context = this.register(new PromptContext(extension.workspaceState, history, calibrated));
    this.panel = this.register(new EstimatePanel(extension.extensionUri, log, history, calibrated));
    this.tree = this.register(new ContextTreeProvider(this.context));
    const view = this.register(
      vscode.window.createTreeView<ContextTreeNode>(ContextTreeProvider.viewId, { treeDataProvider: this.tree, dragAndDropController: this.tree, canSelectMany: true, showCollapseAll: true }),
    );
    this.tree.attach(view);
    if (typeof vscode.chat?.createChatParticipant === 'function') {
      const participant = this.register(vscode.chat.createChatParticipant(CHAT_PARTICIPANT_ID, createChatHandler(history, calibrated)));
      participant.iconPath = vscode.Uri.joinPath(extension.extensionUri, 'media', 'tokenwise.png');
    } else {
      log.info('Chat is not available in this VS Code: @tokenwise is not registered');
    }
    if (typeof vscode.lm?.registerTool === 'function') {
      this.register(vscode.lm.registerTool(COUNT_TOKENS_TOOL, new CountTokensTool()));
    } else {
      log.info('Language model tools are not available in this VS Code: tokenwise_countTokens is not registered');
    }
  }

  api(): EstimateFeatureApi {
    return {
      estimateState: () => this.panel.currentState(),
      copyEstimateMarkdown: () => this.panel.copyMarkdown(),
      contextSnapshot: () => this.context.snapshot(),
      refreshContext: () => this.context.refresh(),
      contextTreeItems: () =>
        this.tree.getChildren().map((node) => {
          const item = this.tree.getTreeItem(node);
          return { label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''), description: typeof item.description === 'string' ? item.description : '' };
        }),
      dragContextEntries: async (labels, beforeLabel) => {
        const nodes = this.tree.getChildren();
        const byLabel = (label: string) => nodes.find((node) => node.type === 'entry' && node.view.label === label);
        const transfer = new vscode.DataTransfer();
        this.tree.handleDrag(labels.map(byLabel).filter((node): node is ContextTreeNode => node !== undefined), transfer);
        await this.tree.handleDrop(beforeLabel === undefined ? undefined : byLabel(beforeLabel), transfer);
        await this.context.refresh();
      },
      onDidChangeContextTotals: this.context.onDidChangeTotals,
    };
  }

  commands(): { [K in EstimateCommandIds]: (...args: unknown[]) => unknown } {
    return {
      [CommandId.estimatePrompt]: (options?: unknown) => this.estimate(typeof options === 'object' && options !== null && 'source' in options && isSourceId(options.source) ? options.source : undefined),
      [CommandId.estimateContext]: () => this.estimate('context'),
      [CommandId.addToContext]: (clicked?: unknown, selected?: unknown) => this.addExplorerSelection(clicked, selected),
      [CommandId.addActiveFileToContext]: () => this.addActiveFile(),
      [CommandId.addSelectionToContext]: () => this.addSelection(),
      [CommandId.addOpenEditorsToContext]: () => this.addOpenEditors(),
      [CommandId.removeFromContext]: (node?: unknown, nodes?: unknown) => this.remove(node, nodes),
      [CommandId.clearContext]: () => this.context.entries.clear(),
      [CommandId.copyContextAsPrompt]: () => this.copyContext(),
    };
  }

  private async estimate(preferred: PromptSourceId | undefined): Promise<EstimateState> {
    const sources = await gatherPromptSources(this.context);
    if (preferred === 'context' && !sources.some((source) => source.id === 'context')) {
      void vscode.window.showInformationMessage('The Prompt Context is empty: add files, folders or selections to it first.');
    }
    return this.panel.show(sources, preferred);
  }

  private async addExplorerSelection(clicked: unknown, selected: unknown): Promise<number> {
    const uris = Array.isArray(selected) && selected.every((item) => item instanceof vscode.Uri) ? (selected as vscode.Uri[]) : clicked instanceof vscode.Uri ? [clicked] : [];
    if (uris.length === 0) {
      const active = vscode.window.activeTextEditor?.document.uri;
      return active ? this.added(await this.context.addUris([active])) : 0;
    }
    return this.added(await this.context.addUris(uris));
  }

  private async addActiveFile(): Promise<number> {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (!active) {
      void vscode.window.showInformationMessage('Open a file to add it to the Prompt Context.');
      return 0;
    }
    return this.added(await this.context.addUris([active]));
  }

  private async addSelection(): Promise<number> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.selections.every((selection) => selection.isEmpty)) {
      void vscode.window.showInformationMessage('Select some text to add it to the Prompt Context.');
      return 0;
    }
    return this.added(this.context.addSelections(editor));
  }

  private async addOpenEditors(): Promise<number> {
    const uris = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .map((tab) => (tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined))
      .filter((uri): uri is vscode.Uri => uri !== undefined);
    return this.added(await this.context.addUris(uris));
  }

  /** Waits for the recount so callers (and tests) see the new totals. */
  private async added(count: number): Promise<number> {
    await this.context.refresh();
    return count;
  }

  private async remove(node: unknown, nodes: unknown): Promise<void> {
    const picked = Array.isArray(nodes) && nodes.length > 0 ? nodes : [node];
    const ids = picked.flatMap((candidate) => (isEntryNode(candidate) ? [candidate.view.entry.id] : []));
    this.context.entries.remove(ids);
    await this.context.refresh();
  }

  private async copyContext(): Promise<string | undefined> {
    await this.context.refresh();
    const prompt = this.context.snapshot().prompt;
    if (!prompt) {
      void vscode.window.showInformationMessage('The Prompt Context is empty: nothing to copy.');
      return undefined;
    }
    await vscode.env.clipboard.writeText(prompt.text);
    void vscode.window.setStatusBarMessage(`Tokenwise: copied the prompt context (${prompt.totalTokens} tokens)`, 3000);
    return prompt.text;
  }
}

function isEntryNode(value: unknown): value is Extract<ContextTreeNode, { type: 'entry' }> {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'entry';
}
