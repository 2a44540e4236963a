// Tokenizer benchmark: Tokenwise's engine side by side with js-tiktoken, gpt-tokenizer and tiktoken (WASM) on
// the same inputs — throughput on the first count of fresh text, load cost in a fresh process, per-edit cost
// of the incremental counter on a 10 MB document, pathological inputs, and exactness against tiktoken.
//   npm run bench -- tokenizer [--quick] [--section exactness|throughput|incremental|pathological]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ENCODING_NAMES, getEncoding, IncrementalCounter, type EncodingName, type TextChange } from '../src/core/tokenizer';
import { describeCorpus, loadCorpus, type CorpusFile } from './corpus';
import { LIBRARIES, loadLibrary, type LibraryName } from './tokenizerLibraries';
import { collectGarbage, cpuTimeMs, heapAndBuffers, markdownTable, median, megabytes, percentile } from './stats';
import { seededRandom } from '../test/support/seededRandom';

const PROBE_FLAG = '--probe-load';
const SECTIONS = ['exactness', 'throughput', 'incremental', 'pathological'];
const SIZES = [1_000, 100_000, 1_000_000, 10_000_000];
const SIZE_LABELS = ['1 KB', '100 KB', '1 MB', '10 MB'];
/** Repetitions per size for the first-count figure (each after clearing the library's cache). */
const REPEATS = [2000, 50, 5, 1];
/** Inputs up to this size get a warm-up round of the measurement procedure on other text. */
const WARM_UP_SIZE_LIMIT = 100_000;
const LOAD_PROBES = 3;
const EDITS = 2000;
const PROBE_SAMPLE = 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n'.repeat(12);

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}


// ──── load probe (runs in a fresh child process) ────

interface LoadProbe {
  loadMs: number;
  loadCpuMs: number;
  heapMb: number;
  rssMb: number;
}

function probeLoad(library: LibraryName, encoding: EncodingName): LoadProbe {
  collectGarbage();
  const heapBefore = heapAndBuffers();
  const rssBefore = process.memoryUsage().rss;
  const start = performance.now();
  const loadCpuMs = cpuTimeMs(() => loadLibrary(library, encoding).count(PROBE_SAMPLE));
  const loadMs = performance.now() - start;
  collectGarbage();
  return { loadMs, loadCpuMs, heapMb: megabytes(heapAndBuffers() - heapBefore), rssMb: megabytes(process.memoryUsage().rss - rssBefore) };
}

function measureLoadInFreshProcesses(library: LibraryName, encoding: EncodingName): LoadProbe {
  const probes: LoadProbe[] = [];
  for (let i = 0; i < LOAD_PROBES; i++) {
    const child = spawnSync(process.execPath, [path.join(__dirname, 'index.js'), 'tokenizer', PROBE_FLAG, library, encoding], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`load probe for ${library} ${encoding} failed: ${child.stderr}`);
    probes.push(JSON.parse(child.stdout) as LoadProbe);
  }
  return {
    loadMs: median(probes.map((probe) => probe.loadMs)),
    loadCpuMs: median(probes.map((probe) => probe.loadCpuMs)),
    heapMb: median(probes.map((probe) => probe.heapMb)),
    rssMb: median(probes.map((probe) => probe.rssMb)),
  };
}

// ──── throughput ────

interface Throughput {
  /** MB/s per input size, first count of fresh text (cache cleared before each repetition). */
  firstCount: number[];
  /** MB/s on 1 MB counted again with the cache warm. */
  warm1Mb: number;
  tokens10Mb: number;
}

