import * as vscode from 'vscode';
import { languageForPath, type PromptItem } from '../../core/prompt/assembly';
import type { EstimateSourceOption } from '../../shared/estimateProtocol';
import type { PromptContext } from '../promptContext/promptContext';
import { lineRangeLabel, relativeLabel } from '../promptFiles';

export type PromptSourceId = 'selection' | 'document' | 'clipboard' | 'context';
export const PROMPT_SOURCE_IDS: readonly PromptSourceId[] = ['selection', 'document', 'clipboard', 'context'];

/** One thing the user may estimate, captured when the command ran (so switching editors later changes nothing). */
export interface PromptSource extends EstimateSourceOption {
  id: PromptSourceId;
  items: PromptItem[];
}

function selectionItems(editor: vscode.TextEditor): PromptItem[] {
  const label = relativeLabel(editor.document.uri);
  const language = languageForPath(editor.document.uri.path);
  return editor.selections
    .filter((selection) => !selection.isEmpty)
    .map((selection) => ({
      kind: 'selection' as const,
      label: lineRangeLabel(label, { startLine: selection.start.line, endLine: selection.end.line, endCharacter: selection.end.character }),
      text: editor.document.getText(selection),
      language,
    }));
}

/**
 * Every source that applies right now, in order of preference: the selection(s), else the active document;
 * then the clipboard and the prompt context when they hold something.
 */
export async function gatherPromptSources(context: PromptContext): Promise<PromptSource[]> {
  const sources: PromptSource[] = [];
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const selected = selectionItems(editor);
    const name = relativeLabel(editor.document.uri);
    if (selected.length > 0) sources.push({ id: 'selection', label: selected.length === 1 ? `Selection in ${name}` : `${selected.length} selections in ${name}`, items: selected });
    sources.push({ id: 'document', label: `Document ${name}`, items: [{ kind: 'editor', label: name, text: editor.document.getText(), language: languageForPath(editor.document.uri.path) }] });
  }
  const clipboard = await vscode.env.clipboard.readText();
  if (clipboard.trim() !== '') sources.push({ id: 'clipboard', label: 'Clipboard', items: [{ kind: 'clipboard', label: 'clipboard', text: clipboard }] });
  await context.refresh();
  const snapshot = context.snapshot();
  if (snapshot.items.length > 0) sources.push({ id: 'context', label: `Prompt context (${snapshot.entries.length} ${snapshot.entries.length === 1 ? 'entry' : 'entries'})`, items: snapshot.items });
  return sources;
}
