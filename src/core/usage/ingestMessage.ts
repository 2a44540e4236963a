/** The one-line summary "Tokenwise: Refresh Usage" shows after an ingest round. Pure, for unit tests. */
import type { ToolIngestSummary } from '../ledger/ingest';

export interface IngestMessage {
  text: string;
  warnings: number;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * Per tool that has logs: files, new records, malformed entries. Tools read by several readers (Kilo Code's
 * extension and CLI) are summed under one name. Tools with no logs are named together at the end.
 */
export function ingestMessage(summaries: readonly ToolIngestSummary[]): IngestMessage {
  const byName = new Map<string, { files: number; newRecords: number; malformed: number; found: boolean }>();
  let warnings = 0;
  for (const summary of summaries) {
    const entry = byName.get(summary.displayName) ?? { files: 0, newRecords: 0, malformed: 0, found: false };
    entry.files += summary.filesSeen;
    entry.newRecords += summary.newRecords;
    entry.malformed += summary.malformed;
    entry.found ||= summary.filesSeen > 0;
    byName.set(summary.displayName, entry);
    warnings += summary.warnings.length;
  }
  const found = [...byName].filter(([, entry]) => entry.found);
  const missing = [...byName].filter(([, entry]) => !entry.found).map(([name]) => name);
  const parts = found.map(([name, entry]) => {
    const malformed = entry.malformed > 0 ? `, ${plural(entry.malformed, 'malformed entry', 'malformed entries')}` : '';
    return `${name}: ${plural(entry.files, 'file', 'files')}, ${plural(entry.newRecords, 'new record', 'new records')}${malformed}`;
  });
  const head = found.length === 0 ? 'Tokenwise found no AI tool logs.' : `Tokenwise usage refreshed. ${parts.join('; ')}.`;
  const tail = missing.length > 0 && found.length > 0 ? ` No logs for ${missing.join(', ')}.` : found.length === 0 && missing.length > 0 ? ` Looked for ${missing.join(', ')}.` : '';
  const warningText = warnings > 0 ? ` ${plural(warnings, 'warning', 'warnings')} (see the log).` : '';
  return { text: head + tail + warningText, warnings };
}
