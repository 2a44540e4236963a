import * as vscode from 'vscode';
import os from 'node:os';
import { ModelCatalog } from './core/models/catalog';
import type { PriceRecord } from './core/report/aggregate';
import { catalogPricing } from './core/report/pricing';
import { allReaders } from './core/sources';
import { CommandId, registerCommands } from './host/commands';
import { FileTrendsDataProvider } from './host/fileTrendsDataProvider';
import type { TrendsDataProvider } from './host/trendsData';
import { TrendsModel } from './host/trendsModel';
import { TrendsPanelManager } from './host/trendsPanel';
import { TrendsViewProvider } from './host/trendsView';
import { LedgerTrendsDataProvider } from './host/usage/ledgerTrendsDataProvider';
import { TodayStatusBar } from './host/usage/todayStatusBar';
import { deleteAllData, exportUsage, openDataFolder, refreshUsage } from './host/usage/usageCommands';
import { UsageService } from './host/usage/usageService';
import { readUsageSettings } from './host/usage/usageSettings';

/** What the integration tests may inspect; not a public API for other extensions. */
export interface TokenwiseTestApi {
  readonly commandIds: readonly string[];
  readonly trends: {
    readonly model: TrendsModel;
    readonly panels: TrendsPanelManager;
    readonly view: TrendsViewProvider;
  };
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
  const log = vscode.window.createOutputChannel('Tokenwise', { log: true });
  context.subscriptions.push(log);

  // API-equivalent prices from the bundled catalog, never the tools' own logged costs (most tools log none).
  // The catalog is built on the first price asked for, after activation, not during it.
  let catalogPrice: PriceRecord | undefined;
  const price: PriceRecord = (record) => (catalogPrice ??= catalogPricing(ModelCatalog.bundled()))(record);
  const toolLabels = new Map(allReaders().map((reader) => [reader.tool as string, reader.displayName]));
  const toolLabel = (tool: string): string => toolLabels.get(tool) ?? tool;

  const usage = new UsageService(log, { env: process.env, homeDir: os.homedir(), platform: process.platform });
  const ledgerTrends = new LedgerTrendsDataProvider(usage);
  const statusBar = new TodayStatusBar(usage, price, toolLabel);
  context.subscriptions.push(usage, statusBar);

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

  context.subscriptions.push(
    registerCommands({
      [CommandId.showLog]: () => log.show(),
      [CommandId.openTrends]: () => trendsPanels.open(),
      [CommandId.refreshUsage]: () => refreshUsage(usage, log),
      [CommandId.openDataFolder]: () => openDataFolder(usage),
      [CommandId.exportUsage]: (target?: unknown) => exportUsage(usage, readUsageSettings().excludeProjects, target instanceof vscode.Uri ? target : undefined),
      [CommandId.deleteAllData]: (options?: unknown) => deleteAllData(usage, options),
    }),
  );

  // The first scan starts after activation returns, so a big log folder never delays the editor.
  usage.start();
  log.info(`Tokenwise ${String(context.extension.packageJSON.version)} activated`);
  return {
    commandIds: Object.values(CommandId),
    trends: { model: trendsModel, panels: trendsPanels, view: trendsView },
    usage: { service: usage, ledgerTrends, statusBar, price },
  };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
