import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import os from 'node:os';
import { ModelCatalog } from './core/models/catalog';
import type { ExpectedOutputSource } from './core/prompt/estimate';
import { outputHistoryFromRecords } from './core/prompt/outputHistory';
import type { PriceRecord } from './core/report/aggregate';
import { catalogPricing } from './core/report/pricing';
import { allReaders } from './core/sources';
import { CalibrationService } from './host/calibrationService';
import { CommandId, registerCommands } from './host/commands';
import { EstimateFeature, type EstimateFeatureApi } from './host/estimate/estimateFeature';
import { FileTrendsDataProvider } from './host/fileTrendsDataProvider';
import type { TrendsDataProvider } from './host/trendsData';
import { TrendsModel } from './host/trendsModel';
import { TrendsPanelManager } from './host/trendsPanel';
import { DocumentCounts, type EditHandlerStats } from './host/counting/documentCounts';
import { GlanceModels } from './host/glanceModels';
import { selectModel, showTokenCounts } from './host/modelPicks';
import { glanceClickCommand, StatusBarController, type StatusBarSnapshot } from './host/statusBar';
import { ContextStatusBar } from './host/promptContext/contextStatusBar';
import { openWalkthrough, openWalkthroughOnFirstRun, showDetectedSources } from './host/onboarding';
import { TrendsViewProvider } from './host/trendsView';
import { WorkspaceGit } from './host/git/workspaceGit';
import { LedgerTrendsDataProvider } from './host/usage/ledgerTrendsDataProvider';
import { TodayStatusBar } from './host/usage/todayStatusBar';
import { deleteAllData, exportUsage, openDataFolder, refreshUsage } from './host/usage/usageCommands';
import { UsageService } from './host/usage/usageService';
import { readUsageSettings } from './host/usage/usageSettings';
import { SettingsMonitor } from './host/settings';

/** What the integration tests may inspect; not a public API for other extensions. */
export interface TokenwiseTestApi {
  readonly commandIds: readonly string[];
  readonly estimate: EstimateFeatureApi;
  /** The Prompt Context total in the status bar. */
  readonly contextStatusBar: ContextStatusBar;
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
    /** Every problem of the current `tokenwise.*` settings, each naming its setting (reported by the SettingsMonitor). */
    settingProblems(): readonly string[];
    /** How many times the settings have been checked (a check follows every change). */
    settingChecks(): number;
    /** Every setting warning shown so far, in order. */
    settingWarningsShown(): readonly string[];
  };
  /** The estimate factors learned from the user's transcripts (`tokenwise.estimate.calibrate`). */
  readonly calibration: CalibrationService;
  /** Commits landed in the workspace's repositories, through the built-in git extension. */
  readonly git: WorkspaceGit;
  readonly usage: {
    readonly service: UsageService;
    readonly ledgerTrends: LedgerTrendsDataProvider;
    readonly statusBar: TodayStatusBar;
    /** The catalog pricing every view uses. */
    readonly price: PriceRecord;
  };
}

/**
 * Where trends data comes from: the usage ledger, priced with the catalog; or (tests and demos only) the JSON
 * snapshot TOKENWISE_TRENDS_FIXTURE points at, whose made-up models are priced at the cost each record states.
 */
function trendsDataSource(log: vscode.LogOutputChannel, ledgerTrends: LedgerTrendsDataProvider, catalogPrice: PriceRecord): { provider: TrendsDataProvider & vscode.Disposable; price: PriceRecord } {
  const fixture = process.env.TOKENWISE_TRENDS_FIXTURE;
  if (!fixture) return { provider: ledgerTrends, price: catalogPrice };
  return { provider: new FileTrendsDataProvider(vscode.Uri.file(fixture), log), price: (record) => record.costReportedUSD ?? undefined };
}

