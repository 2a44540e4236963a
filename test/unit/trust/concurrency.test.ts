/**
 * Nothing lost, nothing counted twice with several writers at once: 4 processes — the built CLI
 * (`tokenwise report`) and extension-host style writers, mixed — ingest the same fixture logs of every tool into
 * one data folder at the same time, after random start delays. Every round, the ledger on disk and the totals
 * each writer printed equal a single-process ingest, and the data folder holds none of the logs' text (the logs
 * are the privacy test's marked fixtures). Seeded: the seed is printed; replay with
 * TOKENWISE_CONCURRENCY_SEED=<seed>; TOKENWISE_CONCURRENCY_ROUNDS sets the rounds (`npm run soak` runs more).
 */
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ledgerLayout } from '../../../src/core/ledger/diskLedger';
import { listSegments, readSegment, readSegmentAsync, SegmentWriter } from '../../../src/core/ledger/segmentFiles';
import { seededRandom } from '../../support/seededRandom';
import type { LedgerFigures } from './support/ledgerFigures';
import { MARKER_STEM, useMarkedWorkspace } from './support/markedFixtures';
import { findMarkers } from './support/markerScan';
import { countFrom, figuresOnDisk, ingestInProcess, makeScratch, printedTotalsByTool, seedFrom, startWriter, type WriterKind } from './support/writers';

const ROUNDS = countFrom('TOKENWISE_CONCURRENCY_ROUNDS', 20);
const WRITERS = 4;
const MAX_START_DELAY_MS = 150;
const SEED = seedFrom('TOKENWISE_CONCURRENCY_SEED');

/** Two CLI and two host-style writers, in a random order, each with a random start delay. */
function planRound(random: () => number): { kind: WriterKind; delayMs: number }[] {
  const kinds: WriterKind[] = ['cli', 'cli', 'host', 'host'];
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  return kinds.slice(0, WRITERS).map((kind) => ({ kind, delayMs: Math.floor(random() * MAX_START_DELAY_MS) }));
}

describe(`Concurrency: ${WRITERS} writers (CLI and extension-host style) ingest one data folder at once`, function () {
  this.timeout(0);
  const ws = useMarkedWorkspace('concurrency');
  let expected: LedgerFigures;

  before(async () => {
    // The reference: one process alone.
    expected = await ingestInProcess(path.join(ws.scratch, 'single'), ws.home);
    assert.ok(expected.byTool.length >= 7, `the fixture home yields several tools: ${expected.byTool.map((row) => row.key).join(', ')}`);
    console.log(`      concurrency: ${ROUNDS} rounds of ${WRITERS} writers, seed ${SEED} (replay with TOKENWISE_CONCURRENCY_SEED=${SEED})`);
  });

  it(`every round (${ROUNDS}) ends with exactly the totals of a single-process ingest`, async () => {
    const random = seededRandom(SEED);
    let overlapping = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const dataDir = path.join(ws.scratch, `round-${round}`);
      const plan = planRound(random);
      const spans: { start: number; end: number }[] = [];
      const exits = await Promise.all(
        plan.map(async ({ kind, delayMs }) => {
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          const start = Date.now();
          const exit = await startWriter(kind, dataDir, ws.home).exited;
          spans.push({ start, end: Date.now() });
          return { kind, exit };
        }),
      );
      const context = `round ${round} (seed ${SEED}, ${plan.map((writer) => `${writer.kind}+${writer.delayMs}ms`).join(', ')})`;
      for (const { kind, exit } of exits) {
        assert.equal(exit.code, 0, `${context}: a ${kind} writer failed: ${exit.stderr}`);
        assert.deepEqual(printedTotalsByTool(kind, exit.stdout), expected.byTool, `${context}: what a ${kind} writer reported`);
      }
      assert.deepEqual(figuresOnDisk(dataDir), expected, `${context}: the ledger on disk`);
      assert.deepEqual(findMarkers(dataDir, [MARKER_STEM]), [], `${context}: text from the logs in the data folder`);
      spans.sort((a, b) => a.start - b.start);
      if (spans.every((span, index) => index === 0 || span.start < spans[index - 1].end)) overlapping++;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    console.log(`      ${ROUNDS} rounds exact; in ${overlapping} of them all ${WRITERS} processes' lifetimes overlapped`);
  });
});

describe('Concurrency: a segment sealed between listing and reading (found by the test above)', () => {
  const edit = { tool: 'claude-code', sessionId: 's', project: '/p', timestampMs: Date.UTC(2025, 0, 2), model: 'm', filePath: '/p/a.ts', toolName: 'Edit', outcome: 'accepted', userModified: false, autoApproved: null, linesAdded: 1, linesRemoved: 0, dedupKey: 'k1' } as const;
  const readers = { sync: readSegment, async: readSegmentAsync };
  for (const [name, read] of Object.entries(readers)) {
    it(`is read under its sealed name (${name} read), so a load or a compaction never misses it`, async () => {
      const dataDir = makeScratch('sealed-race');
      try {
        const segmentsDir = ledgerLayout(dataDir).segmentsDir;
        const writer = new SegmentWriter(segmentsDir, Date.now);
        writer.append([{ kind: 'edit', edit }]);
        const [listed] = listSegments(segmentsDir);
        assert.equal(listed.sealed, false);
        writer.seal(); // the writer finishes its round between another process's listing and its read
        const entries: string[] = [];
        const stats = await read(listed.path, [], (entry) => entries.push(entry.kind));
        assert.deepEqual(entries, ['edit']);
        assert.equal(stats.damagedLines, 0);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }
});
