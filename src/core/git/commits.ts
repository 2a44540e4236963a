/**
 * Landed changes: the commits a user authored in one repository, with the lines each one changed, read from
 * `git log --numstat`. Only numbers, names and paths are kept — never file contents or commit messages.
 */
import { runGit, type GitFailure, type GitRunOptions } from './runGit';

export interface Commit {
  hash: string;
  authorEmail: string;
  authorName: string;
  /** When the commit landed (committer date): rebased or cherry-picked work counts when it arrived. */
  timestampMs: number;
  /** When it was first written (author date), kept for display. */
  authoredMs: number;
  /** Summed over text files; binary files (`-\t-` in numstat) count 0. */
  linesAdded: number;
  linesRemoved: number;
  /** Paths relative to the repository root (the new path of a rename). */
  files: string[];
}

export interface CommitQuery extends GitRunOptions {
  /** Inclusive bounds on the commit (landing) time, in ms since the epoch. */
  sinceMs?: number;
  untilMs?: number;
  /**
   * Author identities: names or e-mail addresses, matched exactly but case-insensitively against the commit's
   * author name or e-mail. Empty or undefined: the repository's own `user.email`.
   */
  authors?: readonly string[];
}

export type CommitResult = { ok: true; repoRoot: string; authors: string[]; commits: Commit[] } | GitFailure | NoIdentity;

/** No author identity was given and the repository has no `user.email` either. */
export interface NoIdentity {
  ok: false;
  kind: 'no-identity';
  message: string;
}

const RECORD_START = '\x1e';
const FIELD_SEPARATOR = '\x1f';
/** Hash, author e-mail, author name, author time, committer time (seconds). */
const LOG_FORMAT = '%x1e%H%x1f%ae%x1f%an%x1f%at%x1f%ct';

/** The top folder of the repository holding `dir`. */
export async function findRepoRoot(dir: string, options: GitRunOptions = {}): Promise<{ ok: true; repoRoot: string } | GitFailure> {
  const result = await runGit(dir, ['rev-parse', '--show-toplevel'], options);
  if (!result.ok) return result;
  return { ok: true, repoRoot: result.stdout.trim() };
}

/** The repository's configured `user.email` (local, global or system), or undefined when there is none. */
export async function configuredEmail(repoRoot: string, options: GitRunOptions = {}): Promise<string | undefined> {
  const result = await runGit(repoRoot, ['config', '--get', 'user.email'], options);
  if (!result.ok) return undefined;
  const email = result.stdout.trim();
  return email.length > 0 ? email : undefined;
}

/** The non-merge commits of the repository holding `dir` by the given authors, newest first. */
export async function readCommits(dir: string, query: CommitQuery = {}): Promise<CommitResult> {
  const root = await findRepoRoot(dir, query);
  if (!root.ok) return root;
  let authors = (query.authors ?? []).map((author) => author.trim()).filter((author) => author.length > 0);
  if (authors.length === 0) {
    const email = await configuredEmail(root.repoRoot, query);
    if (email === undefined) {
      return { ok: false, kind: 'no-identity', message: `no author given and ${root.repoRoot} has no git user.email: pass the identities whose commits count` };
    }
    authors = [email];
  }
  const args = ['log', '--numstat', '--no-merges', '-z', '--no-ext-diff', '--no-textconv', `--format=${LOG_FORMAT}`];
  // git pre-filters (fixed strings, any case, substring); parseGitLog then keeps exact matches only.
  args.push('--regexp-ignore-case', '--fixed-strings', ...authors.map((author) => `--author=${author}`));
  if (query.sinceMs !== undefined) args.push(`--since=${isoSeconds(query.sinceMs)}`);
  if (query.untilMs !== undefined) args.push(`--until=${isoSeconds(query.untilMs)}`);
  args.push('--');
  const log = await runGit(root.repoRoot, args, query);
  if (!log.ok) {
    // A repository without any commit yet has nothing to report, which is not a failure.
    if (log.kind === 'failed' && /does not have any commits yet|bad default revision/i.test(log.message)) {
      return { ok: true, repoRoot: root.repoRoot, authors, commits: [] };
    }
    return log;
  }
  const wanted = authorMatcher(authors);
  const commits = parseGitLog(log.stdout).filter((commit) => wanted(commit) && inRange(commit, query));
  return { ok: true, repoRoot: root.repoRoot, authors, commits };
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

function inRange(commit: Commit, query: CommitQuery): boolean {
  return (query.sinceMs === undefined || commit.timestampMs >= query.sinceMs) && (query.untilMs === undefined || commit.timestampMs <= query.untilMs);
}

/** Exact, case-insensitive match of any identity against the author's name or e-mail. */
export function authorMatcher(authors: readonly string[]): (commit: Pick<Commit, 'authorEmail' | 'authorName'>) => boolean {
  const identities = new Set(authors.map((author) => author.trim().toLowerCase()));
  return (commit) => identities.has(commit.authorEmail.toLowerCase()) || identities.has(commit.authorName.toLowerCase());
}

const NUMSTAT = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/;

/**
 * Parses `git log --numstat -z --format=<LOG_FORMAT>` output. With `-z` every path is NUL-terminated and
 * unquoted, and a rename is `added\tremoved\t\0old\0new\0`, so odd file names cannot break the parse.
 * Lines that do not fit are skipped rather than guessed at.
 */
export function parseGitLog(output: string): Commit[] {
  const tokens = output.split('\0');
  const commits: Commit[] = [];
  let current: Commit | undefined;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index].replace(/^\n+/, '');
    if (token.length === 0) continue;
    if (token.startsWith(RECORD_START)) {
      current = parseHeader(token.slice(1));
      if (current !== undefined) commits.push(current);
      continue;
    }
    const stat = NUMSTAT.exec(token);
    if (stat === null || current === undefined) continue;
    let file = stat[3];
    if (file.length === 0) {
      // Rename or copy: the old and new paths follow as their own NUL-terminated tokens.
      file = tokens[index + 2] ?? '';
      index += 2;
    }
    current.linesAdded += countOf(stat[1]);
    current.linesRemoved += countOf(stat[2]);
    if (file.length > 0) current.files.push(file);
  }
  return commits;
}

function parseHeader(text: string): Commit | undefined {
  const [hash, authorEmail, authorName, authorSeconds, committerSeconds] = text.split(FIELD_SEPARATOR);
  if (hash === undefined || !/^[0-9a-f]{7,64}$/.test(hash) || committerSeconds === undefined) return undefined;
  const timestampMs = Number(committerSeconds) * 1000;
  const authoredMs = Number(authorSeconds) * 1000;
  if (!Number.isFinite(timestampMs) || !Number.isFinite(authoredMs)) return undefined;
  return { hash, authorEmail, authorName, timestampMs, authoredMs, linesAdded: 0, linesRemoved: 0, files: [] };
}

/** A numstat count; `-` marks a binary file, which has no lines. */
function countOf(text: string): number {
  return text === '-' ? 0 : Number(text);
}
