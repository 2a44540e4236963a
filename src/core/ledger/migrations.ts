/**
 * Upgrading ledger files written by older Tokenwise versions. Each step takes the payload of one segment
 * line (the JSON array after the checksum) from version N to N+1; loading chains the steps from a file's
 * version up to {@link LEDGER_VERSION}. A file from a NEWER version is never touched (see LedgerVersionError).
 */
import type { ReaderState } from '../usage/sources';

/**
 * The ledger format this build reads and writes. Version 2 stores the base file's rows column by column
 * (see columns.ts); segment lines did not change, and a version-1 base is read and rewritten by compaction.
 */
export const LEDGER_VERSION = 2;

export interface LedgerMigration {
  /** The version this step upgrades from (to from + 1). */
  from: number;
  /** One line's payload in version `from`, upgraded; null drops an entry the new version no longer keeps. */
  upgradeEntry(entry: ReaderState): ReaderState | null;
}

/** Version 1 → 2 changed the base file only (baseFile.ts reads both); segment lines carry over as they are. */
export const ledgerMigrations: readonly LedgerMigration[] = [{ from: 1, upgradeEntry: (entry) => entry }];

export class LedgerVersionError extends Error {}

/** Upgrades one entry from `fromVersion` to the current version through the given steps. */
export function migrateEntry(entry: ReaderState, fromVersion: number, migrations: readonly LedgerMigration[]): ReaderState | null {
  let current: ReaderState | null = entry;
  for (let version = fromVersion; version < LEDGER_VERSION && current !== null; version++) {
    const step = migrations.find((migration) => migration.from === version);
    if (step === undefined) throw new LedgerVersionError(`no migration from ledger version ${version} to ${version + 1}`);
    current = step.upgradeEntry(current);
  }
  return current;
}

/** Throws when a file was written by a newer Tokenwise, whose format this build cannot read safely. */
export function assertReadableVersion(version: number, what: string): void {
  if (!Number.isInteger(version) || version > LEDGER_VERSION) {
    throw new LedgerVersionError(`${what} was written by a newer Tokenwise (ledger version ${version}; this build reads up to ${LEDGER_VERSION}); update Tokenwise or use another --data-dir`);
  }
}
