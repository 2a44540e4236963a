/**
 * Runs one ingest of the fake source into a data folder, as a separate process (for the concurrency and
 * crash tests). Usage: node -r tsx/cjs ingestWorker.ts <dataDir> <sourceRoot>
 * Prints "done <newRecords>" when finished.
 */
import os from 'node:os';
import { DiskLedger } from '../../../../src/core/ledger/diskLedger';
import { ingest } from '../../../../src/core/ledger/ingest';
import { FakeSourceReader } from './fakeSource';

async function main(): Promise<void> {
  const [dataDir, sourceRoot] = process.argv.slice(2);
  const ledger = DiskLedger.open({ dataDir, compactAfterSegments: 2 });
  const summaries = await ingest({ target: ledger, sources: [{ reader: new FakeSourceReader(sourceRoot), overridePaths: [] }], locate: { env: {}, homeDir: os.homedir(), platform: process.platform } });
  process.stdout.write(`done ${summaries[0].newRecords}\n`);
}

void main();
