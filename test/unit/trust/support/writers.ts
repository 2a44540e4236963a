/**
 * Ledger writers for the multi-process trust tests, started as real processes: the built CLI
 * (`dist/cli.js report`) and the extension-host style writer (hostStyleWriter.ts, bundled here on first use).
 * All of them read one fake home holding every tool's fixture logs.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { DiskLedger } from '../../../../src/core/ledger/diskLedger';
import { ingest } from '../../../../src/core/ledger/ingest';
import { allReaders } from '../../../../src/core/sources';
import { ledgerFigures, withoutCost, type FigureRow, type LedgerFigures } from './ledgerFigures';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const cliPath = path.join(repoRoot, 'dist', 'cli.js');
const sourceFixtures = path.join(repoRoot, 'test', 'fixtures', 'sources');

export type WriterKind = 'cli' | 'host';

export interface WriterExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningWriter {
  kind: WriterKind;
  child: ChildProcess;
  exited: Promise<WriterExit>;
}

function filesBelow(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesBelow(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

/**
 * A fake home holding the fixture logs of every tool (each tool's `home/` merged into one), as found on Linux:
 * Kilo Code's fixture, kept in macOS's `Library/Application Support/Code`, moves to `.config/Code`.
 * `eachFile` may rewrite each copied file (given the tool it belongs to) before that move.
 */
export function fixtureHomeWithEveryTool(home: string, eachFile?: (tool: string, file: string) => void): string {
  for (const tool of fs.readdirSync(sourceFixtures).sort()) {
    const toolHome = path.join(sourceFixtures, tool, 'home');
    if (!fs.existsSync(toolHome)) continue;
    fs.cpSync(toolHome, home, { recursive: true });
    if (eachFile !== undefined) for (const file of filesBelow(toolHome)) eachFile(tool, path.join(home, path.relative(toolHome, file)));
  }
  const macEditor = path.join(home, 'Library', 'Application Support', 'Code');
  if (fs.existsSync(macEditor)) {
    fs.cpSync(macEditor, path.join(home, '.config', 'Code'), { recursive: true });
    fs.rmSync(path.join(home, 'Library'), { recursive: true, force: true });
  }
  return home;
}

/** Only what the writers need: no tool variable of the machine running the tests leaks in. */
export function writerEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, TZ: 'UTC' };
}

let hostWriterBundle: string | undefined;

/**
 * The host-style writer as one CommonJS file. It lives under out/ inside the repository, so sql.js finds its
 * .wasm in node_modules; written to a temp name and renamed, so concurrent test runs never see half a file.
 */
export function hostStyleWriterBundle(): string {
  if (hostWriterBundle !== undefined) return hostWriterBundle;
  const outfile = path.join(repoRoot, 'out', 'test', 'trust', 'hostStyleWriter.js');
  const result = buildSync({ entryPoints: [path.join(__dirname, 'hostStyleWriter.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, write: false, logLevel: 'error' });
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const temp = `${outfile}.${process.pid}.tmp`;
  fs.writeFileSync(temp, result.outputFiles[0].contents);
  fs.renameSync(temp, outfile);
  return (hostWriterBundle = outfile);
}

/**
 * V8 optimises sql.js's WebAssembly (read for the OpenCode and Kilo CLI databases) in background threads: about
 * 60 % of the CPU a short writer uses. The tests start hundreds of writers, so they keep it at its baseline
 * compiler; this changes how fast the engine runs, never what it computes.
 */
const WRITER_NODE_FLAGS = ['--liftoff-only'];

/** Starts one writer ingesting `home`'s logs into `dataDir`. */
export function startWriter(kind: WriterKind, dataDir: string, home: string): RunningWriter {
  if (kind === 'cli' && !fs.existsSync(cliPath)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const args = kind === 'cli' ? [cliPath, 'report', '--json', '--by', 'tool', '--data-dir', dataDir] : [hostStyleWriterBundle(), dataDir];
  const child = spawn(process.execPath, [...WRITER_NODE_FLAGS, ...args], { env: writerEnv(home), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<WriterExit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { kind, child, exited };
}

/** Resolves when `target` exists (it is created by the writer's first step, opening the ledger). */
function whenCreated(target: string): { created: Promise<number>; stop: () => void } {
  let watcher: fs.FSWatcher | undefined;
  let poll: NodeJS.Timeout | undefined;
  const stop = (): void => {
    watcher?.close();
    clearInterval(poll);
  };
  const created = new Promise<number>((resolve) => {
    const check = (): void => {
      if (fs.existsSync(target)) {
        stop();
        resolve(performance.now());
      }
    };
    watcher = fs.watch(path.dirname(target), check);
    // inotify can coalesce events under load: a slow poll as a backstop.
    poll = setInterval(check, 20);
    check();
  });
  return { created, stop };
}

export type KillOutcome = { killed: true; afterMs: number } | { killed: false; ranMs: number };

/** Starts a writer and SIGKILLs it `delayMs` after it created the data folder (unless it finished first). */
export async function runAndKill(kind: WriterKind, dataDir: string, home: string, delayMs: number): Promise<KillOutcome> {
  const watch = whenCreated(dataDir);
  const writer = startWriter(kind, dataDir, home);
  let createdAt: number | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  void watch.created.then((at) => {
    createdAt = at;
    killTimer = setTimeout(() => writer.child.kill('SIGKILL'), delayMs);
  });
  const exit = await writer.exited;
  watch.stop();
  clearTimeout(killTimer);
  if (exit.signal === 'SIGKILL') return { killed: true, afterMs: delayMs };
  assert.equal(exit.code, 0, `a ${kind} writer failed on its own: ${exit.stderr}`);
  return { killed: false, ranMs: createdAt === undefined ? 0 : performance.now() - createdAt };
}

/** The totals by tool a writer printed when it finished: what that process saw in the ledger. */
export function printedTotalsByTool(kind: WriterKind, stdout: string): FigureRow[] {
  if (kind === 'cli') return withoutCost((JSON.parse(stdout) as { rows: Parameters<typeof withoutCost>[0] }).rows);
  return (JSON.parse(stdout) as { figures: LedgerFigures }).figures.byTool;
}

/** One ingest in this process, through the same calls as the host-style writer. */
export async function ingestInProcess(dataDir: string, home: string): Promise<LedgerFigures> {
  const ledger = DiskLedger.open({ dataDir });
  await ingest({ target: ledger, sources: allReaders().map((reader) => ({ reader, overridePaths: [] })), locate: { env: writerEnv(home), homeDir: home, platform: 'linux' } });
  return ledgerFigures(ledger.store);
}

/** The figures of the ledger as it is on disk now (a fresh load, as the next process would see it). */
export function figuresOnDisk(dataDir: string): LedgerFigures {
  return ledgerFigures(DiskLedger.open({ dataDir }).store);
}

export function makeScratch(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tokenwise-${prefix}-`));
}

/** A seed from the environment variable when set (to replay a failure), else a fresh random one. */
export function seedFrom(variable: string): number {
  const given = process.env[variable];
  if (given !== undefined && given.trim() !== '') {
    const seed = Number(given);
    if (!Number.isInteger(seed)) throw new Error(`${variable} must be an integer (got '${given}')`);
    return seed >>> 0;
  }
  return Math.floor(Math.random() * 2 ** 32);
}

/** A positive whole number from the environment variable, else the default. */
export function countFrom(variable: string, fallback: number): number {
  const given = process.env[variable];
  if (given === undefined || given.trim() === '') return fallback;
  const count = Number(given);
  if (!Number.isInteger(count) || count < 1) throw new Error(`${variable} must be a positive integer (got '${given}')`);
  return count;
}
