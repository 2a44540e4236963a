/**
 * Model-name surgery for catalog lookup: provider prefixes, Bedrock spellings, date suffixes, and the guard
 * that keeps a prefix match from pricing one model as another (gpt-4o-mini as gpt-4o, o3-pro as o3, …).
 */

export function normaliseModelName(name: string): string {
  return name.trim().toLowerCase();
}

/** Bedrock cross-region / vendor prefixes: `us.anthropic.`, `global.anthropic.`, `anthropic.` … */
const BEDROCK_PREFIX = /^(?:(?:us|eu|apac|ap|jp|au|ca|global|us-gov)\.)?(?:anthropic|openai|google|amazon|meta)\./;
/** Bedrock's model version suffix: `-v1:0`, `-v2`. */
const BEDROCK_VERSION = /-v\d+(?::\d+)?$/;

/**
 * Strips routing prefixes a tool may log: everything up to the last `/` (`anthropic/`, `openai/`, `gemini/`,
 * `vertex_ai/`, `openrouter/anthropic/`, `models/`) and Bedrock's `us.anthropic.…-v1:0` wrapping.
 * Returns the name unchanged when there is nothing to strip.
 */
export function stripProviderPrefix(name: string): string {
  const afterSlash = name.slice(name.lastIndexOf('/') + 1);
  if (!BEDROCK_PREFIX.test(afterSlash)) return afterSlash;
  return afterSlash.replace(BEDROCK_PREFIX, '').replace(BEDROCK_VERSION, '');
}

/** A trailing snapshot date: `-20250929`, `@20250929` (Vertex), `-2025-04-14` (OpenAI). */
const DATE_SUFFIX = /(?:[-@]\d{8}|-\d{4}-\d{2}-\d{2})$/;

/** The name without its date suffix, or undefined when it has none. */
export function dropDateSuffix(name: string): string | undefined {
  return DATE_SUFFIX.test(name) ? name.replace(DATE_SUFFIX, '') : undefined;
}

const NAME_BOUNDARY = /[-_:@]/;

/** True when `name` starts with `prefix` followed by a name boundary (`gpt-4o` in `gpt-4o-mini`, not `gpt-4` in `gpt-4o`). */
export function isPrefixAtBoundary(prefix: string, name: string): boolean {
  return name.length > prefix.length && name.startsWith(prefix) && NAME_BOUNDARY.test(name.charAt(prefix.length));
}

/**
 * Words that may follow a known name without making it another model: release channels and the reasoning-effort
 * levels some tools append. Anything else (`mini`, `pro`, `codex`, `turbo`, `32k`, `o`…) could be a different model
 * with a different price, so it is not guessed at.
 */
const QUALIFIER_WORDS = new Set(['latest', 'preview', 'exp', 'experimental', 'beta', 'stable', 'thinking', 'minimal', 'low', 'medium', 'high', 'xhigh', 'none']);

/** A leading number that is a date (`20250929`, or `2025` followed by a month) rather than a version or snapshot id. */
function isDateStart(parts: string[]): boolean {
  const [first, second] = parts;
  return /^\d{8}$/.test(first) || (/^20\d{2}$/.test(first) && second !== undefined && /^\d{2}$/.test(second));
}

/**
 * True when `remainder` (what follows a known name, boundary character included) only qualifies the same
 * model: a date, `-latest`, `-preview-06-05`, `:thinking`, an effort level, a `-v2` revision. False for a version
 * step (`claude-opus-4` + `-9`), a snapshot id with its own price (`gpt-3.5-turbo` + `-1106`), a context variant
 * (`gpt-4` + `-32k`) or any word not known to keep the price (`-mini`, `-pro`, `-o`).
 */
export function remainderKeepsModel(remainder: string): boolean {
  if (!NAME_BOUNDARY.test(remainder.charAt(0))) return false;
  const parts = remainder.split(/[-_:@.]/).filter((part) => part.length > 0);
  if (parts.length === 0) return false;
  if (/^\d+$/.test(parts[0]) && !isDateStart(parts)) return false;
  return parts.every((part) => /^\d+$/.test(part) || /^v\d+$/.test(part) || QUALIFIER_WORDS.has(part));
}

/** Edit distance, for "did you mean" suggestions over short model names. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
