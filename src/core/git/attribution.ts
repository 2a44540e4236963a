/**
 * Which project a landed commit belongs to. Projects are the working directories the AI tools logged
 * (`UsageRecord.project`); a commit belongs to a project that is its repository's root or a folder inside it.
 */
import type { Commit } from './commits';

export interface AttributedCommit extends Commit {
  repoRoot: string;
  /** The project path the commit is counted under (the repository root when no logged project matches). */
  project: string;
}

/** The commits read from one repository. */
export interface RepoCommits {
  repoRoot: string;
  commits: readonly Commit[];
}

/**
 * A path in one comparable spelling: forward slashes, no trailing slash, lower-case drive letter.
 * Case is otherwise kept: most file systems the CLI meets are case-sensitive.
 */
export function normalisePath(path: string): string {
  let result = path.replace(/\\/g, '/');
  if (/^[A-Za-z]:/.test(result)) result = result.charAt(0).toLowerCase() + result.slice(1);
  while (result.length > 1 && result.endsWith('/') && !/^[a-z]:\/$/.test(result)) result = result.slice(0, -1);
  return result;
}

/** The path of `inner` relative to `outer` ('' when equal), or undefined when `inner` is not inside `outer`. */
export function relativeInside(outer: string, inner: string): string | undefined {
  const base = normalisePath(outer);
  const candidate = normalisePath(inner);
  if (candidate === base) return '';
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return candidate.startsWith(prefix) ? candidate.slice(prefix.length) : undefined;
}

/**
 * Assigns each commit to exactly one project, so a commit is never counted twice:
 * 1. candidates are the projects equal to the repository root or inside it;
 * 2. the deepest candidate whose folder holds every file the commit touched wins
 *    (a repository-root project holds every file);
 * 3. otherwise (files spread over sibling sub-projects, no root project) the candidate whose folder holds
 *    the most touched files wins, ties to the deeper folder then the name;
 * 4. a commit no project matches (or one touching no file, unless a project is the root) is counted under the
 *    repository root itself.
 * The project keeps the spelling the usage records use, so rows group with them.
 */
export function attributeCommits(repos: readonly RepoCommits[], projects: Iterable<string | null>): AttributedCommit[] {
  const projectPaths = [...new Set([...projects].filter((project): project is string => project !== null && project.length > 0))];
  const attributed: AttributedCommit[] = [];
  for (const repo of repos) {
    const candidates = projectPaths
      .map((project) => ({ project, subpath: relativeInside(repo.repoRoot, project) }))
      .filter((candidate): candidate is { project: string; subpath: string } => candidate.subpath !== undefined);
    for (const commit of repo.commits) {
      attributed.push({ ...commit, repoRoot: repo.repoRoot, project: chooseProject(commit, candidates) ?? repo.repoRoot });
    }
  }
  return attributed;
}

function chooseProject(commit: Commit, candidates: ReadonlyArray<{ project: string; subpath: string }>): string | undefined {
  // A commit that touched no file (e.g. --allow-empty) says nothing about sub-folders: only a root project holds it.
  const eligible = commit.files.length === 0 ? candidates.filter((candidate) => candidate.subpath === '') : candidates;
  let best: { project: string; held: number; depth: number; holdsAll: boolean } | undefined;
  for (const { project, subpath } of eligible) {
    const held = subpath === '' ? commit.files.length : commit.files.filter((file) => relativeInside(subpath, file) !== undefined).length;
    const holdsAll = held === commit.files.length;
    if (held === 0 && !holdsAll) continue;
    const depth = subpath === '' ? 0 : subpath.split('/').length;
    const entry = { project, held, depth, holdsAll };
    if (best === undefined || isBetter(entry, best)) best = entry;
  }
  return best?.project;
}

function isBetter(a: { project: string; held: number; depth: number; holdsAll: boolean }, b: { project: string; held: number; depth: number; holdsAll: boolean }): boolean {
  if (a.holdsAll !== b.holdsAll) return a.holdsAll;
  if (!a.holdsAll && a.held !== b.held) return a.held > b.held;
  if (a.depth !== b.depth) return a.depth > b.depth;
  return a.project < b.project;
}
