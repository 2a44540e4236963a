import type * as vscode from 'vscode';
import { Disposable } from './lifecycle';
import type { TrendsModel } from './trendsModel';
import { TrendsWebviewConnection } from './trendsWebview';

/** The "Weekly Trends" view in the Tokenwise sidebar. */
export class TrendsViewProvider extends Disposable implements vscode.WebviewViewProvider {
  static readonly viewType = 'tokenwise.trends';
  private connection: TrendsWebviewConnection | undefined;
  private resolvedCount = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly model: TrendsModel,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  /** How many times VS Code has resolved the view (for the integration tests). */
  get timesResolved(): number {
    return this.resolvedCount;
  }

  /** Whether the sidebar page has completed the ready handshake. */
  get isPageReady(): boolean {
    return this.connection?.isReady ?? false;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.resolvedCount += 1;
    this.connection?.dispose();
    const connection = this.register(new TrendsWebviewConnection(view.webview, 'trends', this.extensionUri, this.model, this.log));
    this.connection = connection;
    this.register(
      view.onDidDispose(() => {
        connection.dispose();
        if (this.connection === connection) this.connection = undefined;
      }),
    );
  }
}
