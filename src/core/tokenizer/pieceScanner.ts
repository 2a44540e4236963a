// A hand-written pre-tokenizer for the ASCII cases, equivalent to the encoding's regex (encodingSpecs.ts) but
// without a match object per piece. It returns NEEDS_REGEX (-1) whenever the answer could depend on a non-ASCII character's
// Unicode class (a letter, mark, digit, symbol or space beyond ASCII); the caller then runs the regex itself at
// that position. Every position matches some branch of these regexes, so pieces are contiguous and the regex
// run at a piece start returns exactly that piece. The unit tests compare both splitters piece by piece.
import type { EncodingName } from './encodingSpecs';

/** End of the piece starting at `start`, or -1 when the regex has to decide. */
export type PieceScanner = (text: string, start: number) => number;

const OTHER = 0; // non-ASCII: class unknown here
const UPPER = 1;
const LOWER = 2;
const DIGIT = 3;
const NEWLINE = 4; // \r \n
const SPACE = 5; // \t \v \f and " "
const PUNCT = 6; // any other ASCII character, controls included (they are not \s, letters or numbers)

const ASCII_CLASS = new Uint8Array(128).fill(PUNCT);
for (let code = 0x41; code <= 0x5a; code++) ASCII_CLASS[code] = UPPER;
for (let code = 0x61; code <= 0x7a; code++) ASCII_CLASS[code] = LOWER;
for (let code = 0x30; code <= 0x39; code++) ASCII_CLASS[code] = DIGIT;
ASCII_CLASS[0x0a] = NEWLINE;
ASCII_CLASS[0x0d] = NEWLINE;
for (const code of [0x09, 0x0b, 0x0c, 0x20]) ASCII_CLASS[code] = SPACE;

const NEEDS_REGEX = -1;
const NO_LETTERS = -2;

function classAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code < 128 ? ASCII_CLASS[code] : OTHER;
}

