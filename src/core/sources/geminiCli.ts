/**
 * Gemini CLI chat recordings: `<GEMINI_CLI_HOME or ~>/.gemini/tmp/<project>/chats/session-*.jsonl` (append-only,
 * sub-agents in `chats/<parentSessionId>/<sessionId>.jsonl`) and legacy `session-*.json` (one ConversationRecord
 * rewritten in place). See shared spec ai-tool-logs.md §3 and docs/sources.md.
 */
import path from 'node:path';
import type { FileReadResult, LocateOptions, ReadCursor, ReaderState, SourceReader } from '../usage/sources';
import { totalTokens, type EditEvent, type EditOutcome, type UsageRecord } from '../usage/types';
import { EditBook } from './editBook';
import { nodeFileAccess, readWholeFile, type DirectoryEntry, type FileAccess } from './fileAccess';
import { describeError, envValue, isDirectory, listDirectoryIfPresent, pathFlavour, uniquePaths, userHome } from './locations';
import { readJsonLinesFile, type LineSink } from './readResult';
import { countField, isJsonObject, objectField, stringField, timestampField, type JsonObject } from './values';

const EDIT_TOOLS: ReadonlySet<string> = new Set(['replace', 'write_file']);

/** A legacy whole-file recording larger than this is not loaded (no real chat comes close). */
const MAX_WHOLE_FILE_BYTES = 256 << 20;
/** The registry and marker files are tiny; anything bigger is not what we expect. */
const MAX_REGISTRY_BYTES = 4 << 20;

const OUTCOME_OF_STATUS: Readonly<Record<string, EditOutcome>> = {
  success: 'accepted',
  cancelled: 'rejected',
  error: 'failed',
};

// ──── locating ────

/** The `.gemini` folders to try. Exported for platform unit tests. */
export function geminiCliCandidateRoots(options: LocateOptions): string[] {
  const flavour = pathFlavour(options.platform);
  if (options.overridePaths.length > 0) return [...options.overridePaths];
  const home = envValue(options, 'GEMINI_CLI_HOME') ?? userHome(options);
  return [flavour.join(home, '.gemini')];
}

function isRecordingFile(name: string): boolean {
  return name.startsWith('session-') && (name.endsWith('.jsonl') || name.endsWith('.json'));
}

/** `<root>/tmp/<project>/chats/...` → `<root>/tmp/<project>`, or undefined when the file is elsewhere. */
function projectTempDirOf(file: string): string | undefined {
  const parts = file.split(path.sep);
  const chats = parts.lastIndexOf('chats');
  return chats > 0 ? parts.slice(0, chats).join(path.sep) : undefined;
}

/**
 * The real project path of a `tmp/<project>` folder: its `.project_root` marker, else the inverse of the
 * `projects.json` registry (`{"projects": {"/abs/path": "slug"}}`) beside `tmp/`. Null when neither tells.
 */
async function registeredProject(access: FileAccess, file: string): Promise<string | null> {
  const projectDir = projectTempDirOf(file);
  if (projectDir === undefined) return null;
  try {
    const marker = (await readWholeFile(access, path.join(projectDir, '.project_root'), MAX_REGISTRY_BYTES)).trim();
    if (marker.length > 0) return marker;
  } catch {
    // No marker (older versions): try the registry.
  }
  try {
    const registryFile = path.join(path.dirname(path.dirname(projectDir)), 'projects.json');
    const registry: unknown = JSON.parse(await readWholeFile(access, registryFile, MAX_REGISTRY_BYTES));
    const projects = isJsonObject(registry) ? objectField(registry, 'projects') : undefined;
    const slug = path.basename(projectDir);
    for (const [projectPath, projectSlug] of Object.entries(projects ?? {})) {
      if (projectSlug === slug) return projectPath;
    }
  } catch {
    // No registry, or not one we understand: the project stays unknown.
  }
  return null;
}

