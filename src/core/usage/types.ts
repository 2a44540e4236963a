/**
 * The normalised shapes every AI-tool log reader produces and the ledger stores.
 * Numbers and paths only: no prompt text, no code, ever (see shared/specs/ai-tool-logs.md §0).
 */

/** The AI tools whose local logs Tokenwise reads. */
export type ToolId =
  | 'claude-code'
  | 'codex'
  | 'gemini-cli'
  | 'cline'
  | 'roo-code'
  | 'kilo-code'
  | 'opencode'
  | 'copilot'
  | 'continue';

/** One billed API response, normalised to Anthropic-style token buckets (input excludes cache). */
export interface UsageRecord {
  tool: ToolId;
  sessionId: string;
  /** The real working directory of the session, when the source tells it. */
  project: string | null;
  /** Milliseconds since the epoch (UTC). Days are bucketed in the user's zone later. */
  timestampMs: number;
  /** The model id as the tool logged it (resolved against the catalog when priced). */
  model: string;
  /** Input tokens that were neither written to nor read from a prompt cache. */
  inputUncached: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  /** Output tokens, reasoning included (billed as output by every provider). */
  output: number;
  /** Reasoning/thinking tokens where the source reports them separately (informational, inside `output`). */
  reasoning: number;
  /** The cost the tool itself logged, kept for display beside our own recomputation. */
  costReportedUSD: number | null;
  /** Anthropic fast mode and the like: a price multiplier the catalog knows about. */
  speed?: 'standard' | 'fast';
  /** True for Claude Code sidechain (sub-agent, /btw) copies: the non-sidechain copy wins a dedup collision. */
  sidechain?: boolean;
  /**
   * Source-specific identity of the API response. Two records with the same key are one response:
   * see {@link preferRecord} for which copy wins.
   */
  dedupKey: string;
  /** Higher wins among duplicates of equal standing (e.g. a later re-appended Gemini record). */
  revision?: number;
}

/** What became of an edit an AI tool proposed. Failures are neither accepted nor rejected. */
export type EditOutcome = 'accepted' | 'rejected' | 'failed' | 'unresolved';

/** One file edit an AI tool proposed, with what the user did about it. */
export interface EditEvent {
  tool: ToolId;
  sessionId: string;
  project: string | null;
  timestampMs: number;
  /** The model that proposed it, where the source tells. */
  model: string | null;
  /** Absolute or project-relative path of the edited file (a path only, never its content). */
  filePath: string | null;
  /** The tool's name for the edit (`Edit`, `apply_patch`, `replace`, `editedExistingFile`, …). */
  toolName: string;
  outcome: EditOutcome;
  /** The user changed the proposal before accepting it. */
  userModified: boolean;
  /** Accepted without asking the user, where the source tells (null: unknown). */
  autoApproved: boolean | null;
  linesAdded: number;
  linesRemoved: number;
  dedupKey: string;
}

export function totalTokens(record: Pick<UsageRecord, 'inputUncached' | 'cacheWrite5m' | 'cacheWrite1h' | 'cacheRead' | 'output'>): number {
  return record.inputUncached + record.cacheWrite5m + record.cacheWrite1h + record.cacheRead + record.output;
}

/**
 * Which of two records with the same dedup key to keep: a non-sidechain copy beats a sidechain replay
 * (ccusage #913), then the higher revision, then the larger token total (streaming copies grow).
 */
export function preferRecord(a: UsageRecord, b: UsageRecord): UsageRecord {
  if (Boolean(a.sidechain) !== Boolean(b.sidechain)) return a.sidechain ? b : a;
  if ((a.revision ?? 0) !== (b.revision ?? 0)) return (a.revision ?? 0) > (b.revision ?? 0) ? a : b;
  return totalTokens(b) > totalTokens(a) ? b : a;
}

/**
 * Which of two edit events with the same dedup key to keep. Readers report a proposal as 'unresolved' until its
 * result is logged, and copies of one edit appear in resumed or forked sessions: a resolved outcome beats
 * 'unresolved', then the later-logged decision wins (Gemini re-appends a tool call with its final status).
 */
export function preferEdit(a: EditEvent, b: EditEvent): EditEvent {
  if ((a.outcome === 'unresolved') !== (b.outcome === 'unresolved')) return a.outcome === 'unresolved' ? b : a;
  return b.timestampMs > a.timestampMs ? b : a;
}
