import { Worker } from 'node:worker_threads';
import type { CountWorkerData, HostToWorker, Span, WorkerToHost } from '../../core/countWorkerProtocol';
import type { EncodingName, TextChange, TokenCount } from '../../core/tokenizer';

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

  open(key: string, encoding: EncodingName, text: string): void {
    let encodings = this.opened.get(key);
    if (encodings === undefined) this.opened.set(key, (encodings = new Set()));
    encodings.add(encoding);
    this.post({ kind: 'open', key, encoding, text });
  }

  applyChanges(key: string, changes: readonly TextChange[]): void {
    if (!this.opened.has(key)) return;
    // Only the fields the counter needs: VS Code's change objects also carry a Range, which would be cloned too.
    this.post({ kind: 'changes', key, changes: changes.map(({ rangeOffset, rangeLength, text }) => ({ rangeOffset, rangeLength, text })) });
  }

  async count(key: string, encoding: EncodingName, spans: readonly Span[] | null, generation: number): Promise<TokenCount | undefined> {
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

  private answer(reply: WorkerToHost): TokenCount | undefined {
    if (reply.kind === 'counted') return reply.count;
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
