/**
 * GitHub Copilot (CLI and VS Code Copilot Chat) through its OpenTelemetry FILE export: JSONL files in
 * `~/.copilot/otel/` and the file named by `COPILOT_OTEL_FILE_EXPORTER_PATH`. Copilot keeps no token log
 * otherwise. One API call can appear several times — a `chat` span, an inference-details log, an agent-turn log
 * and the `invoke_agent` span summing a whole turn — so records are ranked from finest to coarsest and a coarser
 * record is dropped when its trace or response id already has a finer one.
 *
 * That check covers one file: within a read, and across reads of it through `cursor.state` (the trace and response
 * ids seen lately). A coarse record read BEFORE its finer siblings appear (a later read), or written to another
 * file, is not retracted; spans end child-first, so the finer ones normally come first. Chat spans and
 * inference logs of one response share a dedup key (the response id), so the ingester collapses those across files.
 *
 * Tokens: `gen_ai.usage.input_tokens` INCLUDES cached tokens (OpenAI convention / OTel semantic conventions), so
 * cache reads and writes are subtracted to get the uncached input.
 */
import path from 'node:path';
import type { LocateOptions, ReaderState, SourceReader } from '../usage/sources';
import type { UsageRecord } from '../usage/types';
import { pathFor } from './editorPaths';
import type { ParsedLine } from './jsonlSource';
import { readJsonlObjects } from './jsonlSource';
import { UNKNOWN_MODEL, warnAboutUnknownModels } from './readResult';
import type { JsonObject, JsonValue } from './sourceFs';
import { asArray, asNumber, asObject, asString, isDirectory, isFile, listNames, tokenCount } from './sourceFs';
import { toEpochMs } from './timestamps';

export function copilotOtelDir(options: LocateOptions): string {
  return pathFor(options).join(options.homeDir, '.copilot', 'otel');
}

export function createCopilotOtelReader(): SourceReader {
  return {
    tool: 'copilot',
    displayName: 'GitHub Copilot (OpenTelemetry export)',

    async locate(options) {
      const found: string[] = [];
      const candidates = options.overridePaths.length > 0 ? [...options.overridePaths] : [copilotOtelDir(options)];
      const exporterFile = options.env.COPILOT_OTEL_FILE_EXPORTER_PATH;
      if (options.overridePaths.length === 0 && exporterFile) candidates.push(exporterFile);
      for (const candidate of candidates) {
        if (await isDirectory(candidate)) found.push(candidate);
        else if ((await isFile(candidate)) && !found.includes(path.dirname(candidate))) found.push(candidate);
      }
      return found;
    },

    async listFiles(root) {
      if (await isFile(root)) return [root];
      return (await listNames(root)).filter((name) => name.endsWith('.jsonl')).map((name) => path.join(root, name));
    },

    fileMode: () => 'append',

    async read(file, cursor) {
      const entries: OtelEntry[] = [];
      const { result, previousState } = await readJsonlObjects(file, cursor, (line) => {
        const entry = entryFrom(line, file);
        if (entry !== undefined) entries.push(entry);
      });
      const seen = SeenIds.fromState(previousState);
      // Register every id at its finest rank first, so file order does not matter within a read.
      for (const entry of entries) seen.note(entry);
      result.records = entries.filter((entry) => !seen.hasFinerThan(entry)).map(toRecord);
      result.cursor.state = seen.toState();
      warnAboutUnknownModels(result, file);
      return result;
    },
  };
}

// ──── telemetry records ────

/** Finest first: a chat span is one API call; an agent summary sums many. */
const enum Rank {
  Chat = 0,
  InferenceLog = 1,
  AgentTurnLog = 2,
  AgentSummary = 3,
}

interface OtelEntry {
  rank: Rank;
  attributes: Map<string, JsonValue>;
  traceId: string | undefined;
  spanId: string | undefined;
  responseId: string | undefined;
  timestampMs: number;
  /** Where the line sits: the fallback identity of a record with no trace or response id. */
  fallbackKey: string;
}

/**
 * The attributes a record's identity and usage are read from; everything else (prompt content when the user
 * enabled content capture, tool arguments, …) is dropped as soon as the line is parsed.
 */
const KEPT_ATTRIBUTES = new Set([
  'event.name',
  'gen_ai.operation.name',
  'gen_ai.response.id',
  'gen_ai.response.model',
  'gen_ai.request.model',
  'gen_ai.conversation.id',
  'copilot_chat.session_id',
  'session.id',
]);

function isKept(key: string): boolean {
  return KEPT_ATTRIBUTES.has(key) || key.startsWith('gen_ai.usage.');
}

/** Attributes as a plain map, or as OTLP's `[{key, value: {stringValue|intValue|doubleValue|boolValue}}]`. */
function attributesOf(value: JsonValue | undefined): Map<string, JsonValue> {
  const attributes = new Map<string, JsonValue>();
  const list = asArray(value);
  if (list !== undefined) {
    for (const item of list.map(asObject)) {
      const key = asString(item?.key);
      const wrapped = asObject(item?.value);
      const inner = wrapped?.stringValue ?? wrapped?.intValue ?? wrapped?.doubleValue ?? wrapped?.boolValue;
      if (key !== undefined && inner !== undefined && isKept(key)) attributes.set(key, inner);
    }
  } else {
    for (const [key, inner] of Object.entries(asObject(value) ?? {})) if (isKept(key)) attributes.set(key, inner);
  }
  return attributes;
}

