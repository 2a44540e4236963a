/**
 * The data folder holds numbers, names and paths only. Fixture logs of every reader, full of unique markers in
 * prompts, answers, thinking, tool inputs and outputs, patches and file contents, are ingested by the built CLI,
 * by an extension-host style writer and in this process — first ingests, an appended log, a writer killed midway
 * — and every byte of the data folder is searched for the markers (UTF-8, UTF-16, Base64, any case, inside
 * compressed streams). The search itself is proven to find a marker planted in the folder in each of those forms.
 */
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { runTokenwise } from '../helpers/cli';
import { appendMarkedClaudeLines, MARKER_STEM, useMarkedWorkspace } from './support/markedFixtures';
import { findMarkers, folderSize } from './support/markerScan';
import { figuresOnDisk, ingestInProcess, runAndKill, startWriter, writerEnv } from './support/writers';

/** Every reader's tool, as its fixture folder is named, and the tool id its records carry. */
const READERS: { fixture: string; tool: string }[] = [
  { fixture: 'claude-code', tool: 'claude-code' },
  { fixture: 'codex', tool: 'codex' },
  { fixture: 'gemini-cli', tool: 'gemini-cli' },
  { fixture: 'cline', tool: 'cline' },
  { fixture: 'roo-code', tool: 'roo-code' },
  { fixture: 'kilo-code', tool: 'kilo-code' },
  { fixture: 'opencode', tool: 'opencode' },
  { fixture: 'kilo-cli', tool: 'kilo-code' },
  { fixture: 'copilot', tool: 'copilot' },
  { fixture: 'continue', tool: 'continue' },
];

describe('Privacy: no prompt or code text in the data folder', function () {
  this.timeout(120_000);
  const ws = useMarkedWorkspace('privacy');
  let dataDir: string;

  before(() => (dataDir = path.join(ws.scratch, 'data')));

  function assertNoMarkers(when: string): void {
    const findings = findMarkers(dataDir, [MARKER_STEM, ...ws.book.markers]);
    const size = folderSize(dataDir);
    assert.ok(size.files > 0 && size.bytes > 0, `${when}: the data folder was written`);
    assert.deepEqual(findings.slice(0, 10), [], `${when}: text from the logs found in the data folder (${findings.length} finding(s))`);
  }

  it('every reader’s fixtures carry markers in their text', () => {
    for (const { fixture } of READERS) assert.ok(ws.book.countFor(fixture) >= 5, `${fixture}: ${ws.book.countFor(fixture)} markers`);
    const inLogs = findMarkers(ws.home, [MARKER_STEM]);
    assert.ok(inLogs.length > 0, 'the scan finds the markers in the logs themselves');
    console.log(`      ${ws.book.markers.length} markers in the logs of ${READERS.length} readers (${READERS.map(({ fixture }) => `${fixture} ${ws.book.countFor(fixture)}`).join(', ')})`);
  });

  it('after the CLI, an extension-host style writer and an in-process ingest read every reader: none in the data folder', async () => {
    const cli = runTokenwise(['report', '--json', '--by', 'tool', '--data-dir', dataDir], { env: writerEnv(ws.home) });
    assert.equal(cli.code, 0, cli.stderr);
    const host = await startWriter('host', dataDir, ws.home).exited;
    assert.equal(host.code, 0, host.stderr);
    const figures = await ingestInProcess(dataDir, ws.home);
    const tools = new Set(figures.byTool.map((row) => row.key));
    for (const { tool } of READERS) assert.ok(tools.has(tool), `${tool} records reached the ledger (got ${[...tools].join(', ')})`);
    assert.ok(figures.byTool.some((row) => row.acceptedEdits > 0), 'edits (whose inputs carry file contents) were read too');
    assertNoMarkers('after the first ingests');
  });

  it('after more lines are appended and ingested (a segment beside the compacted base): none', async () => {
    appendMarkedClaudeLines(ws.home, ws.book);
    const before = figuresOnDisk(dataDir).byTool.find((row) => row.key === 'claude-code')?.totalTokens ?? 0;
    const cli = runTokenwise(['report', '--json', '--data-dir', dataDir], { env: writerEnv(ws.home) });
    assert.equal(cli.code, 0, cli.stderr);
    const after = figuresOnDisk(dataDir).byTool.find((row) => row.key === 'claude-code')?.totalTokens ?? 0;
    assert.equal(after - before, 2 * (7 + 100 + 30), 'the appended lines were ingested');
    assertNoMarkers('after an appended ingest');
  });

  it('after writers killed at several points of an ingest (half-written segments, compaction temp files): none', async () => {
    for (const [index, delayMs] of [0, 2, 5, 10, 20, 40, 80, 160].entries()) {
      const killedDir = path.join(ws.scratch, `killed-${delayMs}`);
      await runAndKill(index % 2 === 0 ? 'host' : 'cli', killedDir, ws.home, delayMs);
      assert.ok(fs.existsSync(killedDir));
      const findings = findMarkers(killedDir, [MARKER_STEM, ...ws.book.markers]);
      assert.deepEqual(findings.slice(0, 10), [], `killed after ${delayMs} ms: text from the logs in the data folder`);
    }
  });

  it('the search finds a marker planted in the data folder, in every form it looks for', () => {
    const marker = ws.book.markers[ws.book.markers.length - 1];
    const plants: { name: string; bytes: Buffer }[] = [
      { name: 'utf8', bytes: Buffer.from(`x${marker}y`) },
      { name: 'upper', bytes: Buffer.from(marker.toUpperCase()) },
      { name: 'lower-utf16le', bytes: Buffer.from(marker.toLowerCase(), 'utf16le') },
      { name: 'utf16be', bytes: Buffer.from(marker, 'utf16le').swap16() },
      { name: 'base64', bytes: Buffer.from(Buffer.from(`ab${marker}cd`).toString('base64')) },
      { name: 'gzip', bytes: Buffer.concat([Buffer.from('header'), zlib.gzipSync(`prompt: ${marker}`)]) },
      { name: 'deflate', bytes: zlib.deflateSync(`prompt: ${marker}`) },
      { name: 'brotli', bytes: zlib.brotliCompressSync(`prompt: ${marker}`) },
      { name: 'stem only', bytes: Buffer.from(`${MARKER_STEM}cut`) },
    ];
    const ledgerFiles = fs.readdirSync(dataDir, { recursive: true }).map(String).filter((file) => fs.statSync(path.join(dataDir, file)).isFile());
    assert.ok(ledgerFiles.length > 0);
    for (const [index, plant] of plants.entries()) {
      // Into a copy of a real ledger file (appended, as a damaged write would), and into a new hidden temp file.
      const copy = path.join(ws.scratch, `planted-${index}`);
      fs.cpSync(dataDir, copy, { recursive: true });
      const target = path.join(copy, ledgerFiles[index % ledgerFiles.length]);
      fs.appendFileSync(target, plant.bytes);
      assert.ok(findMarkers(copy, [MARKER_STEM, marker]).length > 0, `a marker appended to ${ledgerFiles[index % ledgerFiles.length]} as ${plant.name} was not found`);
      fs.rmSync(copy, { recursive: true, force: true });
      fs.cpSync(dataDir, copy, { recursive: true });
      fs.writeFileSync(path.join(copy, 'ledger', `.base.bin.tmp-${index}`), plant.bytes);
      assert.ok(findMarkers(copy, [MARKER_STEM, marker]).length > 0, `a marker in a hidden temp file as ${plant.name} was not found`);
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
