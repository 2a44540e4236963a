/**
 * Cline, Roo Code and Kilo Code: one reader parameterised by extension id. Each task folder
 * `<globalStorage>/<extension-id>/tasks/<taskId>/` holds `ui_messages.json` (rewritten whole), whose
 * `api_req_started` entries carry per-request usage. Only task files are opened — never `secrets.json`,
 * settings or anything else that sits beside them.
 *
 * Token conventions: see clineUsage.ts. Project and model: clineTaskContext.ts. Edits: clineEdits.ts.
 */
import path from 'node:path';
import type { FileReadResult, LocateOptions, SourceReader } from '../usage/sources';
import type { EditEvent } from '../usage/types';
import type { EditProposal } from './clineEdits';
import { editProposalFrom, resolveEdits, toolResultsFrom } from './clineEdits';
import type { ClineFamilyTool, HistoryCache } from './clineTaskContext';
import { historyItemFor, taskContext, taskHistoryFileFor } from './clineTaskContext';
import { usageRecordFrom } from './clineUsage';
import { globalStorageCandidates, pathFor } from './editorPaths';
import { emptyReadResult, warnAboutUnknownModels } from './readResult';
import type { JsonValue } from './sourceFs';
import { asObject, isDirectory, isFile, listSubdirectories, readJsonFile } from './sourceFs';

export interface ClineFamilyVariant {
  tool: ClineFamilyTool;
  displayName: string;
  /** The VS Code extension id, lower-case as VS Code names its globalStorage folder. */
  extensionId: string;
  /** Also look in Cline's standalone data folder (`~/.cline/data`, the SDK rewrite and the Cline CLI). */
  hasStandaloneDataDir: boolean;
  /** An `ask:"tool"` edit proposal means the user approved it by hand (see editProposalFrom). */
  askMeansManualApproval: boolean;
}

export const CLINE: ClineFamilyVariant = {
  tool: 'cline',
  displayName: 'Cline',
  extensionId: 'saoudrizwan.claude-dev',
  hasStandaloneDataDir: true,
  askMeansManualApproval: true,
};
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

/** The task files this reader opens (plus Cline's `state/taskHistory.json`, see clineTaskContext.ts). */
const UI_MESSAGES = 'ui_messages.json';
const API_HISTORY = 'api_conversation_history.json';
const TASK_METADATA = 'task_metadata.json';

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
  const historyCache: HistoryCache = new Map();

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

    // Edit outcomes and the model come from these; the task list may name the project later.
    companionFiles: (file) => {
      const taskDir = path.dirname(file);
      return [path.join(taskDir, API_HISTORY), path.join(taskDir, TASK_METADATA), taskHistoryFileFor(taskDir)];
    },

    async read(file) {
      return readTaskFolder(variant, file, historyCache);
    },
  };
}

export function clineFamilyReaders(): SourceReader[] {
  return [CLINE, ROO_CODE, KILO_CODE].map(createClineFamilyReader);
}

// ──── reading one task folder ────

async function readTaskFolder(variant: ClineFamilyVariant, file: string, historyCache: HistoryCache): Promise<FileReadResult> {
  const taskDir = path.dirname(file);
  const taskId = path.basename(taskDir);
  const result = emptyReadResult();

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

  const proposals: EditProposal[] = [];
  for (const element of uiMessages.value) {
    const message = asObject(element);
    if (message === undefined) {
      result.malformed += 1;
      continue;
    }
    const proposal = editProposalFrom(message, variant.askMeansManualApproval);
    if (proposal !== undefined) proposals.push(proposal);
    const record = usageRecordFrom(variant.tool, taskId, message, context, result);
    if (record !== undefined) result.records.push(record);
  }
  warnAboutUnknownModels(result, `${variant.displayName} task ${taskId}`);
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

