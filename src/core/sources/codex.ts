/**
 * OpenAI Codex CLI rollouts: `<CODEX_HOME>/sessions/YYYY/MM/DD/rollout-*.jsonl` and `archived_sessions/`.
 * See shared spec ai-tool-logs.md §2 and docs/sources.md.
 */
import path from 'node:path';
import type { FileReadResult, LocateOptions, ReadCursor, ReaderState, SourceReader } from '../usage/sources';
import type { EditOutcome, UsageRecord } from '../usage/types';
import { parseApplyPatch, type PatchedFile } from './applyPatch';
import { EditBook } from './editBook';
import { nodeFileAccess, type FileAccess } from './fileAccess';
import type { JsonLine } from './jsonl';
import { envValue, isDirectory, pathFlavour, uniquePaths, userHome, walkFiles } from './locations';
import { readJsonLinesFile, type LineSink } from './readResult';
import { countField, isJsonObject, objectField, stringField, timestampField, type JsonObject } from './values';

/** ccusage's choice for sessions logged before `turn_context` carried the model (early Sept-2025 builds). */
export const CODEX_FALLBACK_MODEL = 'gpt-5';

const REJECTED_OUTPUT = 'patch rejected by user';
const SUCCESS_OUTPUT = 'Success. Updated the following files:';

function isRolloutFile(name: string): boolean {
  return name.startsWith('rollout-') && name.endsWith('.jsonl');
}

// ──── per-file state ────

/** Cumulative token counters of a session, as Codex reports them in `total_token_usage`. */
interface TokenTotals {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
  total: number;
}

interface PendingPatch {
  files: PatchedFile[];
  model: string | null;
  autoApproved: boolean | null;
}

interface CodexFileState {
  sessionId: string | null;
  cwd: string | null;
  model: string | null;
  approvalPolicy: string | null;
  /** The session's cumulative totals after the last token event read (the baseline for deltas and keys). */
  totals: TokenTotals | null;
  /** Set by a session_meta whose source is a `thread_spawn`: the file starts by replaying the parent's events. */
  subagent: boolean;
  /** The second (epoch seconds) of the sub-agent's leading replay, once seen. */
  replaySecond: number | null;
  replayOver: boolean;
  fallbackModelWarned: boolean;
  pending: Map<string, PendingPatch>;
}

function totalsOf(value: unknown): TokenTotals | undefined {
  if (!isJsonObject(value)) return undefined;
  const input = countField(value, 'input_tokens');
  const output = countField(value, 'output_tokens');
  return {
    input,
    cached: countField(value, 'cached_input_tokens'),
    output,
    reasoning: countField(value, 'reasoning_output_tokens'),
    total: countField(value, 'total_tokens') || input + output,
  };
}

function encodeTotals(totals: TokenTotals | null): ReaderState {
  return totals === null ? null : { ...totals };
}

/** Totals as {@link encodeTotals} stored them in the cursor (our own field names, not Codex's). */
function decodeTotals(value: unknown): TokenTotals | null {
  if (!isJsonObject(value)) return null;
  return {
    input: countField(value, 'input'),
    cached: countField(value, 'cached'),
    output: countField(value, 'output'),
    reasoning: countField(value, 'reasoning'),
    total: countField(value, 'total'),
  };
}

function freshState(): CodexFileState {
  return {
    sessionId: null,
    cwd: null,
    model: null,
    approvalPolicy: null,
    totals: null,
    subagent: false,
    replaySecond: null,
    replayOver: false,
    fallbackModelWarned: false,
    pending: new Map(),
  };
}

function decodeState(state: ReaderState | undefined): CodexFileState {
  const decoded = freshState();
  if (!isJsonObject(state)) return decoded;
  decoded.sessionId = stringField(state, 'sessionId') ?? null;
  decoded.cwd = stringField(state, 'cwd') ?? null;
  decoded.model = stringField(state, 'model') ?? null;
  decoded.approvalPolicy = stringField(state, 'approvalPolicy') ?? null;
  decoded.totals = decodeTotals(state.totals);
  decoded.subagent = state.subagent === true;
  decoded.replaySecond = typeof state.replaySecond === 'number' ? state.replaySecond : null;
  decoded.replayOver = state.replayOver === true;
  decoded.fallbackModelWarned = state.fallbackModelWarned === true;
  for (const [callId, value] of Object.entries(objectField(state, 'pending') ?? {})) {
    if (!isJsonObject(value) || !Array.isArray(value.files)) continue;
    const files = value.files.filter(isJsonObject).flatMap((file): PatchedFile[] => {
      const filePath = stringField(file, 'path');
      const change = file.change;
      if (filePath === undefined || (change !== 'add' && change !== 'update' && change !== 'delete')) return [];
      return [{ path: filePath, change, linesAdded: countField(file, 'linesAdded'), linesRemoved: countField(file, 'linesRemoved') }];
    });
    const autoApproved = typeof value.autoApproved === 'boolean' ? value.autoApproved : null;
    decoded.pending.set(callId, { files, model: stringField(value, 'model') ?? null, autoApproved });
  }
  return decoded;
}

