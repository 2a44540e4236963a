/**
 * Folder → the files worth pasting into a prompt. Follows the rules a developer expects from their repository:
 * `.gitignore` files at every level (negation, directory-only, anchored and `**` patterns, via the `ignore`
 * library, which implements git's matching), the editor's `files.exclude` globs, and no binary or oversized
 * files. Everything left out is reported with its reason, so nothing disappears silently.
 */
import { lstat, open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

export type SkipReason = 'gitignored' | 'excluded' | 'binary' | 'tooLarge' | 'unreadable' | 'symlink' | 'fileLimit';

export interface SkippedEntry {
  /** Workspace-relative, `/`-separated; directories end with `/`. */
  relativePath: string;
  reason: SkipReason;
}

export interface ExpandedFile {
  path: string;
  relativePath: string;
  bytes: number;
}

export interface FolderExpansion {
  files: ExpandedFile[];
  skipped: SkippedEntry[];
}

export interface ExpansionOptions {
  /** The workspace folder the folder belongs to: where `.gitignore` lookup and `files.exclude` matching start. */
  workspaceRoot: string;
  /** `files.exclude` patterns that are switched on (workspace-relative globs such as `**\/.git`). */
  excludeGlobs: readonly string[];
  /**
   * `files.exclude` patterns with a sibling condition, e.g. `**\/*.js` when `$(basename).ts` exists: the generated
   * file is left out only when its source sits beside it, as the Explorer does.
   */
  conditionalExcludes?: readonly ConditionalExclude[];
  /** Files larger than this are skipped (setting `tokenwise.context.maxFileSizeKB`). */
  maxFileBytes: number;
  /** Stop after this many files, so a mis-click on a huge tree cannot flood the context. */
  maxFiles: number;
}

export interface ConditionalExclude {
  glob: string;
  /** Sibling file name, where `$(basename)` stands for the matched file's name without its last extension. */
  whenSibling: string;
}

export const DEFAULT_MAX_FILE_KB = 512;
export const DEFAULT_MAX_FOLDER_FILES = 500;
/** Git's own heuristic: a NUL byte in the first 8 KB means binary. */
const BINARY_SNIFF_BYTES = 8192;

interface IgnoreLayer {
  /** Workspace-relative directory of the .gitignore ('' for the root). */
  dir: string;
  rules: Ignore;
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

async function loadGitignore(workspaceRoot: string, dir: string): Promise<IgnoreLayer | undefined> {
  try {
    const text = await readFile(path.join(workspaceRoot, dir, '.gitignore'), 'utf8');
    return { dir, rules: ignore().add(text) };
  } catch {
    return undefined; // No .gitignore here (or unreadable): nothing to apply.
  }
}

/** Git semantics: deeper .gitignore files override shallower ones; within one file the last matching rule wins. */
function isGitignored(layers: readonly IgnoreLayer[], relativePath: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const prefix = layer.dir === '' ? '' : `${layer.dir}/`;
    if (!relativePath.startsWith(prefix)) continue;
    const inner = relativePath.slice(prefix.length) + (isDirectory ? '/' : '');
    const result = layer.rules.test(inner);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/** Whether the first 8 KB of a file hold a NUL byte. */
export async function looksBinary(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(BINARY_SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, BINARY_SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead).includes(0);
  } finally {
    await handle.close();
  }
}

export type PromptFileRead = { ok: true; text: string; bytes: number } | { ok: false; reason: Exclude<SkipReason, 'gitignored' | 'excluded' | 'fileLimit' | 'symlink'>; message: string };

/** Reads one file for a prompt, refusing binary and oversized files with a reason a person can act on. */
export async function readPromptFile(file: string, maxFileBytes: number): Promise<PromptFileRead> {
  try {
    const info = await lstat(file);
    if (info.size > maxFileBytes) {
      return { ok: false, reason: 'tooLarge', message: `${path.basename(file)} is ${Math.ceil(info.size / 1024)} KB, over the ${Math.round(maxFileBytes / 1024)} KB limit (tokenwise.context.maxFileSizeKB)` };
    }
    const bytes = await readFile(file);
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { ok: false, reason: 'binary', message: `${path.basename(file)} is a binary file` };
    const text = bytes.toString('utf8');
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, bytes: bytes.length };
  } catch (error) {
    return { ok: false, reason: 'unreadable', message: `${path.basename(file)} could not be read: ${(error as Error).message}` };
  }
}

/** Walks `folder` depth first in name order and returns the files to include plus everything skipped. */
export async function expandFolder(folder: string, options: ExpansionOptions): Promise<FolderExpansion> {
  const start = path.resolve(folder);
  const givenRoot = path.resolve(options.workspaceRoot);
  // A folder outside the given workspace folder is its own root.
  const outside = path.relative(givenRoot, start);
  const root = outside.startsWith('..') || path.isAbsolute(outside) ? start : givenRoot;
  const excluded = options.excludeGlobs.length > 0 ? picomatch([...options.excludeGlobs], { dot: true }) : () => false;
  const siblingRules = (options.conditionalExcludes ?? []).map((rule) => ({ matches: picomatch(rule.glob, { dot: true }), whenSibling: rule.whenSibling }));
  const excludedBySibling = (relativePath: string, name: string, siblings: ReadonlySet<string>): boolean => {
    if (siblingRules.length === 0) return false;
    const dot = name.lastIndexOf('.');
    const basename = dot > 0 ? name.slice(0, dot) : name;
    return siblingRules.some((rule) => {
      if (!rule.matches(relativePath)) return false;
      const sibling = rule.whenSibling.split('$(basename)').join(basename);
      return sibling !== name && siblings.has(sibling);
    });
  };
  const files: ExpandedFile[] = [];
  const skipped: SkippedEntry[] = [];

  // .gitignore files from the workspace root down to the folder itself apply to everything below it.
  const startRelative = toPosix(path.relative(root, start));
  const ancestors = startRelative === '' ? [''] : ['', ...startRelative.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'))];
  const inherited: IgnoreLayer[] = [];
  for (const dir of ancestors.slice(0, -1)) {
    const layer = await loadGitignore(root, dir);
    if (layer) inherited.push(layer);
  }

  const walk = async (dirRelative: string, layers: readonly IgnoreLayer[]): Promise<void> => {
    const own = await loadGitignore(root, dirRelative);
    const active = own ? [...layers, own] : layers;
    let entries;
    try {
      entries = await readdir(path.join(root, dirRelative), { withFileTypes: true });
    } catch {
      skipped.push({ relativePath: `${dirRelative}/`, reason: 'unreadable' });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const names = new Set(entries.map((entry) => entry.name));
    for (const entry of entries) {
      const relativePath = dirRelative === '' ? entry.name : `${dirRelative}/${entry.name}`;
      const isDirectory = entry.isDirectory();
      const shown = isDirectory ? `${relativePath}/` : relativePath;
      if (entry.name === '.git' && isDirectory) continue; // Git's own store is never content.
      if (entry.isSymbolicLink()) {
        skipped.push({ relativePath: shown, reason: 'symlink' });
        continue;
      }
      if (excluded(relativePath) || excludedBySibling(relativePath, entry.name, names)) {
        skipped.push({ relativePath: shown, reason: 'excluded' });
        continue;
      }
      if (isGitignored(active, relativePath, isDirectory)) {
        skipped.push({ relativePath: shown, reason: 'gitignored' });
        continue;
      }
      if (isDirectory) {
        await walk(relativePath, active);
        continue;
      }
      if (!entry.isFile()) continue;
      const absolute = path.join(root, relativePath);
      if (files.length >= options.maxFiles) {
        skipped.push({ relativePath, reason: 'fileLimit' });
        continue;
      }
      try {
        const { size } = await lstat(absolute);
        if (size > options.maxFileBytes) skipped.push({ relativePath, reason: 'tooLarge' });
        else if (await looksBinary(absolute)) skipped.push({ relativePath, reason: 'binary' });
        else files.push({ path: absolute, relativePath, bytes: size });
      } catch {
        skipped.push({ relativePath, reason: 'unreadable' });
      }
    }
  };

  try {
    const info = await lstat(start);
    if (!info.isDirectory()) throw new Error(`${start} is not a folder`);
  } catch (error) {
    throw new Error(`Cannot expand ${start}: ${(error as Error).message}`);
  }
  await walk(startRelative, inherited);
  return { files, skipped };
}

const reasonText: Record<SkipReason, string> = {
  gitignored: 'ignored by .gitignore',
  excluded: 'excluded by files.exclude',
  binary: 'binary',
  tooLarge: 'over the size limit',
  unreadable: 'unreadable',
  symlink: 'symbolic links',
  fileLimit: 'over the file limit',
};

/** "Skipped 4: 2 ignored by .gitignore (dist/, a.log), 1 binary (logo.png), 1 over the size limit (big.txt)". */
export function describeSkipped(skipped: readonly SkippedEntry[], examples = 3): string | undefined {
  if (skipped.length === 0) return undefined;
  const groups = new Map<SkipReason, string[]>();
  for (const entry of skipped) groups.set(entry.reason, [...(groups.get(entry.reason) ?? []), entry.relativePath]);
  const parts = [...groups.entries()].map(([reason, paths]) => {
    const shown = paths.slice(0, examples).join(', ') + (paths.length > examples ? ', …' : '');
    return `${paths.length} ${reasonText[reason]} (${shown})`;
  });
  return `Skipped ${skipped.length}: ${parts.join(', ')}`;
}
