import * as vscode from 'vscode';
import type { UsageRecord } from './core/usage/types';
import { CommandId, registerCommands } from './host/commands';
import { EstimateFeature, type EstimateFeatureApi } from './host/estimate/estimateFeature';
import { FileTrendsDataProvider } from './host/fileTrendsDataProvider';
import { NoDataYetProvider } from './host/noDataYetProvider';
import type { TrendsDataProvider } from './host/trendsData';
import { TrendsModel } from './host/trendsModel';
import { TrendsPanelManager } from './host/trendsPanel';
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

  context.subscriptions.push(
    registerCommands({
      [CommandId.showLog]: () => log.show(),
      [CommandId.openTrends]: () => trendsPanels.open(),
      ...estimate.commands(),
    }),
  );

  log.info(`Tokenwise ${String(context.extension.packageJSON.version)} activated`);
  return { commandIds: Object.values(CommandId), estimate: estimate.api(), trends: { model: trendsModel, panels: trendsPanels, view: trendsView } };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
