import * as vscode from 'vscode';

/** A line/character range, stored as plain numbers so it survives a reload through workspaceState. */
export interface StoredRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

/** What the prompt context remembers: where content lives, never the content itself. */
export interface ContextEntry {
  id: string;
  kind: 'file' | 'selection' | 'folder';
  uri: string;
  range?: StoredRange;
}

const STORAGE_KEY = 'tokenwise.promptContext.entries';

function isStoredRange(value: unknown): value is StoredRange {
  if (typeof value !== 'object' || value === null) return false;
  const range = value as Record<string, unknown>;
  return ['startLine', 'startCharacter', 'endLine', 'endCharacter'].every((key) => Number.isInteger(range[key]) && (range[key] as number) >= 0);
}

function isEntry(value: unknown): value is ContextEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.id === 'string' &&
    typeof entry.uri === 'string' &&
    (entry.kind === 'file' || entry.kind === 'folder' || (entry.kind === 'selection' && isStoredRange(entry.range)))
  );
}

export function toStoredRange(range: vscode.Range): StoredRange {
  return { startLine: range.start.line, startCharacter: range.start.character, endLine: range.end.line, endCharacter: range.end.character };
}

export function toRange(range: StoredRange): vscode.Range {
  return new vscode.Range(range.startLine, range.startCharacter, range.endLine, range.endCharacter);
}

/**
 * The ordered list of context entries, persisted in workspaceState on every change. Adding something already
 * present (same kind, place and range) keeps the existing entry, so repeated clicks do not duplicate content.
 */
export class ContextEntries {
  private entries: ContextEntry[];
  private nextId = 1;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {
    const stored = state.get<unknown>(STORAGE_KEY);
    this.entries = Array.isArray(stored) ? stored.filter(isEntry) : [];
    for (const entry of this.entries) {
      const numeric = Number(entry.id);
      if (Number.isInteger(numeric) && numeric >= this.nextId) this.nextId = numeric + 1;
    }
  }

  list(): readonly ContextEntry[] {
    return this.entries;
  }

  /** Adds entries at the end; returns how many were new. */
  add(additions: readonly Omit<ContextEntry, 'id'>[]): number {
    let added = 0;
    for (const addition of additions) {
      const key = JSON.stringify([addition.kind, addition.uri, addition.range ?? null]);
      if (this.entries.some((entry) => JSON.stringify([entry.kind, entry.uri, entry.range ?? null]) === key)) continue;
      this.entries.push({ ...addition, id: String(this.nextId++) });
      added++;
    }
    if (added > 0) this.save();
    return added;
  }

  remove(ids: readonly string[]): void {
    const before = this.entries.length;
    this.entries = this.entries.filter((entry) => !ids.includes(entry.id));
    if (this.entries.length !== before) this.save();
  }

  /** Moves the given entries (in their current order) before `beforeId`, or to the end when it is undefined. */
  move(ids: readonly string[], beforeId: string | undefined): void {
    const moving = this.entries.filter((entry) => ids.includes(entry.id));
    if (moving.length === 0 || (beforeId !== undefined && ids.includes(beforeId))) return;
    const rest = this.entries.filter((entry) => !ids.includes(entry.id));
    const at = beforeId === undefined ? rest.length : rest.findIndex((entry) => entry.id === beforeId);
    rest.splice(at < 0 ? rest.length : at, 0, ...moving);
    this.entries = rest;
    this.save();
  }

  clear(): void {
    if (this.entries.length === 0) return;
    this.entries = [];
    this.save();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private save(): void {
    void this.state.update(STORAGE_KEY, this.entries);
    this.changed.fire();
  }
}
