import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import type { SourceCheck } from '../shared/protocol';
import type { EditEvent, UsageRecord } from '../core/usage/types';
import { Disposable } from './lifecycle';
import type { TrendsDataProvider, TrendsSnapshot } from './trendsData';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The minimum a record must have to be counted; anything else is skipped and counted as skipped. */
function looksLikeRecord(value: unknown): value is UsageRecord {
  return (
    isObject(value) &&
    typeof value.tool === 'string' &&
    typeof value.model === 'string' &&
    typeof value.timestampMs === 'number' &&
    ['inputUncached', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead', 'output'].every((key) => typeof value[key] === 'number')
  );
}

function looksLikeEdit(value: unknown): value is EditEvent {
  return isObject(value) && typeof value.tool === 'string' && typeof value.timestampMs === 'number' && typeof value.outcome === 'string';
}

function looksLikeSource(value: unknown): value is SourceCheck {
  return isObject(value) && typeof value.tool === 'string' && typeof value.label === 'string' && Array.isArray(value.paths) && value.paths.every((p) => typeof p === 'string') && typeof value.found === 'boolean';
}

/** Parses a snapshot file: `{ records: UsageRecord[], edits: EditEvent[], sourcesChecked: SourceCheck[] }`. */
export function parseSnapshot(text: string, origin: string): { snapshot: TrendsSnapshot; skipped: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${origin} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new Error(`${origin} must hold an object with "records", "edits" and "sourcesChecked"`);
  const list = (key: string): unknown[] => (Array.isArray(parsed[key]) ? parsed[key] : []);
  const records = list('records').filter(looksLikeRecord);
  const edits = list('edits').filter(looksLikeEdit);
  const sourcesChecked = list('sourcesChecked').filter(looksLikeSource);
  const skipped = list('records').length - records.length + (list('edits').length - edits.length) + (list('sourcesChecked').length - sourcesChecked.length);
  return { snapshot: { records, edits, sourcesChecked }, skipped };
}

/**
 * Serves records and edits from a JSON file on disk (tests and demos), re-reading it when it changes.
 * A missing or damaged file yields an empty snapshot and a logged reason, never a crash.
 */
export class FileTrendsDataProvider extends Disposable implements TrendsDataProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly file: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(file, '..'), file.path.split('/').pop() ?? '*')));
    for (const event of [watcher.onDidChange, watcher.onDidCreate, watcher.onDidDelete]) this.register(event(() => this.changed.fire()));
  }

  async load(): Promise<TrendsSnapshot> {
    try {
      const { snapshot, skipped } = parseSnapshot(await readFile(this.file.fsPath, 'utf8'), this.file.fsPath);
      if (skipped > 0) this.log.warn(`Skipped ${skipped} malformed entries in ${this.file.fsPath}`);
      return snapshot;
    } catch (error) {
      this.log.error(`Could not read trends data from ${this.file.fsPath}: ${(error as Error).message}`);
      return { records: [], edits: [], sourcesChecked: [] };
    }
  }
}
