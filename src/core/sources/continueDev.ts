/**
 * Continue (continuedev/continue): `tokensGenerated.jsonl` under `~/.continue/dev_data/<schemaVersion>/`
 * (`CONTINUE_GLOBAL_DIR` replaces `~/.continue`). Each line is one model call: `model`, `provider`,
 * `promptTokens`, `generatedTokens`, `timestamp`. There is no cache split (all prompt tokens count as uncached
 * input), no cost, no session and no project in this log.
 *
 * Identity: lines have no id, so the dedup key is built from timestamp + model + both counts + the line's byte
 * offset. The offset keeps two identical calls in the same millisecond apart; the content keeps a rewritten file
 * from aliasing old keys onto new lines.
 *
 * Acceptance files (`autocomplete.jsonl`, `quickEdit.jsonl`, `editOutcome.jsonl`) are NOT read: their field names
 * are unverified and autocomplete events describe inline completions, not file edits with a path and line counts.
 */
import path from 'node:path';
import type { LocateOptions, SourceReader } from '../usage/sources';
import type { UsageRecord } from '../usage/types';
import { pathFor } from './editorPaths';
import type { ParsedLine } from './jsonlSource';
import { readJsonlObjects } from './jsonlSource';
import { UNKNOWN_MODEL, warnAboutUnknownModels } from './readResult';
import { asString, isDirectory, isFile, listSubdirectories, tokenCount } from './sourceFs';
import { toEpochMs } from './timestamps';

const TOKENS_FILE = 'tokensGenerated.jsonl';

/** `CONTINUE_GLOBAL_DIR`, else `~/.continue` (`%USERPROFILE%\.continue` on Windows). */
export function continueGlobalDir(options: LocateOptions): string {
  return options.env.CONTINUE_GLOBAL_DIR ?? pathFor(options).join(options.homeDir, '.continue');
}

export function createContinueReader(): SourceReader {
  return {
    tool: 'continue',
    displayName: 'Continue',

    async locate(options) {
      const found: string[] = [];
      const given = options.overridePaths.length > 0 ? options.overridePaths : [continueGlobalDir(options)];
      for (const candidate of given) {
        // Accept the global folder (holding dev_data) or the dev_data folder itself.
        const devData = pathFor(options).join(candidate, 'dev_data');
        if (await isDirectory(devData)) found.push(devData);
        else if (await isDirectory(candidate)) found.push(candidate);
      }
      return found;
    },

    async listFiles(root) {
      const files: string[] = [];
      for (const schemaVersion of await listSubdirectories(root)) {
        const file = path.join(root, schemaVersion, TOKENS_FILE);
        if (await isFile(file)) files.push(file);
      }
      return files;
    },

    fileMode: () => 'append',

    async read(file, cursor) {
      const { result } = await readJsonlObjects(file, cursor, (line, partial) => {
        const record = recordFrom(line);
        if (record === 'malformed') partial.malformed += 1;
        else if (record !== undefined) partial.records.push(record);
      });
      warnAboutUnknownModels(result, file);
      return result;
    },
  };
}

function recordFrom(line: ParsedLine): UsageRecord | 'malformed' | undefined {
  const event = line.value;
  if (event.eventName !== undefined && event.eventName !== 'tokensGenerated') return undefined;
  const timestampMs = toEpochMs(event.timestamp);
  if (timestampMs === undefined) return 'malformed';
  const model = asString(event.model) ?? UNKNOWN_MODEL;
  const prompt = tokenCount(event.promptTokens);
  const generated = tokenCount(event.generatedTokens);
  if (prompt + generated === 0) return undefined;
  return {
    tool: 'continue',
    // No session in this log: one pseudo-session per UTC day keeps per-session views meaningful.
    sessionId: `continue-${new Date(timestampMs).toISOString().slice(0, 10)}`,
    project: null,
    timestampMs,
    model,
    inputUncached: prompt,
    cacheWrite5m: 0,
    cacheWrite1h: 0,
    cacheRead: 0,
    output: generated,
    reasoning: 0,
    costReportedUSD: null,
    dedupKey: `continue:${timestampMs}:${model}:${prompt}:${generated}:${line.offset}`,
  };
}
