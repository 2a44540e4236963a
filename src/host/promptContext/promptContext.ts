import * as vscode from 'vscode';
import { formatUSD } from '../../core/format';
import { assemblePrompt, type AssembledPrompt, type PromptItem } from '../../core/prompt/assembly';
import { estimatePrompt, type EstimateRow, type ExpectedOutputSource } from '../../core/prompt/estimate';
import type { CountingModel } from '../../core/prompt/estimateState';
import { tokensLabel, windowFillLabel } from '../../core/prompt/report';
import { Disposable } from '../lifecycle';
import { currentLineup, NO_CALIBRATION, type CalibratedFactor } from '../estimate/lineup';
import { estimateOptions, readEstimateSettings } from '../estimate/settings';
import { ContextEntries, toStoredRange, type ContextEntry } from './contextEntries';
import { resolveEntry, type ResolvedEntry } from './contextResolver';

export interface ContextEntryView {
  entry: ContextEntry;
  label: string;
  /** Tokens of this entry's blocks for the current model. */
  tokens: number;
  exact: boolean;
  /** Per-file breakdown of a folder. */
  children: { label: string; tokens: number; exact: boolean }[];
  problem: string | undefined;
}

/** The context as the tree, the status bar and the estimate see it, counted for the current model. */
export interface ContextSnapshot {
  entries: ContextEntryView[];
  items: PromptItem[];
  prompt: AssembledPrompt | undefined;
  /** The current model's row: total cost, window fill with reserved output, fits. */
  current: EstimateRow | undefined;
  model: CountingModel | undefined;
  notes: string[];
}

/** What a status bar needs to show the context total. Undefined when the context is empty. */
export interface ContextTotals {
  entries: number;
  tokens: number;
  exact: boolean;
  modelName: string;
  /** "12,345 tokens · 6.2% of 128k · $0.031" */
  summary: string;
  /** The user's `tokenwise.context.showInStatusBar`: whether a status bar should show these totals. */
  showInStatusBar: boolean;
}

const emptySnapshot: ContextSnapshot = { entries: [], items: [], prompt: undefined, current: undefined, model: undefined, notes: [] };

/**
 * The "Prompt Context": an ordered list of files, selections and folders the user is gathering for a chat.
 * Owns the stored entries, re-reads them when they change on disk or in an editor, and publishes a counted
 * snapshot after every change (one at a time; a change during a refresh queues one more refresh).
 */
export class PromptContext extends Disposable {
  readonly entries: ContextEntries;
  private current: ContextSnapshot = emptySnapshot;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private readonly snapshotChanged = this.register(new vscode.EventEmitter<ContextSnapshot>());
  private readonly totalsChanged = this.register(new vscode.EventEmitter<ContextTotals | undefined>());
  /** Fires after each recount with the new snapshot. */
  readonly onDidChangeSnapshot = this.snapshotChanged.event;
  /** For the status bar: the context total while the context is non-empty, undefined when it is empty. */
  readonly onDidChangeTotals = this.totalsChanged.event;
  private debounce: ReturnType<typeof setTimeout> | undefined;

