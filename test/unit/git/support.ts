/** A real git repository for tests: fixed identities and dates, no user or system git config. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Runs git in `dir` with a fixed identity and dates, and no user or system config. */
export function git(dir: string, args: string[], identity?: { name: string; email: string; date: string }): string {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(dir, '..', 'no-global-config'), LC_ALL: 'C' };
  const identityArgs: string[] = [];
  if (identity) {
    env.GIT_AUTHOR_DATE = identity.date;
    env.GIT_COMMITTER_DATE = identity.date;
    identityArgs.push('-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`);
  }
  return execFileSync('git', [...identityArgs, ...args], { cwd: dir, env, encoding: 'utf8' });
}

export const ANA = { name: 'Ana Lima', email: 'ana@example.com' };
export const BO = { name: 'Bo Chen', email: 'bo@example.com' };

export function commitAs(repo: string, who: { name: string; email: string }, date: string, message: string): void {
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '--allow-empty', '-m', message], { ...who, date });
}

export function lines(count: number, prefix: string): string {
  return Array.from({ length: count }, (_, index) => `${prefix} ${index + 1}\n`).join('');
}

