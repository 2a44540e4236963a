// Safe split points: places where cutting the text cannot change how the pre-tokenizer splits it, so the
// token count of the whole is the sum of the counts of the parts. Measured in /work/shared/specs/tokenizers.md
// (every split point of 8.85 MB of real files, plus fuzzing) and re-checked by our property test:
//  - just after "\n" when the next character is not whitespace and not "/" (o200k's punctuation branch
//    `[\r\n/]*` swallows newlines *and* a following slash, so "};\n\n/**" is one piece there);
//  - inside very long lines, between an ASCII letter and " " + ASCII letter ("foo bar" → "foo" | " bar").
// Both rules look only at the characters around the split, so they hold in any text containing them.

export interface ChunkSizes {
  /** Preferred chunk length in UTF-16 units; cuts are searched around it. */
  target: number;
  /** Shortest chunk worth cutting (unless the text ends first). */
  min: number;
  /** Longest chunk before cutting at a letter-space-letter point instead of a newline. */
  max: number;
}

export const DEFAULT_CHUNK_SIZES: ChunkSizes = { target: 2048, min: 1024, max: 4096 };

/** Whitespace as either JavaScript's `\s` or Rust's (U+0085): a split before any of these is never assumed safe. */
function isSplitWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0x85) return false;
  return (
    code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 ||
    code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** True if cutting `text` just before index `at` (0 < at < length) is safe by the newline rule. */
export function isNewlineSplit(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length || text.charCodeAt(at - 1) !== 0x0a) return false;
  const next = text.charCodeAt(at);
  return next !== 0x2f && !isSplitWhitespace(next);
}

/** True if cutting just before `at` is safe by the letter-space-letter rule (needs `at + 1` inside the text). */
export function isLetterSpaceSplit(text: string, at: number): boolean {
  return at > 0 && at + 1 < text.length && text.charCodeAt(at) === 0x20 && isAsciiLetter(text.charCodeAt(at - 1)) && isAsciiLetter(text.charCodeAt(at + 1));
}

export function isSafeSplit(text: string, at: number): boolean {
  return isNewlineSplit(text, at) || isLetterSpaceSplit(text, at);
}

/** First index in [from, to) where `rule` holds, or -1. */
function findForward(text: string, from: number, to: number, rule: (text: string, at: number) => boolean): number {
  for (let at = from; at < to; at++) if (rule(text, at)) return at;
  return -1;
}

/** Last index in [from, to) where `rule` holds, or -1. */
function findBackward(text: string, from: number, to: number, rule: (text: string, at: number) => boolean): number {
  for (let at = to - 1; at >= from; at--) if (rule(text, at)) return at;
  return -1;
}

/**
 * Where the chunk starting at `start` should end: a safe split near `start + target`, preferring newlines,
 * else a letter-space-letter point within [min, max], else the first safe point of any kind further on, else
 * the end of the text (a single line with no spaces — e.g. a base64 blob — stays one chunk).
 */
export function chunkEnd(text: string, start: number, sizes: ChunkSizes): number {
  const length = text.length;
  if (length - start <= sizes.max) return length;
  const target = start + sizes.target;
  const min = start + sizes.min;
  const max = start + sizes.max;
  let cut = findForward(text, target, max, isNewlineSplit);
  if (cut < 0) cut = findBackward(text, min, target, isNewlineSplit);
  if (cut < 0) cut = findForward(text, target, max, isLetterSpaceSplit);
  if (cut < 0) cut = findBackward(text, min, target, isLetterSpaceSplit);
  if (cut < 0) cut = findForward(text, max, length, isSafeSplit);
  return cut < 0 ? length : cut;
}

/** Lengths of the chunks `text` splits into (none for the empty string). */
export function chunkLengths(text: string, sizes: ChunkSizes = DEFAULT_CHUNK_SIZES): number[] {
  const lengths: number[] = [];
  for (let start = 0; start < text.length; ) {
    const end = chunkEnd(text, start, sizes);
    lengths.push(end - start);
    start = end;
  }
  return lengths;
}