function encodeState(state: CodexFileState): ReaderState {
  const pending: { [callId: string]: ReaderState } = {};
  for (const [callId, patch] of state.pending) {
    pending[callId] = {
      files: patch.files.map((file) => ({ ...file })),
      model: patch.model,
      autoApproved: patch.autoApproved,
    };
  }
  return {
    sessionId: state.sessionId,
    cwd: state.cwd,
    model: state.model,
    approvalPolicy: state.approvalPolicy,
    totals: encodeTotals(state.totals),
    subagent: state.subagent,
    replaySecond: state.replaySecond,
    replayOver: state.replayOver,
    fallbackModelWarned: state.fallbackModelWarned,
    pending,
  };
}

// ──── locating ────

/** The Codex home folders to try. Exported for platform unit tests. */
export function codexCandidateRoots(options: LocateOptions): string[] {
  if (options.overridePaths.length > 0) return [...options.overridePaths];
  const configured = envValue(options, 'CODEX_HOME');
  if (configured !== undefined) return [configured];
  return [pathFlavour(options.platform).join(userHome(options), '.codex')];
}

// ──── token events ────

function sameTotals(a: TokenTotals, b: TokenTotals): boolean {
  return a.input === b.input && a.cached === b.cached && a.output === b.output && a.reasoning === b.reasoning && a.total === b.total;
}

function minus(current: TokenTotals, previous: TokenTotals | null): TokenTotals {
  const diff = (key: keyof TokenTotals): number => Math.max(0, current[key] - (previous?.[key] ?? 0));
  return { input: diff('input'), cached: diff('cached'), output: diff('output'), reasoning: diff('reasoning'), total: diff('total') };
}

function plus(previous: TokenTotals | null, usage: TokenTotals): TokenTotals {
  const sum = (key: keyof TokenTotals): number => (previous?.[key] ?? 0) + usage[key];
  return { input: sum('input'), cached: sum('cached'), output: sum('output'), reasoning: sum('reasoning'), total: sum('total') };
}

/**
 * True while a sub-agent file replays its parent's token events: the leading events, all stamped in the same
 * second. Their totals still become the baseline for the sub-agent's own deltas.
 */
function isReplayedEvent(state: CodexFileState, timestampMs: number): boolean {
  if (!state.subagent || state.replayOver) return false;
  const second = Math.floor(timestampMs / 1000);
  if (state.replaySecond === null) state.replaySecond = second;
  if (second === state.replaySecond) return true;
  state.replayOver = true;
  return false;
}

function handleTokenCount(line: JsonLine, payload: JsonObject, file: string, state: CodexFileState, sink: LineSink): void {
  const info = objectField(payload, 'info');
  if (info === undefined) return; // rate-limit-only event
  const stamp = stringField(line.value, 'timestamp');
  const timestampMs = timestampField(line.value, 'timestamp');
  if (stamp === undefined || timestampMs === null) {
    sink.malformed += 1;
    return;
  }
  const total = totalsOf(info.total_token_usage);
  const last = totalsOf(info.last_token_usage);
  // Codex sometimes writes the same token_count twice: an unchanged cumulative total is no new request.
  if (total !== undefined && state.totals !== null && sameTotals(total, state.totals)) return;
  if (isReplayedEvent(state, timestampMs)) {
    if (total !== undefined) state.totals = total;
    else if (last !== undefined) state.totals = plus(state.totals, last);
    return;
  }
  const usage = last ?? (total !== undefined ? minus(total, state.totals) : undefined);
  if (usage === undefined) return;
  state.totals = total ?? plus(state.totals, usage);
  if (usage.input === 0 && usage.cached === 0 && usage.output === 0 && usage.reasoning === 0) return;

  let model = state.model;
  if (model === null) {
    model = CODEX_FALLBACK_MODEL;
    if (!state.fallbackModelWarned) {
      state.fallbackModelWarned = true;
      sink.warnings.push(`${file}: no turn_context names the model before token usage; priced as ${CODEX_FALLBACK_MODEL}.`);
    }
  }
  const cacheRead = Math.min(usage.cached, usage.input);
  const cumulative = state.totals;
  sink.records.push({
    tool: 'codex',
    sessionId: state.sessionId ?? sessionIdFromFileName(file),
    project: state.cwd,
    timestampMs,
    model,
    inputUncached: usage.input - cacheRead,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    cacheRead,
    output: usage.output,
    reasoning: usage.reasoning,
    costReportedUSD: null,
    // The line's own timestamp text plus the session's cumulative counters. A fork or an archived twin copies
    // these lines verbatim (same key); within a session the cumulative total grows with every request, and two
    // different sessions never share both the millisecond and every counter. The session id is deliberately not
    // part of the key: a forked rollout gets a new session id but carries the parent's events.
    dedupKey: `${stamp}|${cumulative.input}|${cumulative.cached}|${cumulative.output}|${cumulative.reasoning}|${cumulative.total}`,
  } satisfies UsageRecord);
}