/** The first of a metadata record's `directories`, which Gemini CLI lists starting with the project root. */
function projectFromDirectories(metadata: JsonObject): string | undefined {
  const directories = metadata.directories;
  if (!Array.isArray(directories)) return undefined;
  const first: unknown = directories[0];
  return typeof first === 'string' && first.length > 0 ? first : undefined;
}

// ──── messages ────

interface GeminiContext {
  sessionId: string;
  project: string | null;
  /** The latest model named in this file, for re-appended records that omit it. */
  model: string | null;
}

/**
 * The billed usage of a `gemini` message. Gemini's `input` includes `cached`; `thoughts` and `tool` are
 * separate from both (`total = input + output + thoughts + tool`), thoughts are billed as output and
 * tool-use prompt tokens as (uncached) input.
 */
function usageRecordOf(message: JsonObject, messageId: string, revision: number, context: GeminiContext, model: string): UsageRecord | null {
  const tokens = objectField(message, 'tokens');
  const timestampMs = timestampField(message, 'timestamp');
  if (tokens === undefined || timestampMs === null) return null;
  const input = countField(tokens, 'input');
  const cacheRead = Math.min(countField(tokens, 'cached'), input);
  const thoughts = countField(tokens, 'thoughts');
  const record: UsageRecord = {
    tool: 'gemini-cli',
    sessionId: context.sessionId,
    project: context.project,
    timestampMs,
    model,
    inputUncached: input - cacheRead + countField(tokens, 'tool'),
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    cacheRead,
    output: countField(tokens, 'output') + thoughts,
    reasoning: thoughts,
    costReportedUSD: null,
    dedupKey: `${context.sessionId}:${messageId}`,
    revision,
  };
  return totalTokens(record) > 0 ? record : null;
}

function editsOf(message: JsonObject, context: GeminiContext): EditEvent[] {
  const toolCalls = Array.isArray(message.toolCalls) ? message.toolCalls.filter(isJsonObject) : [];
  const events: EditEvent[] = [];
  for (const call of toolCalls) {
    const callId = stringField(call, 'id');
    const name = stringField(call, 'name');
    if (callId === undefined || name === undefined || !EDIT_TOOLS.has(name)) continue;
    const status = stringField(call, 'status') ?? '';
    const display = objectField(call, 'resultDisplay');
    const diffStat = display === undefined ? undefined : objectField(display, 'diffStat');
    const args = objectField(call, 'args') ?? {};
    events.push({
      tool: 'gemini-cli',
      sessionId: context.sessionId,
      project: context.project,
      timestampMs: timestampField(call, 'timestamp') ?? timestampField(message, 'timestamp') ?? 0,
      model: context.model,
      filePath: (display && stringField(display, 'filePath')) ?? stringField(args, 'file_path') ?? null,
      toolName: name,
      // Still executing or awaiting approval when last written: no decision yet.
      outcome: OUTCOME_OF_STATUS[status] ?? 'unresolved',
      userModified: countField(diffStat, 'user_added_lines') + countField(diffStat, 'user_removed_lines') > 0,
      // Only the opt-in telemetry file says whether an edit was auto-accepted.
      autoApproved: null,
      linesAdded: countField(diffStat, 'model_added_lines'),
      linesRemoved: countField(diffStat, 'model_removed_lines'),
      dedupKey: `${context.sessionId}:${callId}`,
    });
  }
  return events;
}

/**
 * Collects the records of one read. A message re-appended with the same id replaces the earlier copy (last
 * wins); across reads the byte offset in `revision` lets the ledger keep the last one too.
 */
class MessageCollector {
  private readonly records = new Map<string, UsageRecord>();
  private readonly edits = new EditBook();
  /** Messages with tokens but no model named anywhere before them: they cannot be priced. */
  private readonly modelless = new Set<string>();

