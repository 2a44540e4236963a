import { Worker } from 'node:worker_threads';
import type { CountWorkerData, HostToWorker, LineSpan, Span, WorkerToHost } from '../../core/countWorkerProtocol';
import type { EncodingName, TextChange, TokenCount } from '../../core/tokenizer';

/**
 * A document's text as the worker receives it: in pieces of about {@link PIECE_CHARS} characters, so that no
 * single read or copy holds the extension host's thread for long (a 50 MB getText() plus its structured clone
 * took seconds). `version` changes with every edit, so a text that changed while it was being sent is sent again.
 */
export interface PiecewiseText {
  readonly version: number;
  readonly isClosed: boolean;
  pieces(size: number): Iterable<string>;
}

/** 64 K characters: about a millisecond to read and copy, a few on a busy machine. */
export const PIECE_CHARS = 64 * 1024;

/** A fixed string as a {@link PiecewiseText} (untitled content, tests). */
export function fixedText(text: string): PiecewiseText {
  return {
    version: 0,
    isClosed: false,
    *pieces(size) {
      for (let start = 0; start < text.length; start += size) yield text.slice(start, start + size);
    },
  };
}

/**
 * Lets other events (keystrokes, VS Code's own work) run between two pieces: a short timer rather than
 * setImmediate, so the pieces of a large document never follow each other without a breath.
 */
const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

/** A count with the number of characters it covers (the document's length, or the spans' total). */
export type CountedText = TokenCount & { characters: number };

interface PendingRequest {
  resolve(value: WorkerToHost): void;
  reject(error: Error): void;
}

/**
 * One IncrementalCounter per document and encoding, kept in the counting worker (dist/worker/countWorker.js). The thread starts on first use; if it dies,
 * every document it held is reported lost (the owner reopens them from the editor's text on the next count).
 */
export class WorkerBackend {
  private worker: Worker | undefined;
  private readonly opened = new Map<string, Set<EncodingName>>();
  /** Texts being sent, by key and encoding: a second request for the same document waits for the first. */
  private readonly sending = new Map<string, Promise<boolean>>();
  private readonly pending = new Map<number, PendingRequest>();
  private nextId = 1;
  private readonly generation = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly scriptPath: string,
    private readonly onLost: (key: string, reason: string) => void,
  ) {}

  /** Marks every request older than `generation` as unwanted; the worker skips those it has not started. */
  setGeneration(generation: number): void {
    Atomics.store(this.generation, 0, generation);
  }

  /** Documents that hold counters in the worker. */
  get openDocuments(): number {
    return this.opened.size;
  }

  has(key: string, encoding: EncodingName): boolean {
    return this.opened.get(key)?.has(encoding) ?? false;
  }

  /**
   * Sends the text to the worker piece by piece, yielding between pieces, and opens its counter. Resolves false
   * when the document closed meanwhile (nothing is kept for it). Edits made while sending restart the send.
   */
  open(key: string, encoding: EncodingName, text: PiecewiseText): Promise<boolean> {
    const sendingKey = `${key}\n${encoding}`;
    let sent = this.sending.get(sendingKey);
    if (sent === undefined) {
      sent = this.send(key, encoding, text).finally(() => this.sending.delete(sendingKey));
      this.sending.set(sendingKey, sent);
    }
    return sent;
  }

  private async send(key: string, encoding: EncodingName, text: PiecewiseText): Promise<boolean> {
    for (;;) {
      const version = text.version;
      const worker = this.start();
      // An empty first piece starts over, dropping what an interrupted send left in the worker.
      this.post({ kind: 'piece', key, encoding, text: '', first: true });
      let interrupted = false;
      for (const piece of text.pieces(PIECE_CHARS)) {
        if (text.isClosed || this.worker !== worker) {
          interrupted = true;
          break;
        }
        this.post({ kind: 'piece', key, encoding, text: piece, first: false });
        await nextTurn();
      }
      if (text.isClosed) {
        if (this.worker === worker && !this.opened.has(key)) this.post({ kind: 'close', key });
        return false;
      }
      // Edited while sending, or the worker restarted: the pieces do not make one version of the text.
      if (interrupted || text.version !== version || this.worker !== worker) continue;
      let encodings = this.opened.get(key);
      if (encodings === undefined) this.opened.set(key, (encodings = new Set()));
      encodings.add(encoding);
      this.post({ kind: 'open', key, encoding });
      return true;
    }
  }

  applyChanges(key: string, changes: readonly TextChange[]): void {
    if (!this.opened.has(key)) return;
    // Only the fields the counter needs: VS Code's change objects also carry a Range, which would be cloned too.
    this.post({ kind: 'changes', key, changes: changes.map(({ rangeOffset, rangeLength, text }) => ({ rangeOffset, rangeLength, text })) });
  }

  /** Tokens of the spans (or the document), and how many characters that was. */
  async count(key: string, encoding: EncodingName, spans: readonly (Span | LineSpan)[] | null, generation: number): Promise<CountedText | undefined> {
    return this.answer(await this.request({ kind: 'count', key, encoding, spans, generation }));
  }

  /** Bytes used by the worker's heap (for the memory budget check). */
  async heapUsedBytes(): Promise<number> {
    const reply = await this.request({ kind: 'heap' });
    if (reply.kind !== 'heap') throw new Error(`unexpected reply ${reply.kind} to a heap request`);
    return reply.usedBytes;
  }

  close(key: string): void {
    if (this.opened.delete(key)) this.post({ kind: 'close', key });
  }

  dispose(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('the counting worker was stopped'));
    void worker?.terminate();
  }

  private answer(reply: WorkerToHost): CountedText | undefined {
    if (reply.kind === 'counted') return { ...reply.count, characters: reply.characters };
    if (reply.kind === 'superseded') return undefined;
    throw new Error(reply.kind === 'failed' ? reply.message : `unexpected reply ${reply.kind} to a count request`);
  }

  private request(message: { kind: 'count' | 'heap' } & Record<string, unknown>): Promise<WorkerToHost> {
    const id = this.nextId++;
    return new Promise<WorkerToHost>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ ...message, id } as HostToWorker);
    });
  }

  private post(message: HostToWorker): void {
    this.start().postMessage(message);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const data: CountWorkerData = { generation: this.generation.buffer as SharedArrayBuffer };
    const worker = new Worker(this.scriptPath, { workerData: data, name: 'tokenwise-count' });
    worker.on('message', (message: WorkerToHost) => this.receive(message));
    worker.on('error', (error) => this.stopped(worker, error));
    worker.on('exit', (code) => this.stopped(worker, new Error(`the counting worker exited with code ${code}`)));
    // The worker must never keep the extension host (or a CLI test) alive on its own.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private receive(message: WorkerToHost): void {
    if (message.kind === 'failed' && message.key !== undefined) this.forget(message.key, message.message);
    if (message.id === undefined) return;
    const request = this.pending.get(message.id);
    if (request === undefined) return;
    this.pending.delete(message.id);
    request.resolve(message);
  }

  private forget(key: string, reason: string): void {
    if (this.opened.delete(key)) this.onLost(key, reason);
  }

  private stopped(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failAll(error);
    for (const key of [...this.opened.keys()]) this.forget(key, error.message);
  }

  private failAll(error: Error): void {
    for (const request of this.pending.values()) request.reject(error);
    this.pending.clear();
  }
}
