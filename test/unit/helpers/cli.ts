import { spawnSync } from 'node:child_process';
import path from 'node:path';

const cli = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `tokenwise` bin as a user would, in a child process (npm test builds it first). */
/** `uid`/`gid` run it as another user (when the tests run as root, to meet real permission errors). */
export function runTokenwise(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, [cli, ...args], {
    input: options.input,
    env: options.env ?? process.env,
    cwd: options.cwd,
    uid: options.uid,
    gid: options.gid,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
