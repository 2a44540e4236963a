/**
 * OpenCode (sst/opencode): assistant messages in the SQLite database `opencode.db` (+ `opencode-*.db`) under
 * `${OPENCODE_DATA_DIR:-$XDG_DATA_HOME/opencode}`, table `message(id, session_id, data)`, and the older
 * one-JSON-file-per-message layout `storage/message/<sessionID>/<msgID>.json`. Both can hold the same message:
 * database records carry a higher `revision`, so the ingester keeps the database copy.
 *
 * Token mapping (ccusage's): `tokens.input` excludes cache (Anthropic-style), `tokens.cache.write` → 5-minute
 * writes, `tokens.cache.read` → reads, `tokens.output` → output, `tokens.reasoning` informational.
 * Edits come from the `part` table (tool parts `edit`/`write`/`patch`/`multiedit`), whose shape the spec marks
 * unverified: every field is optional here, and a database without the table simply yields no edits.
 * The same reader, parameterised, reads the new Kilo CLI's `kilo.db` (see {@link KILO_CLI}).
 */
import path from 'node:path';
import type { FileReadResult, LocateOptions, SourceReader } from '../usage/sources';
import type { EditEvent, EditOutcome, ToolId, UsageRecord } from '../usage/types';
import { pathFor } from './editorPaths';
import { UNKNOWN_MODEL, emptyReadResult, warnAboutUnknownModels } from './readResult';
import { countLines, countUnifiedDiff, diffLineCounts } from './lineDiff';
import type { LineChange } from './lineDiff';
import type { JsonObject } from './sourceFs';
import { asNumber, asObject, asString, describeError, isDirectory, isFile, listNames, listSubdirectories, parseJson, readJsonFile, tokenCount } from './sourceFs';
import type { SqliteSnapshot } from './sqliteSnapshot';
import { openSqliteSnapshot } from './sqliteSnapshot';
import { toEpochMs } from './timestamps';

/** Database rows beat legacy JSON copies of the same message id (see preferRecord). */
const DATABASE_REVISION = 1;
const LEGACY_JSON_REVISION = 0;

/**
 * OpenCode and the tools built on it that keep its database layout: the new Kilo CLI writes
 * `~/.local/share/kilo/kilo.db` (`KILO_DATA_DIR`), "same shape as OpenCode" (spec §4).
 */
export interface OpenCodeFamilyVariant {
  tool: Extract<ToolId, 'opencode' | 'kilo-code'>;
  displayName: string;
  /** Environment variable naming the data folder outright. */
  dataDirEnv: string;
  /** The data folder's name under `$XDG_DATA_HOME` (default `~/.local/share`). */
  folderName: string;
  /** `<name>.db` and `<name>-<channel>.db`. */
  databaseName: RegExp;
}

export const OPENCODE: OpenCodeFamilyVariant = {
  tool: 'opencode',
  displayName: 'OpenCode',
  dataDirEnv: 'OPENCODE_DATA_DIR',
  folderName: 'opencode',
  databaseName: /^opencode(-[^/\\]+)?\.db$/,
};

export const KILO_CLI: OpenCodeFamilyVariant = {
  tool: 'kilo-code',
  displayName: 'Kilo CLI',
  dataDirEnv: 'KILO_DATA_DIR',
  folderName: 'kilo',
  databaseName: /^kilo(-[^/\\]+)?\.db$/,
};

/** The variant's env variable, else `$XDG_DATA_HOME/<folder>`, else `~/.local/share/<folder>` (XDG paths on every OS). */
export function openCodeDataDir(options: LocateOptions, variant: OpenCodeFamilyVariant = OPENCODE): string {
  const p = pathFor(options);
  const fromEnv = options.env[variant.dataDirEnv];
  if (fromEnv) return fromEnv;
  return p.join(options.env.XDG_DATA_HOME ?? p.join(options.homeDir, '.local', 'share'), variant.folderName);
}

export function createOpenCodeReader(variant: OpenCodeFamilyVariant = OPENCODE): SourceReader {
  return {
    tool: variant.tool,
    displayName: variant.displayName,

    async locate(options) {
      const candidates = options.overridePaths.length > 0 ? options.overridePaths : [openCodeDataDir(options, variant)];
      const found: string[] = [];
      for (const candidate of candidates) {
        if (await isDirectory(candidate)) found.push(candidate);
        else if ((await isFile(candidate)) && variant.databaseName.test(path.basename(candidate))) found.push(candidate);
      }
      return found;
    },

    async listFiles(root) {
      if (await isFile(root)) return [root];
      const files = (await listNames(root)).filter((name) => variant.databaseName.test(name)).map((name) => path.join(root, name));
      const messageDir = path.join(root, 'storage', 'message');
      for (const sessionId of await listSubdirectories(messageDir)) {
        for (const name of await listNames(path.join(messageDir, sessionId))) {
          if (name.endsWith('.json')) files.push(path.join(messageDir, sessionId, name));
        }
      }
      return files;
    },

    fileMode: () => 'whole',

    // OpenCode's new messages sit in the write-ahead log until it checkpoints: the .db itself does not change.
    companionFiles: (file) => (file.endsWith('.db') ? [`${file}-wal`] : []),

    async read(file) {
      const result = file.endsWith('.db') ? await readDatabase(variant, file) : await readLegacyMessage(variant, file);
      warnAboutUnknownModels(result, file);
      return result;
    },
  };
}

