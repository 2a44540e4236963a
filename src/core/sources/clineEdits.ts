/**
 * File edits in Cline-family task folders: proposals from `ui_messages.json` (`ask:"tool"` waits for approval,
 * `say:"tool"` was auto-approved), outcomes from the tool-result texts in `api_conversation_history.json`.
 * Only counts and paths are kept; diff and file content are read to count lines and then dropped.
 */
import type { EditEvent, EditOutcome, ToolId } from '../usage/types';
import type { JsonObject, JsonValue } from './sourceFs';
import { asArray, asEpochMs, asNumber, asObject, asString, parseJson, tokenCount } from './sourceFs';
import type { LineChange } from './lineDiff';
import { countLines, countSearchReplaceBlocks, countUnifiedDiff } from './lineDiff';

/** `ClineSayTool.tool` values that change a file (Cline's and Roo's names). */
const UI_EDIT_TOOLS = new Set(['editedExistingFile', 'newFileCreated', 'appliedDiff', 'fileDeleted']);

/** API-level tool names whose results report an edit; a result of any other named tool is not an edit outcome. */
const API_EDIT_TOOLS = new Set([
  'write_to_file',
  'replace_in_file',
  'apply_diff',
  'insert_content',
  'search_and_replace',
  'search_replace',
  'edit_file',
  'apply_patch',
  'delete_file',
]);

export interface EditProposal {
  timestampMs: number;
  toolName: string;
  filePath: string | null;
  /** null: the tool asks even when it then approves on its own (Roo, Kilo), so an `ask` tells nothing. */
  autoApproved: boolean | null;
  lines: LineChange;
}

interface ToolResult {
  /** The user turn's `ts`; undefined for old histories without timestamps (then order alone decides). */
  timestampMs: number | undefined;
  outcome: Exclude<EditOutcome, 'unresolved'>;
  userModified: boolean;
  filePath: string | null;
}

/**
 * The edit proposal an element of `ui_messages.json` carries, if any. Partial (still streaming) ones are skipped.
 * `askMeansManual`: Cline `say`s an auto-approved edit and `ask`s only when it waits for you; Roo and Kilo `ask`
 * for every edit and answer their own ask when auto-approve is on, so there an `ask` leaves approval unknown.
 */
export function editProposalFrom(message: JsonObject, askMeansManual: boolean): EditProposal | undefined {
  const isAsk = message.type === 'ask' && message.ask === 'tool';
  const isSay = message.type === 'say' && message.say === 'tool';
  if ((!isAsk && !isSay) || message.partial === true) return undefined;
  const timestampMs = asEpochMs(message.ts);
  const tool = asObject(typeof message.text === 'string' ? parseJson(message.text) : message.text);
  const toolName = asString(tool?.tool);
  if (timestampMs === undefined || tool === undefined || toolName === undefined || !UI_EDIT_TOOLS.has(toolName)) return undefined;
  return { timestampMs, toolName, filePath: asString(tool.path) ?? null, autoApproved: isSay ? true : askMeansManual ? false : null, lines: linesOf(toolName, tool) };
}

/** Roo's `diffStats` when present, else the diff (SEARCH/REPLACE blocks or unified), else the new/deleted content. */
function linesOf(toolName: string, tool: JsonObject): LineChange {
  const stats = asObject(tool.diffStats);
  if (stats !== undefined && (asNumber(stats.added) !== undefined || asNumber(stats.removed) !== undefined)) {
    return { added: tokenCount(stats.added), removed: tokenCount(stats.removed) };
  }
  const diff = asString(tool.diff);
  if (diff !== undefined) return countSearchReplaceBlocks(diff) ?? countUnifiedDiff(diff);
  const content = typeof tool.content === 'string' ? tool.content : '';
  if (toolName === 'newFileCreated') return { added: countLines(content), removed: 0 };
  if (toolName === 'fileDeleted') return { added: 0, removed: countLines(content) };
  return { added: 0, removed: 0 };
}

// ──── outcomes from api_conversation_history.json ────

const DENIED = 'The user denied this operation.';
const USER_EDITED = 'The user made the following updates to your content:';
const SAVED = 'The content was successfully saved to';
/** Roo's newer write result: `<file_write_result>…<user_edits>…` (unverified across versions). */
const ROO_WRITE_RESULT = '<file_write_result>';
const ROO_USER_EDITS = '<user_edits>';
/** `formatResponse.toolError` (Cline, inherited by Roo): the edit could not be applied. */
const TOOL_FAILED = 'The tool execution failed with the following error:';
/** XML-era result header: `[replace_in_file for 'src/cart.ts'] Result:`. */
const RESULT_HEADER = /\[(\w+) for '([^']*)'\] Result:/;
const SAVED_PATH = /The content was successfully saved to (\S+?)\.?(\s|$)/;
const ROO_PATH = /<path>([^<]+)<\/path>/;

/**
 * The outcome a result text reports. A failure is only believed when the result is known to belong to an edit
 * tool (`knownEditTool`): every tool fails with the same words, so an anonymous failure could be anyone's.
 */