/** `rollout-2025-10-03T08-00-00-<uuid>.jsonl` → `<uuid>`; the whole base name when it does not match. */
function sessionIdFromFileName(file: string): string {
  const base = path.basename(file, '.jsonl');
  const match = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(base);
  return match !== null ? match[1] : base;
}

// ──── patches ────

/** The patch text of an apply_patch call: `input` (custom tool) or JSON `arguments` (older function call). */
function patchTextOf(payload: JsonObject): string | undefined {
  if (typeof payload.input === 'string') return payload.input;
  if (typeof payload.arguments !== 'string') return undefined;
  if (payload.arguments.trimStart().startsWith('*** Begin Patch')) return payload.arguments;
  try {
    const args: unknown = JSON.parse(payload.arguments);
    if (!isJsonObject(args)) return undefined;
    return stringField(args, 'input') ?? stringField(args, 'patch');
  } catch {
    return undefined;
  }
}

/** The text of a tool output, which is a string or (some builds) an object with `content`. */
function outputTextOf(payload: JsonObject): string {
  const output = payload.output;
  if (typeof output === 'string') return output;
  if (isJsonObject(output) && typeof output.content === 'string') return output.content;
  return '';
}

/** What the output of an apply_patch call says about the patch. */
export function classifyPatchOutput(text: string): Exclude<EditOutcome, 'unresolved'> {
  let body = text.trim();
  if (body.startsWith('{')) {
    // Older builds wrap the output: {"output": "...", "metadata": {"exit_code": 0, ...}}.
    try {
      const wrapped: unknown = JSON.parse(body);
      if (isJsonObject(wrapped)) {
        if (objectField(wrapped, 'metadata')?.exit_code === 0) return 'accepted';
        body = typeof wrapped.output === 'string' ? wrapped.output : body;
      }
    } catch {
      // Not JSON after all: classify the text as it is.
    }
  }
  if (body.includes(REJECTED_OUTPUT)) return 'rejected';
  if (body.includes(SUCCESS_OUTPUT)) return 'accepted';
  return 'failed';
}

function handleResponseItem(line: JsonLine, payload: JsonObject, file: string, state: CodexFileState, edits: EditBook): void {
  const callId = stringField(payload, 'call_id');
  if (callId === undefined) return;
  const timestampMs = timestampField(line.value, 'timestamp') ?? 0;
  if ((payload.type === 'custom_tool_call' || payload.type === 'function_call') && payload.name === 'apply_patch') {
    const patch = patchTextOf(payload);
    if (patch === undefined) return;
    const proposal: PendingPatch = {
      files: parseApplyPatch(patch),
      model: state.model,
      autoApproved: state.approvalPolicy === 'never' ? true : null,
    };
    state.pending.set(callId, proposal);
    recordPatch(callId, proposal, 'unresolved', timestampMs, file, state, edits);
  } else if (payload.type === 'custom_tool_call_output' || payload.type === 'function_call_output') {
    const proposal = state.pending.get(callId);
    if (proposal === undefined) return;
    state.pending.delete(callId);
    recordPatch(callId, proposal, classifyPatchOutput(outputTextOf(payload)), timestampMs, file, state, edits);
  }
}

