/**
 * Where VS Code and its forks keep extension global storage, per platform, derived only from injected
 * LocateOptions (never from the running process), so every platform's answer is testable anywhere.
 */
import path from 'node:path';
import type { LocateOptions } from '../usage/sources';

/** VS Code's product folder names whose `User/globalStorage` may hold agent task folders. */
export const EDITOR_PRODUCT_FOLDERS = ['Code', 'Code - Insiders', 'VSCodium', 'Cursor', 'Windsurf'] as const;

/** Path functions of the platform the options describe (Windows paths use `\`). */
export function pathFor(options: Pick<LocateOptions, 'platform'>): path.PlatformPath {
  return options.platform === 'win32' ? path.win32 : path.posix;
}

/** The folder holding per-user application data: `%APPDATA%`, `~/Library/Application Support` or `$XDG_CONFIG_HOME`/`~/.config`. */
export function userConfigRoot(options: LocateOptions): string {
  const p = pathFor(options);
  if (options.platform === 'win32') return options.env.APPDATA ?? p.join(options.homeDir, 'AppData', 'Roaming');
  if (options.platform === 'darwin') return p.join(options.homeDir, 'Library', 'Application Support');
  return options.env.XDG_CONFIG_HOME ?? p.join(options.homeDir, '.config');
}

/**
 * Every candidate `globalStorage` folder: each editor's, the VS Code Server's (remote SSH / WSL / containers),
 * and a portable install's when `VSCODE_PORTABLE` is set. Candidates may not exist.
 */
export function globalStorageCandidates(options: LocateOptions): string[] {
  const p = pathFor(options);
  const root = userConfigRoot(options);
  const candidates = EDITOR_PRODUCT_FOLDERS.map((editor) => p.join(root, editor, 'User', 'globalStorage'));
  candidates.push(p.join(options.homeDir, '.vscode-server', 'data', 'User', 'globalStorage'));
  const portable = options.env.VSCODE_PORTABLE;
  if (portable) candidates.push(p.join(portable, 'user-data', 'User', 'globalStorage'));
  return candidates;
}
