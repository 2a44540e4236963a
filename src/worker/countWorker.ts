// The counting worker: holds the documents' IncrementalCounters off the extension host's thread, so a
// 10 MB first count or a 1 MB selection never blocks typing. Messages are handled strictly in arrival order
// (see src/core/countWorkerProtocol.ts); a request whose generation is already stale is skipped, not counted.
import { parentPort, workerData } from 'node:worker_threads';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CountWorkerData, HostToWorker, WorkerToHost } from '../core/countWorkerProtocol';
import { countDocumentSpans, lineStarts, toOffsets } from '../core/spanCounts';
import { getEncoding, IncrementalCounter, type EncodingName } from '../core/tokenizer';

if (parentPort === null) throw new Error('countWorker.js must run as a worker thread');
const port = parentPort;
const newestGeneration = new Int32Array((workerData as CountWorkerData).generation);

/** Document key → its counter per encoding. */
const documents = new Map<string, Map<EncodingName, IncrementalCounter>>();
/** Document key → offsets of its line starts, built on the first line-based span after a change. */
const lineIndex = new Map<string, number[]>();
/** Document key → encoding → the pieces of its text received so far, until `open`. */
const arriving = new Map<string, Map<EncodingName, string[]>>();

/**
 * A full collection before measuring the heap (diagnostics only: the memory budget test), so the figure is what
 * the counters retain, not the document text a first count has just dropped. Node's documented way to reach gc().
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc === 'function') gc();
}

function reply(message: WorkerToHost): void {
  port.postMessage(message);
}

function isStale(generation: number): boolean {
  return generation < Atomics.load(newestGeneration, 0);
}

function handle(message: HostToWorker): void {
  switch (message.kind) {
    case 'piece': {
      let pieces = arriving.get(message.key);
      if (pieces === undefined) arriving.set(message.key, (pieces = new Map()));
      if (message.first) pieces.set(message.encoding, [message.text]);
      else pieces.get(message.encoding)?.push(message.text);
      return;
    }
    case 'open': {
      lineIndex.delete(message.key);
      const text = arriving.get(message.key)?.get(message.encoding)?.join('') ?? '';
      arriving.get(message.key)?.delete(message.encoding);
      let counters = documents.get(message.key);
      if (counters === undefined) documents.set(message.key, (counters = new Map()));
      counters.set(message.encoding, new IncrementalCounter(getEncoding(message.encoding), text));
      return;
    }
    case 'changes': {
      lineIndex.delete(message.key);
      const counters = documents.get(message.key);
      if (counters === undefined) return;
      try {
        for (const counter of counters.values()) for (const change of message.changes) counter.applyChange(change);
      } catch (error) {
        // Out of step with the document (should not happen): forget it, the host reopens it from the real text.
        documents.delete(message.key);
        reply({ kind: 'failed', key: message.key, message: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    case 'count': {
      if (isStale(message.generation)) return reply({ kind: 'superseded', id: message.id });
      const counter = documents.get(message.key)?.get(message.encoding);
      if (counter === undefined) return reply({ kind: 'failed', id: message.id, key: message.key, message: `${message.key} is not open in the counting worker` });
      const key = message.key;
      const starts = (): readonly number[] => {
        let index = lineIndex.get(key);
        if (index === undefined) lineIndex.set(key, (index = lineStarts(counter.getText())));
        return index;
      };
      const spans = message.spans === null ? null : message.spans.map((span) => toOffsets(span, starts, counter.length));
      return reply({ kind: 'counted', id: message.id, ...countDocumentSpans(counter, spans) });
    }
    case 'close':
      documents.delete(message.key);
      lineIndex.delete(message.key);
      arriving.delete(message.key);
      return;
    case 'heap':
      collectGarbage();
      return reply({ kind: 'heap', id: message.id, usedBytes: getHeapStatistics().used_heap_size });
  }
}

port.on('message', (message: HostToWorker) => {
  try {
    handle(message);
  } catch (error) {
    const id = 'id' in message ? message.id : undefined;
    const key = 'key' in message ? message.key : undefined;
    if (key !== undefined) documents.delete(key);
    reply({ kind: 'failed', id, key, message: error instanceof Error ? error.message : String(error) });
  }
});
