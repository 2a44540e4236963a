import type * as vscode from 'vscode';
import type { SourceCheck } from '../shared/protocol';
import type { EditEvent, UsageRecord } from '../core/usage/types';

/** Everything the Trends views are built from, as one consistent snapshot. */
export interface TrendsSnapshot {
  records: readonly UsageRecord[];
  edits: readonly EditEvent[];
  /** Where usage was looked for, shown in the empty state so "no data" is never a mystery. */
  sourcesChecked: SourceCheck[];
}

/**
 * Where the Trends views get their data. The ledger implements this in the product; tests use
 * {@link FileTrendsDataProvider}. `onDidChange` fires when a new snapshot is available.
 */
export interface TrendsDataProvider {
  load(): Promise<TrendsSnapshot>;
  readonly onDidChange: vscode.Event<void>;
}
