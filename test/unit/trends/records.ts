// Hand-made records and edits for the trends tests; every figure in the tests is computed by hand from these.
import type { EditEvent, EditOutcome, ToolId, UsageRecord } from '../../../src/core/usage/types';

let sequence = 0;

export function record(iso: string, tool: ToolId, model: string, project: string | null, tokens: Partial<Pick<UsageRecord, 'inputUncached' | 'output' | 'cacheWrite5m' | 'cacheWrite1h' | 'cacheRead'>>): UsageRecord {
  sequence += 1;
  return {
    tool,
    sessionId: 's1',
    project,
    timestampMs: Date.parse(iso),
    model,
    inputUncached: tokens.inputUncached ?? 0,
    cacheWrite5m: tokens.cacheWrite5m ?? 0,
    cacheWrite1h: tokens.cacheWrite1h ?? 0,
    cacheRead: tokens.cacheRead ?? 0,
    output: tokens.output ?? 0,
    reasoning: 0,
    costReportedUSD: null,
    dedupKey: `r${sequence}`,
  };
}

export function edit(iso: string, outcome: EditOutcome, project: string | null, model: string | null = null, tool: ToolId = 'claude-code'): EditEvent {
  sequence += 1;
  return {
    tool,
    sessionId: 's1',
    project,
    timestampMs: Date.parse(iso),
    model,
    filePath: 'src/a.ts',
    toolName: 'Edit',
    outcome,
    userModified: false,
    autoApproved: null,
    linesAdded: 1,
    linesRemoved: 0,
    dedupKey: `e${sequence}`,
  };
}

function repeat<T>(count: number, make: () => T): T[] {
  return Array.from({ length: count }, make);
}

/** Flat prices per record keep the hand arithmetic obvious; `mystery` has no price. */
export const flatPrice = (r: UsageRecord): number | undefined => ({ 'm-a': 0.5, 'm-b': 2 })[r.model];

/**
 * "Now" is Wednesday 2026-11-25 12:00 UTC. In Europe/Berlin (UTC+1 in November) this week starts Monday
 * 2026-11-23 and last week Monday 2026-11-16.
 */
export const nowMs = Date.parse('2026-11-25T12:00:00Z');

export const records: UsageRecord[] = [
  // Berlin Monday 00:30 (this week), but Sunday 23:30 in UTC (last week).
  record('2026-11-22T23:30:00Z', 'claude-code', 'm-a', '/p/alpha', { inputUncached: 100, output: 200, cacheWrite5m: 300, cacheRead: 400 }),
  record('2026-11-24T10:00:00Z', 'codex', 'm-b', '/p/beta', { inputUncached: 1000, output: 500, cacheRead: 1500 }),
  record('2026-11-25T09:00:00Z', 'claude-code', 'mystery', '/p/alpha', { inputUncached: 50, output: 50, cacheWrite1h: 100, cacheRead: 800 }),
  // Last week.
  record('2026-11-17T12:00:00Z', 'claude-code', 'm-a', '/p/alpha', { inputUncached: 200, output: 300, cacheWrite5m: 500 }),
  record('2026-11-22T22:30:00Z', 'claude-code', 'm-a', '/p/alpha', { inputUncached: 500, output: 500, cacheRead: 1000 }),
  // The oldest week of the 12-week series (week of 2026-09-07), and one before it.
  record('2026-09-08T12:00:00Z', 'gemini-cli', 'm-a', null, { inputUncached: 10 }),
  record('2026-08-01T12:00:00Z', 'gemini-cli', 'm-a', null, { inputUncached: 7 }),
];

export const edits: EditEvent[] = [
  ...repeat(4, () => edit('2026-11-24T11:00:00Z', 'accepted', '/p/alpha', 'm-a')),
  ...repeat(2, () => edit('2026-11-24T11:00:00Z', 'accepted', '/p/beta', null, 'codex')),
  ...repeat(2, () => edit('2026-11-24T11:00:00Z', 'rejected', '/p/alpha', 'm-a')),
  edit('2026-11-24T11:00:00Z', 'failed', '/p/alpha', 'm-a'),
  edit('2026-11-24T11:00:00Z', 'unresolved', '/p/alpha', 'm-a'),
  ...repeat(4, () => edit('2026-11-18T11:00:00Z', 'accepted', '/p/alpha', 'm-a')),
];
