/** Turning the many ways logs write a moment (ISO text, epoch s/ms/µs/ns, OTel [seconds, nanos]) into epoch ms. */
import type { JsonValue } from './sourceFs';
import { asArray, asNumber } from './sourceFs';
import { isEpochMs } from './values';

/**
 * An epoch number in unknown units, by magnitude: below 1e12 it is seconds (1e12 ms is 2001-09-09, so no
 * real millisecond value of ours is smaller), below 1e15 milliseconds, below 1e18 microseconds, else nanoseconds.
 */
export function epochNumberToMs(value: number): number {
  if (value < 1e12) return value * 1000;
  if (value < 1e15) return value;
  if (value < 1e18) return value / 1000;
  return value / 1e6;
}

/** Epoch milliseconds, or undefined when the value is not a plausible moment (missing, unparsable, ≤ 0, beyond a Date's range). */
export function toEpochMs(value: JsonValue | undefined): number | undefined {
  let ms: number | undefined;
  const pair = asArray(value);
  if (pair !== undefined) {
    const seconds = asNumber(pair[0]);
    const nanos = asNumber(pair[1]) ?? 0;
    ms = seconds === undefined ? undefined : seconds * 1000 + nanos / 1e6;
  } else if (typeof value === 'string' && !/^\s*\d+(\.\d+)?\s*$/.test(value)) {
    const parsed = Date.parse(value);
    ms = Number.isNaN(parsed) ? undefined : parsed;
  } else {
    const number = asNumber(value);
    ms = number === undefined ? undefined : epochNumberToMs(number);
  }
  return ms !== undefined && isEpochMs(Math.round(ms)) ? Math.round(ms) : undefined;
}
