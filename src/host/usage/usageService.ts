/**
 * The extension side of the usage ledger: opens the ledger in the data folder, ingests every enabled log
 * reader in the background (after activation, when the tools' log files change, and on demand), picks up what
 * other windows and the CLI wrote, and serves the records with `tokenwise.excludeProjects` applied. All the
 * logic lives in src/core; this class only schedules it and talks to VS Code.
 */
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import { projectExclusion } from '../../core/glob';
import { resolveDataDir } from '../../core/ledger/dataDir';
import { DiskLedger } from '../../core/ledger/diskLedger';
import { ingest, type SourceSelection, type ToolIngestSummary } from '../../core/ledger/ingest';
import { allReaders } from '../../core/sources';
import { candidateLocations } from '../../core/sources/candidates';
import type { EditEvent, UsageRecord } from '../../core/usage/types';
import type { SourceCheck } from '../../shared/protocol';
import { Disposable } from '../lifecycle';
import { affectsIngest, readUsageSettings, type UsageSettings } from './usageSettings';

export interface UsageEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  platform: NodeJS.Platform;
}

/** The result of one ingest round. */
export interface IngestRound {
  summaries: ToolIngestSummary[];
  /** Whether the records or edits the extension shows changed. */
  changed: boolean;
  durationMs: number;
  /** Set when the round could not run at all (unusable data folder, ledger from a newer Tokenwise). */
  error?: string;
}

/** Log changes arrive in bursts while a tool writes; one ingest per quiet moment is enough. */
const CHANGE_DEBOUNCE_MS = 2_000;
/** Re-reading the whole ledger costs a few hundred ms of disk reads on a big one, so others' writes are picked up at most this often. */
const LEDGER_RELOAD_INTERVAL_MS = 60_000;
/** Sources without watchable folders (none found yet, or a tool installed later) are looked for again this often. */
const PERIODIC_INGEST_MS = 10 * 60_000;
const MAX_WARNINGS_LOGGED = 20;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isDirectory(target: string): boolean {
  try {
    return fs.statSync(target).isDirectory();
  } catch {
    return false;
  }
}