  add(message: JsonObject, revision: number, context: GeminiContext): void {
    const messageId = stringField(message, 'id');
    if (messageId === undefined || message.type !== 'gemini') return;
    context.model = stringField(message, 'model') ?? context.model;
    if (context.model === null) {
      if (objectField(message, 'tokens') !== undefined) this.modelless.add(messageId);
    } else {
      const record = usageRecordOf(message, messageId, revision, context, context.model);
      if (record !== null) this.records.set(record.dedupKey, record);
    }
    for (const edit of editsOf(message, context)) this.edits.record(edit);
  }

  /** Problems worth telling the user about this file. */
  warnings(file: string): string[] {
    if (this.modelless.size === 0) return [];
    return [`${file}: ${this.modelless.size} message(s) with token usage name no model; they were not counted.`];
  }

  usageRecords(): UsageRecord[] {
    return [...this.records.values()];
  }

  editEvents(): EditEvent[] {
    return this.edits.list();
  }
}

// ──── per-file state (JSONL) ────

interface GeminiFileState {
  sessionId: string | null;
  project: string | null;
  /** True once the project came from the recording's own metadata (it then beats the registry). */
  projectFromMetadata: boolean;
  model: string | null;
}

function decodeState(state: ReaderState | undefined): GeminiFileState {
  if (!isJsonObject(state)) return { sessionId: null, project: null, projectFromMetadata: false, model: null };
  return {
    sessionId: stringField(state, 'sessionId') ?? null,
    project: stringField(state, 'project') ?? null,
    projectFromMetadata: state.projectFromMetadata === true,
    model: stringField(state, 'model') ?? null,
  };
}

function encodeState(state: GeminiFileState): ReaderState {
  return { ...state };
}

/** The metadata record (first line, or a `$set` update): session id, project directories, no message type. */
function isMetadata(entry: JsonObject): boolean {
  return typeof entry.sessionId === 'string' && !('type' in entry) && !('id' in entry);
}

function applyMetadata(metadata: JsonObject, state: GeminiFileState): void {
  state.sessionId = stringField(metadata, 'sessionId') ?? state.sessionId;
  const project = projectFromDirectories(metadata);
  if (project !== undefined) {
    state.project = project;
    state.projectFromMetadata = true;
  }
}

function fallbackSessionId(file: string): string {
  return path.basename(file).replace(/\.jsonl?$/, '');
}

// ──── the reader ────

export class GeminiCliReader implements SourceReader {
  readonly tool = 'gemini-cli' as const;
  readonly displayName = 'Gemini CLI';

  constructor(private readonly access: FileAccess = nodeFileAccess) {}

  /** `.gemini` folders holding `tmp/`; a user-chosen folder may also be a home holding `.gemini/`. */
  async locate(options: LocateOptions): Promise<string[]> {
    const flavour = pathFlavour(options.platform);
    const found: string[] = [];
    for (const candidate of geminiCliCandidateRoots(options)) {
      if (await isDirectory(this.access, flavour.join(candidate, 'tmp'))) found.push(candidate);
      else if (options.overridePaths.length > 0 && (await isDirectory(this.access, flavour.join(candidate, '.gemini', 'tmp')))) {
        found.push(flavour.join(candidate, '.gemini'));
      }
    }
    return uniquePaths(found, flavour);
  }

  /**
   * Recordings in `tmp/<project>/chats/` and sub-agent folders below it. Only `tmp/` and the `chats` folders are
   * listed — never the `.gemini` folder itself, where oauth_creds.json lives. Throws only when `tmp/` exists but
   * cannot be listed.
   */
  async listFiles(root: string): Promise<string[]> {
    const tmpDir = path.join(root, 'tmp');
    const files: string[] = [];
    const projects = (await listDirectoryIfPresent(this.access, tmpDir)).filter((entry) => entry.kind === 'directory');
    for (const { name: project } of projects) {
      const chatsDir = path.join(tmpDir, project, 'chats');
      const entries = await this.entriesOf(chatsDir);
      for (const entry of entries) {
        const full = path.join(chatsDir, entry.name);
        if (entry.kind === 'file' && isRecordingFile(entry.name)) files.push(full);
        else if (entry.kind === 'directory') {
          for (const child of await this.entriesOf(full)) {
            if (child.kind === 'file' && child.name.endsWith('.jsonl')) files.push(path.join(full, child.name));
          }
        }
      }
    }
    return files.sort();
  }

