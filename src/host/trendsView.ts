import * as vscode from 'vscode';
import { isWebviewToHostMessage, type HostToWebviewMessage, type ViewState } from '../shared/protocol';
import { Disposable } from './lifecycle';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';

/**
 * The "Weekly Trends" view in the Tokenwise sidebar. Messages to the page are queued until it reports
 * `ready`, then the current state is sent (the ready handshake), so nothing posted early is lost.
 */
export class TrendsViewProvider extends Disposable implements vscode.WebviewViewProvider {
  static readonly viewType = 'tokenwise.trends';
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly pending: HostToWebviewMessage[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = renderWebviewHtml(view.webview, this.extensionUri, { title: 'Tokenwise Trends', view: 'trends' });
    this.register(
      view.webview.onDidReceiveMessage((message: unknown) => {
        if (!isWebviewToHostMessage(message)) {
          this.log.warn('Ignored a malformed message from the trends view');
          return;
        }
        switch (message.method) {
          case 'ready':
            this.ready = true;
            this.post({ method: 'state', params: this.currentState() });
            for (const queued of this.pending.splice(0)) void view.webview.postMessage(queued);
            break;
          case 'runCommand':
            void vscode.commands.executeCommand(message.params.command);
            break;
        }
      }),
    );
    this.register(view.onDidDispose(() => (this.view = undefined)));
  }

  private currentState(): ViewState {
    return { view: 'trends', status: 'empty' };
  }

  private post(message: HostToWebviewMessage): void {
    if (!this.view || !this.ready) {
      this.pending.push(message);
      return;
    }
    void this.view.webview.postMessage(message);
  }
}
