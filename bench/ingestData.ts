/**
 * Synthetic but realistic AI-tool logs for the ingest benchmark: Claude Code transcripts (one line per
 * content block, streaming copies of each API response, tool_use edits with accepted/rejected results) and
 * Codex rollouts (session_meta, turn_context, response items, cumulative token_count events). Deterministic
 * (seeded), written file by file so memory stays bounded whatever the total size.
 */
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom as random } from '../test/support/seededRandom';


const WORDS = 'the a function return const value file test error update refactor type interface import export async await promise array map filter reduce string number boolean null undefined class extends implements module config build lint deploy cache token cost model prompt context window user assistant tool edit patch diff line column index offset buffer stream read write parse format'.split(' ');

class TextSource {
  private readonly blob: string;
  constructor(private readonly next: () => number) {
    const words: string[] = [];
    for (let i = 0; i < 200_000; i++) words.push(WORDS[Math.floor(next() * WORDS.length)]);
    this.blob = words.join(' ');
  }
  /** About `length` characters of prose-like text. */
  take(length: number): string {
    const start = Math.floor(this.next() * (this.blob.length - length - 1));
    return this.blob.slice(start, start + length);
  }
}

const CLAUDE_MODELS = ['claude-sonnet-4-5-20250929', 'claude-opus-4-6', 'claude-haiku-4-5-20251001'];
const DAY = 86_400_000;
/** The corpus covers the 60 days before this instant. */
export const CORPUS_END_MS = Date.UTC(2026, 10, 1);

export interface CorpusLayout {
  claudeDir: string;
  codexDir: string;
}

interface Writer {
  lines: string[];
  bytes: number;
}

function push(writer: Writer, value: object): void {
  const line = JSON.stringify(value);
  writer.lines.push(line);
  writer.bytes += line.length + 1;
}

