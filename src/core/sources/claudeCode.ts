/**
 * Claude Code transcripts: `<root>/projects/<project-dir>/<session>.jsonl` (and sub-agent transcripts below
 * `<session>/subagents/`). See shared spec ai-tool-logs.md §1 and docs/sources.md.
 */
import path from 'node:path';
import type { FileReadResult, LocateOptions, ReadCursor, ReaderState, SourceReader } from '../usage/sources';
import { totalTokens, type EditEvent, type EditOutcome, type UsageRecord } from '../usage/types';
import { EditBook } from './editBook';
import { nodeFileAccess, type FileAccess } from './fileAccess';
import type { JsonLine } from './jsonl';
import { envValue, isDirectory, pathFlavour, splitPathList, uniquePaths, userHome, walkFiles } from './locations';
import { readJsonLinesFile, type LineSink } from './readResult';
import {
  countField,
  countTextLines,
  isExplicitNull,
  isJsonObject,
  objectField,
  stringField,
  timestampField,
  type JsonObject,
} from './values';

/** The tools whose tool_use proposes a file edit. */
const EDIT_TOOLS: ReadonlySet<string> = new Set(['Edit', 'MultiEdit', 'Write', 'NotebookEdit']);

/** The start of the tool_result text Claude Code writes when the user rejects a tool use. */
const REJECTION_TEXT = "The user doesn't want to proceed with this tool use";
const REJECTION_TEXT_ALT = 'The tool use was rejected';
const REJECTION_RESULT = 'User rejected tool use';

/** Claude Code versions are semver; lines with anything else are not real transcripts (ccusage). */
const SEMVER_LIKE = /^\d+\.\d+\.\d+/;

/** Names that must never be listed or opened even if someone puts them inside projects/. */
const CREDENTIAL_NAMES: ReadonlySet<string> = new Set(['.credentials.json']);

// ──── per-file state ────

interface PendingEdit {
  tool: string;
  model: string | null;
  filePath: string | null;
  /** When it was proposed: the date of the decision if the result line has no usable timestamp. */
  proposedAtMs: number;
}

interface ClaudeFileState {
  /** The last `cwd` seen in this file: lines without one belong to the same session folder. */
  cwd: string | null;
  /** Edit tool_use ids whose tool_result has not been seen yet. */
  pending: Map<string, PendingEdit>;
}

function decodeState(state: ReaderState | undefined): ClaudeFileState {
  const decoded: ClaudeFileState = { cwd: null, pending: new Map() };
  if (!isJsonObject(state)) return decoded;
  decoded.cwd = typeof state.cwd === 'string' ? state.cwd : null;
  const pending = objectField(state, 'pending') ?? {};
  for (const [id, value] of Object.entries(pending)) {
    if (!isJsonObject(value)) continue;
    const tool = stringField(value, 'tool');
    if (tool === undefined) continue;
    decoded.pending.set(id, {
      tool,
      model: stringField(value, 'model') ?? null,
      filePath: stringField(value, 'filePath') ?? null,
      proposedAtMs: countField(value, 'proposedAtMs'),
    });
  }
  return decoded;
}

function encodeState(state: ClaudeFileState): ReaderState {
  const pending: { [id: string]: ReaderState } = {};
  for (const [id, edit] of state.pending) pending[id] = { ...edit };
  return { cwd: state.cwd, pending };
}

// ──── locating ────

/** The folders to try, in order, before checking which exist. Exported for platform unit tests. */
export function claudeCodeCandidateRoots(options: LocateOptions): string[] {
  if (options.overridePaths.length > 0) return [...options.overridePaths];
  const configured = envValue(options, 'CLAUDE_CONFIG_DIR');
  if (configured !== undefined) return splitPathList(configured);
  const flavour = pathFlavour(options.platform);
  const home = userHome(options);
  const xdgConfig = envValue(options, 'XDG_CONFIG_HOME') ?? flavour.join(home, '.config');
  return [flavour.join(home, '.claude'), flavour.join(xdgConfig, 'claude')];
}

