/**
 * Landed changes for a set of projects: finds the git repository of each project folder the usage records
 * name (plus any repositories the user listed), reads each repository's commits once, and attributes every
 * commit to one project. Problems (no git, a folder that is not a repository) become messages, never throws.
 */
import { realpathSync } from 'node:fs';
import { attributeCommits, normalisePath, type AttributedCommit, type RepoCommits } from './attribution';
import { findRepoRoot, readCommits, type CommitQuery } from './commits';

export interface LandedQuery extends CommitQuery {
  /** Project folders from the usage records (their `project`, i.e. the tools' cwd). */
  projects: Iterable<string | null>;
  /** Repositories to read even when no record names them (e.g. `--git-repo`). */
  extraRepos?: readonly string[];
  /**
   * Also read the repository of every project folder (default true, the CLI). The editor passes false: it reads
   * the workspace's repositories only, and uses the projects just to attribute their commits.
   */
  includeProjectRepos?: boolean;
}

export interface LandedChanges {
  commits: AttributedCommit[];
  /** The repositories read, with the author identities used for each. */
  repos: Array<{ repoRoot: string; authors: string[]; commits: number }>;
  /** One line per folder or repository that could not be read, for the user. */
  problems: string[];
}

export async function collectLandedChanges(query: LandedQuery): Promise<LandedChanges> {
  const projects = [...new Set([...query.projects].filter((project): project is string => project !== null && project.length > 0))];
  const problems: string[] = [];
  const roots = new Map<string, string>();
  const explicit = new Set(query.extraRepos ?? []);
  const folders = query.includeProjectRepos === false ? [...(query.extraRepos ?? [])] : [...(query.extraRepos ?? []), ...projects];
  for (const folder of folders) {
    const root = await findRepoRoot(folder, query);
    if (root.ok) {
      roots.set(normalisePath(root.repoRoot), root.repoRoot);
      continue;
    }
    // A project folder outside git is common and not worth a message; a repository the user named is.
    if (root.kind === 'git-missing') {
      problems.push(root.message);
      return { commits: [], repos: [], problems };
    }
    if (explicit.has(folder) || root.kind !== 'not-a-repo') problems.push(root.message);
  }
  const read: RepoCommits[] = [];
  const repos: LandedChanges['repos'] = [];
  for (const repoRoot of roots.values()) {
    const result = await readCommits(repoRoot, query);
    if (!result.ok) {
      problems.push(result.message);
      continue;
    }
    read.push({ repoRoot: result.repoRoot, commits: result.commits });
    repos.push({ repoRoot: result.repoRoot, authors: result.authors, commits: result.commits.length });
  }
  // git reports real paths; a tool may have logged the project through a symbolic link (macOS /var →
  // /private/var, a linked home). Attribute on real paths, then give each commit the spelling the records use.
  const spellingOfReal = new Map(projects.map((project) => [realPath(project), project]));
  const commits = attributeCommits(read, spellingOfReal.keys()).map((commit) => ({ ...commit, project: spellingOfReal.get(commit.project) ?? commit.project }));
  return { commits, repos, problems };
}

function realPath(folder: string): string {
  try {
    return realpathSync.native(folder);
  } catch {
    return folder; // gone or unreadable: compare as logged
  }
}
