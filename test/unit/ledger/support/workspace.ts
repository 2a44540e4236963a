/** Temp folders for ledger tests, removed after each test. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { LedgerTarget } from '../../../../src/core/ledger/diskLedger';
import { ingest, type ToolIngestSummary } from '../../../../src/core/ledger/ingest';
import type { LedgerStore } from '../../../../src/core/ledger/store';
import { FakeSourceReader } from './fakeSource';
import { totalTokens } from '../../../../src/core/usage/types';

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tokenwise-${prefix}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Sum of all token fields over the store's detail records: the figure "nothing counted twice" is about. */
export function storeTokens(store: LedgerStore): number {
  let sum = 0;
  for (const record of store.allRecords()) sum += totalTokens(record);
  return sum;
}

const worker = path.join(__dirname, 'ingestWorker.ts');

/** Starts the ingest worker as a real child process. */
export function spawnIngest(dataDir: string, sourceRoot: string): ChildProcess {
  return spawn(process.execPath, ['--require', 'tsx/cjs', worker, dataDir, sourceRoot], { stdio: ['ignore', 'pipe', 'pipe'], cwd: path.resolve(__dirname, '..', '..', '..', '..') });
}

export function waitForExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

export interface LedgerWorkspace {
  dir: string;
  /** Where the fake source's log files go. */
  source: string;
  /** The ledger's data folder (not created: the ledger creates it). */
  dataDir: string;
}

/** A fresh temp workspace for each test of the enclosing describe(), removed afterwards. */
export function useLedgerWorkspace(prefix: string): LedgerWorkspace {
  const workspace: LedgerWorkspace = { dir: '', source: '', dataDir: '' };
  beforeEach(() => {
    workspace.dir = makeTempDir(prefix);
    workspace.source = path.join(workspace.dir, 'source');
    workspace.dataDir = path.join(workspace.dir, 'data');
    fs.mkdirSync(workspace.source);
  });
  afterEach(() => removeDir(workspace.dir));
  return workspace;
}

/** Runs one ingest of the fake source in this process. */
export async function ingestFake(target: LedgerTarget, sourceRoot: string, reader: FakeSourceReader = new FakeSourceReader(sourceRoot)): Promise<ToolIngestSummary> {
  const [summary] = await ingest({ target, sources: [{ reader, overridePaths: [] }], locate: { env: {}, homeDir: os.homedir(), platform: process.platform } });
  return summary;
}