// ──── parsing ────

function sessionIdOf(line: JsonObject, file: string): string | null {
  if (isExplicitNull(line, 'sessionId') || line.sessionId === '') return null;
  return stringField(line, 'sessionId') ?? path.basename(file, '.jsonl');
}

/**
 * The usage record of an assistant line, or null when the line carries no billable usage or must be skipped
 * (ccusage's rules: synthetic model, non-semver version, explicit nulls, empty ids, API error lines).
 */
function usageRecordOf(line: JsonLine, file: string, state: ClaudeFileState, sink: LineSink): UsageRecord | null {
  const entry = line.value;
  const message = objectField(entry, 'message');
  const usage = message === undefined ? undefined : objectField(message, 'usage');
  if (message === undefined || usage === undefined) return null;
  if (entry.isApiErrorMessage === true) return null;

  const model = stringField(message, 'model');
  if (model === undefined || model === '<synthetic>') return null;
  if ('version' in entry && !(typeof entry.version === 'string' && SEMVER_LIKE.test(entry.version))) return null;
  if (isExplicitNull(message, 'id') || message.id === '') return null;
  if (isExplicitNull(entry, 'requestId') || entry.requestId === '') return null;
  if (isExplicitNull(entry, 'costUSD')) return null;
  if (isExplicitNull(usage, 'cache_creation_input_tokens') || isExplicitNull(usage, 'cache_read_input_tokens')) return null;
  const sessionId = sessionIdOf(entry, file);
  if (sessionId === null) return null;

  const timestampMs = timestampField(entry, 'timestamp');
  if (timestampMs === null) {
    sink.malformed += 1;
    return null;
  }

  const cacheCreation = countField(usage, 'cache_creation_input_tokens');
  const breakdown = objectField(usage, 'cache_creation');
  let cacheWrite5m = cacheCreation;
  let cacheWrite1h = 0;
  if (breakdown !== undefined && ('ephemeral_5m_input_tokens' in breakdown || 'ephemeral_1h_input_tokens' in breakdown)) {
    cacheWrite1h = countField(breakdown, 'ephemeral_1h_input_tokens');
    // Anything of the total the breakdown does not account for is billed at the (cheaper, default) 5-minute rate.
    cacheWrite5m = Math.max(countField(breakdown, 'ephemeral_5m_input_tokens'), cacheCreation - cacheWrite1h);
  }

  const record: UsageRecord = {
    tool: 'claude-code',
    sessionId,
    project: state.cwd,
    timestampMs,
    model,
    inputUncached: countField(usage, 'input_tokens'),
    cacheWrite5m,
    cacheWrite1h,
    cacheRead: countField(usage, 'cache_read_input_tokens'),
    output: countField(usage, 'output_tokens'),
    reasoning: 0,
    costReportedUSD: typeof entry.costUSD === 'number' && Number.isFinite(entry.costUSD) ? entry.costUSD : null,
    dedupKey: dedupKeyOf(message, entry, sessionId, file, line.offset),
  };
  if (usage.speed === 'fast' || usage.speed === 'standard') record.speed = usage.speed;
  if (entry.isSidechain === true) record.sidechain = true;
  return totalTokens(record) > 0 ? record : null;
}

/**
 * The identity of the API response behind an assistant line.
 *
 * Claude Code writes one line per content block of a response, each with the same `message.id` and
 * `requestId`; resumed sessions copy those lines into a new file; and sidechain transcripts (sub-agents, /btw)
 * replay a parent's message with the same `message.id` but a NEW `requestId` (ccusage #913, fixed there by a
 * second, message-id-only comparison). A single key has to catch all three, so it is the message id alone:
 * Anthropic makes it unique per response, and preferRecord then keeps the largest, non-sidechain copy.
 * Gateways that omit `requestId` are known to reuse message ids across sessions (ccusage #1635), so there the
 * key is scoped to the session. A line without a message id is not deduplicated: its key is the file and the
 * line's byte offset, stable across re-reads because the file only grows.
 */
