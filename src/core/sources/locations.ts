/**
 * Platform-aware path helpers shared by the readers' `locate` and `listFiles`. Paths are built with the
 * path flavour of `LocateOptions.platform` (not of the running OS), so Windows defaults are unit-testable on Linux.
 */
import path from 'node:path';
import type { LocateOptions } from '../usage/sources';
import type { DirectoryEntry, FileAccess } from './fileAccess';

export type PathFlavour = typeof path.posix;

export function pathFlavour(platform: NodeJS.Platform): PathFlavour {
  return platform === 'win32' ? path.win32 : path.posix;
}

function nonBlank(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed !== undefined && trimmed.length > 0 ? trimmed : undefined;
}

/** An environment variable, or undefined when unset or blank. */
export function envValue(options: LocateOptions, name: string): string | undefined {
  return nonBlank(options.env[name]);
}

/** The user's home folder: `%USERPROFILE%` on Windows (what the tools themselves use), else `homeDir`. */
export function userHome(options: LocateOptions): string {
  return options.platform === 'win32' ? (envValue(options, 'USERPROFILE') ?? options.homeDir) : options.homeDir;
}

/** A comma-separated list of paths (as `CLAUDE_CONFIG_DIR` allows), blanks dropped. */
export function splitPathList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Keeps the first occurrence of each path (compared after normalisation). */
export function uniquePaths(paths: readonly string[], flavour: PathFlavour): string[] {
  const seen = new Set<string>();
  return paths.filter((candidate) => {
    const key = flavour.resolve(candidate);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export async function isDirectory(access: FileAccess, target: string): Promise<boolean> {
  return (await access.kindOf(target)) === 'directory';
}

/** Directory listings below this depth are not followed (guards against symbolic-link loops). */
const MAX_WALK_DEPTH = 12;

/** The entries of a folder; none when it does not exist; a clear error when it exists but cannot be listed. */
export async function listDirectoryIfPresent(access: FileAccess, directory: string): Promise<DirectoryEntry[]> {
  try {
    return await access.listDirectory(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`Cannot list ${directory}: ${describeError(error)}`);
  }
}

/**
 * Files below `root` (recursive) whose name passes `acceptFile`, sorted. A missing root yields none; a root that
 * exists but cannot be listed throws with a clear message; an unreadable sub-folder is skipped so that it does
 * not hide the rest.
 */
export async function walkFiles(access: FileAccess, root: string, acceptFile: (name: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  // Each folder is walked once, however many links lead to it: a link loop (`a/loop -> ..`) ends, and no file is listed twice.
  const walked = new Set<string>();
  const visit = async (directory: string, depth: number): Promise<void> => {
    if (depth > MAX_WALK_DEPTH) return;
    let real: string;
    try {
      real = await access.realPath(directory);
    } catch {
      real = path.resolve(directory);
    }
    if (walked.has(real)) return;
    walked.add(real);
    let entries: DirectoryEntry[];
    try {
      entries = depth === 0 ? await listDirectoryIfPresent(access, directory) : await access.listDirectory(directory);
    } catch (error) {
      if (depth === 0) throw error;
      return;
    }
    for (const entry of entries) {
      const full = path.join(directory, entry.name);
      if (entry.kind === 'directory') await visit(full, depth + 1);
      else if (entry.kind === 'file' && acceptFile(entry.name)) found.push(full);
    }
  };
  await visit(root, 0);
  return found.sort();
}

/** A one-line description of an unknown error for warnings. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== undefined ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
