import * as vscode from 'vscode';
import { Disposable } from './lifecycle';
import type { TrendsModel } from './trendsModel';
import { TrendsWebviewConnection } from './trendsWebview';

/**
 * The full Trends editor panel ("Tokenwise: Open Trends"). One at a time: opening it again reveals it.
 * Its context is not retained while hidden (cheaper); the page keeps its range, filters and sort with
 * getState/setState, and the serializer brings the panel back after a window reload.
 */
export class TrendsPanelManager extends Disposable implements vscode.WebviewPanelSerializer {
  static readonly viewType = 'tokenwise.trendsPanel';
  private panel: vscode.WebviewPanel | undefined;
  private connection: TrendsWebviewConnection | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly model: TrendsModel,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  get current(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  /** Whether the open panel's page has completed the ready handshake. */
  get isPageReady(): boolean {
    return this.connection?.isReady ?? false;
  }

  open(): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal();
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel(TrendsPanelManager.viewType, 'Tokenwise Trends', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
    });
    this.attach(panel);
    return panel;
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    this.panel?.dispose();
    this.attach(panel);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'tokenwise.svg');
    const connection = new TrendsWebviewConnection(panel.webview, 'trendsPanel', this.extensionUri, this.model, this.log);
    this.connection = connection;
    const disposal = panel.onDidDispose(() => {
      connection.dispose();
      disposal.dispose();
      if (this.panel === panel) {
        this.panel = undefined;
        this.connection = undefined;
      }
    });
    this.register(connection);
  }

  override dispose(): void {
    this.panel?.dispose();
    super.dispose();
  }
}
