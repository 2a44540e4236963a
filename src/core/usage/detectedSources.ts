/**
 * "Which AI tools' logs did Tokenwise find, and where did it look?" — the answer the walkthrough's
 * "Show Detected AI Tools" button gives. Pure, for unit tests: the host turns it into a quick pick.
 */
import type { ToolIngestSummary } from '../ledger/ingest';
import type { ToolId } from './types';

/**
 * Where each reader looks by default, in words: the readers of these tools cannot list candidate folders before
 * finding one (they search every editor's storage, or a database), so the answer names the places instead.
 * Kept in step with the table in docs/usage-in-editor.md.
 */
const defaultPlaces: Record<ToolId, string> = {
  'claude-code': '$CLAUDE_CONFIG_DIR, else ~/.claude/projects and ~/.config/claude/projects',
  codex: '$CODEX_HOME, else ~/.codex (sessions/, archived_sessions/)',
  'gemini-cli': '.gemini/tmp/ under $GEMINI_CLI_HOME, else under ~',
  cline: "each editor's User/globalStorage/saoudrizwan.claude-dev, and ~/.cline/data",
  'roo-code': "each editor's User/globalStorage/rooveterinaryinc.roo-cline",
  'kilo-code': "each editor's User/globalStorage/kilocode.kilo-code, and the Kilo CLI's kilo.db ($KILO_DATA_DIR)",
  opencode: "OpenCode's database and storage/ folder ($OPENCODE_DATA_DIR)",
  copilot: '~/.copilot/otel/*.jsonl and $COPILOT_OTEL_FILE_EXPORTER_PATH (its OpenTelemetry file export must be on)',
  continue: '$CONTINUE_GLOBAL_DIR, else ~/.continue (dev_data/)',
};

/**
 * One AI tool as the ledger knows it (a tool id). Readers that share a tool id (Kilo Code's extension and the Kilo
 * CLI) are one entry named after both, since their responses cannot be told apart.
 */
export interface DetectedTool {
  tool: ToolId;
  label: string;
  found: boolean;
  /** Log files seen in the last scan. */
  files: number;
  /** Responses from this tool in the ledger (excluded projects left out). */
  responses: number;
  malformed: number;
  warnings: number;
  /** Where the tool's logs were found, or (when none were) every place Tokenwise looked. */
  paths: string[];
  /** The default places in words, for a tool not found whose reader cannot list its candidate folders. */
  defaultPlaces: string;
}

/** Where a reader looked: its located roots, or its candidate locations when it found none. */
export interface ToolLookup {
  tool: string;
  paths: string[];
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** Found tools first (most responses first), then the rest alphabetically. */
function byRelevance(a: DetectedTool, b: DetectedTool): number {
  if (a.found !== b.found) return a.found ? -1 : 1;
  if (a.found && a.responses !== b.responses) return b.responses - a.responses;
  return a.label.localeCompare(b.label, 'en');
}

export function detectedTools(summaries: readonly ToolIngestSummary[], lookups: readonly ToolLookup[], responsesByTool: ReadonlyMap<string, number>): DetectedTool[] {
  const pathsByTool = new Map<string, string[]>();
  for (const lookup of lookups) pathsByTool.set(lookup.tool, [...(pathsByTool.get(lookup.tool) ?? []), ...lookup.paths]);
  const byTool = new Map<ToolId, DetectedTool & { names: string[] }>();
  for (const summary of summaries) {
    const entry = byTool.get(summary.tool) ?? { tool: summary.tool, label: '', names: [], found: false, files: 0, responses: responsesByTool.get(summary.tool) ?? 0, malformed: 0, warnings: 0, paths: [], defaultPlaces: defaultPlaces[summary.tool] };
    if (!entry.names.includes(summary.displayName)) entry.names.push(summary.displayName);
    entry.found ||= summary.filesSeen > 0;
    entry.files += summary.filesSeen;
    entry.malformed += summary.malformed;
    entry.warnings += summary.warnings.length;
    for (const where of [...summary.roots, ...(pathsByTool.get(summary.tool) ?? [])]) if (!entry.paths.includes(where)) entry.paths.push(where);
    byTool.set(summary.tool, entry);
  }
  return [...byTool.values()].map(({ names, ...tool }) => ({ ...tool, label: names.join(' + ') })).sort(byRelevance);
}

/** "2 log files · 14 responses" or "No logs found". */
export function detectedToolSummary(tool: DetectedTool): string {
  if (!tool.found) return 'No logs found';
  const problems = tool.malformed > 0 ? ` · ${plural(tool.malformed, 'unreadable entry', 'unreadable entries')}` : '';
  return `${plural(tool.files, 'log file', 'log files')} · ${plural(tool.responses, 'response', 'responses')}${problems}`;
}

/** "Read from /home/me/.claude/projects", "Looked in /a, /b", or (no folder to name) the default places in words. */
export function detectedToolWhere(tool: DetectedTool): string {
  if (tool.paths.length === 0) return `Looked in ${tool.defaultPlaces}`;
  return `${tool.found ? 'Read from' : 'Looked in'} ${tool.paths.join(', ')}`;
}

/** The title line: how many of the tools were found. */
export function detectedToolsHeadline(tools: readonly DetectedTool[]): string {
  const found = tools.filter((tool) => tool.found);
  if (found.length === 0) return `No AI tool logs found (looked for ${plural(tools.length, 'tool', 'tools')})`;
  return `Found logs of ${found.map((tool) => tool.label).join(', ')}`;
}
