/**
 * Token counts of several pieces taken together (multi-cursor selections): the sum of each piece counted on its
 * own, exact only if every piece is.
 */
import type { LineSpan, Span } from './countWorkerProtocol';
import type { IncrementalCounter, TokenCount } from './tokenizer';

function sum(counts: readonly TokenCount[]): TokenCount {
  return { tokens: counts.reduce((total, count) => total + count.tokens, 0), exact: counts.every((count) => count.exact) };
}

/** The whole document when `spans` is null, else the spans of it; `characters` is what was counted. */
export function countDocumentSpans(counter: IncrementalCounter, spans: readonly Span[] | null): { count: TokenCount; characters: number } {
  if (spans === null) return { count: { tokens: counter.tokens, exact: counter.exact }, characters: counter.length };
  return { count: sum(spans.map(([start, end]) => counter.countRange(start, end))), characters: spans.reduce((total, [start, end]) => total + Math.max(0, end - start), 0) };
}

/** Offsets of the line starts of a text (after each "\n"; VS Code documents hold no lone "\r"). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/** A line-and-character span as offsets, clamped to the text like VS Code clamps positions. */
export function toOffsets(span: Span | LineSpan, starts: () => readonly number[], length: number): Span {
  if (Array.isArray(span)) return span as Span;
  const { startLine, startCharacter, endLine, endCharacter } = span as LineSpan;
  const offset = (line: number, character: number): number => {
    const lines = starts();
    if (line >= lines.length) return length;
    const lineEnd = line + 1 < lines.length ? lines[line + 1] - 1 : length;
    return Math.min(lines[line] + character, lineEnd);
  };
  return [offset(startLine, startCharacter), offset(endLine, endCharacter)];
}
