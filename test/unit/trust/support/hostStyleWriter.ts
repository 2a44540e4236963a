/**
 * An "extension-host style" ledger writer for the multi-process trust tests: one ingest round the way the
 * extension's UsageService runs one (DiskLedger.open in the data folder with the default retention, every reader
 * of allReaders(), located from this process's environment and home folder), without VS Code around it.
 * Bundled by esbuild at test time (writers.ts) so it starts as fast as the built CLI.
 * Usage: node hostStyleWriter.js <dataDir>. Prints one JSON line: the new records and the ledger's totals by tool.
 */
import os from 'node:os';
import { DiskLedger } from '../../../../src/core/ledger/diskLedger';
import { ingest } from '../../../../src/core/ledger/ingest';
import { allReaders } from '../../../../src/core/sources';
import { ledgerFigures } from './ledgerFigures';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: hostStyleWriter <dataDir>');
  const ledger = DiskLedger.open({ dataDir });
  const sources = allReaders().map((reader) => ({ reader, overridePaths: [] }));
  const summaries = await ingest({ target: ledger, sources, locate: { env: process.env, homeDir: os.homedir(), platform: process.platform } });
  const newRecords = summaries.reduce((sum, summary) => sum + summary.newRecords, 0);
  process.stdout.write(`${JSON.stringify({ newRecords, figures: ledgerFigures(ledger.store) })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