/** One edit event per file of the patch; a patch that touches three files is three proposals. */
function recordPatch(
  callId: string,
  proposal: PendingPatch,
  outcome: EditOutcome,
  timestampMs: number,
  file: string,
  state: CodexFileState,
  edits: EditBook,
): void {
  for (const patched of proposal.files) {
    edits.record({
      tool: 'codex',
      sessionId: state.sessionId ?? sessionIdFromFileName(file),
      project: state.cwd,
      timestampMs,
      model: proposal.model,
      filePath: patched.path,
      toolName: 'apply_patch',
      outcome,
      userModified: false,
      autoApproved: proposal.autoApproved,
      linesAdded: patched.linesAdded,
      linesRemoved: patched.linesRemoved,
      dedupKey: `${callId}:${patched.path}`,
    });
  }
}

// ──── lines ────

function handleLine(line: JsonLine, file: string, state: CodexFileState, sink: LineSink, edits: EditBook): void {
  const payload = objectField(line.value, 'payload');
  if (payload === undefined) return;
  switch (line.value.type) {
    case 'session_meta':
      // A fork copies its parent's session_meta after its own: the first one names this file's session.
      if (state.sessionId === null) {
        state.sessionId = stringField(payload, 'id') ?? null;
        state.cwd = stringField(payload, 'cwd') ?? state.cwd;
        state.subagent = JSON.stringify(payload.source ?? null).includes('thread_spawn');
      }
      break;
    case 'turn_context':
      state.model = stringField(payload, 'model') ?? state.model;
      state.cwd = stringField(payload, 'cwd') ?? state.cwd;
      state.approvalPolicy = stringField(payload, 'approval_policy') ?? state.approvalPolicy;
      break;
    case 'event_msg':
      if (payload.type === 'token_count') handleTokenCount(line, payload, file, state, sink);
      break;
    case 'response_item':
      handleResponseItem(line, payload, file, state, edits);
      break;
    default:
      break;
  }
}

// ──── the reader ────

export class CodexReader implements SourceReader {
  readonly tool = 'codex' as const;
  readonly displayName = 'OpenAI Codex';

  constructor(private readonly access: FileAccess = nodeFileAccess) {}

  /** Codex homes holding `sessions/` or `archived_sessions/`; a user-chosen folder is taken as a folder of rollouts. */
  async locate(options: LocateOptions): Promise<string[]> {
    const flavour = pathFlavour(options.platform);
    const found: string[] = [];
    for (const candidate of codexCandidateRoots(options)) {
      const hasLogs =
        (await isDirectory(this.access, flavour.join(candidate, 'sessions'))) ||
        (await isDirectory(this.access, flavour.join(candidate, 'archived_sessions')));
      if (hasLogs || (options.overridePaths.length > 0 && (await isDirectory(this.access, candidate)))) found.push(candidate);
    }
    return uniquePaths(found, flavour);
  }

  /**
   * Rollouts below `sessions/` and `archived_sessions/` (never the Codex home itself, where auth.json lives).
   * An archived rollout with the same relative path or file name as a live one is a copy: the live one wins.
   */
  async listFiles(root: string): Promise<string[]> {
    const sessionsDir = path.join(root, 'sessions');
    const archivedDir = path.join(root, 'archived_sessions');
    const hasSessions = await isDirectory(this.access, sessionsDir);
    const hasArchived = await isDirectory(this.access, archivedDir);
    if (!hasSessions && !hasArchived) return walkFiles(this.access, root, isRolloutFile);

    const live = hasSessions ? await walkFiles(this.access, sessionsDir, isRolloutFile) : [];
    const archived = hasArchived ? await walkFiles(this.access, archivedDir, isRolloutFile) : [];
    const liveRelative = new Set(live.map((file) => path.relative(sessionsDir, file)));
    const liveNames = new Set(live.map((file) => path.basename(file)));
    const archivedOnly = archived.filter(
      (file) => !liveRelative.has(path.relative(archivedDir, file)) && !liveNames.has(path.basename(file)),
    );
    return [...live, ...archivedOnly];
  }

  fileMode(): 'append' {
    return 'append';
  }

  async read(file: string, cursor: ReadCursor | undefined): Promise<FileReadResult> {
    const edits = new EditBook();
    return readJsonLinesFile<CodexFileState>({
      access: this.access,
      file,
      cursor,
      decodeState,
      encodeState,
      handleLine: (line, state, sink) => handleLine(line, file, state, sink, edits),
      finish: () => edits.list(),
    });
  }
}
