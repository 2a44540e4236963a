/**
 * The efficiency settings, validated like the glance's: a wrong value becomes a message naming the setting and
 * the safe value used instead, never an exception and never a silently different behaviour.
 */
import type { SettingProblem } from '../glanceSettings';

export interface EfficiencySettings {
  /** `tokenwise.estimate.calibrate`: learn the estimate factor from the user's transcripts. */
  calibrate: boolean;
  /** `tokenwise.efficiency.authors`: whose commits count; empty: each repository's `git config user.email`. */
  authors: string[];
}

export const EFFICIENCY_SETTING_KEYS = ['estimate.calibrate', 'efficiency.authors'] as const;
export type EfficiencySettingKey = (typeof EFFICIENCY_SETTING_KEYS)[number];

/** Longer author lists are a pasted file, not identities; the rest is ignored with a message. */
export const MAX_AUTHORS = 50;

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Reads each setting through `get` (undefined when unset) and validates it. */
export function parseEfficiencySettings(get: (key: EfficiencySettingKey) => unknown): { settings: EfficiencySettings; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  const complain = (key: EfficiencySettingKey, message: string): void => void problems.push({ setting: `tokenwise.${key}`, message: `tokenwise.${key}: ${message}` });

  let calibrate = true;
  const rawCalibrate = get('estimate.calibrate');
  if (typeof rawCalibrate === 'boolean') calibrate = rawCalibrate;
  else if (rawCalibrate !== undefined) complain('estimate.calibrate', `expected true or false, got ${show(rawCalibrate)}; using true.`);

  let authors: string[] = [];
  const rawAuthors = get('efficiency.authors');
  if (Array.isArray(rawAuthors)) {
    const identities = rawAuthors.filter((item): item is string => typeof item === 'string' && item.trim().length > 0).map((item) => item.trim());
    const ignored = rawAuthors.length - identities.length;
    if (ignored > 0) complain('efficiency.authors', `every entry must be a name or e-mail address (a non-empty string); ignored ${ignored} other entr${ignored === 1 ? 'y' : 'ies'}.`);
    const unique = [...new Set(identities)];
    if (unique.length > MAX_AUTHORS) complain('efficiency.authors', `at most ${MAX_AUTHORS} identities are used; ignored ${unique.length - MAX_AUTHORS} more.`);
    authors = unique.slice(0, MAX_AUTHORS);
  } else if (rawAuthors !== undefined) {
    complain('efficiency.authors', `expected a list of names or e-mail addresses, got ${show(rawAuthors)}; using each repository's git user.email.`);
  }
  return { settings: { calibrate, authors }, problems };
}
