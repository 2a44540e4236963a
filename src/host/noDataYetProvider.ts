import * as vscode from 'vscode';
import type { TrendsDataProvider, TrendsSnapshot } from './trendsData';

/**
 * Used until the usage ledger is connected: it truthfully reports no records and no checked sources, so the
 * views show their empty state instead of a blank panel. The ledger replaces it in the composition root.
 */
export class NoDataYetProvider implements TrendsDataProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  async load(): Promise<TrendsSnapshot> {
    return { records: [], edits: [], sourcesChecked: [] };
  }

  dispose(): void {
    this.changed.dispose();
  }
}
