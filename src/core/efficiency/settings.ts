/**
 * The efficiency settings' own checks, used by the settings table (src/core/settings/settingsTable.ts): a wrong
 * value becomes a sentence saying what is used instead, never an exception and never a silently different behaviour.
 */
import { showValue, type CheckedSetting } from '../settings/rules';

/** Longer author lists are a pasted file, not identities; the rest is ignored with a message. */
export const MAX_AUTHORS = 50;

/** `tokenwise.efficiency.authors`: trimmed, unique, non-empty names or e-mails; anything else is named and left out. */
export function checkAuthors(raw: unknown): CheckedSetting<string[]> {
  if (!Array.isArray(raw)) {
    return { value: [], problems: [`expected a list of names or e-mail addresses, got ${showValue(raw)}; using each repository's git user.email.`] };
  }
  const problems: string[] = [];
  const identities = raw.filter((item): item is string => typeof item === 'string' && item.trim().length > 0).map((item) => item.trim());
  const ignored = raw.length - identities.length;
  if (ignored > 0) problems.push(`every entry must be a name or e-mail address (a non-empty string); ignored ${ignored} other entr${ignored === 1 ? 'y' : 'ies'}.`);
  const unique = [...new Set(identities)];
  if (unique.length > MAX_AUTHORS) problems.push(`at most ${MAX_AUTHORS} identities are used; ignored ${unique.length - MAX_AUTHORS} more.`);
  return { value: unique.slice(0, MAX_AUTHORS), problems };
}
