import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { CommandId, registerCommands } from './host/commands';
import { DocumentCounts, type EditHandlerStats } from './host/counting/documentCounts';
import { GlanceModels } from './host/glanceModels';
import { selectModel, showTokenCounts } from './host/modelPicks';
import { glanceClickCommand, StatusBarController, type StatusBarSnapshot } from './host/statusBar';
import { TrendsViewProvider } from './host/trendsView';

/** What the integration tests may inspect; not a public API for other extensions. */
export interface TokenwiseTestApi {
  readonly commandIds: readonly string[];
  /** Wall time activate() took, in ms. */
  readonly activationMs: number;
  /** The part of it spent setting up the status bar glance (its activation budget). */
  readonly glanceActivationMs: number;
  readonly statusBar: {
    snapshot(): StatusBarSnapshot;
    /** Resolves when no count is scheduled or running. */
    whenIdle(): Promise<void>;
    /** Extension-host time spent handling document edits (the per-keystroke budget). */
    editHandlerStats(): EditHandlerStats;
    /** Documents that currently hold counting state. */
    trackedDocuments(): number;
    workerHeapUsedBytes(): Promise<number>;
    /** Setting problems reported by the last settings change. */
    settingProblems(): readonly string[];
  };
}

/** Composition root: build each service, hand every disposable to VS Code, nothing else. */
export function activate(context: vscode.ExtensionContext): TokenwiseTestApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Tokenwise', { log: true });
  context.subscriptions.push(log);

  const trendsView = new TrendsViewProvider(context.extensionUri, log);
  context.subscriptions.push(trendsView, vscode.window.registerWebviewViewProvider(TrendsViewProvider.viewType, trendsView));

  const glanceStarted = performance.now();
  const counts = new DocumentCounts(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker', 'countWorker.js').fsPath, log);
  const models = new GlanceModels(log);
  const commandIds = Object.values(CommandId);
  const statusBar = new StatusBarController(counts, models, glanceClickCommand(commandIds), log);
  context.subscriptions.push(statusBar, models, counts);
  const glanceActivationMs = performance.now() - glanceStarted;

  context.subscriptions.push(
    registerCommands({
      [CommandId.showLog]: () => log.show(),
      [CommandId.selectModel]: () => selectModel(models),
      [CommandId.showCounts]: () => showTokenCounts(statusBar.currentGlance, models),
    }),
  );

  log.info(`Tokenwise ${String(context.extension.packageJSON.version)} activated`);
  return {
    commandIds,
    activationMs: performance.now() - started,
    glanceActivationMs,
    statusBar: {
      snapshot: () => statusBar.snapshot(),
      whenIdle: () => statusBar.whenIdle(),
      editHandlerStats: () => counts.editHandlerStats,
      trackedDocuments: () => counts.trackedDocuments,
      workerHeapUsedBytes: () => counts.workerHeapUsedBytes(),
      settingProblems: () => models.lastProblems,
    },
  };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