function measureThroughput(library: LibraryName, encoding: EncodingName, inputs: readonly string[], warmUp: string): Throughput {
  const counter = loadLibrary(library, encoding);
  counter.count(warmUp); // JIT warm-up on text that is not part of the measured inputs
  let tokens10Mb = 0;
  const firstCount = inputs.map((input, index) => {
    // CPU time of a batch of repetitions, each a first count (cache cleared), so that short inputs are timed
    // above the clock's resolution; slow libraries get fewer repetitions (the first one sets how many).
    let tokens = 0;
    if (input.length <= WARM_UP_SIZE_LIMIT) {
      // Warm the JIT on the cache-miss path itself (same procedure, same size, other text): otherwise the
      // first small inputs time the compiler, not the tokenizer. Done for every library alike.
      const other = warmUp.slice(0, input.length);
      const deadline = performance.now() + 1500;
      for (let rep = 0; rep < REPEATS[index] && performance.now() < deadline; rep++) {
        counter.clearCache();
        counter.count(other);
      }
    }
    collectGarbage(); // so that no collection of an earlier, bigger cache lands inside the timed batch
    const firstMs = cpuTimeMs(() => {
      counter.clearCache();
      tokens = counter.count(input);
    });
    if (index === inputs.length - 1) tokens10Mb = tokens;
    const repeats = Math.min(REPEATS[index], Math.floor(3000 / Math.max(firstMs, 0.001)));
    if (repeats <= 1) return megabytes(utf8Bytes(input)) / (firstMs / 1000);
    collectGarbage();
    const batch = cpuTimeMs(() => {
      for (let rep = 0; rep < repeats; rep++) {
        counter.clearCache();
        counter.count(input);
      }
    });
    return megabytes(utf8Bytes(input)) / (batch / repeats / 1000);
  });
  const oneMb = inputs[2];
  counter.count(oneMb);
  const warm1Mb = megabytes(utf8Bytes(oneMb)) / (cpuTimeMs(() => [0, 1, 2].forEach(() => counter.count(oneMb))) / 3 / 1000);
  return { firstCount, warm1Mb, tokens10Mb };
}

// ──── exactness ────

function checkExactness(files: readonly CorpusFile[], stream: string): string[] {
  const lines: string[] = [];
  for (const encoding of ENCODING_NAMES) {
    const ours = getEncoding(encoding);
    const reference = loadLibrary('tiktoken', encoding);
    let mismatches = 0;
    let estimated = 0;
    let tokens = 0;
    for (const entry of files) {
      const count = ours.count(entry.text);
      const expected = reference.count(entry.text);
      tokens += expected;
      if (!count.exact) estimated++;
      else if (count.tokens !== expected) {
        mismatches++;
        if (mismatches <= 5) lines.push(`  MISMATCH ${encoding} ${entry.file}: tokenwise ${count.tokens}, tiktoken ${expected}`);
      }
    }
    const whole = ours.count(stream);
    const wholeExpected = reference.count(stream);
    lines.push(
      `- ${encoding}: ${files.length} files, ${tokens.toLocaleString('en')} tokens — **${mismatches} mismatches** vs tiktoken` +
        ` (${estimated} files hit the long-piece estimate); whole stream ${whole.tokens} vs ${wholeExpected}${whole.tokens === wholeExpected ? ' (equal)' : ' (DIFFERENT)'}`,
    );
  }
  return lines;
}

// ──── pathological inputs ────

