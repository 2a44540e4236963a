import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { LineSpan, Span } from '../../core/countWorkerProtocol';
import type { EncodingName } from '../../core/tokenizer';
import { Disposable } from '../lifecycle';
import { WorkerBackend, type CountedText, type PiecewiseText } from './workerBackend';

/** Extension-host time spent in our edit handler: the per-keystroke cost of keeping counts live. */
export interface EditHandlerStats {
  events: number;
  totalMs: number;
  maxMs: number;
  /** The most recent handler times (ms), oldest first, for percentiles. */
  recentMs: number[];
}

const RECENT_EDIT_SAMPLES = 200;
/** Lines read per piece at first; adapted so a piece stays near the wanted size whatever the line lengths. */
const FIRST_LINES_PER_PIECE = 1024;

/**
 * A document's text read a range of lines at a time (never `getText()` of the whole: for 50 MB that alone
 * blocked the extension host for seconds), long lines cut into pieces of the wanted size.
 */
export function piecewiseText(document: vscode.TextDocument): PiecewiseText {
  return {
    get version() {
      return document.version;
    },
    get isClosed() {
      return document.isClosed;
    },
    *pieces(size: number) {
      let linesPerPiece = FIRST_LINES_PER_PIECE;
      for (let line = 0; line < document.lineCount; ) {
        const end = Math.min(document.lineCount, line + linesPerPiece);
        // A range ending on the line after the last is clamped to the end of the document.
        const text = document.getText(new vscode.Range(line, 0, end, 0));
        if (text.length > 4 * size && linesPerPiece > 1) {
          linesPerPiece = Math.max(1, Math.floor(linesPerPiece / 16));
          continue;
        }
        for (let start = 0; start < text.length; start += size) yield text.slice(start, start + size);
        line = end;
        if (text.length < size / 2) linesPerPiece *= 2;
      }
    },
  };
}

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
  async count(document: vscode.TextDocument, encoding: EncodingName, spans: readonly (Span | LineSpan)[] | null, generation: number): Promise<CountedText | undefined> {
    const key = document.uri.toString();
    if (!this.worker.has(key, encoding) && !(await this.worker.open(key, encoding, piecewiseText(document)))) return undefined;
    // Closed while its text was being sent: nothing to count, and nobody to show it to.
    if (document.isClosed) return undefined;
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
