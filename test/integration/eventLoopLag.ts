// Measures how late the extension host's event loop runs a timer: a 5 ms interval whose every tick records how
// much later than due it fired. Any synchronous work on the thread (ours or VS Code's) shows up as lag.
import { performance } from 'node:perf_hooks';

const TICK_MS = 5;

export interface LagFigures {
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

export class EventLoopLag {
  private readonly lags: number[] = [];
  private readonly timer: NodeJS.Timeout;
  private last = performance.now();

  constructor() {
    this.timer = setInterval(() => {
      const now = performance.now();
      this.lags.push(Math.max(0, now - this.last - TICK_MS));
      this.last = now;
    }, TICK_MS);
  }

  stop(): LagFigures {
    clearInterval(this.timer);
    const sorted = [...this.lags].sort((a, b) => a - b);
    return { samples: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? 0 };
  }
}

export function describeLag(label: string, lag: LagFigures): string {
  return `${label}: event-loop lag p50 ${lag.p50.toFixed(1)} ms, p99 ${lag.p99.toFixed(1)} ms, max ${lag.max.toFixed(1)} ms (${lag.samples} samples)`;
}