/** Composition root: build each service, hand every disposable to VS Code, nothing else. Heavy work is scheduled, never awaited. */
export function activate(context: vscode.ExtensionContext): TokenwiseTestApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Tokenwise', { log: true });
  const settingsMonitor = new SettingsMonitor(log);
  context.subscriptions.push(log, settingsMonitor);

  // API-equivalent prices from the bundled catalog, never the tools' own logged costs (most tools log none).
  // The catalog is built on the first price asked for, after activation, not during it.
  let catalogPrice: PriceRecord | undefined;
  const price: PriceRecord = (record) => (catalogPrice ??= catalogPricing(ModelCatalog.bundled()))(record);
  const toolLabels = new Map(allReaders().map((reader) => [reader.tool as string, reader.displayName]));
  const toolLabel = (tool: string): string => toolLabels.get(tool) ?? tool;

  const environment = { env: process.env, homeDir: os.homedir(), platform: process.platform };
  const usage = new UsageService(log, environment);
  const calibration = new CalibrationService(usage, environment, log);
  context.subscriptions.push(calibration);
  // Landed commits: the workspace's repositories through the built-in git extension, attributed to the
  // projects the usage records name.
  const workspaceGit = new WorkspaceGit(() => usage.records().map((record) => record.project), usage.onDidChange, log);
  context.subscriptions.push(workspaceGit);
  const ledgerTrends = new LedgerTrendsDataProvider(usage, workspaceGit);
  const todayStatusBar = new TodayStatusBar(usage, price, toolLabel);
  context.subscriptions.push(usage, todayStatusBar);

  const { provider: trendsData, price: trendsPrice } = trendsDataSource(log, ledgerTrends, price);
  const trendsModel = new TrendsModel(trendsData, trendsPrice, context.globalState, log);
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

  // Expected output for an estimate comes from the user's own history when the ledger has enough of it. The
  // medians are computed once per ledger change, not per estimate.
  let outputHistory: ExpectedOutputSource | undefined;
  context.subscriptions.push(usage.onDidChange(() => (outputHistory = undefined)));
  const history = (): ExpectedOutputSource => (outputHistory ??= outputHistoryFromRecords(usage.records(), (model) => ModelCatalog.bundled().resolve(model)?.id));
  const estimate = new EstimateFeature(context, log, history, (model) => calibration.forModel(model).factor);
  const estimateApi = estimate.api();
  const contextStatusBar = new ContextStatusBar(estimateApi.onDidChangeContextTotals);
  context.subscriptions.push(estimate, contextStatusBar);
  const glanceStarted = performance.now();
  const counts = new DocumentCounts(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker', 'countWorker.js').fsPath, log);
  const models = new GlanceModels();
  const commandIds = Object.values(CommandId);
  const statusBar = new StatusBarController(counts, models, glanceClickCommand(commandIds), log, calibration);
  context.subscriptions.push(statusBar, models, counts);
  const glanceActivationMs = performance.now() - glanceStarted;

  context.subscriptions.push(
    registerCommands({
      [CommandId.showLog]: () => log.show(),
      [CommandId.openTrends]: () => trendsPanels.open(),
      [CommandId.selectModel]: () => selectModel(models),
      [CommandId.showCounts]: () => showTokenCounts(statusBar.currentGlance, models),
      [CommandId.refreshUsage]: async () => {
        await refreshUsage(usage, log);
        // Learned in the background: reading every transcript can take a while and must not hold the command.
        void calibration.update({ force: true });
        void workspaceGit.refresh();
      },
      [CommandId.openDataFolder]: () => openDataFolder(usage),
      [CommandId.exportUsage]: (target?: unknown) => exportUsage(usage, readUsageSettings().excludeProjects, target instanceof vscode.Uri ? target : undefined),
      [CommandId.deleteAllData]: async (options?: unknown) => {
        const deleted = await deleteAllData(usage, options);
        // The learned factors are Tokenwise data too (numbers only, but derived from the same logs).
        if (deleted) await calibration.forget();
        return deleted;
      },
      [CommandId.getStarted]: () => openWalkthrough(context.extension),
      [CommandId.showDetectedSources]: () => showDetectedSources(usage, log),
      ...estimate.commands(),
    }),
  );

  // The first scan starts after activation returns, so a big log folder never delays the editor.
  usage.start();
  workspaceGit.start();
  log.info(`Tokenwise ${String(context.extension.packageJSON.version)} activated`);
  void openWalkthroughOnFirstRun(context, log);
  return {
    commandIds,
    estimate: estimateApi,
    contextStatusBar,
    trends: { model: trendsModel, panels: trendsPanels, view: trendsView },
    activationMs: performance.now() - started,
    glanceActivationMs,
    statusBar: {
      snapshot: () => statusBar.snapshot(),
      whenIdle: () => statusBar.whenIdle(),
      editHandlerStats: () => counts.editHandlerStats,
      trackedDocuments: () => counts.trackedDocuments,
      workerHeapUsedBytes: () => counts.workerHeapUsedBytes(),
      settingProblems: () => settingsMonitor.problems,
      settingChecks: () => settingsMonitor.checkCount,
      settingWarningsShown: () => settingsMonitor.warningsShown,
    },
    calibration,
    git: workspaceGit,
    usage: { service: usage, ledgerTrends, statusBar: todayStatusBar, price },
  };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
