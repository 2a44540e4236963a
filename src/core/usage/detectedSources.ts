/**
 * "Which AI tools' logs did Tokenwise find, and where did it look?" — the answer the walkthrough's
 * "Show Detected AI Tools" button gives. Pure, for unit tests: the host turns it into a quick pick.
 */
import type { ToolIngestSummary } from '../ledger/ingest';

/** One AI tool as the user knows it. Tools read by several readers (Kilo Code's extension and CLI) are one entry. */
export interface DetectedTool {
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
  const pathsByTool = new Map(lookups.map((lookup) => [lookup.tool, lookup.paths]));
  const byLabel = new Map<string, DetectedTool>();
  for (const summary of summaries) {
    const entry = byLabel.get(summary.displayName) ?? { label: summary.displayName, found: false, files: 0, responses: 0, malformed: 0, warnings: 0, paths: [] };
    entry.found ||= summary.filesSeen > 0;
    entry.files += summary.filesSeen;
    entry.responses += responsesByTool.get(summary.tool) ?? 0;
    entry.malformed += summary.malformed;
    entry.warnings += summary.warnings.length;
    for (const where of pathsByTool.get(summary.tool) ?? summary.roots) if (!entry.paths.includes(where)) entry.paths.push(where);
    byLabel.set(summary.displayName, entry);
  }
  return [...byLabel.values()].sort(byRelevance);
}

/** "2 log files · 14 responses" or "No logs found". */
export function detectedToolSummary(tool: DetectedTool): string {
  if (!tool.found) return 'No logs found';
  const problems = tool.malformed > 0 ? ` · ${plural(tool.malformed, 'unreadable entry', 'unreadable entries')}` : '';
  return `${plural(tool.files, 'log file', 'log files')} · ${plural(tool.responses, 'response', 'responses')}${problems}`;
}

/** "Read from /home/me/.claude/projects" or "Looked in /a, /b" (nothing to look in: the tool has no place on this system). */
export function detectedToolWhere(tool: DetectedTool): string {
  if (tool.paths.length === 0) return 'No place to look for it on this system';
  return `${tool.found ? 'Read from' : 'Looked in'} ${tool.paths.join(', ')}`;
}

/** The title line: how many of the tools were found. */
export function detectedToolsHeadline(tools: readonly DetectedTool[]): string {
  const found = tools.filter((tool) => tool.found);
  if (found.length === 0) return `No AI tool logs found (looked for ${plural(tools.length, 'tool', 'tools')})`;
  return `Found logs of ${found.map((tool) => tool.label).join(', ')}`;
}