/** Non-ASCII members of Rust's `\s` (Unicode White_Space). */
function isNonAsciiWhitespace(code: number): boolean {
  return code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

/** Length of the contraction (`'s`, `'t`, `'re`, `'ve`, `'m`, `'ll`, `'d`, any case, or `'ſ`) at `at`, or 0. */
function contractionLength(text: string, at: number): number {
  if (at + 1 >= text.length || text.charCodeAt(at) !== 0x27) return 0;
  const first = text.charCodeAt(at + 1);
  if (first === 0x17f) return 2;
  if (first >= 128 || (ASCII_CLASS[first] !== UPPER && ASCII_CLASS[first] !== LOWER)) return 0;
  const lower = first | 0x20;
  if (lower === 0x73 || lower === 0x74 || lower === 0x6d || lower === 0x64) return 2; // s t m d
  if (at + 2 >= text.length) return 0;
  const second = text.charCodeAt(at + 2) | 0x20;
  if ((lower === 0x72 || lower === 0x76) && second === 0x65) return 3; // re ve
  if (lower === 0x6c && second === 0x6c) return 3; // ll
  return 0;
}

/** Scans a whitespace run at `start` (branches `\s*[\r\n]+`, `\s+(?!\S)`, `\s+`); NEEDS_REGEX if non-ASCII whitespace ends it. */
function whitespacePiece(text: string, start: number): number {
  const length = text.length;
  let end = start;
  let lastNewline = -1;
  while (end < length) {
    const kind = classAt(text, end);
    if (kind === NEWLINE) lastNewline = end;
    else if (kind !== SPACE) {
      if (kind === OTHER && isNonAsciiWhitespace(text.charCodeAt(end))) return NEEDS_REGEX;
      break;
    }
    end++;
  }
  if (lastNewline >= 0) return lastNewline + 1;
  if (end === length || end - start === 1) return end;
  return end - 1; // leave the last space to prefix the next piece
}

/** Where the letters of a piece at `start` begin (the optional prefix is one non-letter, non-newline character). */
function letterRunStart(text: string, start: number, kind: number): number {
  if (kind === UPPER || kind === LOWER) return start;
  if ((kind !== PUNCT && kind !== SPACE) || start + 1 >= text.length) return NO_LETTERS;
  const next = classAt(text, start + 1);
  if (next === OTHER) return NEEDS_REGEX;
  return next === UPPER || next === LOWER ? start + 1 : NO_LETTERS;
}

/** o200k's letter branches, `Upper*lower+` or else `Upper+lower*`, then an optional contraction. */
function caseSplitLetterPiece(text: string, letters: number): number {
  const length = text.length;
  let end = letters;
  let stop = OTHER;
  while (end < length && (stop = classAt(text, end)) === UPPER) end++;
  if (end < length && stop === OTHER) return NEEDS_REGEX;
  if (end < length && stop === LOWER) {
    end++;
    while (end < length && (stop = classAt(text, end)) === LOWER) end++;
    if (end < length && stop === OTHER) return NEEDS_REGEX;
  }
  return end + contractionLength(text, end);
}

/** cl100k's `\p{L}+`. */
function letterPiece(text: string, letters: number): number {
  const length = text.length;
  let end = letters;
  let stop = OTHER;
  while (end < length && ((stop = classAt(text, end)) === UPPER || stop === LOWER)) end++;
  return end < length && stop === OTHER ? NEEDS_REGEX : end;
}

/**
 * The piece at `start` for o200k (letters split by case, contraction suffix, `[\r\n/]*` after punctuation) or
 * cl100k (contractions first, `\p{L}+`, `[\r\n]*` after punctuation); NEEDS_REGEX if it cannot tell in ASCII.
 */
function scanPiece(text: string, start: number, o200k: boolean): number {
  const kind = classAt(text, start);
  if (kind === OTHER) return NEEDS_REGEX;
  if (!o200k) {
    const contraction = contractionLength(text, start);
    if (contraction > 0) return start + contraction;
  }
  const letters = letterRunStart(text, start, kind);
  if (letters === NEEDS_REGEX) return NEEDS_REGEX;
  if (letters >= 0) return o200k ? caseSplitLetterPiece(text, letters) : letterPiece(text, letters);
  if (kind === DIGIT) return digitsPiece(text, start);
  const spaceThenPunctuation = text.charCodeAt(start) === 0x20 && start + 1 < text.length && classAt(text, start + 1) === PUNCT;
  if (kind === PUNCT || spaceThenPunctuation) return punctuationPiece(text, kind === PUNCT ? start : start + 1, o200k);
  return whitespacePiece(text, start);
}

const scanO200k: PieceScanner = (text, start) => scanPiece(text, start, true);
const scanCl100k: PieceScanner = (text, start) => scanPiece(text, start, false);

/** `\p{N}{1,3}`; NEEDS_REGEX if a non-ASCII character (possibly a digit) could extend it. */
function digitsPiece(text: string, start: number): number {
  const limit = Math.min(text.length, start + 3);
  let end = start + 1;
  while (end < limit && classAt(text, end) === DIGIT) end++;
  return end < limit && classAt(text, end) === OTHER ? NEEDS_REGEX : end;
}

/** ` ?[^\s\p{L}\p{N}]+` then `[\r\n]*` (or `[\r\n/]*`); NEEDS_REGEX if a non-ASCII character (possibly a symbol) follows. */
function punctuationPiece(text: string, punctuationStart: number, slashAfterNewlines: boolean): number {
  const length = text.length;
  let end = punctuationStart + 1;
  let stop = OTHER;
  while (end < length && (stop = classAt(text, end)) === PUNCT) end++;
  if (end < length && stop === OTHER) return NEEDS_REGEX;
  for (;;) {
    const code = end < length ? text.charCodeAt(end) : -1;
    if (code === 0x0a || code === 0x0d || (slashAfterNewlines && code === 0x2f)) end++;
    else return end;
  }
}

export function pieceScanner(name: EncodingName): PieceScanner {
  return name === 'o200k_base' ? scanO200k : scanCl100k;
}
