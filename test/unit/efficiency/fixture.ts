/**
 * A small, hand-computed efficiency fixture shared by the metrics tests. Every expected figure in the tests
 * is derived from these values in comments; price = $1 per 1,000 tokens of any kind, m-c has no price.
 */
import type { AttributedCommit } from '../../../src/core/git/attribution';
import { totalTokens, type EditEvent, type EditOutcome, type ToolId, type UsageRecord } from '../../../src/core/usage/types';

export function record(tool: ToolId, project: string | null, iso: string, model: string, tokens: { input: number; cacheWrite?: number; cacheRead?: number; output: number }): UsageRecord {
  return {
    tool, sessionId: 's', project, timestampMs: Date.parse(iso), model,
    inputUncached: tokens.input, cacheWrite5m: tokens.cacheWrite ?? 0, cacheWrite1h: 0, cacheRead: tokens.cacheRead ?? 0, output: tokens.output,
    reasoning: 0, costReportedUSD: null, dedupKey: `${tool}:${iso}`,
  };
}

export function edit(tool: ToolId, project: string | null, iso: string, outcome: EditOutcome, lines: { added: number; removed: number } = { added: 0, removed: 0 }, flags: { modified?: boolean; auto?: boolean } = {}): EditEvent {
  return {
    tool, sessionId: 's', project, timestampMs: Date.parse(iso), model: tool === 'codex' ? 'm-b' : 'm-a', filePath: 'f.ts', toolName: 'Edit',
    outcome, userModified: flags.modified ?? false, autoApproved: flags.auto ?? false, linesAdded: lines.added, linesRemoved: lines.removed, dedupKey: `${tool}:${iso}:${outcome}`,
  };
}

export function commit(project: string, iso: string, added: number, removed: number): AttributedCommit {
  return { hash: 'c'.repeat(40), authorEmail: 'ana@example.com', authorName: 'Ana', timestampMs: Date.parse(iso), authoredMs: Date.parse(iso), linesAdded: added, linesRemoved: removed, files: ['f.ts'], repoRoot: project, project };
}

/** $1 per 1,000 tokens; the model m-c has no price. */
export function price(r: UsageRecord): number | undefined {
  return r.model === 'm-c' ? undefined : totalTokens(r) / 1000;
}

export const SHOP = '/p/shop';
export const API = '/p/api';

export const records: UsageRecord[] = [
  // R1: 100 + 200 + 700 + 50 = 1,050 tokens → $1.05
  record('claude-code', SHOP, '2026-03-02T10:00:00Z', 'm-a', { input: 100, cacheWrite: 200, cacheRead: 700, output: 50 }),
  // R2: 50 + 900 + 50 = 1,000 tokens → $1.00
  record('claude-code', SHOP, '2026-03-02T15:00:00Z', 'm-a', { input: 50, cacheRead: 900, output: 50 }),
  // R3: 400 + 600 + 200 = 1,200 tokens → $1.20
  record('codex', API, '2026-03-03T09:00:00Z', 'm-b', { input: 400, cacheRead: 600, output: 200 }),
  // R4: 300 + 100 = 400 tokens, unpriced; copilot logs no edits, so it is not paired with edits
  record('copilot', SHOP, '2026-03-03T10:00:00Z', 'm-c', { input: 300, output: 100 }),
];

export const edits: EditEvent[] = [
  edit('claude-code', SHOP, '2026-03-02T10:01:00Z', 'accepted', { added: 3, removed: 1 }), // E1
  edit('claude-code', SHOP, '2026-03-02T10:02:00Z', 'accepted', { added: 2, removed: 2 }, { modified: true }), // E2
  edit('claude-code', SHOP, '2026-03-02T10:03:00Z', 'rejected', { added: 9, removed: 9 }), // E3: lines of a rejected edit never count
  edit('claude-code', SHOP, '2026-03-02T10:04:00Z', 'failed'), // E4
  edit('claude-code', SHOP, '2026-03-02T15:01:00Z', 'accepted', { added: 5, removed: 0 }, { auto: true }), // E5
  edit('codex', API, '2026-03-03T09:01:00Z', 'accepted', { added: 4, removed: 4 }), // E6
  edit('codex', API, '2026-03-03T09:02:00Z', 'rejected'), // E7
  edit('codex', API, '2026-03-03T09:03:00Z', 'unresolved'), // E8
];

export const commits: AttributedCommit[] = [
  commit(SHOP, '2026-03-02T18:00:00Z', 10, 2), // C1
  commit(SHOP, '2026-03-03T18:00:00Z', 5, 5), // C2
  commit(API, '2026-03-03T19:00:00Z', 1, 0), // C3
];

/** Small minimum samples so the fixture shows both values and "not enough data". */
export const minSample = { acceptedEdits: 2, decisions: 3, commits: 1, responses: 2 };
