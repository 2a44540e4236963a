/**
 * Fixture logs full of distinctive text: every tool's fixtures, with a unique marker written into every piece of
 * prompt, answer, thinking, tool input and output, patch, diff and file content, and an extra field holding one on
 * every log entry; plus OpenCode and Kilo CLI databases built the same way. Only numbers, names and paths may
 * reach Tokenwise's data folder: the privacy test looks for these markers there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadEngine } from '../../../../src/core/sources/sqliteSnapshot';
import { fixtureHomeWithEveryTool, hostStyleWriterBundle, makeScratch } from './writers';

/** What every marker starts with; searched for on its own too, so a shortened copy is found as well. */
export const MARKER_STEM = 'Qz7PrivMark';

/** Keys whose string values are text people or models wrote: prompts, answers, code, patches, tool results. */
const TEXT_KEYS = new Set([
  'content', 'text', 'thinking', 'reasoning', 'summary', 'title', 'description', 'request', 'task', 'prompt', 'completion', 'message',
  'old_string', 'new_string', 'oldString', 'newString', 'originalFile', 'originalFileContents', 'originalContent', 'newContent', 'lines',
  'diff', 'fileDiff', 'patch', 'input', 'output', 'arguments', 'command', 'result', 'toolUseResult', 'stdout', 'stderr', 'query',
]);
/** Lines of patches and diffs that carry structure, not text: left as they are so the readers still parse them. */
const STRUCTURE_LINE = /^(\*\*\*|@@|---|\+\+\+|-------|=======|\+\+\+\+\+\+\+|<<<<<<<|>>>>>>>|diff |index )/;
const EXTRA_FIELD = 'twPrivacyNote';

export class MarkerBook {
  readonly markers: string[] = [];
  private readonly perTool = new Map<string, number>();

  next(tool: string): string {
    const count = (this.perTool.get(tool) ?? 0) + 1;
    this.perTool.set(tool, count);
    const marker = `${MARKER_STEM}${tool.replace(/[^a-z]/g, '')}${String(count).padStart(4, '0')}Xq`;
    this.markers.push(marker);
    return marker;
  }

  countFor(tool: string): number {
    return this.perTool.get(tool) ?? 0;
  }
}

/** Free text (it has whitespace): a tool or command name like `apply_patch` is an identifier the readers match. */
function markText(text: string, tool: string, book: MarkerBook): string {
  if (!/\s/.test(text)) return text;
  return text
    .split('\n')
    .map((line) => (line.trim() === '' || STRUCTURE_LINE.test(line) ? line : `${line} ${book.next(tool)}`))
    .join('\n');
}

function markValue(value: unknown, underTextKey: boolean, tool: string, book: MarkerBook): unknown {
  if (typeof value === 'string') {
    // JSON inside a string (Cline's `text`, Codex's `arguments`): marked inside, so it still parses.
    if (/^\s*[[{]/.test(value)) {
      try {
        return JSON.stringify(markValue(JSON.parse(value) as unknown, false, tool, book));
      } catch {
        // not JSON after all: plain text
      }
    }
    return underTextKey ? markText(value, tool, book) : value;
  }
  if (Array.isArray(value)) return value.map((item) => markValue(item, underTextKey, tool, book));
  if (value !== null && typeof value === 'object') {
    const marked: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) marked[key] = markValue(item, TEXT_KEYS.has(key), tool, book);
    // Copilot's OpenTelemetry spans carry prompts and answers as attributes when content capture is on.
    if (Array.isArray(marked.attributes) && marked.attributes.some((attribute) => typeof attribute === 'object' && attribute !== null && 'key' in attribute)) {
      for (const key of ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions']) {
        (marked.attributes as unknown[]).push({ key, value: { stringValue: JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `please review ${book.next(tool)}` }] }]) } });
      }
    }
    return marked;
  }
  return value;
}

/** A log entry with its text marked and one more field the readers do not know, holding a marker too. */
function markEntry(entry: unknown, tool: string, book: MarkerBook): unknown {
  const marked = markValue(entry, false, tool, book);
  if (marked === null || typeof marked !== 'object' || Array.isArray(marked)) return marked;
  return { ...marked, [EXTRA_FIELD]: `note to self: ${book.next(tool)}` };
}

function markFile(tool: string, file: string, book: MarkerBook): void {
  if (file.endsWith('.jsonl')) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const marked = lines.map((line) => {
      try {
        return JSON.stringify(markEntry(JSON.parse(line) as unknown, tool, book));
      } catch {
        return line; // a deliberately damaged or half-written line stays as it is
      }
    });
    fs.writeFileSync(file, marked.join('\n'));
  } else if (file.endsWith('.json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      return;
    }
    const marked = Array.isArray(parsed) ? parsed.map((entry) => markEntry(entry, tool, book)) : markEntry(parsed, tool, book);
    fs.writeFileSync(file, JSON.stringify(marked, null, 1));
  }
}

