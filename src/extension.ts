import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { UsageRecord } from './core/usage/types';
import { CommandId, registerCommands } from './host/commands';
import { EstimateFeature, type EstimateFeatureApi } from './host/estimate/estimateFeature';
import { FileTrendsDataProvider } from './host/fileTrendsDataProvider';
import { NoDataYetProvider } from './host/noDataYetProvider';
import type { TrendsDataProvider } from './host/trendsData';
import { TrendsModel } from './host/trendsModel';
import { TrendsPanelManager } from './host/trendsPanel';
import { DocumentCounts, type EditHandlerStats } from './host/counting/documentCounts';
import { GlanceModels } from './host/glanceModels';
import { selectModel, showTokenCounts } from './host/modelPicks';
import { glanceClickCommand, StatusBarController, type StatusBarSnapshot } from './host/statusBar';
import { TrendsViewProvider } from './host/trendsView';

/** What the integration tests may inspect; not a public API for other extensions. */
export interface TokenwiseTestApi {
  readonly commandIds: readonly string[];
  readonly estimate: EstimateFeatureApi;
  readonly trends: {
    readonly model: TrendsModel;
    readonly panels: TrendsPanelManager;
    readonly view: TrendsViewProvider;
  };
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

/**
 * Until the pricing catalog is connected, a record is priced at the cost its tool logged (Claude Code logs an
 * API-equivalent cost); records without one count as unpriced rather than as free.
 */
const priceFromToolReport = (record: UsageRecord): number | undefined => record.costReportedUSD ?? undefined;

/**
 * Where trends data comes from. TOKENWISE_TRENDS_FIXTURE (tests and demos only) points at a JSON snapshot;
 * otherwise nothing is connected yet and the views say so.
 */
function trendsDataProvider(log: vscode.LogOutputChannel): TrendsDataProvider & vscode.Disposable {
  const fixture = process.env.TOKENWISE_TRENDS_FIXTURE;
  return fixture ? new FileTrendsDataProvider(vscode.Uri.file(fixture), log) : new NoDataYetProvider();
}

/** Composition root: build each service, hand every disposable to VS Code, nothing else. */
export function activate(context: vscode.ExtensionContext): TokenwiseTestApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Tokenwise', { log: true });
  context.subscriptions.push(log);

  const trendsData = trendsDataProvider(log);
  const trendsModel = new TrendsModel(trendsData, priceFromToolReport, context.globalState, log);
  const trendsView = new TrendsViewProvider(context.extensionUri, trendsModel, log);
  const trendsPanels = new TrendsPanelManager(context.extensionUri, trendsModel, log);
  context.subscriptions.push(
    trendsData,
    trendsModel,
    trendsView,
    trendsPanels,
    vscode.window.registerWebviewViewProvider(TrendsViewProvider.viewType, trendsView),
    vscode.window.registerWebviewPanelSerializer(TrendsPanelManager.viewType, trendsPanels),
  );
  void trendsModel.refresh();

  const estimate = new EstimateFeature(context, log);
  context.subscriptions.push(estimate);
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
      [CommandId.openTrends]: () => trendsPanels.open(),
      [CommandId.selectModel]: () => selectModel(models),
      [CommandId.showCounts]: () => showTokenCounts(statusBar.currentGlance, models),
      ...estimate.commands(),
    }),
  );

  log.info(`Tokenwise ${String(context.extension.packageJSON.version)} activated`);
  return {
    commandIds,
    estimate: estimate.api(),
    trends: { model: trendsModel, panels: trendsPanels, view: trendsView },
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
