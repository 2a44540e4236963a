/**
 * Counting the lines an edit adds and removes, from the forms the tools log it in: before/after text,
 * a unified diff, or SEARCH/REPLACE blocks. Only counts leave this module, never the text itself.
 */

export interface LineChange {
  added: number;
  removed: number;
}

/** Lines in a text as an editor shows them: '' has none, a trailing newline does not start another line. */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Above this many cells the LCS table costs too much memory; the edit is then counted as a full replacement. */
const MAX_LCS_CELLS = 4_000_000;

/** Lines added and removed going from `before` to `after`: a longest-common-subsequence line diff. */
export function diffLineCounts(before: string, after: string): LineChange {
  const oldLines = splitLines(before);
  const newLines = splitLines(after);
  let start = 0;
  while (start < oldLines.length && start < newLines.length && oldLines[start] === newLines[start]) start += 1;
  let oldEnd = oldLines.length;
  let newEnd = newLines.length;
  while (oldEnd > start && newEnd > start && oldLines[oldEnd - 1] === newLines[newEnd - 1]) {
    oldEnd -= 1;
    newEnd -= 1;
  }
  const oldMiddle = oldLines.slice(start, oldEnd);
  const newMiddle = newLines.slice(start, newEnd);
  if (oldMiddle.length === 0 || newMiddle.length === 0 || oldMiddle.length * newMiddle.length > MAX_LCS_CELLS) {
    return { added: newMiddle.length, removed: oldMiddle.length };
  }
  const common = longestCommonSubsequence(oldMiddle, newMiddle);
  return { added: newMiddle.length - common, removed: oldMiddle.length - common };
}

function longestCommonSubsequence(a: string[], b: string[]): number {
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

/** `+`/`-` lines of a unified diff, file headers (`+++`/`---` before the first hunk) excluded. */
export function countUnifiedDiff(diff: string): LineChange {
  let added = 0;
  let removed = 0;
  let inHunk = false;
  for (const line of diff.split('\n')) {
    if (line.startsWith('@@')) {
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    if (line.startsWith('+')) added += 1;
    else if (line.startsWith('-')) removed += 1;
  }
  return { added, removed };
}

const SEARCH_MARKER = /^(<{7}|-{7}) SEARCH\s*$/;
const DIVIDER = /^={7}\s*$/;
const REPLACE_MARKER = /^(>{7}|\+{7}) REPLACE\s*$/;
/** Roo's optional `:start_line:12` hint and the `-------` rule after it sit inside the SEARCH section. */
const SEARCH_METADATA = /^(:start_line:\s*\d+|:end_line:\s*\d+|-{7})\s*$/;

/**
 * Lines changed by SEARCH/REPLACE blocks (Cline's `------- SEARCH … ======= … +++++++ REPLACE`, Roo's
 * `<<<<<<< SEARCH … ======= … >>>>>>> REPLACE`): each block is diffed search-text against replace-text.
 * Returns undefined when the text holds no complete block (it is then some other diff form).
 */
export function countSearchReplaceBlocks(diff: string): LineChange | undefined {
  const total: LineChange = { added: 0, removed: 0 };
  let blocks = 0;
  let section: 'outside' | 'search' | 'replace' = 'outside';
  let search: string[] = [];
  let replace: string[] = [];
  for (const line of diff.replace(/\r\n/g, '\n').split('\n')) {
    if (section === 'outside' && SEARCH_MARKER.test(line)) {
      section = 'search';
      search = [];
      replace = [];
    } else if (section === 'search' && DIVIDER.test(line)) {
      section = 'replace';
    } else if (section === 'search') {
      if (!(search.length === 0 && SEARCH_METADATA.test(line))) search.push(line);
    } else if (section === 'replace' && REPLACE_MARKER.test(line)) {
      const change = diffLineCounts(joinLines(search), joinLines(replace));
      total.added += change.added;
      total.removed += change.removed;
      blocks += 1;
      section = 'outside';
    } else if (section === 'replace') {
      replace.push(line);
    }
  }
  return blocks > 0 ? total : undefined;
}

function joinLines(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