function classify(text: string, knownEditTool: boolean): Pick<ToolResult, 'outcome' | 'userModified'> | undefined {
  if (text.includes(DENIED)) return { outcome: 'rejected', userModified: false };
  if (knownEditTool && text.includes(TOOL_FAILED)) return { outcome: 'failed', userModified: false };
  if (text.includes(USER_EDITED)) return { outcome: 'accepted', userModified: true };
  if (text.includes(ROO_WRITE_RESULT)) return { outcome: 'accepted', userModified: text.includes(ROO_USER_EDITS) };
  if (text.includes(SAVED)) return { outcome: 'accepted', userModified: false };
  return undefined;
}

function textsOf(content: JsonValue | undefined): string[] {
  if (typeof content === 'string') return [content];
  const texts: string[] = [];
  for (const block of asArray(content) ?? []) {
    const object = asObject(block);
    if (typeof block === 'string') texts.push(block);
    else if (object?.type === 'text' && typeof object.text === 'string') texts.push(object.text);
  }
  return texts;
}

/** Edit outcomes in conversation order. `tool_use` blocks name the tool behind each native `tool_result`. */
export function toolResultsFrom(history: JsonValue | undefined): ToolResult[] {
  const toolUses = new Map<string, { name: string | undefined; path: string | undefined }>();
  const results: ToolResult[] = [];
  for (const entry of asArray(history) ?? []) {
    const message = asObject(entry);
    if (message === undefined) continue;
    const blocks = asArray(message.content) ?? [];
    if (message.role === 'assistant') {
      for (const block of blocks.map(asObject)) {
        const id = asString(block?.id);
        if (block?.type === 'tool_use' && id !== undefined) {
          const input = asObject(block.input);
          toolUses.set(id, { name: asString(block.name), path: asString(input?.path) ?? asString(input?.file_path) });
        }
      }
      continue;
    }
    if (message.role !== 'user') continue;
    const timestampMs = asEpochMs(message.ts);
    let header: { name: string; path: string } | undefined;
    const units: { texts: string[]; tool: { name: string | undefined; path: string | undefined } | undefined }[] = [];
    if (typeof message.content === 'string') units.push({ texts: [message.content], tool: undefined });
    for (const block of blocks) {
      const object = asObject(block);
      if (object?.type === 'tool_result') {
        units.push({ texts: textsOf(object.content), tool: toolUses.get(asString(object.tool_use_id) ?? '') });
      } else if (object?.type === 'text' && typeof object.text === 'string') {
        const match = RESULT_HEADER.exec(object.text);
        if (match) header = { name: match[1], path: match[2] };
        units.push({ texts: [object.text], tool: header });
      }
    }
    for (const unit of units) {
      if (unit.tool?.name !== undefined && !API_EDIT_TOOLS.has(unit.tool.name)) continue;
      for (const text of unit.texts) {
        const kind = classify(text, unit.tool?.name !== undefined);
        if (kind === undefined) continue;
        const path = unit.tool?.path ?? SAVED_PATH.exec(text)?.[1] ?? ROO_PATH.exec(text)?.[1] ?? null;
        results.push({ timestampMs, ...kind, filePath: path });
        break;
      }
    }
  }
  return results;
}

function samePath(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return true;
  const left = a.replace(/\\/g, '/');
  const right = b.replace(/\\/g, '/');
  return left.endsWith(right) || right.endsWith(left);
}

export interface EditContext {
  tool: ToolId;
  sessionId: string;
  project: string | null;
  modelAt: (timestampMs: number) => string | null;
}

/**
 * Pairs each proposal with the first unused result that comes at or after it and names the same file (or no file).
 * A proposal with no such result is `unresolved` (the task is still waiting, or the history was cut).
 */
export function resolveEdits(proposals: EditProposal[], results: ToolResult[], context: EditContext): EditEvent[] {
  const used = new Set<number>();
  return [...proposals]
    .sort((a, b) => a.timestampMs - b.timestampMs)
    .map((proposal) => {
      const index = results.findIndex(
        (result, position) =>
          !used.has(position) &&
          (result.timestampMs === undefined || result.timestampMs >= proposal.timestampMs) &&
          samePath(proposal.filePath, result.filePath),
      );
      if (index >= 0) used.add(index);
      const result = index >= 0 ? results[index] : undefined;
      return {
        tool: context.tool,
        sessionId: context.sessionId,
        project: context.project,
        timestampMs: proposal.timestampMs,
        model: context.modelAt(proposal.timestampMs),
        filePath: proposal.filePath,
        toolName: proposal.toolName,
        outcome: result?.outcome ?? 'unresolved',
        userModified: result?.userModified ?? false,
        autoApproved: proposal.autoApproved,
        linesAdded: proposal.lines.added,
        linesRemoved: proposal.lines.removed,
        dedupKey: `${context.tool}:${context.sessionId}:${proposal.timestampMs}:edit`,
      };
    });
}
