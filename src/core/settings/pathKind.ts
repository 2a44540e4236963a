/** The file-system side of {@link SettingContext}: what is at a path a setting names, from one `stat`. */
import { statSync } from 'node:fs';
import type { PathKind, SettingContext } from './rules';

export function pathKindOnDisk(absolutePath: string): PathKind {
  try {
    const stats = statSync(absolutePath);
    return stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'unreadable';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable';
  }
}

export const diskSettingContext: SettingContext = { pathKind: pathKindOnDisk };
