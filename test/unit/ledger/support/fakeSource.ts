/**
 * A small, real SourceReader over temp files, for testing the ledger without the real log readers.
 * Format: one JSON object per line, `{"key", "ts", "model", "in", "out", "cw", "cr", "project"}` for a usage
 * record or `{"edit", "ts", "outcome"}` for an edit. `*.jsonl` files are append-only, `*.json` files are a
 * JSON array rewritten whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FileReadResult, ReadCursor, SourceReader } from '../../../../src/core/usage/sources';
import type { EditEvent, EditOutcome, UsageRecord } from '../../../../src/core/usage/types';

export interface FakeLine {
  key?: string;
  edit?: string;
  ts: number;
  model?: string;
  in?: number;
  out?: number;
  cw?: number;
  cr?: number;
  project?: string;
  outcome?: EditOutcome;
}

export function usageLine(key: string, ts: number, tokens: { in?: number; out?: number; cw?: number; cr?: number } = {}, model = 'model-a', project = '/work/app'): string {
  return `${JSON.stringify({ key, ts, model, in: tokens.in ?? 10, out: tokens.out ?? 5, cw: tokens.cw ?? 0, cr: tokens.cr ?? 0, project })}\n`;
}

export function editLine(key: string, ts: number, outcome: EditOutcome): string {
  return `${JSON.stringify({ edit: key, ts, outcome })}\n`;
}

function toRecord(line: FakeLine): UsageRecord {
  return {
    tool: 'claude-code',
    sessionId: 's1',
    project: line.project ?? null,
    timestampMs: line.ts,
    model: line.model ?? 'model-a',
    inputUncached: line.in ?? 0,
    cacheWrite5m: line.cw ?? 0,
    cacheWrite1h: 0,
    cacheRead: line.cr ?? 0,
    output: line.out ?? 0,
    reasoning: 0,
    costReportedUSD: null,
    dedupKey: line.key ?? '',
  };
}

function toEdit(line: FakeLine): EditEvent {
  return {
    tool: 'claude-code',
    sessionId: 's1',
    project: line.project ?? '/work/app',
    timestampMs: line.ts,
    model: 'model-a',
    filePath: '/work/app/a.ts',
    toolName: 'Edit',
    outcome: line.outcome ?? 'unresolved',
    userModified: false,
    autoApproved: null,
    linesAdded: 1,
    linesRemoved: 1,
    dedupKey: line.edit ?? '',
  };
}

export class FakeSourceReader implements SourceReader {
  readonly tool = 'claude-code' as const;
  readonly displayName = 'Fake Tool';
  /** How many times read() ran, and from which offsets: lets tests see incremental reads. */
  readonly reads: { file: string; offset: number }[] = [];

  constructor(private readonly defaultRoot: string) {}

  async locate(options: { overridePaths: readonly string[] }): Promise<string[]> {
    const roots = options.overridePaths.length > 0 ? [...options.overridePaths] : [this.defaultRoot];
    return roots.filter((root) => fs.existsSync(root));
  }

  async listFiles(root: string): Promise<string[]> {
    return fs
      .readdirSync(root)
      .filter((name) => name.endsWith('.jsonl') || name.endsWith('.json'))
      .sort()
      .map((name) => path.join(root, name));
  }

  fileMode(file: string): 'append' | 'whole' {
    return file.endsWith('.jsonl') ? 'append' : 'whole';
  }

  async read(file: string, cursor: ReadCursor | undefined): Promise<FileReadResult> {
    const offset = cursor?.offset ?? 0;
    this.reads.push({ file, offset });
    const result: FileReadResult = { records: [], edits: [], cursor: { offset, state: null }, malformed: 0, warnings: [] };
    const bytes = fs.readFileSync(file);
    if (this.fileMode(file) === 'whole') {
      const lines = JSON.parse(bytes.toString('utf8')) as FakeLine[];
      for (const line of lines) this.take(line, result);
      result.cursor = { offset: bytes.length, state: null };
      return result;
    }
    let start = offset;
    for (let newline = bytes.indexOf(10, start); newline >= 0; newline = bytes.indexOf(10, start)) {
      const text = bytes.toString('utf8', start, newline);
      start = newline + 1;
      try {
        this.take(JSON.parse(text) as FakeLine, result);
      } catch {
        result.malformed++;
      }
    }
    result.cursor = { offset: start, state: null };
    return result;
  }

  private take(line: FakeLine, result: FileReadResult): void {
    if (line.key !== undefined) result.records.push(toRecord(line));
    else if (line.edit !== undefined) result.edits.push(toEdit(line));
    else result.malformed++;
  }
}
