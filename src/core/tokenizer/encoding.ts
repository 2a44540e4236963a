// One encoding's counter: split text into pieces as the encoding's pre-tokenizer regex does (an ASCII scanner,
// with the regex itself for everything else), then count the byte-pair merges of each piece. A bounded piece cache makes repeated pieces (keywords, common words,
// indentation) a map lookup; pieces too long for exact BPE within budget get a labelled estimate.
import { BytePairCounter } from './bytePairCount';
import { preTokenizerRegex, type EncodingName } from './encodingSpecs';
import { pieceScanner, type PieceScanner } from './pieceScanner';
import type { RankTable } from './rankTable';
import { Utf8Scratch } from './utf8';

export interface TokenCount {
  tokens: number;
  /** False when part of the text was estimated (see LONG_PIECE_CHARS); estimates are never labelled exact. */
  exact: boolean;
}

export interface Encoding {
  readonly name: EncodingName;
  count(text: string): TokenCount;
}

/**
 * Pieces longer than this (in UTF-16 units) are estimated instead of merged exactly. Such a piece is a run with
 * no separator at all — 100 000 identical letters, a wall of spaces, a long lowercase blob — and nothing anyone
 * reads token by token. Exact BPE here is O(n log n) (bytePairCount.ts), not tiktoken's O(n²), but still costs
 * ~1–2 µs per byte; the estimate costs a fixed ~2 000 characters of BPE per piece. Figures: docs/tokenizer.md.
 */
export const LONG_PIECE_CHARS = 5000;

/** The estimate runs exact BPE on this many windows spread over the long piece and scales by length. */
const SAMPLE_WINDOWS = 4;
const SAMPLE_WINDOW_CHARS = 512;

/** Only short pieces are worth remembering; long ones rarely repeat and would bloat the cache. */
const CACHEABLE_PIECE_CHARS = 48;
const PIECE_CACHE_ENTRIES = 100_000;

export class BytePairEncoding implements Encoding {
  private readonly pattern: RegExp;
  private readonly scan: PieceScanner;
  private readonly utf8 = new Utf8Scratch();
  private readonly merger: BytePairCounter;
  private pieceCache = new Map<string, number>();
  /** Start of the piece last found by nextPieceEnd (a field, so the hot loop allocates nothing per piece). */
  private pieceStart = 0;

  constructor(
    readonly name: EncodingName,
    table: RankTable,
  ) {
    this.pattern = preTokenizerRegex(name);
    this.scan = pieceScanner(name);
    this.merger = new BytePairCounter(table);
  }

  count(text: string): TokenCount {
    let tokens = 0;
    let exact = true;
    for (let start = 0; start < text.length; ) {
      const end = this.nextPieceEnd(text, start);
      if (end < 0) break;
      const piece = text.slice(this.pieceStart, end);
      if (piece.length > LONG_PIECE_CHARS) {
        tokens += this.estimateLongPiece(piece);
        exact = false;
      } else {
        tokens += this.countPiece(piece);
      }
      start = end;
    }
    return { tokens, exact };
  }

  /** The pieces `text` splits into (for tests that compare the scanner with the regex). */
  pieces(text: string): string[] {
    const pieces: string[] = [];
    for (let start = 0; start < text.length; ) {
      const end = this.nextPieceEnd(text, start);
      if (end < 0) break;
      pieces.push(text.slice(this.pieceStart, end));
      start = end;
    }
    return pieces;
  }

  /** The pieces `text` splits into by the regex alone (the reference for the scanner). */
  regexPieces(text: string): string[] {
    return Array.from(text.matchAll(new RegExp(this.pattern.source, 'gu')), (match) => match[0]);
  }

  /**
   * End of the piece that starts at or after `start` (its start goes to `pieceStart`), or -1 if none.
   * The ASCII scanner answers most positions; elsewhere the regex decides. It matches at `start` (every position
   * matches some branch); should it ever skip ahead, the skipped text counts as nothing, as in tiktoken.
   */
  private nextPieceEnd(text: string, start: number): number {
    const end = this.scan(text, start);
    if (end >= 0) {
      this.pieceStart = start;
      return end;
    }
    const pattern = this.pattern;
    pattern.lastIndex = start;
    const match = pattern.exec(text);
    if (match === null) return -1;
    this.pieceStart = match.index;
    return match.index + match[0].length;
  }

  /** Forgets remembered piece counts (the benchmark's "first count of fresh text" starts from this). */
  clearCache(): void {
    this.pieceCache = new Map();
  }

  private countPiece(piece: string): number {
    const cacheable = piece.length <= CACHEABLE_PIECE_CHARS;
    if (cacheable) {
      const cached = this.pieceCache.get(piece);
      if (cached !== undefined) return cached;
    }
    const length = this.utf8.encode(piece, 0, piece.length);
    const tokens = this.merger.count(this.utf8.bytes, length);
    if (cacheable) {
      if (this.pieceCache.size >= PIECE_CACHE_ENTRIES) this.pieceCache = new Map();
      this.pieceCache.set(piece, tokens);
    }
    return tokens;
  }

  /** Exact BPE on a few windows of the piece, scaled to its full length: a labelled estimate in bounded time. */
  private estimateLongPiece(piece: string): number {
    const windowChars = Math.min(SAMPLE_WINDOW_CHARS, Math.floor(piece.length / SAMPLE_WINDOWS));
    const stride = (piece.length - windowChars) / (SAMPLE_WINDOWS - 1);
    let sampledTokens = 0;
    let sampledChars = 0;
    for (let window = 0; window < SAMPLE_WINDOWS; window++) {
      const start = Math.floor(window * stride);
      const length = this.utf8.encode(piece, start, start + windowChars);
      sampledTokens += this.merger.count(this.utf8.bytes, length);
      sampledChars += windowChars;
    }
    return Math.max(1, Math.round((sampledTokens / sampledChars) * piece.length));
  }
}

/** For model families without a public tokenizer: a count in a known encoding times a family factor. */
export function estimateFromBase(base: TokenCount, factor: number): TokenCount {
  return { tokens: Math.round(base.tokens * factor), exact: false };
}
