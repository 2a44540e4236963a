/**
 * Cline, Roo Code and Kilo Code: one reader parameterised by extension id. Each task folder
 * `<globalStorage>/<extension-id>/tasks/<taskId>/` holds `ui_messages.json` (rewritten whole), whose
 * `api_req_started` entries carry per-request usage. Only task files are opened — never `secrets.json`,
 * settings or anything else that sits beside them.
 *
 * Token convention (spec §4, "both conventions"): older Cline/Roo wrote Anthropic-style `tokensIn` (cache
 * excluded); Roo added `apiProtocol` and, for `"openai"`, `tokensIn` already included cached tokens; current Roo
 * and Kilo write the TOTAL input (uncached + cache writes + cache reads) for both protocols. Rule, keyed on
 * field presence rather than versions (file dates are unreliable after a copy or restore):
 *   - no `apiProtocol`               → Anthropic-style: inputUncached = tokensIn;
 *   - `apiProtocol: "openai"`        → total: inputUncached = tokensIn − cacheWrites − cacheReads;
 *   - `apiProtocol: "anthropic"`     → total when tokensIn ≥ cacheWrites + cacheReads (current Roo always
 *     satisfies this, since it is a sum), otherwise the older uncached convention.
 * The only misreading left is an older-Roo Anthropic request whose uncached input exceeded its cached input:
 * its input is then under-counted by the cache amount. Cache is never counted twice.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FileReadResult, LocateOptions, SourceReader } from '../usage/sources';
import type { EditEvent, ToolId, UsageRecord } from '../usage/types';
import { globalStorageCandidates, pathFor } from './editorPaths';
import type { JsonObject, JsonValue } from './sourceFs';
import { asArray, asNumber, asObject, asString, isDirectory, isFile, listSubdirectories, parseJson, readJsonFile, tokenCount } from './sourceFs';
import type { EditProposal } from './clineEdits';
import { editProposalFrom, resolveEdits, toolResultsFrom } from './clineEdits';

export interface ClineFamilyVariant {
  tool: Extract<ToolId, 'cline' | 'roo-code' | 'kilo-code'>;
  displayName: string;
  /** The VS Code extension id, lower-case as VS Code names its globalStorage folder. */
  extensionId: string;
  /** Also look in Cline's standalone data folder (`~/.cline/data`, the SDK rewrite and the Cline CLI). */
  hasStandaloneDataDir: boolean;
  /** An `ask:"tool"` edit proposal means the user approved it by hand (see editProposalFrom). */
  askMeansManualApproval: boolean;
}

export const CLINE: ClineFamilyVariant = { tool: 'cline', displayName: 'Cline', extensionId: 'saoudrizwan.claude-dev', hasStandaloneDataDir: true, askMeansManualApproval: true };
export const ROO_CODE: ClineFamilyVariant = {
  tool: 'roo-code',
  displayName: 'Roo Code',
  extensionId: 'rooveterinaryinc.roo-cline',
  hasStandaloneDataDir: false,
  askMeansManualApproval: false,
};
export const KILO_CODE: ClineFamilyVariant = {
  tool: 'kilo-code',
  displayName: 'Kilo Code',
  extensionId: 'kilocode.kilo-code',
  hasStandaloneDataDir: false,
  askMeansManualApproval: false,
};

/** The only file names this reader ever opens. */
const UI_MESSAGES = 'ui_messages.json';
const API_HISTORY = 'api_conversation_history.json';
const TASK_METADATA = 'task_metadata.json';
const TASK_HISTORY = 'taskHistory.json';

/** Cline's own data folder: `CLINE_DATA_DIR`, else `CLINE_DIR/data`, else `~/.cline/data`. */
export function clineStandaloneDataDir(options: LocateOptions): string {
  const p = pathFor(options);
  return options.env.CLINE_DATA_DIR ?? (options.env.CLINE_DIR ? p.join(options.env.CLINE_DIR, 'data') : p.join(options.homeDir, '.cline', 'data'));
}

