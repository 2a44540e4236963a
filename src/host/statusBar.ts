import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { LineSpan } from '../core/countWorkerProtocol';
import { figureForModel, glanceView, type GlanceInput, type GlanceLevel, type ModelFigure } from '../core/glance';
import type { ModelCalibration } from '../core/efficiency/estimateCalibration';
import type { ModelInfo } from '../core/models/types';
import type { EncodingName, TokenCount } from '../core/tokenizer';
import { CommandId } from './commands';
import type { DocumentCounts } from './counting/documentCounts';
import type { CountedText } from './counting/workerBackend';
import type { GlanceModels } from './glanceModels';
import { Disposable } from './lifecycle';

export const STATUS_BAR_ITEM_ID = 'tokenwise.tokens';
/** Selection changes arrive on every arrow key while selecting; counting once they pause is enough. */
const SELECTION_DEBOUNCE_MS = 75;
/** Show "counting…" only when a count really takes a while (a large document's first count). */
const COUNTING_HINT_DELAY_MS = 150;

const LEVEL_COLOURS: Record<GlanceLevel, string | undefined> = {
  normal: undefined,
  warning: 'statusBarItem.warningBackground',
  error: 'statusBarItem.errorBackground',
};

/** What the integration tests read back from the item. */
export interface StatusBarSnapshot {
  visible: boolean;
  text: string;
  tooltip: string;
  accessibilityLabel: string;
  backgroundColor: string | undefined;
  command: string | undefined;
  alignment: 'left' | 'right';
}

/** Lines of the selections; their characters come from the counting worker (see {@link LineSpan}). */
function selectionLines(selections: readonly vscode.Selection[]): number {
  let lines = 0;
  for (const selection of selections) {
    // A selection ending at the start of a line does not include that line.
    const endLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
    lines += endLine - selection.start.line + 1;
  }
  return lines;
}

function allCounted(counts: readonly (TokenCount | undefined)[]): counts is TokenCount[] {
  return counts.every((count) => count !== undefined);
}

/** The learned estimate factors, as the glance sees them: per model, and when they change. */
export interface EstimateCalibrations {
  forModel(model: ModelInfo): ModelCalibration;
  readonly onDidChange: vscode.Event<void>;
}

/** Which command a click runs: "Estimate this prompt" once it is part of Tokenwise, the per-model figures until then. */
export function glanceClickCommand(commandIds: readonly string[]): string {
  const estimatePrompt = 'tokenwise.estimatePrompt';
  return commandIds.includes(estimatePrompt) ? estimatePrompt : CommandId.showCounts;
}

/**
 * The status bar glance: tokens (and input cost) of the selection or, without one, the whole document, for the
 * current model, recounted as the user types or selects, coloured when the text nears or exceeds the model's
 * context window. Counting is asynchronous and generation-guarded: only the newest request ever reaches the item.
 */
export class StatusBarController extends Disposable {
  private item: vscode.StatusBarItem | undefined;
  private itemAlignment: 'left' | 'right' | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = 0;
  private latestGeneration = 0;
  private idleWaiters: (() => void)[] = [];
  private glance: GlanceInput | undefined;
  private shown = false;
  private lastError: string | undefined;

