import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { Span } from '../../core/countWorkerProtocol';
import type { EncodingName, TokenCount } from '../../core/tokenizer';
import { Disposable } from '../lifecycle';
import { WorkerBackend } from './workerBackend';

/** Extension-host time spent in our edit handler: the per-keystroke cost of keeping counts live. */
export interface EditHandlerStats {
  events: number;
  totalMs: number;
  maxMs: number;
  /** The most recent handler times (ms), oldest first, for percentiles. */
  recentMs: number[];
}

const RECENT_EDIT_SAMPLES = 200;

/**
 * Live token counts of the documents the user has looked at: one IncrementalCounter per document and encoding,
 * created on the first count (never at activation), fed from every change event, dropped when the document
 * closes. All counters live in the counting worker: loading an encoder (~100 ms), a first count (~0.5 s per MB
 * on a busy machine) and even the recount after a keystroke (a few KB) then never run on the extension host,
 * whose per-keystroke cost is one small postMessage.
 */
export class DocumentCounts extends Disposable {
  private readonly worker: WorkerBackend;
  private generation = 0;
  private readonly stats: EditHandlerStats = { events: 0, totalMs: 0, maxMs: 0, recentMs: [] };
  private readonly edited = this.register(new vscode.EventEmitter<vscode.TextDocument>());
  /** A document changed and its counters are up to date; listeners' time is part of the measured edit cost. */
  readonly onDidEdit = this.edited.event;

  constructor(workerScriptPath: string, log: vscode.LogOutputChannel) {
    super();
    const lost = (key: string, reason: string): void => log.warn(`token counts of ${key} restart from its text: ${reason}`);
    this.worker = this.register(new WorkerBackend(workerScriptPath, lost));
    this.register(vscode.workspace.onDidChangeTextDocument((event) => this.onEdit(event)));
    this.register(vscode.workspace.onDidCloseTextDocument((document) => this.drop(document.uri.toString())));
  }

  get editHandlerStats(): EditHandlerStats {
    return { ...this.stats, recentMs: [...this.stats.recentMs] };
  }

  /** How many documents hold counting state (for tests: closing a document must drop it). */
  get trackedDocuments(): number {
    return this.worker.openDocuments;
  }

  /** Starts a new round of counts; requests of older rounds still queued in the worker are skipped. */
  nextGeneration(): number {
    this.generation += 1;
    this.worker.setGeneration(this.generation);
    return this.generation;
  }

  /** Tokens of the spans (summed) or of the whole document (`spans` null); undefined when a newer round began. */
  count(document: vscode.TextDocument, encoding: EncodingName, spans: readonly Span[] | null, generation: number): Promise<TokenCount | undefined> {
    const key = document.uri.toString();
    if (!this.worker.has(key, encoding)) this.worker.open(key, encoding, document.getText());
    return this.worker.count(key, encoding, spans, generation);
  }

  workerHeapUsedBytes(): Promise<number> {
    return this.worker.heapUsedBytes();
  }

  private onEdit(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return;
    const started = performance.now();
    const key = event.document.uri.toString();
    this.worker.applyChanges(key, event.contentChanges);
    this.edited.fire(event.document);
    const elapsed = performance.now() - started;
    this.stats.events += 1;
    this.stats.totalMs += elapsed;
    this.stats.maxMs = Math.max(this.stats.maxMs, elapsed);
    this.stats.recentMs.push(elapsed);
    if (this.stats.recentMs.length > RECENT_EDIT_SAMPLES) this.stats.recentMs.shift();
  }

  private drop(key: string): void {
    this.worker.close(key);
  }
}