function dedupKeyOf(message: JsonObject, entry: JsonObject, sessionId: string, file: string, offset: number): string {
  const messageId = stringField(message, 'id');
  if (messageId === undefined) return `line:${file}:${offset}`;
  return stringField(entry, 'requestId') !== undefined ? `msg:${messageId}` : `session-msg:${sessionId}:${messageId}`;
}

function contentBlocks(entry: JsonObject): JsonObject[] {
  const message = objectField(entry, 'message');
  const content = message?.content;
  return Array.isArray(content) ? content.filter(isJsonObject) : [];
}

/** The text of a tool_result's `content`, which is either a string or a list of text blocks. */
function resultText(block: JsonObject): string {
  const content = block.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter(isJsonObject)
    .map((part) => (typeof part.text === 'string' ? part.text : ''))
    .join('\n');
}

interface EditResult {
  outcome: EditOutcome;
  userModified: boolean;
  linesAdded: number;
  linesRemoved: number;
  filePath: string | undefined;
}

function isUserRejection(entry: JsonObject, block: JsonObject): boolean {
  if (entry.toolDenialKind === 'user-rejected' || entry.toolUseResult === REJECTION_RESULT) return true;
  const text = resultText(block);
  return text.startsWith(REJECTION_TEXT) || text.includes(REJECTION_TEXT_ALT);
}

/** Lines added and removed by a unified-diff-like `structuredPatch` (hunks of `+`/`-`/` ` prefixed lines). */
function patchLineCounts(structuredPatch: unknown): { added: number; removed: number } | undefined {
  if (!Array.isArray(structuredPatch)) return undefined;
  let added = 0;
  let removed = 0;
  for (const hunk of structuredPatch) {
    if (!isJsonObject(hunk) || !Array.isArray(hunk.lines)) continue;
    for (const text of hunk.lines) {
      if (typeof text !== 'string') continue;
      if (text.startsWith('+')) added += 1;
      else if (text.startsWith('-')) removed += 1;
    }
  }
  return { added, removed };
}

function classifyResult(entry: JsonObject, block: JsonObject): EditResult {
  const details = objectField(entry, 'toolUseResult');
  const filePath = details === undefined ? undefined : stringField(details, 'filePath');
  const result: EditResult = { outcome: 'accepted', userModified: false, linesAdded: 0, linesRemoved: 0, filePath };
  if (isUserRejection(entry, block)) return { ...result, outcome: 'rejected' };
  if (block.is_error === true) return { ...result, outcome: 'failed' };
  if (details === undefined) return result;

  result.userModified = details.userModified === true;
  const counts = patchLineCounts(details.structuredPatch);
  if (counts !== undefined && counts.added + counts.removed > 0) {
    result.linesAdded = counts.added;
    result.linesRemoved = counts.removed;
  } else if (details.type === 'create' && typeof details.content === 'string') {
    // Write creating a file logs an empty patch: every line of the new content is added.
    result.linesAdded = countTextLines(details.content);
  }
  return result;
}

function handleLine(line: JsonLine, file: string, state: ClaudeFileState, sink: LineSink, edits: EditBook): void {
  const entry = line.value;
  const cwd = stringField(entry, 'cwd');
  if (cwd !== undefined) state.cwd = cwd;

  if (entry.type === 'assistant') {
    const record = usageRecordOf(line, file, state, sink);
    if (record !== null) sink.records.push(record);
    recordProposals(entry, file, state, edits);
  } else if (entry.type === 'user') {
    recordOutcomes(entry, file, state, edits);
  }
}