/** Every folder that may hold this variant's task folders, existing or not, in search order. */
export function taskRootCandidates(variant: ClineFamilyVariant, options: LocateOptions): string[] {
  const p = pathFor(options);
  const roots = globalStorageCandidates(options).map((storage) => p.join(storage, variant.extensionId, 'tasks'));
  if (variant.hasStandaloneDataDir) roots.push(p.join(clineStandaloneDataDir(options), 'tasks'));
  return roots;
}

/**
 * Task folders under a user-given path, which may be an editor `User` folder, a `globalStorage` folder, the
 * extension's storage folder (or Roo's custom storage path), Cline's data folder, or a `tasks` folder itself.
 */
export function overrideTaskRootCandidates(variant: ClineFamilyVariant, given: string, options: LocateOptions): string[] {
  const p = pathFor(options);
  return [
    p.join(given, 'globalStorage', variant.extensionId, 'tasks'),
    p.join(given, variant.extensionId, 'tasks'),
    p.join(given, 'tasks'),
    p.join(given, 'data', 'tasks'),
    ...(p.basename(given) === 'tasks' ? [given] : []),
  ];
}

async function firstExistingDirectory(candidates: string[]): Promise<string | undefined> {
  for (const candidate of candidates) if (await isDirectory(candidate)) return candidate;
  return undefined;
}

export function createClineFamilyReader(variant: ClineFamilyVariant): SourceReader {
  const historyCache = new Map<string, { mtimeMs: number; items: Map<string, JsonObject> }>();

  return {
    tool: variant.tool,
    displayName: variant.displayName,

    async locate(options) {
      const found: string[] = [];
      if (options.overridePaths.length > 0) {
        for (const given of options.overridePaths) {
          const root = await firstExistingDirectory(overrideTaskRootCandidates(variant, given, options));
          if (root !== undefined) found.push(root);
        }
      } else {
        for (const candidate of taskRootCandidates(variant, options)) if (await isDirectory(candidate)) found.push(candidate);
      }
      return [...new Set(found)];
    },

    async listFiles(root) {
      const files: string[] = [];
      for (const taskId of await listSubdirectories(root)) {
        const file = path.join(root, taskId, UI_MESSAGES);
        if (await isFile(file)) files.push(file);
      }
      return files;
    },

    fileMode: () => 'whole',

    async read(file) {
      return readTaskFolder(variant, file, historyCache);
    },
  };
}

export function clineFamilyReaders(): SourceReader[] {
  return [CLINE, ROO_CODE, KILO_CODE].map(createClineFamilyReader);
}

// ──── reading one task folder ────

interface TaskContext {
  project: string | null;
  /** The model in use at a moment of the task, or null when no task file tells. */
  modelAt: (timestampMs: number) => string | null;
}

type HistoryCache = Map<string, { mtimeMs: number; items: Map<string, JsonObject> }>;

async function readTaskFolder(variant: ClineFamilyVariant, file: string, historyCache: HistoryCache): Promise<FileReadResult> {
  const taskDir = path.dirname(file);
  const taskId = path.basename(taskDir);
  const result: FileReadResult = { records: [], edits: [], cursor: { offset: 0, state: null }, malformed: 0, warnings: [] };

  const uiMessages = await readJsonFile(file);
  if (uiMessages.kind !== 'ok' || !Array.isArray(uiMessages.value)) {
    if (uiMessages.kind === 'missing') result.warnings.push(`${file} is gone (the task was deleted).`);
    else if (uiMessages.kind === 'unreadable') result.warnings.push(`Could not read ${file}: ${uiMessages.message}`);
    else {
      result.malformed += 1;
      result.warnings.push(`${file} is not a JSON array of messages (corrupt or half-written); it will be read again when it changes.`);
    }
    return result;
  }

  const apiHistory = await optionalJson(path.join(taskDir, API_HISTORY), result);
  const metadata = asObject(await optionalJson(path.join(taskDir, TASK_METADATA), result));
  const historyItem = await historyItemFor(taskDir, taskId, historyCache);
  const context = taskContext(metadata, historyItem, apiHistory);

  let unknownModel = 0;
  const proposals: EditProposal[] = [];
  for (const element of uiMessages.value) {
    const message = asObject(element);
    if (message === undefined) {
      result.malformed += 1;
      continue;
    }
    const proposal = editProposalFrom(message, variant.askMeansManualApproval);
    if (proposal !== undefined) proposals.push(proposal);
    const record = usageRecordFrom(variant, taskId, message, context, result);
    if (record === undefined) continue;
    if (record.model === 'unknown') unknownModel += 1;
    result.records.push(record);
  }
  if (unknownModel > 0) {
    result.warnings.push(
      `${variant.displayName} task ${taskId}: ${unknownModel} request(s) name no model in the task files; they are counted but stay unpriced.`,
    );
  }
  const edits: EditEvent[] = resolveEdits(proposals, toolResultsFrom(apiHistory), {
    tool: variant.tool,
    sessionId: taskId,
    project: context.project,
    modelAt: context.modelAt,
  });
  result.edits.push(...edits);
  return result;
}

