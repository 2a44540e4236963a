// Reading files and folders into prompt items, shared by the prompt context, the chat participant and the tool.
import * as vscode from 'vscode';
import { languageForPath, type PromptItem } from '../core/prompt/assembly';
import { describeSkipped, DEFAULT_MAX_FOLDER_FILES, expandFolder, readPromptFile } from '../core/prompt/folderExpansion';
import { excludeRules } from './estimate/settings';

export function relativeLabel(uri: vscode.Uri): string {
  if (uri.scheme === 'untitled') return uri.path;
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

/** Open documents win over the disk so unsaved edits count; otherwise the file is read with the binary and size rules. */
export async function readUriText(uri: vscode.Uri, maxFileBytes: number): Promise<{ text: string } | { problem: string }> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return { text: open.getText() };
  if (uri.scheme !== 'file') return { problem: `${relativeLabel(uri)} is not open and not on disk` };
  const read = await readPromptFile(uri.fsPath, maxFileBytes);
  return read.ok ? { text: read.text } : { problem: read.message };
}

/** "src/a.ts:3-7" (1-based lines); a selection ending at column 0 of a later line does not include that line. */
export function lineRangeLabel(label: string, range: { startLine: number; endLine: number; endCharacter: number }): string {
  const first = range.startLine + 1;
  const last = range.endLine + (range.endCharacter === 0 && range.endLine > range.startLine ? 0 : 1);
  return first === last ? `${label}:${first}` : `${label}:${first}-${last}`;
}

/** Prompt items read from files and folders, plus what could not be used and why. */
export interface GatheredItems {
  items: PromptItem[];
  problems: string[];
}

/** A file becomes one item; a folder becomes its files under the .gitignore, files.exclude, binary and size rules. */
export async function itemsForUri(uri: vscode.Uri, maxFileBytes: number): Promise<GatheredItems> {
  let isFolder = false;
  try {
    isFolder = ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    // Untitled documents and missing files: readUriText explains.
  }
  if (!isFolder) {
    const read = await readUriText(uri, maxFileBytes);
    if ('problem' in read) return { items: [], problems: [read.problem] };
    return { items: [{ kind: 'file', label: relativeLabel(uri), text: read.text, language: languageForPath(uri.path) }], problems: [] };
  }
  try {
    const expansion = await expandFolder(uri.fsPath, {
      workspaceRoot: vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? uri.fsPath,
      ...excludeRules(uri),
      maxFileBytes,
      maxFiles: DEFAULT_MAX_FOLDER_FILES,
    });
    const gathered: GatheredItems = { items: [], problems: [] };
    for (const file of expansion.files) {
      const fileUri = vscode.Uri.file(file.path);
      const read = await readUriText(fileUri, maxFileBytes);
      if ('problem' in read) gathered.problems.push(read.problem);
      else gathered.items.push({ kind: 'folderFile', label: relativeLabel(fileUri), text: read.text, language: languageForPath(file.path) });
    }
    const skipped = describeSkipped(expansion.skipped);
    if (skipped) gathered.problems.push(`${relativeLabel(uri)}/: ${skipped}`);
    return gathered;
  } catch (error) {
    return { items: [], problems: [(error as Error).message] };
  }
}
