import * as vscode from 'vscode';
import { languageForPath, type PromptItem } from '../../core/prompt/assembly';
import { itemsForUri, lineRangeLabel, readUriText, relativeLabel } from '../promptFiles';
import { toRange, type ContextEntry } from './contextEntries';

/** One entry with its current content: a folder has one item per included file. */
export interface ResolvedEntry {
  entry: ContextEntry;
  label: string;
  items: PromptItem[];
  /** What a folder left out and why, or why a file could not be used. */
  problem: string | undefined;
}

export async function resolveEntry(entry: ContextEntry, maxFileBytes: number): Promise<ResolvedEntry> {
  const uri = vscode.Uri.parse(entry.uri);
  const label = relativeLabel(uri);
  const language = languageForPath(uri.path);
  if (entry.kind === 'folder') {
    const { items, problems } = await itemsForUri(uri, maxFileBytes);
    return { entry, label: `${label}/`, items, problem: problems.length > 0 ? problems.join('; ') : undefined };
  }
  const read = await readUriText(uri, maxFileBytes);
  if ('problem' in read) return { entry, label, items: [], problem: read.problem };
  if (entry.kind === 'selection' && entry.range) {
    const document = await vscode.workspace.openTextDocument(uri);
    const range = document.validateRange(toRange(entry.range));
    const shown = lineRangeLabel(label, entry.range);
    return { entry, label: shown, items: [{ kind: 'selection', label: shown, text: document.getText(range), language }], problem: undefined };
  }
  return { entry, label, items: [{ kind: 'file', label, text: read.text, language }], problem: undefined };
}
