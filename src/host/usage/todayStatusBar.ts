import * as vscode from 'vscode';
import { summariseToday, todaySpendText, todaySpendTooltip, type PriceRecord, type TodaySpend } from '../../core/usage/todaySpend';
import { CommandId } from '../commands';
import { Disposable } from '../lifecycle';
import type { UsageService } from './usageService';
import { readUsageSettings } from './usageSettings';

/** How often to check whether the local day has turned, so "today" resets without new usage. */
const DAY_CHECK_MS = 5 * 60_000;

function currentTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** What the status bar item shows, for tests and for the hidden state. */
export interface TodayStatusSnapshot {
  visible: boolean;
  text: string;
  tooltip: string;
  spend: TodaySpend | undefined;
}

/**
 * The `tokenwise.todaySpend` status bar item: today's API-equivalent spend and tokens. Hidden until some AI
 * usage has ever been found (a machine without AI tools gets no clutter), and when the setting turns it off.
 */
export class TodayStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('tokenwise.todaySpend', vscode.StatusBarAlignment.Right, 100));
  private state: TodayStatusSnapshot = { visible: false, text: '', tooltip: '', spend: undefined };
  private shownDate: string | undefined;

  constructor(
    private readonly usage: UsageService,
    private readonly price: PriceRecord,
    private readonly toolLabel: (tool: string) => string,
  ) {
    super();
    this.item.name = 'Tokenwise: Today’s AI Spend';
    this.item.command = CommandId.openTrends;
    this.register(usage.onDidChange(() => this.update()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('tokenwise.usageStatusBar.enabled')) this.update();
      }),
    );
    const dayCheck = setInterval(() => {
      if (this.shownDate !== undefined && this.shownDate !== summariseToday([], this.summaryOptions()).date) this.update();
    }, DAY_CHECK_MS);
    this.register({ dispose: () => clearInterval(dayCheck) });
    this.update();
  }

  get snapshot(): TodayStatusSnapshot {
    return this.state;
  }

  private summaryOptions(): Parameters<typeof summariseToday>[1] {
    return { price: this.price, timeZone: currentTimeZone(), nowMs: Date.now(), toolLabel: this.toolLabel };
  }

  update(): void {
    const enabled = readUsageSettings().statusBarEnabled;
    const spend = this.usage.hasAnyUsage ? summariseToday(this.usage.records(), this.summaryOptions()) : undefined;
    this.shownDate = spend?.date;
    const tooltip = todaySpendTooltip(spend, this.usage.foldersRead);
    const visible = enabled && spend !== undefined;
    this.state = { visible, text: spend === undefined ? '' : todaySpendText(spend), tooltip, spend };
    if (!visible) {
      this.item.hide();
      return;
    }
    this.item.text = this.state.text;
    const markdown = new vscode.MarkdownString(tooltip);
    markdown.supportThemeIcons = false;
    this.item.tooltip = markdown;
    this.item.show();
  }
}