/** A sibling task file that may be absent; corrupt content is counted and warned about, never thrown. */
async function optionalJson(file: string, result: FileReadResult): Promise<JsonValue | undefined> {
  const read = await readJsonFile(file);
  if (read.kind === 'ok') return read.value;
  if (read.kind === 'malformed') {
    result.malformed += 1;
    result.warnings.push(`${file} is not valid JSON; edits or the model may be missing for this task.`);
  } else if (read.kind === 'unreadable') {
    result.warnings.push(`Could not read ${file}: ${read.message}`);
  }
  return undefined;
}

/** Cline's task list `<storage>/state/taskHistory.json` (a sibling of `tasks/`), cached by modification time. */
async function historyItemFor(taskDir: string, taskId: string, cache: HistoryCache): Promise<JsonObject | undefined> {
  const historyFile = path.join(path.dirname(path.dirname(taskDir)), 'state', TASK_HISTORY);
  let mtimeMs: number;
  try {
    mtimeMs = (await fs.stat(historyFile)).mtimeMs;
  } catch {
    return undefined;
  }
  let cached = cache.get(historyFile);
  if (cached === undefined || cached.mtimeMs !== mtimeMs) {
    const items = new Map<string, JsonObject>();
    const read = await readJsonFile(historyFile);
    for (const item of asArray(read.kind === 'ok' ? read.value : undefined) ?? []) {
      const object = asObject(item);
      const id = asString(object?.id);
      if (object !== undefined && id !== undefined) items.set(id, object);
    }
    cached = { mtimeMs, items };
    cache.set(historyFile, cached);
  }
  return cached.items.get(taskId);
}

/** Environment details the extensions send with each user turn; we keep only the path / model name inside. */
const WORKING_DIRECTORY = /# Current (?:Working|Workspace) Directory \(([^)\n]+)\) Files/;
const ROO_MODEL = /<model>([^<\n]+)<\/model>/;

function taskContext(metadata: JsonObject | undefined, historyItem: JsonObject | undefined, apiHistory: JsonValue | undefined): TaskContext {
  const userTurns = (asArray(apiHistory) ?? []).map(asObject).filter((turn): turn is JsonObject => turn?.role === 'user');
  const turnTexts = userTurns.map((turn) => ({ ts: asNumber(turn.ts), text: flattenText(turn.content) }));

  const project =
    asString(historyItem?.cwdOnTaskInitialization) ??
    asString(historyItem?.workspace) ??
    turnTexts.map((turn) => WORKING_DIRECTORY.exec(turn.text)?.[1]).find((dir) => dir !== undefined) ??
    null;

  // Model switches over the task: Cline's task_metadata.json model_usage[], else Roo's <model> tag per user turn.
  const switches: { ts: number; model: string }[] = [];
  for (const usage of asArray(metadata?.model_usage) ?? []) {
    const object = asObject(usage);
    const model = asString(object?.model_id);
    if (model !== undefined) switches.push({ ts: asNumber(object?.ts) ?? 0, model });
  }
  if (switches.length === 0) {
    for (const turn of turnTexts) {
      const model = ROO_MODEL.exec(turn.text)?.[1]?.trim();
      if (model) switches.push({ ts: turn.ts ?? 0, model });
    }
  }
  switches.sort((a, b) => a.ts - b.ts);
  const modelAt = (timestampMs: number): string | null => {
    if (switches.length === 0) return null;
    let chosen = switches[0].model;
    for (const entry of switches) if (entry.ts <= timestampMs) chosen = entry.model;
    return chosen;
  };
  return { project, modelAt };
}