export class UsageService extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires after an ingest or reload changed what {@link records} and {@link edits} return. */
  readonly onDidChange = this.changed.event;

  private ledger: DiskLedger | undefined;
  private ledgerIdentity = '';
  private lastReload = 0;
  private summaries: ToolIngestSummary[] = [];
  private running: Promise<IngestRound> | undefined;
  /** A reload started on window focus; a round waits for it, so nothing is written to a store being replaced. */
  private reloading: Promise<boolean> | undefined;
  private queued: Promise<IngestRound> | undefined;
  private debounceTimer: NodeJS.Timeout | undefined;
  private watchers: vscode.Disposable[] = [];
  private watchedRootsKey = '';
  /** After "Delete All Tokenwise Data" nothing is re-imported behind the user's back until they ask for it. */
  private automaticIngestPaused = false;
  private generation = 0;
  private filtered: { generation: number; excludeKey: string; records: UsageRecord[]; edits: EditEvent[] } | undefined;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly environment: UsageEnvironment,
  ) {
    super();
    this.register({ dispose: () => this.disposeWatchers() });
    this.register({ dispose: () => clearTimeout(this.debounceTimer) });
  }

  /** Starts background work; returns at once, so activation never waits for a scan. */
  start(): void {
    const first = setTimeout(() => void this.ingest('startup'), 0);
    const periodic = setInterval(() => {
      if (!this.automaticIngestPaused) void this.ingest('periodic check');
    }, PERIODIC_INGEST_MS);
    this.register({ dispose: () => (clearTimeout(first), clearInterval(periodic)) });
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsIngest(event) && !this.automaticIngestPaused) void this.ingest('settings changed');
        else if (event.affectsConfiguration('tokenwise.excludeProjects')) this.announceChange();
      }),
    );
    // Another window or the CLI may have written to the shared ledger while this window was in the background.
    this.register(
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused && this.ledger !== undefined && this.running === undefined && this.reloading === undefined && Date.now() - this.lastReload > LEDGER_RELOAD_INTERVAL_MS) void this.reloadLedger();
      }),
    );
  }

  get dataDir(): string {
    return resolveDataDir({ ...this.environment, override: readUsageSettings().dataDirectory });
  }

  /** True after "Delete All Tokenwise Data" until the user asks to read again: nothing reads logs meanwhile. */
  get automaticReadingPaused(): boolean {
    return this.automaticIngestPaused;
  }

  /** The latest summaries, one per reader. */
  get lastSummaries(): readonly ToolIngestSummary[] {
    return this.summaries;
  }

  /** The log folders (or database files) the last ingest looked at. */
  get foldersRead(): string[] {
    return [...new Set(this.summaries.flatMap((summary) => summary.roots))];
  }

  /** Where each tool was looked for, for the empty state. */
  get sourcesChecked(): SourceCheck[] {
    return this.summaries.map((summary) => {
      const overridePaths = readUsageSettings().sources[summary.tool].paths;
      const paths = summary.roots.length > 0 ? summary.roots : (candidateLocations(summary.tool, { ...this.environment, overridePaths }) ?? overridePaths);
      return { tool: summary.tool, label: summary.displayName, paths, found: summary.filesSeen > 0 };
    });
  }

  /** Every detail record in the ledger, minus excluded projects. */
  records(): UsageRecord[] {
    return this.visible().records;
  }

  edits(): EditEvent[] {
    return this.visible().edits;
  }

  /** Whether any usage at all is in the ledger (before project exclusion). */
  get hasAnyUsage(): boolean {
    return this.ledger !== undefined && this.ledger.store.records.count > 0;
  }

  /**
   * Runs one ingest round now. Rounds never overlap: a call during a round runs one more round after it, and
   * all calls made meanwhile share that round. `force` also re-reads the ledger for others' writes.
   */
  ingest(reason: string, options: { force?: boolean } = {}): Promise<IngestRound> {
    if (options.force) this.automaticIngestPaused = false;
    if (this.running !== undefined) {
      this.queued ??= this.running.then(() => {
        this.queued = undefined;
        return this.ingest(reason, options);
      });
      return this.queued;
    }
    this.running = this.runRound(reason, options.force === true).finally(() => (this.running = undefined));
    return this.running;
  }

  /** Removes the ledger (Tokenwise's own copy of the figures), never the tools' logs. Waits for a running round. */
  async deleteAllData(): Promise<string> {
    clearTimeout(this.debounceTimer);
    await this.running?.catch(() => undefined);
    await this.reloading;
    const ledgerRoot = this.ledger?.layout.root ?? path.join(this.dataDir, 'ledger');
    this.ledger = undefined;
    this.ledgerIdentity = '';
    this.automaticIngestPaused = true;
    await fs.promises.rm(ledgerRoot, { recursive: true, force: true });
    this.log.info(`Deleted the Tokenwise ledger at ${ledgerRoot}; AI tools' own logs were not touched. Automatic reading is paused until "Tokenwise: Refresh Usage" or the next window reload.`);
    this.announceChange();
    return ledgerRoot;
  }

  private visible(): { records: UsageRecord[]; edits: EditEvent[] } {
    const patterns = readUsageSettings().excludeProjects;
    const excludeKey = JSON.stringify(patterns);
    if (this.filtered?.generation === this.generation && this.filtered.excludeKey === excludeKey) return this.filtered;
    this.filtered = { generation: this.generation, excludeKey, ...this.readLedger(patterns, false) };
    return this.filtered;
  }

  /** Records and edits with their dedup keys (`#<hash>`), excluded projects left out: for the export file. */
  exportable(): { records: UsageRecord[]; edits: EditEvent[] } {
    return this.readLedger(readUsageSettings().excludeProjects, true);
  }

  private readLedger(excludePatterns: readonly string[], withKeys: boolean): { records: UsageRecord[]; edits: EditEvent[] } {
    const excluded = projectExclusion(excludePatterns);
    const store = this.ledger?.store;
    if (store === undefined) return { records: [], edits: [] };
    return {
      records: [...store.allRecords(withKeys)].filter((record) => !excluded(record.project)),
      edits: [...store.allEdits(withKeys)].filter((edit) => !excluded(edit.project)),
    };
  }

  private announceChange(): void {
    this.generation++;
    this.changed.fire();
  }

  /** Opens the ledger with asynchronous reads: a big ledger loads without freezing the extension host. */
  private async openLedger(settings: UsageSettings): Promise<DiskLedger> {
    const dataDir = resolveDataDir({ ...this.environment, override: settings.dataDirectory });
    const identity = JSON.stringify([dataDir, settings.retentionDays]);
    if (this.ledger === undefined || identity !== this.ledgerIdentity) {
      this.ledger = await DiskLedger.openAsync({ dataDir, retentionDays: settings.retentionDays });
      this.ledgerIdentity = identity;
      this.lastReload = Date.now();
      this.generation++;
      this.log.info(`Usage ledger opened in ${dataDir} (${this.ledger.store.records.count} records, ${this.ledger.store.edits.count} edits)`);
      for (const warning of this.ledger.warnings) this.log.warn(`Ledger: ${warning}`);
    }
    return this.ledger;
  }

  private reloadLedger(): Promise<boolean> {
    this.reloading ??= this.reread().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  private async reread(): Promise<boolean> {
    const ledger = this.ledger;
    if (ledger === undefined) return false;
    const before = [ledger.store.records.count, ledger.store.edits.count];
    try {
      await ledger.refreshAsync();
    } catch (error) {
      this.log.error(`Could not re-read the usage ledger: ${describe(error)}`);
      return false;
    }
    this.lastReload = Date.now();
    const changed = ledger.store.records.count !== before[0] || ledger.store.edits.count !== before[1];
    if (changed) this.announceChange();
    return changed;
  }

  private async runRound(reason: string, force: boolean): Promise<IngestRound> {
    const started = Date.now();
    const settings = readUsageSettings();
    let ledger: DiskLedger;
    let reloaded = false;
    try {
      await this.reloading;
      const wasOpen = this.ledger !== undefined && this.ledgerIdentity !== '';
      ledger = await this.openLedger(settings);
      if (wasOpen && (force || Date.now() - this.lastReload > LEDGER_RELOAD_INTERVAL_MS)) reloaded = await this.reloadLedger();
    } catch (error) {
      const message = `Could not open the usage ledger: ${describe(error)}`;
      this.log.error(message);
      return { summaries: [], changed: false, durationMs: Date.now() - started, error: message };
    }
    const sources: SourceSelection[] = allReaders()
      .filter((reader) => settings.sources[reader.tool].enabled)
      .map((reader) => ({ reader, overridePaths: settings.sources[reader.tool].paths }));
    let summaries: ToolIngestSummary[];
    try {
      summaries = await ingest({ target: ledger, sources, locate: this.environment });
    } catch (error) {
      const message = `Reading AI tool logs failed: ${describe(error)}`;
      this.log.error(message);
      return { summaries: [], changed: reloaded, durationMs: Date.now() - started, error: message };
    }
    this.summaries = summaries;
    const changed = summaries.some((summary) => summary.newRecords + summary.updatedRecords + summary.newEdits > 0);
    this.logRound(reason, summaries, Date.now() - started);
    this.watchRoots(this.foldersRead);
    // The empty state's list of checked sources changes with the first round too, so the first round always announces.
    if (changed || reason === 'startup' || force) this.announceChange();
    return { summaries, changed: changed || reloaded, durationMs: Date.now() - started };
  }

  private logRound(reason: string, summaries: readonly ToolIngestSummary[], durationMs: number): void {
    const newRecords = summaries.reduce((sum, summary) => sum + summary.newRecords, 0);
    this.log.info(`Usage ingest (${reason}) took ${durationMs} ms: ${newRecords} new records`);
    for (const summary of summaries) {
      if (summary.roots.length === 0) {
        this.log.debug(`${summary.displayName}: no log folder found`);
        continue;
      }
      this.log.info(
        `${summary.displayName}: ${summary.filesRead} of ${summary.filesSeen} files read from ${summary.roots.join(', ')}; ` +
          `${summary.newRecords} new and ${summary.updatedRecords} updated records, ${summary.newEdits} new edits, ${summary.malformed} malformed entries`,
      );
      for (const warning of summary.warnings.slice(0, MAX_WARNINGS_LOGGED)) this.log.warn(`${summary.displayName}: ${warning}`);
      if (summary.warnings.length > MAX_WARNINGS_LOGGED) this.log.warn(`${summary.displayName}: …and ${summary.warnings.length - MAX_WARNINGS_LOGGED} more warnings`);
    }
  }

  /** Watches each located root (a folder, or a database file and its -wal/-shm companions) for changes. */
  private watchRoots(roots: readonly string[]): void {
    const key = [...roots].sort().join('\n');
    if (key === this.watchedRootsKey) return;
    this.disposeWatchers();
    this.watchedRootsKey = key;
    for (const root of roots) {
      const pattern = isDirectory(root) ? new vscode.RelativePattern(vscode.Uri.file(root), '**/*') : new vscode.RelativePattern(vscode.Uri.file(path.dirname(root)), `${path.basename(root)}*`);
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      const onChange = (): void => this.scheduleIngest();
      this.watchers.push(watcher, watcher.onDidChange(onChange), watcher.onDidCreate(onChange), watcher.onDidDelete(onChange));
    }
    // A new watcher starts listening a moment after it is created, and the round that found these roots has
    // already read them: a log written in between would wait for the periodic check. One more (cheap) round
    // after the debounce closes that gap.
    if (roots.length > 0) this.scheduleIngest();
  }

  private scheduleIngest(): void {
    if (this.automaticIngestPaused || this.isDisposed) return;
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => void this.ingest('log files changed'), CHANGE_DEBOUNCE_MS);
  }

  private disposeWatchers(): void {
    for (const watcher of this.watchers.splice(0)) watcher.dispose();
    this.watchedRootsKey = '';
  }
}
