/**
 * Running ccusage 17.2.1 (`daily --json --offline`) beside `tokenwise report --by day --json`, and comparing
 * their per-day figures: shared by the parity test and the ingest benchmark.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface DayTokens {
  date: string;
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
  cost: number;
}

/** ccusage's entry, found upwards from here (this module also runs bundled, from dist/bench). */
function ccusageBin(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', 'ccusage', 'dist', 'index.js');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error('ccusage is not installed: run `npm install`');
  }
}

/** The days of a `tokenwise report --by day --json` output. */
export function daysOfReport(json: string): DayTokens[] {
  const rows = (JSON.parse(json) as { rows: { key: string; inputTokens: number; outputTokens: number; cacheWriteTokens: number; cacheReadTokens: number; costUSD: number }[] }).rows;
  return rows.map((row) => ({ date: row.key, input: row.inputTokens, output: row.outputTokens, cacheWrite: row.cacheWriteTokens, cacheRead: row.cacheReadTokens, cost: row.costUSD }));
}

export interface CcusageRun {
  days: DayTokens[];
  ms: number;
  /** CPU time and peak RSS of the ccusage process, reported by a preload that runs at its exit. */
  cpuMs: number;
  maxRssMB: number;
}

/** ccusage's per-day figures for these Claude config folders, in UTC. `scratchDir` receives a tiny preload script. */
export function runCcusageDaily(claudeDirs: readonly string[], scratchDir: string): CcusageRun {
  const preload = path.join(scratchDir, 'ccusage-usage-report.cjs');
  fs.writeFileSync(preload, "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\nMAXRSS ' + process.resourceUsage().maxRSS + ' CPU ' + (u.user + u.system) / 1000 + '\\n'); });\n");
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--require', preload, ccusageBin(), 'daily', '--json', '--offline', '--timezone', 'UTC'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, CLAUDE_CONFIG_DIR: claudeDirs.join(','), TZ: 'UTC' },
  });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`ccusage failed (${result.status}): ${result.stderr}`);
  const daily = (JSON.parse(result.stdout) as { daily: { date: string; inputTokens: number; outputTokens: number; cacheCreationTokens: number; cacheReadTokens: number; totalCost: number }[] }).daily;
  const usage = /MAXRSS (\d+) CPU ([\d.]+)/.exec(result.stderr);
  return {
    days: daily.map((d) => ({ date: d.date, input: d.inputTokens, output: d.outputTokens, cacheWrite: d.cacheCreationTokens, cacheRead: d.cacheReadTokens, cost: d.totalCost })),
    ms,
    cpuMs: usage ? Number(usage[2]) : Number.NaN,
    maxRssMB: usage ? Math.round(Number(usage[1]) / 1024) : Number.NaN,
  };
}

/** Days whose token figures differ (or exist on one side only), and the largest relative cost gap among the rest. */
export function compareDays(ours: readonly DayTokens[], theirs: readonly DayTokens[], ignoredDates: ReadonlySet<string> = new Set()): { mismatchedDays: string[]; maxCostDiff: number; comparedDays: number } {
  const mismatchedDays: string[] = [];
  let maxCostDiff = 0;
  let comparedDays = 0;
  const dates = [...new Set([...ours.map((d) => d.date), ...theirs.map((d) => d.date)])].sort();
  for (const date of dates) {
    if (ignoredDates.has(date)) continue;
    const a = ours.find((d) => d.date === date);
    const b = theirs.find((d) => d.date === date);
    if (!a || !b || a.input !== b.input || a.output !== b.output || a.cacheWrite !== b.cacheWrite || a.cacheRead !== b.cacheRead) {
      mismatchedDays.push(date);
      continue;
    }
    comparedDays++;
    if (b.cost > 0) maxCostDiff = Math.max(maxCostDiff, Math.abs(a.cost - b.cost) / b.cost);
  }
  return { mismatchedDays, maxCostDiff, comparedDays };
}