// ──── messages ────

interface MessageIdentity {
  id: string | undefined;
  sessionId: string | undefined;
}

/** A usage record from one message's JSON, or undefined for user messages and assistant messages without tokens. */
export function recordFromMessage(
  tool: OpenCodeFamilyVariant['tool'],
  data: JsonObject,
  identity: MessageIdentity,
  revision: number,
): UsageRecord | 'malformed' | undefined {
  if (data.role !== 'assistant') return undefined;
  const tokens = asObject(data.tokens);
  if (tokens === undefined) return undefined; // still streaming: tokens arrive with completion
  const id = identity.id ?? asString(data.id);
  const timestampMs = toEpochMs(asObject(data.time)?.created);
  if (id === undefined || timestampMs === undefined) return 'malformed';
  const cache = asObject(tokens.cache);
  const record: UsageRecord = {
    tool,
    sessionId: identity.sessionId ?? asString(data.sessionID) ?? 'unknown',
    project: asString(asObject(data.path)?.cwd) ?? asString(asObject(data.path)?.root) ?? null,
    timestampMs,
    model: asString(data.modelID) ?? UNKNOWN_MODEL,
    inputUncached: tokenCount(tokens.input),
    cacheWrite5m: tokenCount(cache?.write),
    cacheWrite1h: 0,
    cacheRead: tokenCount(cache?.read),
    output: tokenCount(tokens.output),
    reasoning: tokenCount(tokens.reasoning),
    costReportedUSD: asNumber(data.cost) ?? null,
    dedupKey: `${tool}:${id}`,
    revision,
  };
  const total = record.inputUncached + record.cacheWrite5m + record.cacheRead + record.output;
  return total > 0 || (record.costReportedUSD ?? 0) > 0 ? record : undefined;
}

async function readLegacyMessage(variant: OpenCodeFamilyVariant, file: string): Promise<FileReadResult> {
  const result = emptyReadResult();
  const read = await readJsonFile(file);
  if (read.kind === 'missing') return result;
  if (read.kind !== 'ok' || asObject(read.value) === undefined) {
    result.malformed += 1;
    if (read.kind === 'unreadable') result.warnings.push(`Could not read ${file}: ${read.message}`);
    return result;
  }
  const data = asObject(read.value) as JsonObject;
  const identity = { id: asString(data.id) ?? path.basename(file, '.json'), sessionId: asString(data.sessionID) ?? path.basename(path.dirname(file)) };
  const record = recordFromMessage(variant.tool, data, identity, LEGACY_JSON_REVISION);
  if (record === 'malformed') result.malformed += 1;
  else if (record !== undefined) result.records.push(record);
  return result;
}

async function readDatabase(variant: OpenCodeFamilyVariant, file: string): Promise<FileReadResult> {
  const result = emptyReadResult();
  let snapshot: SqliteSnapshot;
  try {
    snapshot = await openSqliteSnapshot(file);
  } catch (error) {
    result.warnings.push(`Could not read the ${variant.displayName} database ${file}: ${describeError(error)}`);
    return result;
  }
  try {
    const tables = snapshot.tables();
    if (!tables.has('message') || !snapshot.columns('message').has('data')) {
      result.warnings.push(`${file} has no message(data) table: not a ${variant.displayName} database this version of Tokenwise understands.`);
      return result;
    }
    const messageColumns = snapshot.columns('message');
    const select = ['data', messageColumns.has('id') ? 'id' : 'NULL AS id', messageColumns.has('session_id') ? 'session_id' : 'NULL AS session_id'];
    const models = new Map<string, { model: string | null; sessionId: string; project: string | null }>();
    for (const row of snapshot.rows(`SELECT ${select.join(', ')} FROM message`)) {
      const data = asObject(typeof row.data === 'string' ? parseJson(row.data) : undefined);
      if (data === undefined) {
        result.malformed += 1;
        continue;
      }
      const identity = { id: typeof row.id === 'string' ? row.id : undefined, sessionId: typeof row.session_id === 'string' ? row.session_id : undefined };
      const record = recordFromMessage(variant.tool, data, identity, DATABASE_REVISION);
      if (record === 'malformed') result.malformed += 1;
      else if (record !== undefined) result.records.push(record);
      const id = identity.id ?? asString(data.id);
      if (id !== undefined) {
        models.set(id, {
          model: asString(data.modelID) ?? null,
          sessionId: identity.sessionId ?? asString(data.sessionID) ?? 'unknown',
          project: asString(asObject(data.path)?.cwd) ?? null,
        });
      }
    }
    if (tables.has('part') && snapshot.columns('part').has('data')) readEditParts(variant.tool, snapshot, models, result);
  } catch (error) {
    result.warnings.push(`Could not query the ${variant.displayName} database ${file}: ${describeError(error)}`);
  } finally {
    snapshot.close();
  }
  return result;
}