/** Appends one Claude Code turn (user prompt, 1–4 API responses in streamed copies, maybe an edit) to `writer`. */
function claudeTurn(writer: Writer, next: () => number, text: TextSource, session: { id: string; cwd: string; ts: number; counter: number; model: string }, streamingCopies = true): void {
  session.ts += Math.floor(next() * 120_000) + 5_000;
  const base = { isSidechain: false, userType: 'external', cwd: session.cwd, sessionId: session.id, version: '2.0.14', gitBranch: 'main' };
  push(writer, { ...base, parentUuid: null, type: 'user', timestamp: new Date(session.ts).toISOString(), uuid: `u-${session.id}-${session.counter++}`, message: { role: 'user', content: text.take(200 + Math.floor(next() * 1800)) } });
  const responses = 1 + Math.floor(next() * 4);
  for (let r = 0; r < responses; r++) {
    session.ts += Math.floor(next() * 20_000) + 1_000;
    const n = session.counter++;
    const messageId = `msg_${session.id.slice(0, 8)}${n}`;
    const requestId = `req_${session.id.slice(0, 8)}${n}`;
    const usage = {
      input_tokens: Math.floor(next() * 50) + 1,
      cache_creation_input_tokens: Math.floor(next() * 4000),
      cache_read_input_tokens: Math.floor(next() * 120_000),
      output_tokens: Math.floor(next() * 2000) + 1,
      service_tier: 'standard',
    };
    const withEdit = next() < 0.25;
    const blocks = withEdit ? ['thinking', 'text', 'tool_use'] : next() < 0.5 ? ['text'] : ['thinking', 'text'];
    blocks.forEach((kind, i) => {
      // Early copies of a streamed response carry a smaller output count; the last one is final.
      const copyUsage = { ...usage, output_tokens: !streamingCopies || i === blocks.length - 1 ? usage.output_tokens : Math.max(1, Math.floor(usage.output_tokens / (blocks.length - i + 1))) };
      const content =
        kind === 'tool_use'
          ? [{ type: 'tool_use', id: `toolu_${n}`, name: 'Edit', input: { file_path: `${session.cwd}/src/file${n % 40}.ts`, old_string: text.take(120), new_string: text.take(160) } }]
          : kind === 'thinking'
            ? [{ type: 'thinking', thinking: text.take(300 + Math.floor(next() * 900)), signature: 'sig' }]
            : [{ type: 'text', text: text.take(100 + Math.floor(next() * 1500)) }];
      push(writer, { ...base, parentUuid: `u-${session.id}-${n - 1}`, type: 'assistant', requestId, timestamp: new Date(session.ts + i * 50).toISOString(), uuid: `a-${session.id}-${n}-${i}`, message: { id: messageId, type: 'message', role: 'assistant', model: session.model, content, stop_reason: kind === 'tool_use' ? 'tool_use' : null, usage: copyUsage } });
    });
    if (withEdit) {
      session.ts += 3_000;
      const rejected = next() < 0.2;
      const filePath = `${session.cwd}/src/file${n % 40}.ts`;
      push(
        writer,
        rejected
          ? { ...base, type: 'user', timestamp: new Date(session.ts).toISOString(), uuid: `r-${session.id}-${n}`, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${n}`, is_error: true, content: "The user doesn't want to proceed with this tool use. The tool use was rejected (eg. if it was a file edit, the new_string was NOT written to the file). STOP what you are doing and wait for the user to tell you how to proceed." }] }, toolUseResult: 'User rejected tool use' }
          : { ...base, type: 'user', timestamp: new Date(session.ts).toISOString(), uuid: `r-${session.id}-${n}`, message: { role: 'user', content: [{ tool_use_id: `toolu_${n}`, type: 'tool_result', content: `The file ${filePath} has been updated.` }] }, toolUseResult: { filePath, oldString: text.take(120), newString: text.take(160), originalFile: text.take(2000), structuredPatch: [{ oldStart: 10, oldLines: 2, newStart: 10, newLines: 3, lines: ['-a', '-b', '+c', '+d', '+e'] }], userModified: false, replaceAll: false } },
      );
    }
  }
}

function codexFile(next: () => number, text: TextSource, index: number, targetBytes: number): { relative: string; content: string } {
  const start = CORPUS_END_MS - Math.floor(next() * 60) * DAY - Math.floor(next() * DAY);
  const id = `0199a1b2-c3d4-7e5f-8a9b-${String(index).padStart(12, '0')}`;
  const date = new Date(start);
  const stamp = date.toISOString().slice(0, 19).replace(/:/g, '-');
  const relative = path.join('sessions', String(date.getUTCFullYear()), String(date.getUTCMonth() + 1).padStart(2, '0'), String(date.getUTCDate()).padStart(2, '0'), `rollout-${stamp}-${id}.jsonl`);
  const writer: Writer = { lines: [], bytes: 0 };
  let ts = start;
  const at = (): string => new Date((ts += Math.floor(next() * 15_000) + 500)).toISOString();
  push(writer, { timestamp: at(), type: 'session_meta', payload: { id, cwd: `/home/dev/src/codex-project-${index % 7}`, cli_version: '0.44.0', originator: 'codex_cli_rs' } });
  push(writer, { timestamp: at(), type: 'turn_context', payload: { cwd: `/home/dev/src/codex-project-${index % 7}`, approval_policy: 'on-request', model: next() < 0.7 ? 'gpt-5-codex' : 'gpt-5', effort: 'medium' } });
  const total = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };
  while (writer.bytes < targetBytes) {
    push(writer, { timestamp: at(), type: 'response_item', payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: text.take(300 + Math.floor(next() * 1500)) }] } });
    const input = Math.floor(next() * 40_000) + 1000;
    const last = { input_tokens: input, cached_input_tokens: Math.floor(input * next()), output_tokens: Math.floor(next() * 1500) + 1, reasoning_output_tokens: 0, total_tokens: 0 };
    last.reasoning_output_tokens = Math.floor(last.output_tokens * next() * 0.5);
    last.total_tokens = last.input_tokens + last.output_tokens;
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += last[key];
    push(writer, { timestamp: at(), type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: { ...total }, last_token_usage: last, model_context_window: 272000 }, rate_limits: { primary: { used_percent: 4, window_minutes: 300, resets_at: 1759488000 } } } });
  }
  return { relative, content: writer.lines.join('\n') + '\n' };
}

export interface CorpusOptions {
  seed?: number;
  /**
   * True (default, as Claude Code does): early copies of a streamed response carry a smaller output count.
   * False: every copy carries the final usage — the corpus on which ccusage 17.2.1 (first copy wins) and
   * Tokenwise (largest copy wins) must agree token for token.
   */
  streamingCopies?: boolean;
}

/** Writes ~`megabytes` MB of logs (85% Claude Code, 15% Codex) below `root`. */
export function generateCorpus(root: string, megabytes: number, options: CorpusOptions = {}): CorpusLayout & { bytes: number; files: number } {
  const { seed = 42, streamingCopies = true } = options;
  const next = random(seed);
  const text = new TextSource(next);
  const layout: CorpusLayout = { claudeDir: path.join(root, 'claude'), codexDir: path.join(root, 'codex') };
  const claudeBudget = megabytes * 0.85 * 1024 * 1024;
  const codexBudget = megabytes * 0.15 * 1024 * 1024;
  let bytes = 0;
  let files = 0;
  let claudeBytes = 0;
  for (let index = 0; claudeBytes < claudeBudget; index++) {
    const project = `-home-dev-src-project-${index % 12}`;
    const id = `${index.toString(16).padStart(8, '0')}-1d2b-4c8e-9f00-7a1b2c3d4e5f`;
    const session = { id, cwd: `/home/dev/src/project-${index % 12}`, ts: CORPUS_END_MS - Math.floor(next() * 60) * DAY - Math.floor(next() * DAY), counter: 0, model: CLAUDE_MODELS[Math.floor(next() * CLAUDE_MODELS.length)] };
    // Session sizes from 50 KB to ~6 MB, like real transcripts.
    const target = Math.min(claudeBudget - claudeBytes, 50_000 + Math.floor(next() ** 2 * 6_000_000));
    const writer: Writer = { lines: [], bytes: 0 };
    while (writer.bytes < target) claudeTurn(writer, next, text, session, streamingCopies);
    const dir = path.join(layout.claudeDir, 'projects', project);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${id}.jsonl`), writer.lines.join('\n') + '\n');
    claudeBytes += writer.bytes;
    files++;
  }
  bytes += claudeBytes;
  let codexBytes = 0;
  for (let index = 0; codexBytes < codexBudget; index++) {
    const file = codexFile(next, text, index, Math.min(codexBudget - codexBytes, 100_000 + Math.floor(next() * 3_000_000)));
    const target = path.join(layout.codexDir, file.relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
    codexBytes += Buffer.byteLength(file.content);
    files++;
  }
  bytes += codexBytes;
  return { ...layout, bytes, files };
}

/** Appends about `megabytes` MB of new turns to one existing Claude Code transcript; returns its path. */
export function appendToClaudeSession(claudeDir: string, megabytes: number, seed = 7): string {
  const projects = path.join(claudeDir, 'projects');
  const project = fs.readdirSync(projects).sort()[0];
  const file = path.join(projects, project, fs.readdirSync(path.join(projects, project)).sort()[0]);
  const next = random(seed);
  const text = new TextSource(next);
  const session = { id: `append${seed}`.padEnd(36, '0'), cwd: '/home/dev/src/project-0', ts: CORPUS_END_MS, counter: 0, model: CLAUDE_MODELS[0] };
  const writer: Writer = { lines: [], bytes: 0 };
  while (writer.bytes < megabytes * 1024 * 1024) claudeTurn(writer, next, text, session);
  fs.appendFileSync(file, writer.lines.join('\n') + '\n');
  return file;
}
