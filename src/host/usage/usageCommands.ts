/** Handlers of the usage commands: Refresh Usage, Open Data Folder, Export All Usage, Delete All Tokenwise Data. */
import * as vscode from 'vscode';
import fs from 'node:fs';
import { ingestMessage } from '../../core/usage/ingestMessage';
import type { EditEvent, UsageRecord } from '../../core/usage/types';
import type { IngestRound, UsageService } from './usageService';

/** A scan that finishes within this time shows no progress notification (it would only flicker). */
const PROGRESS_AFTER_MS = 1_000;
const SHOW_LOG = 'Show Log';

export async function refreshUsage(usage: UsageService, log: vscode.LogOutputChannel): Promise<void> {
  const round = usage.ingest('Refresh Usage command', { force: true });
  const quick = await Promise.race([round.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), PROGRESS_AFTER_MS))]);
  if (!quick) {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Tokenwise: reading AI tool logs…' }, () => round);
  }
  const result = await round;
  // The command finishes when the scan does; the message stays up on its own (awaiting it would hold the command).
  void showRoundMessage(result).then((choice) => {
    if (choice === SHOW_LOG) log.show();
  });
}

function showRoundMessage(result: IngestRound): Thenable<string | undefined> {
  if (result.error !== undefined) return vscode.window.showErrorMessage(result.error, SHOW_LOG);
  const message = ingestMessage(result.summaries);
  return message.warnings > 0 ? vscode.window.showWarningMessage(message.text, SHOW_LOG) : vscode.window.showInformationMessage(message.text, SHOW_LOG);
}

export async function openDataFolder(usage: UsageService): Promise<void> {
  const folder = usage.dataDir;
  await fs.promises.mkdir(folder, { recursive: true });
  // revealFileInOS works on desktop; in a remote or web host it is not available, so open the folder instead.
  const revealed = await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(folder)).then(
    () => true,
    () => false,
  );
  if (!revealed) await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(folder), { forceNewWindow: true });
}

/** The export file: the ledger's figures only (numbers, ids, model names and paths), never prompt or code text. */
export interface UsageExport {
  format: 'tokenwise-usage-export';
  version: 1;
  exportedAt: string;
  excludedProjects: string[];
  records: UsageRecord[];
  edits: EditEvent[];
}

export async function exportUsage(usage: UsageService, excludedProjects: string[], target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const destination =
    target ??
    (await vscode.window.showSaveDialog({
      title: 'Export All Tokenwise Usage',
      filters: { JSON: ['json'] },
      defaultUri: vscode.Uri.file(`tokenwise-usage-${new Date().toISOString().slice(0, 10)}.json`),
    }));
  if (destination === undefined) return undefined;
  const file: UsageExport = { format: 'tokenwise-usage-export', version: 1, exportedAt: new Date().toISOString(), excludedProjects, ...usage.exportable() };
  await fs.promises.writeFile(destination.fsPath, JSON.stringify(file, null, 1));
  void vscode.window.showInformationMessage(`Exported ${file.records.length} usage records and ${file.edits.length} edits to ${destination.fsPath}.`);
  return destination;
}

/** `{ confirm: false }` skips the modal: used by the integration tests only, which cannot click a dialog. */
export async function deleteAllData(usage: UsageService, options: unknown): Promise<boolean> {
  const skipConfirmation = typeof options === 'object' && options !== null && (options as { confirm?: unknown }).confirm === false;
  if (!skipConfirmation) {
    const choice = await vscode.window.showWarningMessage(
      'Delete all Tokenwise data?',
      {
        modal: true,
        detail: `This removes Tokenwise's usage ledger in ${usage.dataDir}. The AI tools' own logs are not touched, but figures whose logs the tools have already deleted cannot be recovered.`,
      },
      'Delete',
    );
    if (choice !== 'Delete') return false;
  }
  const removed = await usage.deleteAllData();
  if (!skipConfirmation) void vscode.window.showInformationMessage(`Deleted ${removed}. Tokenwise will not re-read your AI tools' logs until you run "Tokenwise: Refresh Usage" or reload the window.`);
  return true;
}
