import * as vscode from 'vscode';
import { writeFile } from 'node:fs/promises';
import { budgetAlertToShow, type BudgetAlertMemory } from '../core/trends/budget';
import { buildTrendsState } from '../core/trends/buildState';
import { localDateOf } from '../core/trends/calendar';
import { dailyRows, resolveRange } from '../core/trends/daily';
import { serialiseRows } from '../core/trends/exportRows';
import type { PriceRecord } from '../core/trends/facts';
import type { DailyQuery, ExportFormat, TrendsState } from '../shared/protocol';
import { Disposable } from './lifecycle';
import { settingValue } from './settings';
import type { TrendsDataProvider } from './trendsData';

const budgetMemoryKey = 'tokenwise.budgetAlert';
/** How often to check whether the day has turned (so "today" and "this week" roll over without new data). */
const dayCheckIntervalMs = 5 * 60_000;

function currentTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export interface TrendsSettings {
  weeklyBudgetUSD: number | null;
  budgetNotifications: boolean;
}

/** The two budget settings, through their rules in the settings table (an unusable budget is "no budget"). */
export function readTrendsSettings(): TrendsSettings {
  return { weeklyBudgetUSD: settingValue('weeklyBudgetUSD'), budgetNotifications: settingValue('budgetNotifications') };
}

function isBudgetMemory(value: unknown): value is BudgetAlertMemory {
  if (typeof value !== 'object' || value === null) return false;
  const memory = value as Record<string, unknown>;
  return typeof memory.weekStart === 'string' && (memory.level === 80 || memory.level === 100);
}

/**
 * The state both Trends webviews show: rebuilt from the data provider when it changes or the settings do,
 * announced to listeners, and the source of exports (so a file holds exactly what the panel shows).
 */
export class TrendsModel extends Disposable {
  private state: TrendsState = { status: 'empty', sources: [] };
  private readonly changed = this.register(new vscode.EventEmitter<TrendsState>());
  readonly onDidChangeState = this.changed.event;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;

  constructor(
    private readonly provider: TrendsDataProvider,
    private readonly price: PriceRecord,
    private readonly globalState: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    private readonly now: () => number = () => Date.now(),
  ) {
    super();
    this.register(provider.onDidChange(() => void this.refresh()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('tokenwise.weeklyBudgetUSD') || event.affectsConfiguration('tokenwise.budgetNotifications')) void this.refresh();
      }),
    );
    const dayCheck = setInterval(() => {
      if (this.state.status === 'ready' && localDateOf(this.now(), this.state.timeZone) !== this.state.today) void this.refresh();
    }, dayCheckIntervalMs);
    this.register({ dispose: () => clearInterval(dayCheck) });
  }

  get current(): TrendsState {
    return this.state;
  }

  /** Rebuilds the state; calls during a rebuild coalesce into one more rebuild afterwards. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        await this.rebuild();
      } while (this.refreshAgain && !this.isDisposed);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async rebuild(): Promise<void> {
    try {
      const snapshot = await this.provider.load();
      const settings = readTrendsSettings();
      this.state = buildTrendsState({
        records: snapshot.records,
        edits: snapshot.edits,
        price: this.price,
        timeZone: currentTimeZone(),
        nowMs: this.now(),
        weeklyBudgetUSD: settings.weeklyBudgetUSD,
        sources: snapshot.sourcesChecked,
        commits: snapshot.commits,
        landed: snapshot.landed,
      });
      if (!this.isDisposed) this.changed.fire(this.state);
      if (settings.budgetNotifications) await this.announceBudget();
    } catch (error) {
      this.log.error(`Could not build the trends: ${(error as Error).message}`);
    }
  }

  /** One unobtrusive notification at 80 % and one at 100 % of the weekly budget, remembered per week. */
  private async announceBudget(): Promise<void> {
    if (this.state.status !== 'ready' || !this.state.budget) return;
    const weekStart = this.state.week.thisWeekStart;
    const saved = this.globalState.get<unknown>(budgetMemoryKey);
    const level = budgetAlertToShow(this.state.budget, weekStart, isBudgetMemory(saved) ? saved : undefined);
    if (level === null) return;
    await this.globalState.update(budgetMemoryKey, { weekStart, level } satisfies BudgetAlertMemory);
    const spent = `$${this.state.budget.spentUSD.toFixed(2)} of $${this.state.budget.weeklyBudgetUSD.toFixed(2)}`;
    const message = level === 100 ? `Tokenwise: this week's AI spend has reached your weekly budget (${spent}).` : `Tokenwise: this week's AI spend is at ${Math.floor((this.state.budget.fraction ?? 0) * 100)}% of your weekly budget (${spent}).`;
    void vscode.window.showInformationMessage(message, 'Open Trends').then((choice) => {
      if (choice === 'Open Trends') void vscode.commands.executeCommand('tokenwise.openTrends');
    });
  }

  /** Asks where to save, then writes the rows the panel shows for `query`. Returns the file written, if any. */
  async export(format: ExportFormat, query: DailyQuery): Promise<vscode.Uri | undefined> {
    if (this.state.status !== 'ready') {
      void vscode.window.showWarningMessage('Tokenwise: there is no usage to export yet.');
      return undefined;
    }
    const { from, to } = resolveRange(query.range, this.state.today);
    const defaultName = `tokenwise-trends-${from}-to-${to}.${format}`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'Export Tokenwise trends',
      defaultUri: folder ? vscode.Uri.joinPath(folder, defaultName) : undefined,
      filters: format === 'csv' ? { 'CSV files': ['csv'] } : { 'JSON files': ['json'] },
      saveLabel: 'Export',
    });
    if (!target) return undefined;
    try {
      const rowCount = await this.exportTo(target, format, query);
      void vscode.window.showInformationMessage(`Tokenwise: exported ${rowCount} days to ${target.fsPath}`);
      return target;
    } catch (error) {
      void vscode.window.showErrorMessage(`Tokenwise: could not write ${target.fsPath}: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Writes the rows the panel shows for `query` to `target` (no dialog); returns how many rows were written. */
  async exportTo(target: vscode.Uri, format: ExportFormat, query: DailyQuery): Promise<number> {
    if (this.state.status !== 'ready') throw new Error('there is no usage to export yet');
    const rows = dailyRows(this.state.facts, query, this.state.today);
    await writeFile(target.fsPath, serialiseRows(rows, format), 'utf8');
    this.log.info(`Exported ${rows.length} rows to ${target.fsPath}`);
    return rows.length;
  }
}
