import * as vscode from 'vscode';
import type { ExpectedOutputSource } from '../../core/prompt/estimate';
import { buildEstimate } from '../../core/prompt/estimateState';
import { estimateMarkdown } from '../../core/prompt/report';
import { isWebviewToHostMessage, type EstimateState, type EstimateStateNotification } from '../../shared/protocol';
import { Disposable } from '../lifecycle';
import { renderWebviewHtml, webviewOptions } from '../webviewHtml';
import { currentLineup, NO_CALIBRATION, type CalibratedFactor } from './lineup';
import type { PromptSource } from './promptSources';
import { estimateOptions, readEstimateSettings } from './settings';

/**
 * The "Estimate This Prompt" editor panel (one at a time, reused). Messages are queued until the page says
 * `ready` (the handshake); the turns control, source dropdown and "Copy as Markdown" come back as typed messages.
 */
export class EstimatePanel extends Disposable {
  static readonly viewType = 'tokenwise.estimate';
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private sources: PromptSource[] = [];
  private sourceId: string | undefined;
  private turns: number | undefined;
  private state: EstimateState | undefined;
  private readonly stateChanged = this.register(new vscode.EventEmitter<EstimateState>());
  readonly onDidChangeState = this.stateChanged.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly history: () => ExpectedOutputSource | undefined,
    private readonly calibrated: CalibratedFactor = NO_CALIBRATION,
  ) {
    super();
    this.register({ dispose: () => this.panel?.dispose() });
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (this.panel && event.affectsConfiguration('tokenwise')) this.recompute();
      }),
    );
  }

  /** The state last shown (for tests and the status bar); undefined before the first estimate. */
  currentState(): EstimateState | undefined {
    return this.state;
  }

  /** Shows the estimate of `sources[preferred]` (or the first source) and lists the others in the dropdown. */
  show(sources: PromptSource[], preferred?: string): EstimateState {
    this.sources = sources;
    this.sourceId = sources.find((source) => source.id === preferred)?.id ?? sources[0]?.id;
    this.turns = undefined;
    const state = this.recompute();
    this.ensurePanel();
    return state;
  }

  /** The table as Markdown, as "Copy as Markdown" puts it on the clipboard. */
  async copyMarkdown(): Promise<string | undefined> {
    if (!this.state) return undefined;
    const markdown = estimateMarkdown(this.state);
    await vscode.env.clipboard.writeText(markdown);
    void vscode.window.setStatusBarMessage('Tokenwise: estimate copied as Markdown', 3000);
    return markdown;
  }

  private recompute(): EstimateState {
    const settings = readEstimateSettings();
    const source = this.sources.find((candidate) => candidate.id === this.sourceId);
    const { models, notes } = currentLineup(settings, this.calibrated);
    const { state } = buildEstimate({
      source: source ? { id: source.id, label: source.label } : { id: 'none', label: 'Nothing to estimate' },
      sources: this.sources.map(({ id, label }) => ({ id, label })),
      items: source?.items ?? [],
      models,
      options: estimateOptions(settings, this.history(), this.turns ?? settings.turns),
      notes: source ? notes : [...notes, 'Open a file, select text, copy something or add files to the Prompt Context, then run "Tokenwise: Estimate This Prompt".'],
    });
    this.state = state;
    this.post({ method: 'estimateState', params: state });
    this.stateChanged.fire(state);
    return state;
  }

  private ensurePanel(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(EstimatePanel.viewType, 'Estimate This Prompt', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(this.extensionUri));
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'tokenwise.svg');
    panel.webview.html = renderWebviewHtml(panel.webview, this.extensionUri, { title: 'Estimate This Prompt', view: 'estimate' });
    const subscription = panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message));
    panel.onDidDispose(() => {
      subscription.dispose();
      this.panel = undefined;
      this.ready = false;
    });
  }

  private receive(message: unknown): void {
    if (!isWebviewToHostMessage(message)) {
      this.log.warn('Ignored a malformed message from the estimate panel');
      return;
    }
    switch (message.method) {
      case 'ready':
        this.ready = true;
        if (this.state) void this.panel?.webview.postMessage({ method: 'estimateState', params: this.state } satisfies EstimateStateNotification);
        break;
      case 'estimate.setTurns':
        this.turns = message.params.turns;
        this.recompute();
        break;
      case 'estimate.setSource':
        if (this.sources.some((source) => source.id === message.params.sourceId)) {
          this.sourceId = message.params.sourceId;
          this.recompute();
        }
        break;
      case 'estimate.copyMarkdown':
        void this.copyMarkdown();
        break;
      case 'runCommand':
        void vscode.commands.executeCommand(message.params.command);
        break;
    }
  }

  /** Only the latest state matters: a page that is not ready yet gets it when it says `ready`. */
  private post(message: EstimateStateNotification): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }
}
