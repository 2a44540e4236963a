/** How figures read in the views: grouped integers, compact millions, dollars, percentages and changes. */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: 1 });

export const NOT_ENOUGH_DATA = 'Not enough data';

/**
 * A metric's reason from src/core/efficiency for a card note: "not enough data: 3 accepted edits, at least 5
 * needed" → "3 accepted edits, at least 5 needed" (the card already says "Not enough data").
 */
export function reasonNote(reason: string | null): string | undefined {
  if (reason === null) return undefined;
  const detail = reason.replace(/^not enough data: /, '');
  return detail.charAt(0).toUpperCase() + detail.slice(1);
}

/** Exact below 100 000 (so small weeks read precisely), compact above ("1.2M"). */
export function formatTokens(value: number): string {
  return value < 100_000 ? grouped.format(value) : compact.format(value);
}

export function formatExactTokens(value: number): string {
  return grouped.format(value);
}

export function formatUSD(value: number): string {
  return value > 0 && value < 0.005 ? '< $0.01' : dollars.format(value);
}

export function formatPercent(value: number): string {
  return percent.format(value);
}

/** "+66.7%", "−12%", "no change"; null change reads as an explicit "no comparison". */
export function formatChange(change: number | null): string {
  if (change === null) return 'no comparison';
  if (Math.abs(change) < 0.0005) return 'no change';
  return `${change > 0 ? '+' : '−'}${percent.format(Math.abs(change))}`;
}

/** "Mon 23 Nov" from a local date, without reading the page's clock or zone. */
export function formatDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  return day.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** "23 Nov" for chart axes. */
export function formatShortDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** The last path segment of a project folder, for narrow places (the full path goes in a title). */
export function projectName(project: string): string {
  const parts = project.split(/[\\/]/).filter(Boolean);
  return parts.length > 0 ? parts[parts.length - 1] : project;
}