function recordProposals(entry: JsonObject, file: string, state: ClaudeFileState, edits: EditBook): void {
  const loggedModel = stringField(objectField(entry, 'message') ?? {}, 'model');
  const model = loggedModel === undefined || loggedModel === '<synthetic>' ? null : loggedModel;
  for (const block of contentBlocks(entry)) {
    const id = stringField(block, 'id');
    const tool = stringField(block, 'name');
    if (block.type !== 'tool_use' || id === undefined || tool === undefined || !EDIT_TOOLS.has(tool)) continue;
    const input = objectField(block, 'input') ?? {};
    const filePath = stringField(input, 'file_path') ?? stringField(input, 'notebook_path') ?? null;
    const proposal: PendingEdit = { tool, model, filePath, proposedAtMs: timestampField(entry, 'timestamp') ?? 0 };
    state.pending.set(id, proposal);
    edits.record({
      ...editBase(entry, file, state, id, proposal),
      outcome: 'unresolved',
      userModified: false,
      linesAdded: 0,
      linesRemoved: 0,
    });
  }
}

function recordOutcomes(entry: JsonObject, file: string, state: ClaudeFileState, edits: EditBook): void {
  for (const block of contentBlocks(entry)) {
    const id = stringField(block, 'tool_use_id');
    if (block.type !== 'tool_result' || id === undefined) continue;
    const proposal = state.pending.get(id);
    if (proposal === undefined) continue;
    state.pending.delete(id);
    const result = classifyResult(entry, block);
    edits.record({
      ...editBase(entry, file, state, id, { ...proposal, filePath: result.filePath ?? proposal.filePath }),
      outcome: result.outcome,
      userModified: result.userModified,
      linesAdded: result.linesAdded,
      linesRemoved: result.linesRemoved,
    });
  }
}

type EditIdentity = Pick<EditEvent, 'tool' | 'sessionId' | 'project' | 'timestampMs' | 'model' | 'filePath' | 'toolName' | 'autoApproved' | 'dedupKey'>;

function editBase(entry: JsonObject, file: string, state: ClaudeFileState, toolUseId: string, proposal: PendingEdit): EditIdentity {
  return {
    tool: 'claude-code',
    sessionId: sessionIdOf(entry, file) ?? path.basename(file, '.jsonl'),
    project: state.cwd,
    timestampMs: timestampField(entry, 'timestamp') ?? proposal.proposedAtMs,
    model: proposal.model,
    filePath: proposal.filePath,
    toolName: proposal.tool,
    // Claude Code's accept-edits mode and hooks leave no trace in the transcript.
    autoApproved: null,
    dedupKey: toolUseId,
  };
}

// ──── the reader ────

export class ClaudeCodeReader implements SourceReader {
  readonly tool = 'claude-code' as const;
  readonly displayName = 'Claude Code';

  constructor(private readonly access: FileAccess = nodeFileAccess) {}

  /** The `projects` folders: `<root>/projects`, or the root itself when it is a `projects` folder or user-chosen. */
  async locate(options: LocateOptions): Promise<string[]> {
    const flavour = pathFlavour(options.platform);
    const found: string[] = [];
    for (const candidate of claudeCodeCandidateRoots(options)) {
      const projects = flavour.join(candidate, 'projects');
      if (await isDirectory(this.access, projects)) found.push(projects);
      else if (flavour.basename(candidate) === 'projects' && (await isDirectory(this.access, candidate))) found.push(candidate);
      else if (options.overridePaths.length > 0 && (await isDirectory(this.access, candidate))) found.push(candidate);
    }
    return uniquePaths(found, flavour);
  }

  async listFiles(root: string): Promise<string[]> {
    return walkFiles(this.access, root, (name) => name.endsWith('.jsonl') && !CREDENTIAL_NAMES.has(name));
  }

  fileMode(): 'append' {
    return 'append';
  }

  async read(file: string, cursor: ReadCursor | undefined): Promise<FileReadResult> {
    const edits = new EditBook();
    return readJsonLinesFile<ClaudeFileState>({
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
