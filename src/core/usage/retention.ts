/** Validation of the `tokenwise.retentionDays` setting: how many days of per-response detail the ledger keeps. */
import { DEFAULT_RETENTION_DAYS } from '../ledger/diskLedger';
import { showValue } from '../settings/rules';

/** Fewer days would roll up the current week's detail that the Trends views are built from. */
export const MIN_RETENTION_DAYS = 30;
/** A hundred years: anything beyond is a typo, and `null` already means "keep everything". */
export const MAX_RETENTION_DAYS = 36_500;

export interface RetentionChoice {
  /** Days of detail to keep, or null to keep everything. */
  days: number | null;
  /** Set when the configured value was unusable and the default is used instead. */
  problem?: string;
}

export function validateRetentionDays(value: unknown): RetentionChoice {
  if (value === null) return { days: null };
  if (value === undefined) return { days: DEFAULT_RETENTION_DAYS };
  if (typeof value === 'number' && Number.isInteger(value) && value >= MIN_RETENTION_DAYS && value <= MAX_RETENTION_DAYS) return { days: value };
  return {
    days: DEFAULT_RETENTION_DAYS,
    problem: `tokenwise.retentionDays must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}, or null to keep everything; ${showValue(value)} is not, so the default of ${DEFAULT_RETENTION_DAYS} days is used.`,
  };
}
