// Who holds the extension host's thread: a CPU profile (1 ms samples, node:inspector) of a test phase, split into
// Tokenwise's share and everybody else's. The extension host is shared with VS Code's built-in extensions (on a
// 50 MB document, merge-conflict and the link detector each read the whole text on every edit), so event-loop
// lag alone cannot say whether Tokenwise is the cause; the longest run of samples with a Tokenwise frame on the
// stack can.
import { Session } from 'node:inspector';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HostProfileFigures {
  /** The longest unbroken run of samples inside Tokenwise code (an upper bound of its longest blocking task). */
  longestTokenwiseMs: number;
  /**
   * The 99th percentile of those runs. Samples are wall-clock: on the shared test machine the OS can preempt the
   * thread for 100 ms inside any function, so a single run says less than the percentile.
   */
  p99TokenwiseMs: number;
  /** How many unbroken runs of Tokenwise code the profile holds. */
  tokenwiseRuns: number;
  tokenwiseTotalMs: number;
  /** The functions (outside Tokenwise) with the most samples, for the report. */
  topOthers: { name: string; ms: number }[];
  /** Where the longest run spent its time: the innermost Tokenwise function and the function running. */
  longestRunFrames: { name: string; ms: number }[];
}

export class HostProfile {
  private readonly session = new Session();

  private post<T>(method: string, params: object = {}): Promise<T> {
    return new Promise((resolve, reject) => this.session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
  }

  async start(): Promise<void> {
    this.session.connect();
    await this.post('Profiler.enable');
    await this.post('Profiler.setSamplingInterval', { interval: 1000 });
    await this.post('Profiler.start');
  }

  /** `ownCode`: a path prefix of Tokenwise's bundles (its extension folder's dist/). */
  async stop(ownCode: string): Promise<HostProfileFigures> {
    const { profile } = await this.post<{ profile: Profile }>('Profiler.stop');
    this.session.disconnect();
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const ours = new Map<number, boolean>();
    const isOurs = (id: number): boolean => {
      let known = ours.get(id);
      if (known === undefined) {
        const node = byId.get(id);
        const up = parent.get(id);
        known = (node?.callFrame.url.includes(ownCode) ?? false) || (up !== undefined && isOurs(up));
        ours.set(id, known);
      }
      return known;
    };
    let longest = 0;
    let run = 0;
    let total = 0;
    const others = new Map<string, number>();
    const runs: number[] = [];
    let runFrames = new Map<string, number>();
    let longestRunFrames = runFrames;
    const frameName = (id: number): string => {
      const frame = byId.get(id)?.callFrame;
      return frame === undefined ? '?' : `${frame.functionName || '(anonymous)'} (${frame.url.split('/').slice(-2).join('/') || 'native'})`;
    };
    const innermostOurs = (id: number): string => {
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) if (byId.get(at)?.callFrame.url.includes(ownCode)) return frameName(at);
      return '?';
    };
    for (let index = 0; index < profile.samples.length; index++) {
      const id = profile.samples[index];
      // timeDeltas[i] is the time before sample i; the time a sample stands for is the gap to the next one.
      const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
      if (isOurs(id)) {
        if (run === 0) runFrames = new Map();
        run += ms;
        total += ms;
        const name = `${innermostOurs(id)} → ${frameName(id)}`;
        runFrames.set(name, (runFrames.get(name) ?? 0) + ms);
        if (run > longest) {
          longest = run;
          longestRunFrames = runFrames;
        }
        continue;
      }
      if (run > 0) runs.push(run);
      run = 0;
      const frame = byId.get(id)?.callFrame;
      if (frame === undefined || frame.functionName === '(idle)' || frame.functionName === '(program)') continue;
      const name = `${frame.functionName || '(anonymous)'} (${frame.url.split('/').slice(-2).join('/') || 'native'})`;
      others.set(name, (others.get(name) ?? 0) + ms);
    }
    const topOthers = [...others.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, ms]) => ({ name, ms }));
    const top = (frames: Map<string, number>): { name: string; ms: number }[] => [...frames.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, ms]) => ({ name, ms }));
    if (run > 0) runs.push(run);
    runs.sort((a, b) => a - b);
    const p99 = runs.length === 0 ? 0 : runs[Math.min(runs.length - 1, Math.floor(0.99 * runs.length))];
    return { longestTokenwiseMs: longest, p99TokenwiseMs: p99, tokenwiseRuns: runs.length, tokenwiseTotalMs: total, topOthers, longestRunFrames: top(longestRunFrames) };
  }
}

export function describeProfile(label: string, figures: HostProfileFigures): string {
  const others = figures.topOthers.map((other) => `${other.name} ${other.ms.toFixed(0)} ms`).join(', ');
  const longest = figures.longestRunFrames.map((frame) => `${frame.name} ${frame.ms.toFixed(0)} ms`).join(', ');
  return `${label}: Tokenwise on the host thread ${figures.tokenwiseTotalMs.toFixed(0)} ms in all, ${figures.tokenwiseRuns} unbroken runs: p99 ${figures.p99TokenwiseMs.toFixed(1)} ms, longest ${figures.longestTokenwiseMs.toFixed(1)} ms (${longest}); busiest others: ${others}`;
}