/** An OpenCode-shaped database (OpenCode, Kilo CLI) whose messages and parts carry markers. */
async function writeMarkedDatabase(file: string, tool: string, book: MarkerBook): Promise<void> {
  const SQL = await loadEngine();
  const database = new SQL.Database();
  database.run('CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT, time_created INTEGER, data TEXT)');
  database.run('CREATE TABLE part (id TEXT PRIMARY KEY, message_id TEXT, session_id TEXT, data TEXT)');
  const session = `ses_${tool.replace(/[^a-z]/g, '')}`;
  const message = (id: string, data: object): void => void database.run('INSERT INTO message VALUES (?, ?, 0, ?)', [id, session, JSON.stringify(data)]);
  const part = (id: string, messageId: string, data: object): void => void database.run('INSERT INTO part VALUES (?, ?, ?, ?)', [id, messageId, session, JSON.stringify(data)]);
  message('msg_u1', { role: 'user', time: { created: 1759660000000 }, summary: { title: `fix the cart ${book.next(tool)}`, body: `the total is wrong ${book.next(tool)}` } });
  part('prt_u1', 'msg_u1', { type: 'text', text: `please fix the cart total ${book.next(tool)}` });
  message('msg_a1', { role: 'assistant', modelID: 'claude-sonnet-4-5', providerID: 'anthropic', time: { created: 1759660100000 }, tokens: { input: 1200, output: 340, reasoning: 120, cache: { read: 5000, write: 800 } }, path: { cwd: '/home/ana/src/shop', root: '/home/ana/src/shop' } });
  part('prt_a1', 'msg_a1', { type: 'reasoning', text: `the loop resets the sum ${book.next(tool)}` });
  part('prt_a2', 'msg_a1', { type: 'text', text: `I fixed the total ${book.next(tool)}` });
  part('prt_a3', 'msg_a1', { type: 'tool', tool: 'edit', callID: 'call_e1', state: { status: 'completed', input: { filePath: '/home/ana/src/shop/cart.ts', oldString: `total = 0 ${book.next(tool)}\n`, newString: `total = sum(items) ${book.next(tool)}\nlog(total)\n` }, output: `edited ${book.next(tool)}`, time: { start: 1759660101000, end: 1759660101500 } } });
  part('prt_a4', 'msg_a1', { type: 'tool', tool: 'write', callID: 'call_w1', state: { status: 'completed', input: { filePath: '/home/ana/src/shop/notes.md', content: `# notes ${book.next(tool)}\nsecret plan ${book.next(tool)}\n` }, time: { start: 1759660102000 } } });
  part('prt_a5', 'msg_a1', { type: 'tool', tool: 'bash', callID: 'call_b1', state: { status: 'completed', input: { command: `grep -r total ${book.next(tool)}` }, output: `cart.ts: total ${book.next(tool)}`, time: { start: 1759660103000 } } });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, database.export());
  database.close();
}

/** Writes the marked home; returns the markers in it. Every tool gets markers (asserted by the caller). */
export async function writeMarkedFixtureHome(home: string): Promise<MarkerBook> {
  const book = new MarkerBook();
  fixtureHomeWithEveryTool(home, (tool, file) => markFile(tool, file, book));
  await writeMarkedDatabase(path.join(home, '.local', 'share', 'opencode', 'opencode.db'), 'opencode', book);
  await writeMarkedDatabase(path.join(home, '.local', 'share', 'kilo', 'kilo.db'), 'kilo-cli', book);
  return book;
}

/** More marked lines for an append-only log, so a second ingest writes a new part of the ledger. */
export function appendMarkedClaudeLines(home: string, book: MarkerBook): void {
  const project = path.join(home, '.claude', 'projects', '-home-ana-src-shop');
  const session = fs.readdirSync(project).find((name) => name.endsWith('.jsonl'));
  if (session === undefined) throw new Error(`no Claude Code session in ${project}`);
  // Yesterday: within any retention setting, so these stay detail records rather than a rolled-up day.
  const recent = Date.now() - 86_400_000;
  const line = (id: string, seconds: number): string =>
    JSON.stringify({
      parentUuid: null, isSidechain: false, userType: 'external', cwd: '/home/ana/src/shop', sessionId: session.replace('.jsonl', ''), version: '2.0.14',
      timestamp: new Date(recent + seconds * 1000).toISOString(), type: 'assistant', requestId: `req_${id}`, uuid: `u-${id}`,
      message: { id, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'text', text: `appended answer ${book.next('claude-code')}` }], usage: { input_tokens: 7, cache_creation_input_tokens: 0, cache_read_input_tokens: 100, output_tokens: 30 } },
      [EXTRA_FIELD]: `appended note ${book.next('claude-code')}`,
    });
  // The fixture may end in a half-written line: start on a fresh one.
  fs.appendFileSync(path.join(project, session), `\n${line('msg_P1', 1)}\n${line('msg_P2', 2)}\n`);
}

export interface MarkedWorkspace {
  scratch: string;
  /** The marked fixture home every writer reads. */
  home: string;
  book: MarkerBook;
}

/**
 * For the enclosing describe(): a scratch folder holding the marked fixture home (made before its tests, removed
 * after them), with the extension-host style writer built.
 */
export function useMarkedWorkspace(prefix: string): MarkedWorkspace {
  const workspace: MarkedWorkspace = { scratch: '', home: '', book: new MarkerBook() };
  before(async () => {
    workspace.scratch = makeScratch(prefix);
    workspace.home = path.join(workspace.scratch, 'home');
    workspace.book = await writeMarkedFixtureHome(workspace.home);
    hostStyleWriterBundle();
  });
  after(() => fs.rmSync(workspace.scratch, { recursive: true, force: true }));
  return workspace;
}
