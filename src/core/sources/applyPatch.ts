/**
 * Reads the file list and line counts out of Codex's `apply_patch` envelope:
 *
 *   *** Begin Patch
 *   *** Update File: src/cart.ts      (or Add File / Delete File; an update may add "*** Move to: new/path")
 *   @@ optional context
 *   -removed line
 *   +added line
 *   *** End Patch
 *
 * Only paths and counts are kept, never the patch text.
 */

export interface PatchedFile {
  /** The path as written in the patch (usually relative to the session's cwd); a move reports the new path. */
  path: string;
  change: 'add' | 'update' | 'delete';
  linesAdded: number;
  linesRemoved: number;
}

const FILE_HEADER = /^\*\*\* (Add|Update|Delete) File: (.+)$/;
const MOVE_HEADER = /^\*\*\* Move to: (.+)$/;

const CHANGE_OF: Record<string, PatchedFile['change']> = { Add: 'add', Update: 'update', Delete: 'delete' };

/** The files a patch touches, in order. A text that is not a patch yields no files. */
export function parseApplyPatch(patch: string): PatchedFile[] {
  const files: PatchedFile[] = [];
  let current: PatchedFile | undefined;
  for (const rawLine of patch.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const header = FILE_HEADER.exec(line);
    if (header !== null) {
      current = { path: header[2].trim(), change: CHANGE_OF[header[1]], linesAdded: 0, linesRemoved: 0 };
      files.push(current);
      continue;
    }
    if (current === undefined || line.startsWith('***')) {
      const move = MOVE_HEADER.exec(line);
      if (move !== null && current !== undefined) current.path = move[1].trim();
      continue;
    }
    if (line.startsWith('+')) current.linesAdded += 1;
    else if (line.startsWith('-')) current.linesRemoved += 1;
  }
  return files;
}