function rankOf(record: JsonObject, attributes: Map<string, JsonValue>): Rank | undefined {
  const name = asString(record.name) ?? '';
  const eventName = asString(attributes.get('event.name')) ?? asString(record.eventName) ?? asString(record.body) ?? name;
  if (eventName === 'gen_ai.client.inference.operation.details') return Rank.InferenceLog;
  if (eventName === 'copilot_chat.agent.turn') return Rank.AgentTurnLog;
  const operation = asString(attributes.get('gen_ai.operation.name'));
  if (operation === 'chat' || name === 'chat' || name.startsWith('chat ')) return Rank.Chat;
  if (operation === 'invoke_agent' || name.startsWith('invoke_agent')) return Rank.AgentSummary;
  return undefined;
}

function entryFrom(line: ParsedLine, file: string): OtelEntry | undefined {
  const record = line.value;
  const attributes = attributesOf(record.attributes);
  const rank = rankOf(record, attributes);
  if (rank === undefined) return undefined;
  if (asNumber(attributes.get('gen_ai.usage.input_tokens')) === undefined && asNumber(attributes.get('gen_ai.usage.output_tokens')) === undefined) {
    return undefined; // no usage on this record (e.g. a failed call)
  }
  const spanContext = asObject(record.spanContext) ?? asObject(record.context);
  const timestampMs =
    toEpochMs(record.startTime) ??
    toEpochMs(record.startTimeUnixNano) ??
    toEpochMs(record.timeUnixNano) ??
    toEpochMs(record.hrTime) ??
    toEpochMs(record.time) ??
    toEpochMs(record.timestamp) ??
    toEpochMs(record.endTime);
  if (timestampMs === undefined) return undefined;
  return {
    rank,
    attributes,
    traceId: asString(record.traceId) ?? asString(spanContext?.traceId) ?? asString(spanContext?.trace_id) ?? asString(record.trace_id),
    spanId: asString(record.spanId) ?? asString(spanContext?.spanId) ?? asString(spanContext?.span_id) ?? asString(record.span_id),
    responseId: asString(attributes.get('gen_ai.response.id')),
    timestampMs,
    fallbackKey: `${path.basename(file)}@${line.offset}`,
  };
}

function toRecord(entry: OtelEntry): UsageRecord {
  const attribute = (key: string): JsonValue | undefined => entry.attributes.get(key);
  const cacheRead = tokenCount(attribute('gen_ai.usage.cache_read.input_tokens') ?? attribute('gen_ai.usage.cache_read_input_tokens'));
  const cacheWrite = tokenCount(
    attribute('gen_ai.usage.cache_write.input_tokens') ??
      attribute('gen_ai.usage.cache_creation.input_tokens') ??
      attribute('gen_ai.usage.cache_creation_input_tokens'),
  );
  const identity = entry.responseId ?? (entry.traceId !== undefined && entry.spanId !== undefined ? `${entry.traceId}:${entry.spanId}` : entry.fallbackKey);
  return {
    tool: 'copilot',
    sessionId:
      asString(attribute('gen_ai.conversation.id')) ??
      asString(attribute('copilot_chat.session_id')) ??
      asString(attribute('session.id')) ??
      entry.traceId ??
      'unknown',
    project: null,
    timestampMs: entry.timestampMs,
    model: asString(attribute('gen_ai.response.model')) ?? asString(attribute('gen_ai.request.model')) ?? UNKNOWN_MODEL,
    inputUncached: Math.max(0, tokenCount(attribute('gen_ai.usage.input_tokens')) - cacheRead - cacheWrite),
    cacheWrite5m: cacheWrite,
    cacheWrite1h: 0,
    cacheRead,
    output: tokenCount(attribute('gen_ai.usage.output_tokens')),
    reasoning: tokenCount(attribute('gen_ai.usage.reasoning.output_tokens')),
    costReportedUSD: null,
    dedupKey: `copilot:${identity}`,
    // A chat span beats an inference log of the same response id when the ingester meets both.
    revision: Rank.AgentSummary - entry.rank,
  };
}

// ──── ids already covered by finer records ────

/** How many trace/response ids the cursor remembers: enough for a long session, bounded for the state store. */
const REMEMBERED_IDS = 2000;

class SeenIds {
  private constructor(private readonly finest: Map<string, Rank>) {}

  static fromState(state: ReaderState): SeenIds {
    const finest = new Map<string, Rank>();
    for (const pair of Array.isArray(state) ? state : []) {
      if (Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'number') finest.set(pair[0], pair[1] as Rank);
    }
    return new SeenIds(finest);
  }

  private static idsOf(entry: OtelEntry): string[] {
    const ids: string[] = [];
    if (entry.traceId !== undefined) ids.push(`t:${entry.traceId}`);
    if (entry.responseId !== undefined) ids.push(`r:${entry.responseId}`);
    return ids;
  }

  note(entry: OtelEntry): void {
    for (const id of SeenIds.idsOf(entry)) {
      const known = this.finest.get(id);
      this.finest.delete(id); // re-insert: most recently seen ids are kept longest
      this.finest.set(id, known === undefined ? entry.rank : Math.min(known, entry.rank));
    }
  }

  hasFinerThan(entry: OtelEntry): boolean {
    return SeenIds.idsOf(entry).some((id) => (this.finest.get(id) ?? entry.rank) < entry.rank);
  }

  toState(): ReaderState {
    return [...this.finest].slice(-REMEMBERED_IDS).map(([id, rank]) => [id, rank]);
  }
}
