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

/**
 * Words that, after a known name, make a different model with a different price (`gpt-4o` + `-mini`,
 * `o3` + `-pro`, `gpt-5` + `-codex`, `gpt-4` + `-turbo`, `gemini-2.5-flash` + `-image`).
 */
const VARIANT_WORDS = new Set([
  'mini', 'nano', 'lite', 'pro', 'max', 'plus', 'flash', 'turbo', 'haiku', 'sonnet', 'opus', 'codex',
  'audio', 'realtime', 'search', 'image', 'tts', 'transcribe', 'embedding', 'instruct', 'vision',
  'large', 'medium', 'small', 'micro', 'oss', 'deep', 'research',
]);

const NAME_BOUNDARY = /[-_:@]/;

/** True when `name` starts with `prefix` followed by a name boundary (`gpt-4o` in `gpt-4o-mini`, not `gpt-4` in `gpt-4o`). */
export function isPrefixAtBoundary(prefix: string, name: string): boolean {
  return name.length > prefix.length && name.startsWith(prefix) && NAME_BOUNDARY.test(name.charAt(prefix.length));
}

/**
 * True when `remainder` (what follows a known name, boundary character included) only qualifies the same
 * model: a date, `-latest`, `-preview-06-05`, `:thinking`, an effort level. False for a version step
 * (`claude-opus-4` + `-9`), a short snapshot id with its own price (`gpt-3.5-turbo` + `-1106`),
 * a context variant (`gpt-4` + `-32k`) or a variant word.
 */
export function remainderKeepsModel(remainder: string): boolean {
  if (!NAME_BOUNDARY.test(remainder.charAt(0))) return false;
  const parts = remainder.split(/[-_:@.]/).filter((part) => part.length > 0);
  const [first] = parts;
  if (first === undefined) return false;
  if (/^\d{1,7}$/.test(first)) return false;
  return !parts.some((part) => VARIANT_WORDS.has(part) || /^\d+k$/.test(part));
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
