// Benchmark corpus from text no one here wrote: TypeScript declarations (.d.ts), README prose and minified
// JavaScript found under node_modules, interleaved into one mixed stream so that every input size is a prefix
// of the same text. Files are visited in sorted order, so the corpus is the same on every run of one install.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type CorpusKind = 'code' | 'prose' | 'minified';

export interface CorpusFile {
  file: string;
  kind: CorpusKind;
  text: string;
}

function classify(name: string): CorpusKind | undefined {
  if (name.endsWith('.d.ts')) return 'code';
  if (/^readme\.md$/i.test(name)) return 'prose';
  if (name.endsWith('.min.js')) return 'minified';
  return undefined;
}

function collect(directory: string, out: Map<CorpusKind, string[]>, depth: number): void {
  if (depth > 8) return;
  let names: string[];
  try {
    names = readdirSync(directory).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const full = path.join(directory, name);
    let stats;
    try {
      stats = statSync(full);
    } catch {
      continue;
    }
    if (stats.isDirectory()) collect(full, out, depth + 1);
    else {
      const kind = classify(name);
      if (kind !== undefined && stats.size > 0 && stats.size < 4_000_000) out.get(kind)?.push(full);
    }
  }
}

/** Files round-robin across kinds until `targetChars` is reached (or the files run out). */
export function loadCorpus(root: string, targetChars: number): CorpusFile[] {
  const byKind = new Map<CorpusKind, string[]>([['code', []], ['prose', []], ['minified', []]]);
  collect(root, byKind, 0);
  const queues = [...byKind.entries()].map(([kind, files]) => ({ kind, files, next: 0 }));
  const picked: CorpusFile[] = [];
  let total = 0;
  while (total < targetChars && queues.some((queue) => queue.next < queue.files.length)) {
    for (const queue of queues) {
      if (queue.next >= queue.files.length) continue;
      const file = queue.files[queue.next++];
      const text = readFileSync(file, 'utf8');
      picked.push({ file, kind: queue.kind, text });
      total += text.length;
    }
  }
  return picked;
}

/** The corpus as one stream (files joined by a newline) and the byte size per kind. */
export function describeCorpus(files: readonly CorpusFile[]): { stream: string; bytesByKind: Record<CorpusKind, number> } {
  const bytesByKind: Record<CorpusKind, number> = { code: 0, prose: 0, minified: 0 };
  for (const entry of files) bytesByKind[entry.kind] += Buffer.byteLength(entry.text);
  return { stream: files.map((entry) => entry.text).join('\n'), bytesByKind };
}