function pathologicalInputs(): { label: string; text: string }[] {
  const random = seededRandom(7);
  const letters = Array.from({ length: 100_000 }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
  const base64 = Buffer.from(Array.from({ length: 750_000 }, () => Math.floor(random() * 256))).toString('base64');
  return [
    { label: '100 K identical letters', text: 'a'.repeat(100_000) },
    { label: '100 K random letters', text: letters },
    { label: '100 K spaces', text: ' '.repeat(100_000) },
    { label: '1 MB base64', text: base64 },
    { label: '1 MB of 100 K-letter lines', text: Array.from({ length: 10 }, () => letters).join('\n') },
    { label: '1 MB of 4 999-letter lines (just under the guard)', text: Array.from({ length: 200 }, (_, i) => letters.slice(i * 400, i * 400 + 4999)).join('\n') },
  ];
}

function measurePathological(): string[][] {
  return pathologicalInputs().map(({ label, text }) => {
    const row = [label];
    for (const encoding of ENCODING_NAMES) {
      const engine = getEncoding(encoding);
      let result = engine.count(text);
      const ms = cpuTimeMs(() => (result = engine.count(text)));
      row.push(`${ms.toFixed(1)} ms (${(ms / megabytes(utf8Bytes(text))).toFixed(0)} ms/MB), ${result.tokens} tok, ${result.exact ? 'exact' : 'estimate'}`);
    }
    return row;
  });
}

// ──── incremental ────

const EDIT_TEXTS = ['/', '\n', '\r\n', ' ', 'x', 'const value = compute(input);\n', '};\n\n/** doc */\n', '\uFEFF', 'the ', '('];

function randomEdit(random: () => number, length: number): TextChange {
  const at = Math.floor(random() * length);
  const kind = random();
  if (kind < 0.5) return { rangeOffset: at, rangeLength: 0, text: EDIT_TEXTS[Math.floor(random() * EDIT_TEXTS.length)] };
  const rangeLength = Math.min(length - at, 1 + Math.floor(random() * (kind < 0.95 ? 8 : 3000)));
  return { rangeOffset: at, rangeLength, text: kind < 0.8 ? '' : EDIT_TEXTS[Math.floor(random() * EDIT_TEXTS.length)] };
}

/** `document` must be a string nothing else holds, so that the counter's heap figure includes its text. */
function measureIncremental(encoding: EncodingName, document: string): string[] {
  const engine = getEncoding(encoding);
  const fullRecountMs = cpuTimeMs(() => engine.count(document));
  collectGarbage();
  const heapBefore = heapAndBuffers();
  let counter: IncrementalCounter | undefined;
  const buildMs = cpuTimeMs(() => (counter = new IncrementalCounter(engine, document)));
  if (counter === undefined) throw new Error('unreachable');
  collectGarbage();
  const heapAfterBuild = heapAndBuffers();
  const random = seededRandom(encoding === 'o200k_base' ? 1 : 2);
  const times: number[] = [];
  const wallTimes: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const edit = randomEdit(random, counter.length);
    const live = counter;
    const wallStart = performance.now();
    times.push(cpuTimeMs(() => live.applyChange(edit)));
    wallTimes.push(performance.now() - wallStart);
  }
  collectGarbage();
  const heapAfterEdits = heapAndBuffers();
  const final = engine.count(counter.getText());
  const agrees = final.tokens === counter.tokens;
  return [
    encoding,
    `${median(times).toFixed(2)} / ${percentile(times, 99).toFixed(2)} / ${Math.max(...times).toFixed(1)} ms`,
    `${median(wallTimes).toFixed(2)} / ${percentile(wallTimes, 99).toFixed(2)} ms`,
    `${buildMs.toFixed(0)} ms`,
    `${fullRecountMs.toFixed(0)} ms`,
    `${counter.chunkCount}`,
    `${megabytes(heapAfterBuild - heapBefore).toFixed(1)} / ${megabytes(heapAfterEdits - heapBefore).toFixed(1)} MB`,
    agrees ? 'equal' : `DIFFERENT (${counter.tokens} vs ${final.tokens})`,
  ];
}

// ──── report ────

function ratio(value: number, reference: number): string {
  return `${(value / reference).toFixed(2)}×`;
}

export async function run(args: string[]): Promise<void> {
  if (args[0] === PROBE_FLAG) {
    process.stdout.write(JSON.stringify(probeLoad(args[1] as LibraryName, args[2] as EncodingName)));
    return;
  }
  const quick = args.includes('--quick');
  const sectionIndex = args.indexOf('--section');
  const only = sectionIndex >= 0 ? args[sectionIndex + 1] : undefined;
  const wanted = (section: string): boolean => only === undefined || only === section;
  if (only !== undefined && !SECTIONS.includes(only)) throw new Error(`unknown section '${only}'; sections: ${SECTIONS.join(', ')}`);
  const repoRoot = path.resolve(__dirname, '..', '..');
  const files = loadCorpus(path.join(repoRoot, 'node_modules'), 12_500_000);
  const { stream, bytesByKind } = describeCorpus(files);
  if (stream.length < SIZES[3] + 300_000) throw new Error(`corpus too small (${stream.length} chars) — is node_modules installed?`);
  const inputs = SIZES.map((size) => stream.slice(0, size));
  const warmUp = stream.slice(stream.length - 300_000);
  const libraries: readonly LibraryName[] = quick ? ['tokenwise', 'gpt-tokenizer'] : LIBRARIES;

  console.log(`# Tokenizer benchmark (${new Date().toISOString()}, Node ${process.version}, ${process.arch})\n`);
  console.log(
    `Corpus: ${megabytes(utf8Bytes(stream)).toFixed(1)} MB, ${files.length} files from node_modules — code (.d.ts) ${megabytes(bytesByKind.code).toFixed(1)} MB, ` +
      `prose (README.md) ${megabytes(bytesByKind.prose).toFixed(1)} MB, minified JS ${megabytes(bytesByKind.minified).toFixed(1)} MB. Inputs are prefixes of one mixed stream.\n`,
  );

  if (wanted('exactness')) {
    console.log('## Exactness against tiktoken (encode_ordinary)\n');
    for (const line of checkExactness(files, stream)) console.log(line);
  }
  if (wanted('throughput')) printThroughput(libraries, inputs, warmUp);
  if (wanted('incremental')) printIncremental(inputs[3]);
  if (wanted('pathological')) {
    console.log('\n## Pathological inputs (Tokenwise, CPU time)\n');
    console.log(markdownTable(['input', 'o200k', 'cl100k'], measurePathological()));
  }
}

