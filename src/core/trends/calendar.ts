/**
 * Calendar arithmetic on local dates (`YYYY-MM-DD`) in an IANA zone. A timestamp becomes a local date once,
 * through Intl; everything after that is civil-date arithmetic (done on UTC midnights, so no DST jump can
 * shift a day).
 */
import type { LocalDate } from '../../shared/protocol';

const MS_PER_DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a clear error for a zone the runtime does not know (e.g. a typo in a setting). */
export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new RangeError(`Unknown time zone "${timeZone}": use an IANA name such as "Europe/Berlin" or "UTC".`);
  }
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    assertTimeZone(timeZone);
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar date of an instant as seen in `timeZone`. */
export function localDateOf(timestampMs: number, timeZone: string): LocalDate {
  const parts = formatterFor(timeZone).formatToParts(new Date(timestampMs));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function toUtcMidnight(date: LocalDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function fromUtcMidnight(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMidnight(toUtcMidnight(date) + days * MS_PER_DAY);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtcMidnight(to) - toUtcMidnight(from)) / MS_PER_DAY);
}

/** The Monday that starts the ISO week containing `date`. */
export function isoWeekStart(date: LocalDate): LocalDate {
  const weekday = new Date(toUtcMidnight(date)).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/** Every date from `from` to `to`, both included. */
export function datesFrom(from: LocalDate, to: LocalDate): LocalDate[] {
  const count = daysBetween(from, to) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, index) => addDays(from, index));
}
