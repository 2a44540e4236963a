/**
 * What a Cline-family task folder tells about the task as a whole: its project folder and which model was in
 * use when. Read from `task_metadata.json`, the user turns of `api_conversation_history.json` and Cline's task
 * list `state/taskHistory.json`; only paths and model names are kept from them.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ToolId } from '../usage/types';
import type { JsonObject, JsonValue } from './sourceFs';
import { asArray, asNumber, asObject, asString, readJsonFile } from './sourceFs';

export type ClineFamilyTool = Extract<ToolId, 'cline' | 'roo-code' | 'kilo-code'>;

/** The only history file name this module opens. */
const TASK_HISTORY = 'taskHistory.json';

export interface TaskContext {
  project: string | null;
  /** The model in use at a moment of the task (for edits), or null when no task file tells. */
  modelAt: (timestampMs: number) => string | null;
  /** The model of the API request logged at a moment (may differ from modelAt: see taskContext). */
  requestModelAt: (timestampMs: number) => string | null;
}

export type HistoryCache = Map<string, { mtimeMs: number; items: Map<string, JsonObject> }>;

/** Cline's task list `<storage>/state/taskHistory.json`, a sibling of the `tasks/` folder. */
export function taskHistoryFileFor(taskDir: string): string {
  return path.join(path.dirname(path.dirname(taskDir)), 'state', TASK_HISTORY);
}

/** The task's item in Cline's task list, cached by the list's modification time. */
export async function historyItemFor(taskDir: string, taskId: string, cache: HistoryCache): Promise<JsonObject | undefined> {
  const historyFile = taskHistoryFileFor(taskDir);
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

export function taskContext(metadata: JsonObject | undefined, historyItem: JsonObject | undefined, apiHistory: JsonValue | undefined): TaskContext {
  const userTurns = (asArray(apiHistory) ?? []).map(asObject).filter((turn): turn is JsonObject => turn?.role === 'user');
  const turnTexts = userTurns.map((turn) => ({ ts: asNumber(turn.ts), text: flattenText(turn.content) }));

  const project =
    asString(historyItem?.cwdOnTaskInitialization) ??
    asString(historyItem?.workspace) ??
    turnTexts.map((turn) => WORKING_DIRECTORY.exec(turn.text)?.[1]).find((dir) => dir !== undefined) ??
    null;

  // Model switches over the task: Cline's task_metadata.json model_usage[], else Roo's <model> tag per user turn.
  const metadataSwitches: ModelSwitch[] = [];
  for (const usage of asArray(metadata?.model_usage) ?? []) {
    const object = asObject(usage);
    const model = asString(object?.model_id);
    if (model !== undefined) metadataSwitches.push({ ts: asNumber(object?.ts) ?? 0, model });
  }
  if (metadataSwitches.length > 0) {
    const modelAt = latestAtOrBefore(metadataSwitches);
    return { project, modelAt, requestModelAt: modelAt };
  }
  const turnSwitches: ModelSwitch[] = [];
  for (const turn of turnTexts) {
    const model = ROO_MODEL.exec(turn.text)?.[1]?.trim();
    if (model) turnSwitches.push({ ts: turn.ts ?? 0, model });
  }
  // Roo logs `api_req_started` a few milliseconds BEFORE it appends the user turn that request sends, so a
  // request's model is the first tagged turn at or after it; an edit happens after its turn was sent.
  return { project, modelAt: latestAtOrBefore(turnSwitches), requestModelAt: earliestAtOrAfter(turnSwitches) };
}

interface ModelSwitch {
  ts: number;
  model: string;
}

/** The model of the last switch at or before a moment (the first switch for earlier moments). */
function latestAtOrBefore(switches: ModelSwitch[]): (timestampMs: number) => string | null {
  const sorted = [...switches].sort((a, b) => a.ts - b.ts);
  return (timestampMs) => {
    if (sorted.length === 0) return null;
    let chosen = sorted[0].model;
    for (const entry of sorted) if (entry.ts <= timestampMs) chosen = entry.model;
    return chosen;
  };
}

/** The model of the first switch at or after a moment (the last switch for later moments). */
function earliestAtOrAfter(switches: ModelSwitch[]): (timestampMs: number) => string | null {
  const sorted = [...switches].sort((a, b) => a.ts - b.ts);
  return (timestampMs) => {
    if (sorted.length === 0) return null;
    return (sorted.find((entry) => entry.ts >= timestampMs) ?? sorted[sorted.length - 1]).model;
  };
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

