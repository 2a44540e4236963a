/**
 * Short, locale-independent strings for token counts and dollar amounts (status bar, CLI, reports).
 * Fixed `,` and `.` so output is the same on every machine and in tests.
 */

/** `1284` → `1,284`. Rounds to a whole number. */
export function groupThousands(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const COMPACT_UNITS = [
  { value: 1e9, suffix: 'B' },
  { value: 1e6, suffix: 'M' },
  { value: 1e3, suffix: 'k' },
] as const;

/** One decimal below 100 of a unit (`12.3k`), none above (`123k`); a trailing `.0` is dropped (`12k`). */
function compact(n: number): string {
  for (const [index, unit] of COMPACT_UNITS.entries()) {
    if (n < unit.value) continue;
    const scaled = n / unit.value;
    const text = scaled < 100 ? scaled.toFixed(1).replace(/\.0$/, '') : scaled.toFixed(0);
    // 999,950 rounds to "1000k": say "1M" instead.
    const larger = COMPACT_UNITS[index - 1];
    if (text === '1000' && larger) return `1${larger.suffix}`;
    return text + unit.suffix;
  }
  return String(Math.round(n));
}

/**
 * A token count for people: `1,284` below 10,000, then `12.3k`, `1.2M`. `mode: 'exact'` always groups
 * thousands (`1,234,567`), for tables where digits line up.
 */
export function formatTokens(n: number, mode: 'auto' | 'exact' = 'auto'): string {
  if (!Number.isFinite(n)) return '?';
  const rounded = Math.round(n);
  if (mode === 'exact' || Math.abs(rounded) < 10_000) return groupThousands(rounded);
  return (rounded < 0 ? '-' : '') + compact(Math.abs(rounded));
}

/**
 * A cost in US dollars with the precision it deserves: `$1,234.57`, `$1.24`, `$0.045`, `$0.0032`, `<$0.0001`.
 * `undefined`/`null` (no price known) is "unpriced", never "$0".
 */
export function formatUSD(x: number | undefined | null): string {
  if (x === undefined || x === null || !Number.isFinite(x)) return 'unpriced';
  if (x === 0) return '$0.00';
  const sign = x < 0 ? '-' : '';
  const amount = Math.abs(x);
  if (amount < 0.0001) return `${sign}<$0.0001`;
  // Bands are chosen on the rounded value, so $0.0999 reads "$0.10", not "$0.100".
  if (amount < 0.00995) return `${sign}$${amount.toFixed(4)}`;
  if (amount < 0.0995) return `${sign}$${amount.toFixed(3)}`;
  const [whole, cents] = amount.toFixed(2).split('.');
  return `${sign}$${groupThousands(Number(whole))}.${cents}`;
}
