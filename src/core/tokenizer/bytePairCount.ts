// Count-only byte-pair encoding. tiktoken's rule: repeatedly merge the adjacent pair of parts whose
// concatenation has the lowest rank (the leftmost on ties) until no adjacent pair is a token. We never need
// the token ids, only how many parts remain. Short pieces (nearly all) use tiktoken's own array scan; long
// pieces use a heap so the work is O(n log n) instead of O(n²) — both give the same merges, in the same order.
import { NO_RANK, type RankTable } from './rankTable';

/** Above this many bytes the heap version wins over rescanning the array after every merge. */
export const HEAP_MERGE_THRESHOLD_BYTES = 96;

export class BytePairCounter {
  private starts = new Int32Array(256);
  private ranks = new Int32Array(256);
  private heap = new Float64Array(0);
  private next = new Int32Array(0);
  private prev = new Int32Array(0);

  constructor(private readonly table: RankTable) {}

  /** Tokens in `bytes[0..length)`; `length >= 1`. */
  count(bytes: Uint8Array, length: number, heapThreshold = HEAP_MERGE_THRESHOLD_BYTES): number {
    if (length === 1) return 1;
    if (length === 2) return this.table.pairRanks[(bytes[0] << 8) | bytes[1]] === NO_RANK ? 2 : 1;
    if (this.table.rankOf(bytes, 0, length) !== NO_RANK) return 1;
    return length > heapThreshold ? this.countWithHeap(bytes, length) : this.countWithScan(bytes, length);
  }

  /** tiktoken's `_byte_pair_merge`: parts as (start, rank-of-merge-with-next) arrays, rescanned per merge. */
  private countWithScan(bytes: Uint8Array, length: number): number {
    if (this.starts.length < length + 1) {
      this.starts = new Int32Array(length + 1);
      this.ranks = new Int32Array(length + 1);
    }
    const { starts, ranks, table } = this;
    const pairRanks = table.pairRanks;
    for (let i = 0; i < length - 1; i++) {
      starts[i] = i;
      ranks[i] = pairRanks[(bytes[i] << 8) | bytes[i + 1]];
    }
    starts[length - 1] = length - 1;
    ranks[length - 1] = NO_RANK;
    starts[length] = length;
    ranks[length] = NO_RANK;
    let partCount = length + 1; // includes the end sentinel
    for (;;) {
      let minRank = NO_RANK;
      let minIndex = -1;
      for (let i = 0; i < partCount - 1; i++) {
        if (ranks[i] < minRank) {
          minRank = ranks[i];
          minIndex = i;
        }
      }
      if (minIndex < 0) break;
      const i = minIndex;
      // Ranks of the new neighbours are computed before part i+1 is removed, as tiktoken does.
      if (i > 0) ranks[i - 1] = i + 2 < partCount ? table.rankOf(bytes, starts[i - 1], starts[i + 2]) : NO_RANK;
      ranks[i] = i + 3 < partCount ? table.rankOf(bytes, starts[i], starts[i + 3]) : NO_RANK;
      starts.copyWithin(i + 1, i + 2, partCount);
      ranks.copyWithin(i + 1, i + 2, partCount);
      partCount--;
    }
    return partCount - 1;
  }

  /**
   * Same merges via a doubly linked list of parts (indexed by start byte) and a min-heap of candidate merges
   * keyed rank·2³² + start, so ties go to the leftmost part. Stale heap entries are skipped on pop.
   */
  private countWithHeap(bytes: Uint8Array, length: number): number {
    if (this.next.length < length + 1) {
      this.next = new Int32Array(length + 1);
      this.prev = new Int32Array(length + 1);
      this.ranks = new Int32Array(Math.max(this.ranks.length, length + 1));
      this.starts = new Int32Array(Math.max(this.starts.length, length + 1));
      this.heap = new Float64Array(length * 3 + 16);
    }
    const { next, prev, ranks, table } = this;
    const pairRanks = table.pairRanks;
    let heapSize = 0;
    const push = (key: number): void => {
      if (heapSize === this.heap.length) {
        const grown = new Float64Array(this.heap.length * 2);
        grown.set(this.heap);
        this.heap = grown;
      }
      const heap = this.heap;
      let i = heapSize++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent] <= key) break;
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = key;
    };
    const pop = (): number => {
      const heap = this.heap;
      const top = heap[0];
      const last = heap[--heapSize];
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= heapSize) break;
        if (child + 1 < heapSize && heap[child + 1] < heap[child]) child++;
        if (heap[child] >= last) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
      return top;
    };
    const TWO_32 = 4294967296;
    for (let i = 0; i < length; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
      const rank = i + 1 < length ? pairRanks[(bytes[i] << 8) | bytes[i + 1]] : NO_RANK;
      ranks[i] = rank;
      if (rank !== NO_RANK) push(rank * TWO_32 + i);
    }
    let partCount = length;
    while (heapSize > 0) {
      const key = pop();
      const start = key % TWO_32;
      const rank = (key - start) / TWO_32;
      if (ranks[start] !== rank) continue; // stale: the part was merged away or its neighbour changed
      const removed = next[start];
      const after = next[removed];
      next[start] = after;
      if (after < length) prev[after] = start;
      ranks[removed] = NO_RANK;
      partCount--;
      const newRank = after < length ? table.rankOf(bytes, start, next[after]) : NO_RANK;
      ranks[start] = newRank;
      if (newRank !== NO_RANK) push(newRank * TWO_32 + start);
      const before = prev[start];
      if (before >= 0) {
        const beforeRank = table.rankOf(bytes, before, after);
        ranks[before] = beforeRank;
        if (beforeRank !== NO_RANK) push(beforeRank * TWO_32 + before);
      }
    }
    return partCount;
  }
}