// ──── edits (part table, unverified shape) ────

const EDIT_TOOLS = new Set(['edit', 'write', 'patch', 'multiedit']);
/** OpenCode's permission rejection error reads "The user rejected permission to use this specific tool call…". */
const REJECTION = /reject|denied/i;

function readEditParts(
  tool: OpenCodeFamilyVariant['tool'],
  snapshot: SqliteSnapshot,
  messages: Map<string, { model: string | null; sessionId: string; project: string | null }>,
  result: FileReadResult,
): void {
  const columns = snapshot.columns('part');
  const select = ['data', columns.has('id') ? 'id' : 'NULL AS id', columns.has('message_id') ? 'message_id' : 'NULL AS message_id'];
  for (const row of snapshot.rows(`SELECT ${select.join(', ')} FROM part`)) {
    const data = asObject(typeof row.data === 'string' ? parseJson(row.data) : undefined);
    if (data === undefined) {
      result.malformed += 1;
      continue;
    }
    const edit = editFromPart(tool, data, typeof row.id === 'string' ? row.id : undefined, typeof row.message_id === 'string' ? row.message_id : undefined, messages);
    if (edit !== undefined) result.edits.push(edit);
  }
}

function editFromPart(
  tool: OpenCodeFamilyVariant['tool'],
  data: JsonObject,
  rowId: string | undefined,
  rowMessageId: string | undefined,
  messages: Map<string, { model: string | null; sessionId: string; project: string | null }>,
): EditEvent | undefined {
  const toolName = asString(data.tool);
  if (data.type !== 'tool' || toolName === undefined || !EDIT_TOOLS.has(toolName)) return undefined;
  const id = rowId ?? asString(data.id);
  const state = asObject(data.state);
  const time = asObject(state?.time);
  const timestampMs = toEpochMs(time?.start) ?? toEpochMs(time?.end);
  if (id === undefined || state === undefined || timestampMs === undefined) return undefined;
  const message = messages.get(rowMessageId ?? asString(data.messageID) ?? '');
  const input = asObject(state.input);
  return {
    tool,
    sessionId: message?.sessionId ?? asString(data.sessionID) ?? 'unknown',
    project: message?.project ?? null,
    timestampMs,
    model: message?.model ?? null,
    filePath: asString(input?.filePath) ?? asString(input?.path) ?? null,
    toolName,
    outcome: outcomeOf(state),
    userModified: false,
    autoApproved: null,
    ...linesOf(toolName, state),
    dedupKey: `${tool}:${id}:edit`,
  };
}

function outcomeOf(state: JsonObject): EditOutcome {
  if (state.status === 'completed') return 'accepted';
  if (state.status === 'error') return REJECTION.test(asString(state.error) ?? '') ? 'rejected' : 'failed';
  return 'unresolved';
}

/** `metadata.filediff` counts, else the unified `metadata.diff`, else the input's old/new strings or written content. */
function linesOf(toolName: string, state: JsonObject): { linesAdded: number; linesRemoved: number } {
  const metadata = asObject(state.metadata);
  const input = asObject(state.input);
  const fileDiff = asObject(metadata?.filediff);
  let change: LineChange;
  if (fileDiff !== undefined && (asNumber(fileDiff.additions) !== undefined || asNumber(fileDiff.deletions) !== undefined)) {
    change = { added: tokenCount(fileDiff.additions), removed: tokenCount(fileDiff.deletions) };
  } else if (asString(metadata?.diff) !== undefined) {
    change = countUnifiedDiff(asString(metadata?.diff) as string);
  } else if (typeof input?.oldString === 'string' && typeof input.newString === 'string') {
    change = diffLineCounts(input.oldString, input.newString);
  } else if (toolName === 'write' && typeof input?.content === 'string') {
    change = { added: countLines(input.content), removed: 0 };
  } else {
    change = { added: 0, removed: 0 };
  }
  return { linesAdded: change.added, linesRemoved: change.removed };
}