  constructor(
    state: vscode.Memento,
    private readonly history: () => ExpectedOutputSource | undefined,
    private readonly calibrated: CalibratedFactor = NO_CALIBRATION,
  ) {
    super();
    this.entries = this.register(new ContextEntries(state));
    this.register(this.entries.onDidChange(() => void this.refresh()));
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/*'));
    const onDisk = (uri: vscode.Uri) => {
      if (this.concerns(uri)) this.scheduleRefresh();
    };
    this.register(watcher.onDidChange(onDisk));
    this.register(watcher.onDidCreate(onDisk));
    this.register(watcher.onDidDelete(onDisk));
    this.register(vscode.workspace.onDidChangeTextDocument((event) => (event.contentChanges.length > 0 ? onDisk(event.document.uri) : undefined)));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('tokenwise') || event.affectsConfiguration('files.exclude')) this.scheduleRefresh();
      }),
    );
    this.register({ dispose: () => clearTimeout(this.debounce) });
    if (this.entries.list().length > 0) void this.refresh();
  }

  snapshot(): ContextSnapshot {
    return this.current;
  }

  totals(): ContextTotals | undefined {
    return totalsOf(this.current);
  }

  addUris(uris: readonly vscode.Uri[]): Promise<number> {
    return this.addResolvedKinds(uris);
  }

  addSelections(editor: vscode.TextEditor): number {
    const uri = editor.document.uri.toString();
    const selections = editor.selections.filter((selection) => !selection.isEmpty);
    return this.entries.add(selections.map((selection) => ({ kind: 'selection', uri, range: toStoredRange(selection) })));
  }

  /** Resolves after the snapshot reflects every change made before the call. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = this.recount();
    return this.refreshing;
  }

  private async recount(): Promise<void> {
    try {
      do {
        this.refreshAgain = false;
        this.current = await this.computeSnapshot();
      } while (this.refreshAgain && !this.isDisposed);
    } finally {
      this.refreshing = undefined;
    }
    if (this.isDisposed) return;
    this.snapshotChanged.fire(this.current);
    this.totalsChanged.fire(totalsOf(this.current));
  }

  private async addResolvedKinds(uris: readonly vscode.Uri[]): Promise<number> {
    const additions: Omit<ContextEntry, 'id'>[] = [];
    for (const uri of uris) {
      let kind: ContextEntry['kind'] = 'file';
      try {
        kind = (await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory ? 'folder' : 'file';
      } catch {
        // Unsaved (untitled) documents have no stat; they are files.
      }
      additions.push({ kind, uri: uri.toString() });
    }
    return this.entries.add(additions);
  }

  private scheduleRefresh(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.refresh(), 300);
  }

  private concerns(uri: vscode.Uri): boolean {
    const changed = uri.toString();
    return this.entries.list().some((entry) => changed === entry.uri || (entry.kind === 'folder' && changed.startsWith(`${entry.uri}/`)));
  }

  private async computeSnapshot(): Promise<ContextSnapshot> {
    const entries = this.entries.list();
    if (entries.length === 0) return emptySnapshot;
    const settings = readEstimateSettings();
    const resolved: ResolvedEntry[] = [];
    for (const entry of entries) resolved.push(await resolveEntry(entry, settings.maxFileBytes));
    const { models, notes } = currentLineup(settings, this.calibrated);
    const model = models[0];
    const items = resolved.flatMap((entry) => entry.items);
    if (!model) return { entries: resolved.map((entry) => ({ entry: entry.entry, label: entry.label, tokens: 0, exact: false, children: [], problem: entry.problem })), items, prompt: undefined, current: undefined, model, notes };
    const prompt = assemblePrompt(items, (text) => model.count(text));
    let index = 0;
    const views = resolved.map((entry): ContextEntryView => {
      const blocks = prompt.blocks.slice(index, index + entry.items.length);
      index += entry.items.length;
      return {
        entry: entry.entry,
        label: entry.label,
        tokens: blocks.reduce((sum, block) => sum + block.tokens, 0),
        exact: blocks.every((block) => block.exact),
        children: entry.entry.kind === 'folder' ? blocks.map((block) => ({ label: block.item.label, tokens: block.tokens, exact: block.exact })) : [],
        problem: entry.problem,
      };
    });
    const [current] = estimatePrompt([{ model, input: { tokens: prompt.totalTokens, exact: prompt.exact, basis: prompt.basis } }], estimateOptions(settings, this.history()));
    return { entries: views, items, prompt, current, model, notes };
  }
}

function totalsOf(snapshot: ContextSnapshot): ContextTotals | undefined {
  if (snapshot.entries.length === 0 || !snapshot.prompt || !snapshot.model) return undefined;
  return {
    entries: snapshot.entries.length,
    tokens: snapshot.prompt.totalTokens,
    exact: snapshot.prompt.exact,
    modelName: snapshot.model.displayName,
    summary: contextSummary(snapshot),
    showInStatusBar: readEstimateSettings().showContextInStatusBar,
  };
}

/** The tree's title line: total tokens, the window fill with reserved output, and the total cost. */
export function contextSummary(snapshot: ContextSnapshot): string {
  const { prompt, current } = snapshot;
  if (!prompt || !current) return '';
  return summaryParts(prompt, current).join(' · ');
}

function summaryParts(prompt: AssembledPrompt, row: EstimateRow): string[] {
  return [`${tokensLabel({ tokens: prompt.totalTokens, exact: prompt.exact })} tokens`, windowFillLabel(row), formatUSD(row.totalUSD)];
}
