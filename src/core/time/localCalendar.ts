/**
 * Local calendar dates of UTC instants in an IANA time zone, fast enough for a million records: the zone's
 * UTC offset is looked up once per quarter hour (every real-world offset change falls on a quarter hour)
 * and cached, instead of formatting each timestamp through Intl.
 */

const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 900_000;

export class InvalidTimeZoneError extends Error {
  constructor(readonly timeZone: string) {
    super(`unknown time zone '${timeZone}' (expected an IANA name such as Europe/Berlin or UTC)`);
  }
}

/** The zone this process runs in, as an IANA name. */
export function systemTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export class LocalCalendar {
  private readonly formatter: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();
  private readonly dateKeys = new Map<number, string>();

  constructor(readonly timeZone: string) {
    try {
      this.formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new InvalidTimeZoneError(timeZone);
    }
  }

  /** Milliseconds to add to a UTC instant to get the local wall-clock time. */
  offsetMs(utcMs: number): number {
    const quarter = Math.floor(utcMs / QUARTER_HOUR_MS);
    let offset = this.offsets.get(quarter);
    if (offset === undefined) {
      offset = this.computeOffset(quarter * QUARTER_HOUR_MS);
      this.offsets.set(quarter, offset);
    }
    return offset;
  }

  /** Days since 1970-01-01 of the local date of this instant. */
  dayNumber(utcMs: number): number {
    return Math.floor((utcMs + this.offsetMs(utcMs)) / DAY_MS);
  }

  /** The local date of this instant as YYYY-MM-DD. */
  dateKey(utcMs: number): string {
    const day = this.dayNumber(utcMs);
    let key = this.dateKeys.get(day);
    if (key === undefined) {
      key = dayNumberToDateKey(day);
      this.dateKeys.set(day, key);
    }
    return key;
  }

  /** The UTC instant at which the given local day starts. */
  startOfDay(dayNumber: number): number {
    const wallClock = dayNumber * DAY_MS;
    const guess = wallClock - this.offsetMs(wallClock);
    return wallClock - this.offsetMs(guess);
  }

  private computeOffset(utcMs: number): number {
    const parts: Record<string, number> = {};
    for (const part of this.formatter.formatToParts(new Date(utcMs))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const wallClock = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    return wallClock - Math.floor(utcMs / 1000) * 1000;
  }
}

export function dayNumberToDateKey(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of a YYYY-MM-DD date, or undefined when it is not a real calendar date. */
export function parseDateKey(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

/** The ISO-8601 week of a day as `YYYY-Www` (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekKey(day: number): string {
  const weekday = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday: Monday = 0
  const thursday = day - weekday + 3;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const firstJanuary = Date.UTC(year, 0, 1) / DAY_MS;
  const week = Math.floor((thursday - firstJanuary) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The month of a day as YYYY-MM. */
export function monthKey(day: number): string {
  return dayNumberToDateKey(day).slice(0, 7);
}
