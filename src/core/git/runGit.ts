/**
 * Runs the `git` executable without a shell and turns every way it can fail into a typed result, so callers
 * show a clear message instead of catching exceptions: git not installed, a folder that is not a repository,
 * output larger than we are willing to hold, a hung process.
 */
import { execFile } from 'node:child_process';

export type GitFailureKind = 'git-missing' | 'not-a-repo' | 'too-large' | 'timeout' | 'failed';

export interface GitFailure {
  ok: false;
  kind: GitFailureKind;
  message: string;
}

export type GitOutput = { ok: true; stdout: string } | GitFailure;

export interface GitRunOptions {
  /** The git executable (default `git` on PATH). Lets tests and settings point elsewhere. */
  gitPath?: string;
  /** Larger output fails with `too-large` instead of filling memory (default 64 MiB). */
  maxOutputBytes?: number;
  /** A git process running longer than this is killed (default 30 s). */
  timeoutMs?: number;
  /** Environment for git (default this process's); LC_ALL=C and no terminal prompt are always added. */
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_MAX_GIT_OUTPUT_BYTES = 64 * 1024 * 1024;
const DEFAULT_GIT_TIMEOUT_MS = 30_000;

/**
 * `git -C <dir> <args…>`. Running with `-C` rather than a spawn `cwd` keeps ENOENT meaning only "no git":
 * a missing folder is reported by git itself. Config that would change the output we parse is pinned.
 */
export function runGit(dir: string, args: readonly string[], options: GitRunOptions = {}): Promise<GitOutput> {
  const gitPath = options.gitPath ?? 'git';
  const maxBuffer = options.maxOutputBytes ?? DEFAULT_MAX_GIT_OUTPUT_BYTES;
  const fullArgs = ['-C', dir, '-c', 'log.showSignature=false', '-c', 'color.ui=false', ...args];
  return new Promise((resolve) => {
    execFile(
      gitPath,
      fullArgs,
      { maxBuffer, timeout: options.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS, windowsHide: true, encoding: 'utf8', env: { ...(options.env ?? process.env), LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' } },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ ok: true, stdout });
          return;
        }
        resolve(describeFailure(error, stderr, gitPath, dir, maxBuffer));
      },
    );
  });
}

interface ExecError extends Error {
  code?: string | number | null;
  killed?: boolean;
  signal?: NodeJS.Signals | null;
}

function describeFailure(error: ExecError, stderr: string, gitPath: string, dir: string, maxBuffer: number): GitFailure {
  if (error.code === 'ENOENT' || error.code === 'EACCES') {
    return { ok: false, kind: 'git-missing', message: `git is not available (could not run '${gitPath}'): install git or set its path` };
  }
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return { ok: false, kind: 'too-large', message: `git output for ${dir} exceeded ${Math.round(maxBuffer / 1024 / 1024)} MiB: narrow the date range` };
  }
  if (error.killed === true || error.signal === 'SIGTERM') {
    return { ok: false, kind: 'timeout', message: `git took too long in ${dir} and was stopped` };
  }
  const detail = stderr.trim().split('\n')[0] ?? '';
  if (/not a git repository|cannot change to/i.test(detail)) {
    return { ok: false, kind: 'not-a-repo', message: `${dir} is not inside a git repository` };
  }
  return { ok: false, kind: 'failed', message: `git failed in ${dir}: ${detail || error.message}` };
}
