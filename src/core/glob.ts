/**
 * A small glob matcher for path patterns the user types into settings (`tokenwise.excludeProjects`):
 * `**` matches any run of characters including `/`, `*` any run without `/`, `?` one character other than `/`.
 * Everything else is literal. Backslashes in paths are treated as `/` so one pattern works on every platform.
 */

const compiled = new Map<string, RegExp>();

function escapeLiteral(character: string): string {
  return /[.+^${}()|[\]\\]/.test(character) ? `\\${character}` : character;
}

/** The regular expression equivalent to a glob pattern (anchored at both ends). */
export function globToRegExp(pattern: string): RegExp {
  const cached = compiled.get(pattern);
  if (cached !== undefined) return cached;
  const normalised = pattern.replace(/\\/g, '/');
  let source = '';
  for (let index = 0; index < normalised.length; index++) {
    const character = normalised[index]!;
    if (character === '*') {
      if (normalised[index + 1] === '*') {
        index++;
        // `**/` also matches zero folders, so `/a/**/b` matches `/a/b`.
        if (normalised[index + 1] === '/') {
          index++;
          source += '(?:.*/)?';
        } else {
          source += '.*';
        }
      } else {
        source += '[^/]*';
      }
    } else if (character === '?') {
      source += '[^/]';
    } else {
      source += escapeLiteral(character);
    }
  }
  const expression = new RegExp(`^${source}$`);
  compiled.set(pattern, expression);
  return expression;
}

/** Whether a path matches a glob pattern. Trailing slashes on the path are ignored. */
export function matchesGlob(filePath: string, pattern: string): boolean {
  const normalised = filePath.replace(/\\/g, '/').replace(/(.)\/+$/, '$1');
  return globToRegExp(pattern).test(normalised);
}

/**
 * A predicate that says whether a project folder is excluded by any of the patterns. A project is also
 * excluded when one of its parent folders matches, so `/work/secret` hides `/work/secret/app` too.
 * Records without a project are never excluded: there is nothing to match.
 */
export function projectExclusion(patterns: readonly string[]): (project: string | null) => boolean {
  const usable = patterns.map((pattern) => pattern.trim()).filter((pattern) => pattern !== '');
  if (usable.length === 0) return () => false;
  return (project) => {
    if (project === null || project === '') return false;
    const normalised = project.replace(/\\/g, '/');
    const parts = normalised.split('/');
    for (let length = parts.length; length >= 1; length--) {
      const candidate = parts.slice(0, length).join('/');
      if (candidate === '') continue;
      if (usable.some((pattern) => matchesGlob(candidate, pattern))) return true;
    }
    return false;
  };
}
