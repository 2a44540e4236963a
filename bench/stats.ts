// Small statistics, timing and memory helpers shared by the benchmarks.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of an unsorted list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function megabytes(bytes: number): number {
  return bytes / (1024 * 1024);
}

/** A GitHub-style markdown table. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Runs `fn` once and returns the CPU time (user + system) it took, in milliseconds: steadier than wall time on a shared machine. */
export function cpuTimeMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

let exposedGc: (() => void) | undefined;

/** Full garbage collection before a memory reading (enables `gc` at run time when node was started without --expose-gc). */
export function collectGarbage(): void {
  if (exposedGc === undefined) {
    const globalGc = (globalThis as { gc?: () => void }).gc;
    if (globalGc !== undefined) exposedGc = globalGc;
    else {
      setFlagsFromString('--expose-gc');
      exposedGc = runInNewContext('gc') as () => void;
    }
  }
  exposedGc();
  exposedGc();
}

/** Heap plus ArrayBuffer memory (typed arrays such as rank tables live outside the JS heap), in bytes. */
export function heapAndBuffers(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}
