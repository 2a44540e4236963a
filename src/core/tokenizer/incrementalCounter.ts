// Exact running token count of one document under edits. The text is kept as chunks cut at safe split points
// (chunking.ts), each with its cached count; an edit re-reads only the chunks it touches plus one neighbour
// on each side, re-cuts that region and recounts it. The neighbours matter: an edit can destroy the safe point
// just before or after it (deleting the "\n", typing a "/" after it), and the outer edges of the region are
// then still safe because the characters around them are unchanged.
import { chunkLengths, DEFAULT_CHUNK_SIZES, type ChunkSizes } from './chunking';
import { compactCopy } from './compactString';
import type { Encoding, TokenCount } from './encoding';

/** One change in VS Code's `TextDocumentContentChangeEvent` shape: UTF-16 offsets into the text before it. */
export interface TextChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

export interface IncrementalCounterOptions {
  /** Chunk sizes (tests use tiny chunks to exercise many boundaries on small documents). */
  chunkSizes?: ChunkSizes;
}

export class IncrementalCounter {
  private readonly sizes: ChunkSizes;
  private chunkTexts: string[] = [];
  private chunkTokens: number[] = [];
  private chunkExact: boolean[] = [];
  private totalTokens = 0;
  private inexactChunks = 0;
  private totalLength = 0;

  constructor(
    private readonly encoding: Encoding,
    text: string,
    options: IncrementalCounterOptions = {},
  ) {
    this.sizes = options.chunkSizes ?? DEFAULT_CHUNK_SIZES;
    this.replaceChunks(0, 0, text);
  }

  get tokens(): number {
    return this.totalTokens;
  }

  /** False while any part of the document is counted by the long-piece estimate. */
  get exact(): boolean {
    return this.inexactChunks === 0;
  }

  /** Document length in UTF-16 units. */
  get length(): number {
    return this.totalLength;
  }

  get chunkCount(): number {
    return this.chunkTexts.length;
  }

  /** The whole document as the counter sees it (joins the chunks: O(length)). */
  getText(): string {
    return this.chunkTexts.join('');
  }

  /** Applies one change. For a VS Code event, call this for each of `contentChanges` in the order given. */
  applyChange(change: TextChange): void {
    const start = change.rangeOffset;
    const end = start + change.rangeLength;
    if (!Number.isInteger(start) || !Number.isInteger(change.rangeLength) || start < 0 || change.rangeLength < 0 || end > this.totalLength) {
      throw new RangeError(`change ${start}+${change.rangeLength} lies outside the document (length ${this.totalLength})`);
    }
    if (this.chunkTexts.length === 0) {
      this.replaceChunks(0, 0, change.text);
      return;
    }
    // Chunks touching the edited range (closed interval: an edit at a boundary touches both sides).
    let first = -1;
    let last = -1;
    let regionStart = 0;
    for (let index = 0, chunkStart = 0; index < this.chunkTexts.length; index++) {
      const chunkEnd = chunkStart + this.chunkTexts[index].length;
      if (first < 0 && chunkEnd >= start) first = index;
      if (chunkStart <= end) last = index;
      else break;
      chunkStart = chunkEnd;
    }
    const from = Math.max(0, first - 1);
    const to = Math.min(this.chunkTexts.length - 1, last + 1);
    for (let index = 0; index < from; index++) regionStart += this.chunkTexts[index].length;
    const region = this.chunkTexts.slice(from, to + 1).join('');
    const edited = region.slice(0, start - regionStart) + change.text + region.slice(end - regionStart);
    this.replaceChunks(from, to - from + 1, edited);
  }

  /** Tokens of `document[start..end)` counted on its own (e.g. a selection), reusing whole cached chunks inside it. */
  countRange(start: number, end: number): TokenCount {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > this.totalLength || start > end) {
      throw new RangeError(`range ${start}..${end} lies outside the document (length ${this.totalLength})`);
    }
    // Whole chunks strictly inside the range whose outer boundaries are safe within the range itself.
    let innerFirst = -1;
    let innerLast = -1;
    let innerStart = 0;
    let innerEnd = 0;
    for (let index = 0, chunkStart = 0; index < this.chunkTexts.length && chunkStart < end; index++) {
      const chunkEnd = chunkStart + this.chunkTexts[index].length;
      if (chunkStart >= start + 1 && chunkEnd <= end - 2) {
        if (innerFirst < 0) {
          innerFirst = index;
          innerStart = chunkStart;
        }
        innerLast = index;
        innerEnd = chunkEnd;
      }
      chunkStart = chunkEnd;
    }
    if (innerFirst < 0) return this.encoding.count(this.textBetween(start, end));
    // Chunk boundaries are safe split points of the document, and the characters around these two are inside
    // the range, so they are safe split points of the range's own text as well.
    const head = this.textBetween(start, innerStart);
    const tail = this.textBetween(innerEnd, end);
    const headCount = this.encoding.count(head);
    const tailCount = this.encoding.count(tail);
    let tokens = headCount.tokens + tailCount.tokens;
    let exact = headCount.exact && tailCount.exact;
    for (let index = innerFirst; index <= innerLast; index++) {
      tokens += this.chunkTokens[index];
      exact = exact && this.chunkExact[index];
    }
    return { tokens, exact };
  }

  private textBetween(start: number, end: number): string {
    const parts: string[] = [];
    for (let index = 0, chunkStart = 0; index < this.chunkTexts.length && chunkStart < end; index++) {
      const text = this.chunkTexts[index];
      const chunkEnd = chunkStart + text.length;
      if (chunkEnd > start) parts.push(text.slice(Math.max(0, start - chunkStart), Math.min(text.length, end - chunkStart)));
      chunkStart = chunkEnd;
    }
    return parts.join('');
  }

  /** Replaces `removeCount` chunks at `at` by `text` cut into fresh chunks, keeping the totals in step. */
  private replaceChunks(at: number, removeCount: number, text: string): void {
    for (let index = at; index < at + removeCount; index++) {
      this.totalTokens -= this.chunkTokens[index];
      this.totalLength -= this.chunkTexts[index].length;
      if (!this.chunkExact[index]) this.inexactChunks--;
    }
    const texts: string[] = [];
    const tokens: number[] = [];
    const exact: boolean[] = [];
    let offset = 0;
    for (const length of chunkLengths(text, this.sizes)) {
      const chunk = compactCopy(text.slice(offset, offset + length));
      offset += length;
      const count = this.encoding.count(chunk);
      texts.push(chunk);
      tokens.push(count.tokens);
      exact.push(count.exact);
      this.totalTokens += count.tokens;
      this.totalLength += length;
      if (!count.exact) this.inexactChunks++;
    }
    this.chunkTexts = spliced(this.chunkTexts, at, removeCount, texts);
    this.chunkTokens = spliced(this.chunkTokens, at, removeCount, tokens);
    this.chunkExact = spliced(this.chunkExact, at, removeCount, exact);
  }
}

/** `items` in place of `removeCount` entries at `at`; unlike `splice(...items)` it has no argument-count limit. */
function spliced<T>(array: T[], at: number, removeCount: number, items: T[]): T[] {
  if (array.length === 0) return items;
  return array.slice(0, at).concat(items, array.slice(at + removeCount));
}