  fileMode(file: string): 'append' | 'whole' {
    return file.endsWith('.json') ? 'whole' : 'append';
  }

  async read(file: string, cursor: ReadCursor | undefined): Promise<FileReadResult> {
    return this.fileMode(file) === 'whole' ? this.readWhole(file) : this.readAppended(file, cursor);
  }

  /** A chats folder's entries; none when the project has no chats yet or a folder cannot be listed. */
  private async entriesOf(directory: string): Promise<DirectoryEntry[]> {
    try {
      return await this.access.listDirectory(directory);
    } catch {
      return [];
    }
  }

  private async readAppended(file: string, cursor: ReadCursor | undefined): Promise<FileReadResult> {
    const collector = new MessageCollector();
    const initial = decodeState(cursor?.state);
    // The recording's own metadata wins; until it names a project, the marker/registry (two tiny files) is asked.
    const registryProject = initial.projectFromMetadata ? null : await registeredProject(this.access, file);
    return readJsonLinesFile<GeminiFileState>({
      access: this.access,
      file,
      cursor,
      decodeState: (state) => {
        const decoded = decodeState(state);
        if (!decoded.projectFromMetadata) decoded.project = registryProject ?? decoded.project;
        return decoded;
      },
      encodeState,
      handleLine: (line, state, _sink: LineSink) => {
        const entry = line.value;
        if (isMetadata(entry)) applyMetadata(entry, state);
        else if (isJsonObject(entry.$set)) applyMetadata(entry.$set, state);
        else {
          // `$rewindTo` only hides messages from the conversation: the API calls happened and stay counted.
          const context: GeminiContext = { sessionId: state.sessionId ?? fallbackSessionId(file), project: state.project, model: state.model };
          collector.add(entry, line.offset, context);
          state.model = context.model;
        }
      },
      finish: (_state, sink) => {
        sink.records.push(...collector.usageRecords());
        sink.warnings.push(...collector.warnings(file));
        return collector.editEvents();
      },
    });
  }

  private async readWhole(file: string): Promise<FileReadResult> {
    const result: FileReadResult = { records: [], edits: [], cursor: { offset: 0, state: null }, malformed: 0, warnings: [] };
    let text: string;
    try {
      text = await readWholeFile(this.access, file, MAX_WHOLE_FILE_BYTES);
    } catch (error) {
      result.warnings.push(`Could not read ${file}: ${describeError(error)}`);
      return result;
    }
    result.cursor.offset = Buffer.byteLength(text, 'utf8');
    let conversation: unknown;
    try {
      conversation = JSON.parse(text);
    } catch {
      conversation = undefined;
    }
    if (!isJsonObject(conversation) || !Array.isArray(conversation.messages)) {
      result.malformed = 1;
      result.warnings.push(`${file} is not a complete Gemini CLI conversation (it may be being rewritten); it will be read again when it changes.`);
      return result;
    }
    const context: GeminiContext = {
      sessionId: stringField(conversation, 'sessionId') ?? fallbackSessionId(file),
      project: projectFromDirectories(conversation) ?? (await registeredProject(this.access, file)),
      model: null,
    };
    const collector = new MessageCollector();
    conversation.messages.forEach((message: unknown, index: number) => {
      if (isJsonObject(message)) collector.add(message, index, context);
      else result.malformed += 1;
    });
    result.records = collector.usageRecords();
    result.edits = collector.editEvents();
    result.warnings.push(...collector.warnings(file));
    return result;
  }
}
