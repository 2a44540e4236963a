/**
 * Calibration samples from transcripts: responses whose whole billed output is one visible text, so the
 * provider's output count and an o200k count of the same text can be compared. The text is counted the moment
 * a line is read and dropped; collectors keep numbers only (counts, and a length+count fingerprint to tell
 * one text block from two).
 */
import { countField, isJsonObject, objectField, stringField, type JsonObject } from '../sources/values';
import { tokenizerFamily, type CalibrationSample, type TokenizerFamily } from './calibration';

/** Counts a text with o200k_base (the token engine's `getEncoding('o200k_base').count(text).tokens`). */
export type CountO200k = (text: string) => number;

/** What one Claude Code assistant line says about its API response. */
export interface ClaudeCalibrationLine {
  messageId: string;
  family: TokenizerFamily;
  /** The line's text, when its content is exactly one text block; null otherwise. */
  text: string | null;
  /** The line holds any block other than text (thinking, redacted_thinking, tool_use, …), or several blocks. */
  hasOtherContent: boolean;
  stopReason: string | null;
  reportedOutputTokens: number;
}

/**
 * Reads one parsed Claude Code JSONL line. Null for anything that is not a main-chain assistant line with a
 * message id, a Claude model and usage: user lines, sidechain replays, `<synthetic>` and API-error lines.
 */
export function extractCalibrationSample(line: unknown): ClaudeCalibrationLine | null {
  if (!isJsonObject(line) || line.type !== 'assistant' || line.isSidechain === true || line.isApiErrorMessage === true) return null;
  const message = objectField(line, 'message');
  const usage = message === undefined ? undefined : objectField(message, 'usage');
  if (message === undefined || usage === undefined) return null;
  const messageId = stringField(message, 'id');
  const model = stringField(message, 'model');
  const family = model === undefined ? undefined : tokenizerFamily(model);
  if (messageId === undefined || family === undefined || family === 'gemini') return null;
  const content = Array.isArray(message.content) ? message.content : [];
  const only = content.length === 1 && isJsonObject(content[0]) ? content[0] : undefined;
  const text = only !== undefined && only.type === 'text' && typeof only.text === 'string' ? only.text : null;
  return {
    messageId,
    family,
    text,
    hasOtherContent: content.length > 0 && text === null,
    stopReason: stringField(message, 'stop_reason') ?? null,
    reportedOutputTokens: countField(usage, 'output_tokens'),
  };
}

interface ClaudeResponseTally {
  family: TokenizerFamily;
  /** Distinct text blocks seen for this message, as `${characters}:${o200k tokens}`. */
  textFingerprints: Set<string>;
  o200kTokens: number;
  /** Streaming copies grow: the final copy has the largest count. */
  maxOutputTokens: number;
  disqualified: boolean;
  endedTurn: boolean;
}

/**
 * Gathers Claude Code lines (from any number of files) and yields one sample per qualifying response:
 * exactly one text block, no thinking, no tool use, `stop_reason` end_turn and no other stop reason, output
 * tokens from the copy with the most (the final streaming copy). Copies of a message in resumed or forked
 * sessions share its id and collapse into one sample.
 */
export class ClaudeCalibrationCollector {
  private readonly responses = new Map<string, ClaudeResponseTally>();

  constructor(private readonly countO200k: CountO200k) {}

  add(line: unknown): void {
    const fragment = extractCalibrationSample(line);
    if (fragment === null) return;
    let tally = this.responses.get(fragment.messageId);
    if (tally === undefined) {
      tally = { family: fragment.family, textFingerprints: new Set(), o200kTokens: 0, maxOutputTokens: 0, disqualified: false, endedTurn: false };
      this.responses.set(fragment.messageId, tally);
    }
    tally.maxOutputTokens = Math.max(tally.maxOutputTokens, fragment.reportedOutputTokens);
    if (fragment.hasOtherContent) tally.disqualified = true;
    if (fragment.stopReason === 'end_turn') tally.endedTurn = true;
    else if (fragment.stopReason !== null) tally.disqualified = true;
    if (fragment.text !== null && !tally.disqualified) {
      const tokens = this.countO200k(fragment.text);
      tally.textFingerprints.add(`${fragment.text.length}:${tokens}`);
      tally.o200kTokens = tokens;
    }
  }

  samples(): CalibrationSample[] {
    const samples: CalibrationSample[] = [];
    for (const tally of this.responses.values()) {
      if (tally.disqualified || !tally.endedTurn || tally.textFingerprints.size !== 1 || tally.maxOutputTokens === 0) continue;
      samples.push({ family: tally.family, o200kTokens: tally.o200kTokens, reportedTokens: tally.maxOutputTokens });
    }
    return samples;
  }
}

/** The visible text of a Gemini message: a string, or parts that are all `{text}`; undefined otherwise. */
function geminiText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content) || content.length === 0) return undefined;
  const parts = content.filter((part): part is JsonObject => isJsonObject(part) && typeof part.text === 'string' && Object.keys(part).length === 1);
  return parts.length === content.length ? parts.map((part) => part.text as string).join('') : undefined;
}

/**
 * Gathers Gemini CLI chat records. A sample is a `gemini` message with text only and no tool calls; Gemini
 * reports thoughts apart from `output`, so thinking does not spoil the sample. A message re-appended with the
 * same id replaces the earlier copy (its tokens and status arrive late).
 */
export class GeminiCalibrationCollector {
  private readonly responses = new Map<string, CalibrationSample | null>();
  /** The model each message id was logged with, for re-appended copies that omit it. */
  private readonly models = new Map<string, string>();

  constructor(private readonly countO200k: CountO200k) {}

  add(record: unknown): void {
    if (!isJsonObject(record) || record.type !== 'gemini') return;
    const id = stringField(record, 'id');
    if (id === undefined) return;
    // A re-appended copy may omit the model; it is still the message an earlier copy named.
    const model = stringField(record, 'model') ?? this.models.get(id);
    if (model !== undefined) this.models.set(id, model);
    const text = geminiText(record.content);
    const toolCalls = Array.isArray(record.toolCalls) ? record.toolCalls.length : 0;
    const output = countField(objectField(record, 'tokens'), 'output');
    if (model === undefined || tokenizerFamily(model) !== 'gemini' || text === undefined || toolCalls > 0 || output === 0) {
      this.responses.set(id, null);
      return;
    }
    this.responses.set(id, { family: 'gemini', o200kTokens: this.countO200k(text), reportedTokens: output });
  }

  samples(): CalibrationSample[] {
    return [...this.responses.values()].filter((sample): sample is CalibrationSample => sample !== null);
  }
}
