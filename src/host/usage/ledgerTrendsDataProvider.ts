import * as vscode from 'vscode';
import type { WorkspaceGit } from '../git/workspaceGit';
import type { TrendsDataProvider, TrendsSnapshot } from '../trendsData';
import type { UsageService } from './usageService';

/**
 * Feeds the Trends views from the usage ledger (excluded projects already removed) and the workspace's git
 * commits, and says where it looked. Changes to either announce a new snapshot.
 */
export class LedgerTrendsDataProvider implements TrendsDataProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly usage: UsageService,
    private readonly git: WorkspaceGit,
  ) {
    this.subscriptions = [usage.onDidChange(() => this.changed.fire()), git.onDidChange(() => this.changed.fire())];
  }

  async load(): Promise<TrendsSnapshot> {
    const landed = this.git.current;
    return {
      records: this.usage.records(),
      edits: this.usage.edits(),
      sourcesChecked: this.usage.sourcesChecked,
      commits: landed.commits,
      landed: { repositories: landed.repositories.length, note: landed.commits.length === 0 ? (landed.problems[0] ?? null) : null },
    };
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.changed.dispose();
  }
}
