import * as vscode from 'vscode';
import { readSnapshotFile } from '../core/trends/snapshotFile';
import { Disposable } from './lifecycle';
import type { TrendsDataProvider, TrendsSnapshot } from './trendsData';

/**
 * Serves records and edits from a JSON snapshot file on disk (tests and demos), re-reading it when it changes.
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
    const folder = vscode.Uri.joinPath(file, '..');
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, file.path.split('/').pop() ?? '*')));
    for (const event of [watcher.onDidChange, watcher.onDidCreate, watcher.onDidDelete]) this.register(event(() => this.changed.fire()));
  }

  async load(): Promise<TrendsSnapshot> {
    try {
      const { skipped, ...snapshot } = await readSnapshotFile(this.file.fsPath);
      if (skipped > 0) this.log.warn(`Skipped ${skipped} malformed entries in ${this.file.fsPath}`);
      return { ...snapshot, commits: [] };
    } catch (error) {
      this.log.error(`Could not read trends data from ${this.file.fsPath}: ${(error as Error).message}`);
      return { records: [], edits: [], sourcesChecked: [], commits: [] };
    }
  }
}