function flattenText(content: JsonValue | undefined): string {
  if (typeof content === 'string') return content;
  return (asArray(content) ?? [])
    .map((block) => {
      const object = asObject(block);
      return object?.type === 'text' && typeof object.text === 'string' ? object.text : '';
    })
    .join('\n');
}

// ──── usage entries ────

/** `say` values whose `text` is a JSON string of request usage (`tokensIn`, `tokensOut`, `cacheWrites`, `cacheReads`, `cost`). */
const USAGE_SAYS = new Set(['api_req_started', 'deleted_api_reqs', 'subagent_usage']);

function usageRecordFrom(
  variant: ClineFamilyVariant,
  taskId: string,
  message: JsonObject,
  context: TaskContext,
  result: FileReadResult,
): UsageRecord | undefined {
  if (message.type !== 'say' || message.partial === true) return undefined;
  const say = asString(message.say);
  if (say === undefined || (!USAGE_SAYS.has(say) && say !== 'condense_context')) return undefined;
  const timestampMs = asNumber(message.ts);
  if (timestampMs === undefined || timestampMs <= 0) {
    result.malformed += 1;
    return undefined;
  }
  const modelInfo = asObject(message.modelInfo);
  const model = asString(modelInfo?.modelId) ?? context.modelAt(timestampMs) ?? 'unknown';
  const base = {
    tool: variant.tool,
    sessionId: taskId,
    project: context.project,
    timestampMs,
    model,
    dedupKey: `${variant.tool}:${taskId}:${timestampMs}`,
  };

  if (say === 'condense_context') {
    // Roo's context condensing is a billed summarising call whose tokens are not logged: cost only.
    const cost = asNumber(asObject(message.contextCondense)?.cost);
    if (cost === undefined || cost <= 0) return undefined;
    return { ...base, inputUncached: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, output: 0, reasoning: 0, costReportedUSD: cost };
  }

  const info = asObject(typeof message.text === 'string' ? parseJson(message.text) : message.text);
  if (info === undefined) {
    result.malformed += 1;
    return undefined;
  }
  const hasTokens = ['tokensIn', 'tokensOut', 'cacheWrites', 'cacheReads'].some((key) => asNumber(info[key]) !== undefined);
  if (!hasTokens) return undefined; // still streaming, or cancelled before the provider answered
  const cacheWrite = tokenCount(info.cacheWrites);
  const cacheRead = tokenCount(info.cacheReads);
  const output = tokenCount(info.tokensOut);
  const inputUncached = uncachedInput(info, cacheWrite, cacheRead);
  const cost = asNumber(info.cost);
  if (inputUncached + cacheWrite + cacheRead + output === 0 && !(cost !== undefined && cost > 0)) return undefined;
  return {
    ...base,
    inputUncached,
    cacheWrite5m: cacheWrite,
    cacheWrite1h: 0,
    cacheRead,
    output,
    reasoning: 0,
    costReportedUSD: cost ?? null,
  };
}

/** See the module comment for the rule and its one known blind spot. */
export function uncachedInput(info: JsonObject, cacheWrite: number, cacheRead: number): number {
  const tokensIn = tokenCount(info.tokensIn);
  const protocol = asString(info.apiProtocol);
  const cached = cacheWrite + cacheRead;
  const inputIsTotal = protocol === 'openai' || (protocol === 'anthropic' && tokensIn >= cached);
  return inputIsTotal ? Math.max(0, tokensIn - cached) : tokensIn;
}