function printThroughput(libraries: readonly LibraryName[], inputs: readonly string[], warmUp: string): void {
  console.log('\n## Throughput, load and memory\n');
  console.log(
    'MB/s (MB = 2^20 bytes of UTF-8) from CPU time: first count of fresh text — the library\'s cache cleared before each repetition, JIT warmed on other text (for 1 KB and 100 KB by the same procedure on other text of that size). ' +
      'Warm: the same 1 MB counted again with caches kept. Load: a fresh process per library, import + rank tables + first count, median of 3; heap (incl. ArrayBuffers) and RSS deltas after GC.\n',
  );
  const rows: string[][] = [];
  for (const encoding of ENCODING_NAMES) {
    const results = new Map<LibraryName, Throughput>();
    for (const library of libraries) results.set(library, measureThroughput(library, encoding, inputs, warmUp));
    const ours = results.get('tokenwise');
    if (ours === undefined) throw new Error('unreachable');
    for (const library of libraries) {
      const result = results.get(library);
      if (result === undefined) continue;
      const load = measureLoadInFreshProcesses(library, encoding);
      rows.push([
        library === 'tokenwise' ? '**Tokenwise**' : library,
        encoding.replace('_base', ''),
        result.firstCount.map((value) => value.toFixed(2)).join(' / '),
        library === 'tokenwise' ? '—' : result.firstCount.map((value, index) => ratio(value, ours.firstCount[index])).join(' / '),
        result.warm1Mb.toFixed(2),
        `${load.loadMs.toFixed(0)} / ${load.loadCpuMs.toFixed(0)}`,
        load.heapMb.toFixed(1),
        load.rssMb.toFixed(0),
        result.tokens10Mb.toLocaleString('en'),
      ]);
    }
  }
  console.log(markdownTable(['library', 'enc', `first-count MB/s at ${SIZE_LABELS.join(' / ')}`, 'speed vs Tokenwise, same sizes', 'warm MB/s (1 MB)', 'load ms wall / CPU', 'heap+buffers MB', 'RSS MB', 'tokens (10 MB)'], rows));
}

function printIncremental(tenMegabytes: string): void {
  console.log('\n## Incremental counting on the 10 MB document\n');
  console.log(`${EDITS} random edits (typing, deletions up to 3000 chars, "/", newlines, CRLF, BOM); CPU and build/recount times are process CPU time; heap = counter incl. its text (heap + ArrayBuffers), after build / after edits.\n`);
  console.log(
    markdownTable(
      ['enc', 'per edit, CPU: median / p99 / max', 'per edit, wall: median / p99', 'initial build', 'full recount', 'chunks', 'heap', 'final vs full recount'],
      ENCODING_NAMES.map((encoding) => measureIncremental(encoding, Buffer.from(tenMegabytes).toString())),
    ),
  );
  const twoByte = /[\u0100-\uffff]/.test(tenMegabytes);
  console.log(`\n(The 10 MB document is ${megabytes(tenMegabytes.length * (twoByte ? 2 : 1)).toFixed(1)} MB as one V8 string${twoByte ? ', two bytes per character since it holds characters above U+00FF' : ''}.)`);
}
