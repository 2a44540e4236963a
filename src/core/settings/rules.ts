/**
 * Building blocks for validating one `tokenwise.*` setting: each rule turns whatever is in settings.json (any
 * JSON value, or undefined when unset) into a typed value, plus one sentence per problem saying what was wrong
 * and what is used instead. Rules never throw and never pass an unusable value through. Pure: no VS Code, and
 * the file system only through {@link SettingContext}, so unit tests drive the same code the extension runs.
 */
import path from 'node:path';

/** What is at a path on this machine, for settings that name folders. */
export type PathKind = 'directory' | 'file' | 'missing' | 'unreadable';

export interface SettingContext {
  pathKind(absolutePath: string): PathKind;
}

export interface CheckedSetting<T> {
  value: T;
  /** Sentences without the setting name, e.g. `expected true or false, got "yes"; using true.` */
  problems: string[];
}

export interface SettingRule<T> {
  /** The value when the setting is unset: the package.json default. */
  readonly fallback: T;
  check(raw: unknown, context: SettingContext): CheckedSetting<T>;
}

/** A value as the user would have typed it, shortened so one absurd setting cannot flood the log. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

const ok = <T>(value: T): CheckedSetting<T> => ({ value, problems: [] });

export function booleanRule(fallback: boolean): SettingRule<boolean> {
  return {
    fallback,
    check: (raw) => (raw === undefined ? ok(fallback) : typeof raw === 'boolean' ? ok(raw) : { value: fallback, problems: [`expected true or false, got ${showValue(raw)}; using ${fallback}.`] }),
  };
}

export function enumRule<T extends string>(allowed: readonly T[], fallback: T): SettingRule<T> {
  const list = allowed.map((item) => `"${item}"`).join(' or ');
  return {
    fallback,
    check: (raw) => {
      if (raw === undefined) return ok(fallback);
      if ((allowed as readonly unknown[]).includes(raw)) return ok(raw as T);
      return { value: fallback, problems: [`expected ${list}, got ${showValue(raw)}; using "${fallback}".`] };
    },
  };
}

export interface NumberRange {
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** What the number is, for the message: "a percentage", "a whole number of days". */
  noun: string;
}

/** A finite number within a range; with `nullable`, `null` is a valid choice meaning "none". */
export function numberRule(range: NumberRange, fallback: number): SettingRule<number>;
export function numberRule(range: NumberRange, fallback: number | null, options: { nullable: true; nullMeans: string }): SettingRule<number | null>;
export function numberRule(range: NumberRange, fallback: number | null, options?: { nullable: true; nullMeans: string }): SettingRule<number | null> {
  const expected = `${range.noun} from ${range.min} to ${range.max}${options ? `, or null for ${options.nullMeans}` : ''}`;
  const using = fallback === null ? `using null (${options?.nullMeans ?? 'none'})` : `using ${fallback}`;
  return {
    fallback,
    check: (raw) => {
      if (raw === undefined) return ok(fallback);
      if (raw === null && options) return ok(null);
      const usable = typeof raw === 'number' && Number.isFinite(raw) && raw >= range.min && raw <= range.max && (!range.integer || Number.isInteger(raw));
      return usable ? ok(raw) : { value: fallback, problems: [`expected ${expected}, got ${showValue(raw)}; ${using}.`] };
    },
  };
}

/** A model id or alias; whether the catalog knows it is checked with the other settings (custom models count). */
export function modelIdRule(fallback: string): SettingRule<string> {
  return {
    fallback,
    check: (raw) => {
      if (raw === undefined) return ok(fallback);
      if (typeof raw === 'string' && raw.trim().length > 0 && raw.length <= MAX_NAME_LENGTH) return ok(raw.trim());
      return { value: fallback, problems: [`expected a model id such as "${fallback}", got ${showValue(raw)}; using ${fallback}.`] };
    },
  };
}

/** Longer than any model id or path a tool uses: such a value is pasted by mistake. */
const MAX_NAME_LENGTH = 4096;

