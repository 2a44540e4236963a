import * as vscode from 'vscode';
import { isWebviewToHostMessage, type HostToWebviewMessage, type ViewId } from '../shared/protocol';
import { Disposable } from './lifecycle';
import type { TrendsModel } from './trendsModel';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';

/**
 * One Trends page (sidebar view or editor panel) connected to the model. Messages to the page are queued
 * until it reports `ready` (the ready handshake), then it gets the current state and every later one.
 * A page that reloads (hidden without retained context, then shown) says `ready` again and is re-sent state.
 */
export class TrendsWebviewConnection extends Disposable {
  private ready = false;
  private readonly pending: HostToWebviewMessage[] = [];

  constructor(
    private readonly webview: vscode.Webview,
    private readonly view: ViewId,
    extensionUri: vscode.Uri,
    private readonly model: TrendsModel,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    webview.options = webviewOptions(extensionUri);
    webview.html = renderWebviewHtml(webview, extensionUri, { title: view === 'trendsPanel' ? 'Tokenwise Trends' : 'Tokenwise Weekly Trends', view });
    this.register(webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
    this.register(model.onDidChangeState((state) => this.post({ method: 'state', params: state })));
  }

  /** True once the page has loaded and said `ready` (the integration tests wait for it). */
  get isReady(): boolean {
    return this.ready;
  }

  private receive(message: unknown): void {
    if (!isWebviewToHostMessage(message)) {
      this.log.warn(`Ignored a malformed message from the ${this.view} view`);
      return;
    }
    switch (message.method) {
      case 'ready':
        this.ready = true;
        this.pending.length = 0; // the current state supersedes anything queued
        this.post({ method: 'state', params: this.model.current });
        break;
      case 'runCommand':
        void vscode.commands.executeCommand(message.params.command);
        break;
      case 'openSettings':
        void vscode.commands.executeCommand('workbench.action.openSettings', message.params.query);
        break;
      case 'export':
        void this.model.export(message.params.format, message.params.query);
        break;
    }
  }

  private post(message: HostToWebviewMessage): void {
    if (!this.ready) {
      this.pending.push(message);
      return;
    }
    void this.webview.postMessage(message);
  }
}