  constructor(
    private readonly counts: DocumentCounts,
    private readonly models: GlanceModels,
    private readonly clickCommand: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly calibrations: EstimateCalibrations,
  ) {
    super();
    this.register(calibrations.onDidChange(() => this.schedule(0)));
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)));
    this.register(
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor === vscode.window.activeTextEditor) this.schedule(SELECTION_DEBOUNCE_MS);
      }),
    );
    this.register(
      counts.onDidEdit((document) => {
        if (document === vscode.window.activeTextEditor?.document) this.schedule(SELECTION_DEBOUNCE_MS);
      }),
    );
    this.register(models.onDidChange(() => this.schedule(0)));
    this.register({ dispose: () => this.disposeItem() });
    // The first count (and so the encoder load) happens after activation returns, never inside it.
    this.schedule(0);
  }

  /** The figures behind the item right now, for the per-model quick pick; undefined when no editor is active. */
  get currentGlance(): GlanceInput | undefined {
    return this.glance;
  }

  snapshot(): StatusBarSnapshot {
    const item = this.item;
    const tooltip = item?.tooltip;
    const background = item?.backgroundColor as vscode.ThemeColor | undefined;
    return {
      visible: item !== undefined && this.shown,
      text: item?.text ?? '',
      tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''),
      accessibilityLabel: item?.accessibilityInformation?.label ?? '',
      backgroundColor: background?.id,
      command: typeof item?.command === 'string' ? item.command : item?.command?.command,
      alignment: this.itemAlignment ?? this.models.settings.statusBar.alignment,
    };
  }

  /** Resolves once no count is scheduled or running (tests wait on this after an event has arrived). */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private get busy(): boolean {
    return this.timer !== undefined || this.running > 0;
  }

  private schedule(delayMs: number): void {
    if (this.isDisposed) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running += 1;
      void this.refresh().finally(() => {
        this.running -= 1;
        this.settleIdle();
      });
    }, delayMs);
  }

  private settleIdle(): void {
    if (this.busy) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async refresh(): Promise<void> {
    const generation = this.counts.nextGeneration();
    this.latestGeneration = generation;
    const editor = vscode.window.activeTextEditor;
    const settings = this.models.settings;
    if (editor === undefined || !settings.statusBar.enabled || editor.document.uri.scheme === 'output') {
      this.glance = undefined;
      if (!settings.statusBar.enabled) this.disposeItem();
      else this.item?.hide();
      this.shown = false;
      return;
    }
    const item = this.ensureItem();
    const hint = setTimeout(() => {
      if (generation !== this.latestGeneration) return;
      item.text = '$(sync~spin) counting…';
      item.tooltip = 'Tokenwise is counting the tokens of a large document in the background.';
      this.show(item);
    }, COUNTING_HINT_DELAY_MS);
    try {
      const glance = await this.countGlance(editor, generation);
      if (glance === undefined || generation !== this.latestGeneration) return;
      this.glance = glance;
      this.lastError = undefined;
      this.render(item, glance);
    } catch (error) {
      if (generation !== this.latestGeneration) return;
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastError) this.log.error(`Token count failed: ${message}`);
      this.lastError = message;
      item.text = '$(warning) tok';
      item.tooltip = `Tokenwise could not count this document: ${message}`;
      item.backgroundColor = undefined;
      item.accessibilityInformation = { label: `Tokenwise could not count this document: ${message}` };
      this.show(item);
    } finally {
      clearTimeout(hint);
    }
  }

  private async countGlance(editor: vscode.TextEditor, generation: number): Promise<GlanceInput | undefined> {
    const started = performance.now();
    const { document } = editor;
    const selections = editor.selections.filter((selection) => !selection.isEmpty);
    // By line and character: the worker turns them into offsets (document.offsetAt rescans a large document).
    const spans: LineSpan[] = selections.map(({ start, end }) => ({ startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character }));
    const { current, compare, settings } = this.models;
    const encodings = [...new Set([current, ...compare].map((model) => model.tokenizer.encoding))];
    const countAll = (ranges: readonly LineSpan[] | null): Promise<(CountedText | undefined)[]> =>
      Promise.all(encodings.map((encoding) => this.counts.count(document, encoding, ranges, generation)));
    const [documentCounts, selectionCounts] = await Promise.all([countAll(null), spans.length > 0 ? countAll(spans) : Promise.resolve(undefined)]);
    // Undefined: a newer refresh superseded this one while it waited for the worker.
    if (!allCounted(documentCounts) || (selectionCounts !== undefined && !allCounted(selectionCounts))) return undefined;
    const figures = (counts: TokenCount[]) => {
      const byEncoding = new Map<EncodingName, TokenCount>(encodings.map((encoding, index) => [encoding, counts[index]]));
      const figure = (model: ModelInfo): ModelFigure => {
        const count = byEncoding.get(model.tokenizer.encoding);
        if (count === undefined) throw new Error(`no ${model.tokenizer.encoding} count for ${model.id}`);
        return figureForModel(model, count, this.calibrations.forModel(model));
      };
      return { current: figure(current), compare: compare.map(figure) };
    };
    const glance: GlanceInput = {
      document: { characters: documentCounts[0].characters, lines: document.lineCount, ...figures(documentCounts) },
      selection: selectionCounts === undefined ? undefined : { characters: selectionCounts[0].characters, lines: selectionLines(selections), ranges: spans.length, ...figures(selectionCounts) },
      showCost: settings.statusBar.showCost,
      warningPercent: settings.contextWarningPercent,
    };
    this.log.trace(`counted ${document.uri.toString()} in ${(performance.now() - started).toFixed(1)} ms`);
    return glance;
  }

  private render(item: vscode.StatusBarItem, glance: GlanceInput): void {
    const view = glanceView(glance, CommandId.selectModel);
    item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltipMarkdown, true);
    // Command links work only for our own command; nothing else in the tooltip is trusted.
    tooltip.isTrusted = { enabledCommands: [CommandId.selectModel] };
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: view.accessibilityLabel };
    const colour = LEVEL_COLOURS[view.level];
    item.backgroundColor = colour === undefined ? undefined : new vscode.ThemeColor(colour);
    this.show(item);
  }

  private show(item: vscode.StatusBarItem): void {
    item.show();
    this.shown = true;
  }

  /** The item, recreated when the alignment setting changed (VS Code cannot move an existing item). */
  private ensureItem(): vscode.StatusBarItem {
    const alignment = this.models.settings.statusBar.alignment;
    if (this.item !== undefined && this.itemAlignment === alignment) return this.item;
    this.disposeItem();
    const item = vscode.window.createStatusBarItem(
      STATUS_BAR_ITEM_ID,
      alignment === 'left' ? vscode.StatusBarAlignment.Left : vscode.StatusBarAlignment.Right,
      100,
    );
    item.name = 'Tokenwise: Token Count';
    item.command = this.clickCommand;
    this.item = item;
    this.itemAlignment = alignment;
    return item;
  }

  private disposeItem(): void {
    this.item?.dispose();
    this.item = undefined;
    this.itemAlignment = undefined;
    this.shown = false;
  }
}
