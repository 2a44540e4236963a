/**
 * Token counts of several pieces taken together (multi-cursor selections): the sum of each piece counted on its
 * own, exact only if every piece is.
 */
import type { Span } from './countWorkerProtocol';
import type { IncrementalCounter, TokenCount } from './tokenizer';

function sum(counts: readonly TokenCount[]): TokenCount {
  return { tokens: counts.reduce((total, count) => total + count.tokens, 0), exact: counts.every((count) => count.exact) };
}

/** The whole document when `spans` is null, else the spans of it. */
export function countDocumentSpans(counter: IncrementalCounter, spans: readonly Span[] | null): TokenCount {
  if (spans === null) return { tokens: counter.tokens, exact: counter.exact };
  return sum(spans.map(([start, end]) => counter.countRange(start, end)));
}
