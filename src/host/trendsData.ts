import type * as vscode from 'vscode';
import type { LandedSummary, SourceCheck } from '../shared/protocol';
import type { AttributedCommit } from '../core/git/attribution';
import type { EditEvent, UsageRecord } from '../core/usage/types';

/** Everything the Trends views are built from, as one consistent snapshot. */
export interface TrendsSnapshot {
  records: readonly UsageRecord[];
  edits: readonly EditEvent[];
  /** Where usage was looked for, shown in the empty state so "no data" is never a mystery. */
  sourcesChecked: SourceCheck[];
  /** Commits landed in the workspace's repositories by the user's identities, attributed to projects. */
  commits: readonly AttributedCommit[];
  /** Where the commits came from; undefined when this provider reads no git (test snapshots). */
  landed?: LandedSummary;
}

/**
 * Where the Trends views get their data. The ledger implements this in the product; tests use
 * {@link FileTrendsDataProvider}. `onDidChange` fires when a new snapshot is available.
 */
export interface TrendsDataProvider {
  load(): Promise<TrendsSnapshot>;
  readonly onDidChange: vscode.Event<void>;
}
