import * as vscode from 'vscode';
import { CommandId, registerCommands } from './host/commands';
import { EstimateFeature, type EstimateFeatureApi } from './host/estimate/estimateFeature';
import { TrendsViewProvider } from './host/trendsView';

/** What the integration tests may inspect; not a public API for other extensions. */
export interface TokenwiseTestApi {
  readonly commandIds: readonly string[];
  readonly estimate: EstimateFeatureApi;
}

/** Composition root: build each service, hand every disposable to VS Code, nothing else. */
export function activate(context: vscode.ExtensionContext): TokenwiseTestApi {
  const log = vscode.window.createOutputChannel('Tokenwise', { log: true });
  context.subscriptions.push(log);

  const trendsView = new TrendsViewProvider(context.extensionUri, log);
  context.subscriptions.push(trendsView, vscode.window.registerWebviewViewProvider(TrendsViewProvider.viewType, trendsView));

  const estimate = new EstimateFeature(context, log);
  context.subscriptions.push(estimate);

  context.subscriptions.push(
    registerCommands({
      [CommandId.showLog]: () => log.show(),
      ...estimate.commands(),
    }),
  );

  log.info(`Tokenwise ${String(context.extension.packageJSON.version)} activated`);
  return { commandIds: Object.values(CommandId), estimate: estimate.api() };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
