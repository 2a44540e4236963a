/**
 * Usage entries of a Cline-family `ui_messages.json`: `api_req_started`, Cline's `deleted_api_reqs` and
 * `subagent_usage` (a JSON string of `tokensIn`, `tokensOut`, `cacheWrites`, `cacheReads`, `cost`), and Roo's
 * `condense_context` (a cost without tokens).
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
import type { FileReadResult } from '../usage/sources';
import type { UsageRecord } from '../usage/types';
import type { ClineFamilyTool, TaskContext } from './clineTaskContext';
import { UNKNOWN_MODEL } from './readResult';
import type { JsonObject } from './sourceFs';
import { asEpochMs, asNumber, asObject, asString, parseJson, tokenCount } from './sourceFs';

/** `say` values whose `text` is a JSON string of request usage (`tokensIn`, `tokensOut`, `cacheWrites`, `cacheReads`, `cost`). */
const USAGE_SAYS = new Set(['api_req_started', 'deleted_api_reqs', 'subagent_usage']);

export function usageRecordFrom(
  tool: ClineFamilyTool,
  taskId: string,
  message: JsonObject,
  context: TaskContext,
  result: FileReadResult,
): UsageRecord | undefined {
  if (message.type !== 'say' || message.partial === true) return undefined;
  const say = asString(message.say);
  if (say === undefined || (!USAGE_SAYS.has(say) && say !== 'condense_context')) return undefined;
  const timestampMs = asEpochMs(message.ts);
  if (timestampMs === undefined) {
    result.malformed += 1;
    return undefined;
  }
  const modelInfo = asObject(message.modelInfo);
  const model = asString(modelInfo?.modelId) ?? context.requestModelAt(timestampMs) ?? UNKNOWN_MODEL;
  const base = {
    tool,
    sessionId: taskId,
    project: context.project,
    timestampMs,
    model,
    dedupKey: `${tool}:${taskId}:${timestampMs}`,
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

/** Uncached input of one request: see the module comment for the rule and its one known blind spot. */
export function uncachedInput(info: JsonObject, cacheWrite: number, cacheRead: number): number {
  const tokensIn = tokenCount(info.tokensIn);
  const protocol = asString(info.apiProtocol);
  const cached = cacheWrite + cacheRead;
  const inputIsTotal = protocol === 'openai' || (protocol === 'anthropic' && tokensIn >= cached);
  return inputIsTotal ? Math.max(0, tokensIn - cached) : tokensIn;
}