/** A few items of a list, for a message: `a, b, c and 497 more`. */
function listSome(items: readonly string[], shown = 5): string {
  const named = items.slice(0, shown).map((item) => (item.length > 80 ? `${item.slice(0, 77)}…` : item)).join(', ');
  return items.length > shown ? `${named} and ${items.length - shown} more` : named;
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/**
 * A list of non-empty strings, duplicates removed, at most `maxItems`. Entries that are not strings are
 * dropped (the rest are kept); a value that is not a list at all gives the fallback list.
 */
function stringListCheck(raw: unknown, fallback: readonly string[], what: string, maxItems: number): CheckedSetting<string[]> {
  if (raw === undefined) return ok([...fallback]);
  if (!Array.isArray(raw)) return { value: [...fallback], problems: [`expected a list of ${what}s, got ${showValue(raw)}; using ${fallback.length === 0 ? 'an empty list' : 'the defaults'}.`] };
  const problems: string[] = [];
  const usable = raw.filter((item): item is string => typeof item === 'string' && item.trim().length > 0 && item.length <= MAX_NAME_LENGTH).map((item) => item.trim());
  const dropped = raw.length - usable.length;
  if (dropped > 0) problems.push(`every entry must be a ${what} (a non-empty string); ignored ${plural(dropped, 'other entry', 'other entries')}.`);
  const unique = [...new Set(usable)];
  if (unique.length < usable.length) problems.push(`${showValue([...new Set(usable.filter((item, index) => usable.indexOf(item) !== index))])} listed more than once; used once.`);
  if (unique.length > maxItems) problems.push(`at most ${maxItems} entries are used; ignored ${listSome(unique.slice(maxItems))}.`);
  return { value: unique.slice(0, maxItems), problems };
}

export function modelListRule(fallback: readonly string[], maxItems: number): SettingRule<string[]> {
  return { fallback: [...fallback], check: (raw) => stringListCheck(raw, fallback, 'model id', maxItems) };
}

/** Enough for any real exclusion list; more is a generated or pasted mistake that would slow every filter. */
const MAX_PATTERNS = 1000;

/**
 * Project exclusion globs (see src/core/glob.ts). Every pattern is kept, since none can break the matcher, but
 * the ones that cannot mean what the user intended are named: relative ones never match the absolute project
 * folders, `~` is not expanded, brackets and braces are literal, and `**` alone hides everything.
 */
export function projectGlobListRule(): SettingRule<string[]> {
  return {
    fallback: [],
    check: (raw) => {
      const { value, problems } = stringListCheck(raw, [], 'glob pattern', MAX_PATTERNS);
      for (const pattern of value) {
        const advice = globAdvice(pattern);
        if (advice !== undefined) problems.push(`pattern "${pattern}" ${advice}`);
      }
      return { value, problems };
    },
  };
}

function isAbsoluteAnywhere(candidate: string): boolean {
  return path.posix.isAbsolute(candidate) || path.win32.isAbsolute(candidate);
}

function globAdvice(pattern: string): string | undefined {
  if (pattern.startsWith('~')) return 'starts with "~", which is not expanded: write the full path of the folder.';
  if (!isAbsoluteAnywhere(pattern) && !pattern.startsWith('*')) return `is relative, so it matches no project folder (they are full paths): write "**/${pattern}" or the full path.`;
  if (/^[/\\]?(\*\*[/\\]?)+$/.test(pattern)) return 'matches every project, so all usage is hidden from the status bar, Weekly Trends and exports.';
  if (/[[\]{}]/.test(pattern)) return 'contains [ ] or { }, which are matched literally (only *, ** and ? are wildcards).';
  return undefined;
}

function pathProblem(entry: string, context: SettingContext): { problem: string; usable: boolean } | undefined {
  if (entry.startsWith('~')) return { problem: `"${entry}" starts with "~", which is not expanded: write the full path`, usable: false };
  if (!isAbsoluteAnywhere(entry)) return { problem: `"${entry}" is not a full path (relative to what?)`, usable: false };
  const kind = context.pathKind(entry);
  if (kind === 'missing') return { problem: `"${entry}" does not exist (yet)`, usable: true };
  if (kind === 'unreadable') return { problem: `"${entry}" cannot be read by Tokenwise`, usable: true };
  return undefined;
}

/**
 * Folders (or database files) replacing a tool's auto-detection. Relative paths are dropped; paths that do not
 * exist yet are kept (the tool may be installed later) but named, since while the list is not empty nothing else
 * is looked at.
 */
export function sourcePathListRule(): SettingRule<string[]> {
  return {
    fallback: [],
    check: (raw, context) => {
      const listed = stringListCheck(raw, [], 'folder path', MAX_PATTERNS);
      const problems = [...listed.problems];
      const value: string[] = [];
      for (const entry of listed.value) {
        const found = pathProblem(entry, context);
        if (found === undefined || found.usable) value.push(entry);
        if (found !== undefined) problems.push(`${found.problem}; ${found.usable ? 'nothing is read from it until it does, and auto-detection stays off while this list is not empty.' : 'ignored.'}`);
      }
      return { value, problems };
    },
  };
}

/** The ledger folder: empty means the default; a relative path or an existing file cannot hold a ledger. */
export function dataDirectoryRule(): SettingRule<string> {
  const fallbackText = 'using the default data folder (TOKENWISE_DATA_DIR or the platform folder)';
  return {
    fallback: '',
    check: (raw, context) => {
      if (raw === undefined) return ok('');
      if (typeof raw !== 'string' || raw.length > MAX_NAME_LENGTH) return { value: '', problems: [`expected the full path of a folder, got ${showValue(raw)}; ${fallbackText}.`] };
      const trimmed = raw.trim();
      if (trimmed === '') return ok('');
      if (trimmed.startsWith('~') || !isAbsoluteAnywhere(trimmed)) return { value: '', problems: [`"${trimmed}" is not a full path${trimmed.startsWith('~') ? ' ("~" is not expanded)' : ''}; ${fallbackText}.`] };
      const kind = context.pathKind(trimmed);
      if (kind === 'file') return { value: '', problems: [`"${trimmed}" is a file, not a folder; ${fallbackText}.`] };
      if (kind === 'unreadable') return { value: '', problems: [`"${trimmed}" cannot be used by Tokenwise; ${fallbackText}.`] };
      // A missing folder is created by the first ingest, so it is not a problem.
      return ok(trimmed);
    },
  };
}

/** A value whose checking is delegated to the code that uses it (it reports in the same sentence format). */
export function delegatedRule<T>(fallback: T, check: (raw: unknown) => CheckedSetting<T>): SettingRule<T> {
  return { fallback, check: (raw) => (raw === undefined ? ok(fallback) : check(raw)) };
}
