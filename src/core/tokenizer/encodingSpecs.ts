// The pre-tokenizer patterns of OpenAI's encodings, as tiktoken (Rust, fancy_regex) applies them.
//
// tiktoken's patterns use Rust's `\s`, which is Unicode White_Space: it includes U+0085 (NEL) and excludes
// U+FEFF (BOM). JavaScript's `\s` is the other way round, which is why other JS ports miscount a leading BOM.
// So `\s` is spelled out here as Rust's class. Rust's case-insensitive contractions `(?i:'s|…)` also match
// U+017F (long s, which case-folds to "s"); JS on Node 20 has no inline `(?i:)`, so the variants are listed.
// The possessive quantifiers of cl100k's original (`?+`, `++`) cannot change any match of these patterns
// and are dropped (JS has none). The unit tests compare against the `tiktoken` package itself.

export type EncodingName = 'o200k_base' | 'cl100k_base';

export const ENCODING_NAMES: readonly EncodingName[] = ['o200k_base', 'cl100k_base'];

/** Unicode White_Space, the members of Rust's `\s` (for use inside a character class). */
export const RUST_WHITESPACE = '\\t-\\r \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';

const WS = `[${RUST_WHITESPACE}]`;
const NOT_WS = `[^${RUST_WHITESPACE}]`;
const CONTRACTION = "'(?:[sS\\u017F]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD])";

const O200K_PATTERN = [
  `[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?:${CONTRACTION})?`,
  `[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?:${CONTRACTION})?`,
  `\\p{N}{1,3}`,
  ` ?[^${RUST_WHITESPACE}\\p{L}\\p{N}]+[\\r\\n/]*`,
  `${WS}*[\\r\\n]+`,
  `${WS}+(?!${NOT_WS})`,
  `${WS}+`,
].join('|');

const CL100K_PATTERN = [
  CONTRACTION,
  `[^\\r\\n\\p{L}\\p{N}]?\\p{L}+`,
  `\\p{N}{1,3}`,
  ` ?[^${RUST_WHITESPACE}\\p{L}\\p{N}]+[\\r\\n]*`,
  `${WS}*[\\r\\n]+`,
  `${WS}+(?!${NOT_WS})`,
  `${WS}+`,
].join('|');

/** A fresh global regex that splits text into the pieces BPE runs on (stateful: one per user). */
export function preTokenizerRegex(name: EncodingName): RegExp {
  return new RegExp(name === 'o200k_base' ? O200K_PATTERN : CL100K_PATTERN, 'gu');
}
