import type * as vscode from 'vscode';
import type { TrendsDataProvider, TrendsSnapshot } from '../trendsData';
import type { UsageService } from './usageService';

/** Feeds the Trends views from the usage ledger (excluded projects already removed), and says where it looked. */
export class LedgerTrendsDataProvider implements TrendsDataProvider {
  readonly onDidChange: vscode.Event<void>;

  constructor(private readonly usage: UsageService) {
    this.onDidChange = usage.onDidChange;
  }

  async load(): Promise<TrendsSnapshot> {
    return { records: this.usage.records(), edits: this.usage.edits(), sourcesChecked: this.usage.sourcesChecked };
  }

  dispose(): void {
    // The usage service owns the event and is disposed by the composition root.
  }
}
