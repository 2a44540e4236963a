import * as vscode from 'vscode';
import { formatTokens } from '../../core/format';
import { tokensLabel } from '../../core/prompt/report';
import { Disposable } from '../lifecycle';
import type { ContextEntryView, PromptContext } from './promptContext';

export type ContextTreeNode =
  | { type: 'entry'; view: ContextEntryView }
  | { type: 'file'; label: string; tokens: number; exact: boolean; parentId: string }
  | { type: 'hint'; advice: string; details: string };

const ENTRY_MIME = 'application/vnd.code.tree.tokenwise.promptcontext';

/**
 * The "Prompt Context" tree: one item per entry with its tokens, folders expanded to their files, the
 * long-context hint as a warning item, the totals in the view's description and skipped files in its message.
 * Entries can be reordered by drag and drop, and files dropped from the explorer are added.
 */
export class ContextTreeProvider extends Disposable implements vscode.TreeDataProvider<ContextTreeNode>, vscode.TreeDragAndDropController<ContextTreeNode> {
  static readonly viewId = 'tokenwise.promptContext';
  readonly dragMimeTypes = [ENTRY_MIME];
  readonly dropMimeTypes = [ENTRY_MIME, 'text/uri-list'];
  private readonly changed = this.register(new vscode.EventEmitter<ContextTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private view: vscode.TreeView<ContextTreeNode> | undefined;

  constructor(private readonly context: PromptContext) {
    super();
    this.register(context.onDidChangeSnapshot(() => this.update()));
  }

  attach(view: vscode.TreeView<ContextTreeNode>): void {
    this.view = view;
    this.update();
  }

  getTreeItem(node: ContextTreeNode): vscode.TreeItem {
    switch (node.type) {
      case 'hint': {
        const item = new vscode.TreeItem('Long prompt: put your question at the start or end', vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.tooltip = `${node.advice}\n\n${node.details}`;
        item.contextValue = 'hint';
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.description = `${tokensLabel(node)} tokens`;
        item.iconPath = vscode.ThemeIcon.File;
        item.contextValue = 'contextFolderFile';
        return item;
      }
      case 'entry': {
        const { view } = node;
        const uri = vscode.Uri.parse(view.entry.uri);
        const item = new vscode.TreeItem(view.label, view.children.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `entry-${view.entry.id}`;
        item.description = view.problem && view.tokens === 0 ? view.problem : `${tokensLabel(view)} tokens`;
        item.tooltip = [view.label, `${tokensLabel(view)} tokens${view.exact ? '' : ' (estimate)'}`, view.problem].filter(Boolean).join('\n');
        item.resourceUri = uri;
        item.iconPath = view.entry.kind === 'folder' ? vscode.ThemeIcon.Folder : view.entry.kind === 'selection' ? new vscode.ThemeIcon('selection') : vscode.ThemeIcon.File;
        item.contextValue = `contextEntry.${view.entry.kind}`;
        if (view.entry.kind !== 'folder') item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, view.entry.range ? { selection: new vscode.Range(view.entry.range.startLine, view.entry.range.startCharacter, view.entry.range.endLine, view.entry.range.endCharacter) } : {}] };
        return item;
      }
    }
  }

  getChildren(node?: ContextTreeNode): ContextTreeNode[] {
    const snapshot = this.context.snapshot();
    if (node === undefined) {
      const hint = snapshot.prompt?.longContextHint;
      const hintNode: ContextTreeNode[] = hint
        ? [{ type: 'hint', advice: hint.advice, details: hint.biggest.map((block) => `${block.label}: ${formatTokens(block.tokens, 'exact')} tokens at ${block.startPercent}–${block.endPercent}%`).join('\n') }]
        : [];
      return [...hintNode, ...snapshot.entries.map((view): ContextTreeNode => ({ type: 'entry', view }))];
    }
    if (node.type === 'entry') return node.view.children.map((child): ContextTreeNode => ({ type: 'file', ...child, parentId: node.view.entry.id }));
    return [];
  }

  handleDrag(source: readonly ContextTreeNode[], data: vscode.DataTransfer): void {
    const ids = source.flatMap((node) => (node.type === 'entry' ? [node.view.entry.id] : []));
    if (ids.length > 0) data.set(ENTRY_MIME, new vscode.DataTransferItem(ids));
  }

  async handleDrop(target: ContextTreeNode | undefined, data: vscode.DataTransfer): Promise<void> {
    const beforeId = target?.type === 'entry' ? target.view.entry.id : target?.type === 'file' ? target.parentId : undefined;
    const moved = data.get(ENTRY_MIME);
    if (moved) {
      const ids = moved.value as unknown;
      if (Array.isArray(ids)) this.context.entries.move(ids.filter((id): id is string => typeof id === 'string'), beforeId);
      return;
    }
    const uris = await data.get('text/uri-list')?.asString();
    if (uris) {
      const parsed = uris.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#')).map((line) => vscode.Uri.parse(line.trim()));
      await this.context.addUris(parsed);
    }
  }

  private update(): void {
    this.changed.fire(undefined);
    if (!this.view) return;
    const snapshot = this.context.snapshot();
    const totals = this.context.totals();
    this.view.description = totals ? `${totals.summary} (${totals.modelName})` : '';
    const problems = snapshot.entries.filter((entry) => entry.problem).map((entry) => `${entry.label}: ${entry.problem}`);
    this.view.message = [...problems, ...snapshot.notes].join('\n') || undefined;
  }
}
