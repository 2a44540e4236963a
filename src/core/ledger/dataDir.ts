/**
 * Where Tokenwise keeps its own data (the usage ledger): one folder shared by the extension in every
 * VS Code window and by the CLI, so all of them must agree on it.
 */
import path from 'node:path';

export interface DataDirOptions {
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  platform: NodeJS.Platform;
  /** A folder the caller chose (the extension setting, the CLI's --data-dir); wins over everything. */
  override?: string;
}

/** The data folder: the caller's override, else TOKENWISE_DATA_DIR, else the platform's per-user data folder. */
export function resolveDataDir(options: DataDirOptions): string {
  const { env, homeDir, platform } = options;
  const chosen = nonEmpty(options.override) ?? nonEmpty(env.TOKENWISE_DATA_DIR);
  if (chosen !== undefined) return path.resolve(chosen);
  if (platform === 'win32') {
    const localAppData = nonEmpty(env.LOCALAPPDATA) ?? path.win32.join(homeDir, 'AppData', 'Local');
    return path.win32.join(localAppData, 'tokenwise');
  }
  if (platform === 'darwin') return path.posix.join(homeDir, 'Library', 'Application Support', 'tokenwise');
  const xdgDataHome = nonEmpty(env.XDG_DATA_HOME);
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const dataHome = xdgDataHome !== undefined && path.posix.isAbsolute(xdgDataHome) ? xdgDataHome : path.posix.join(homeDir, '.local', 'share');
  return path.posix.join(dataHome, 'tokenwise');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
