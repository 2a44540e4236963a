/**
 * kill -9 at random points of an ingest: a writer (the built CLI or an extension-host style writer, in turn) is
 * killed with SIGKILL a random time after it created the data folder — while it loads, reads, appends, seals or
 * compacts. Every time, the ledger loads, and one more ingest makes the totals exactly those of an uninterrupted
 * ingest. The logs are the privacy test's marked fixtures: what each kill leaves behind (half-written segments,
 * compaction temp files) is searched for their text too. Seeded: the seed is printed; replay with TOKENWISE_CRASH_SEED=<seed>; TOKENWISE_CRASH_TRIALS sets the
 * number of trials (`npm run soak` runs more).
 */
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../../support/seededRandom';
import type { LedgerFigures } from './support/ledgerFigures';
import { MARKER_STEM, useMarkedWorkspace } from './support/markedFixtures';
import { findMarkers } from './support/markerScan';
import { countFrom, figuresOnDisk, ingestInProcess, runAndKill, seedFrom, type KillOutcome, type WriterKind } from './support/writers';

const TRIALS = countFrom('TOKENWISE_CRASH_TRIALS', 50);
const SEED = seedFrom('TOKENWISE_CRASH_SEED');
/** A writer that finished before its kill is run again with a shorter delay, at most this many times. */
const ATTEMPTS_PER_TRIAL = 8;

function classify(found: LedgerFigures, expected: LedgerFigures): 'empty' | 'partial' | 'complete' {
  if (found.byTool.length === 0) return 'empty';
  return JSON.stringify(found) === JSON.stringify(expected) ? 'complete' : 'partial';
}

describe('Crashes: kill -9 a writer at random points of an ingest', function () {
  this.timeout(0);
  const ws = useMarkedWorkspace('crashes');
  let expected: LedgerFigures;
  /** Per kind, how long a whole run lasted after creating the data folder: the window kills are drawn from. */
  const window: Record<WriterKind, number> = { cli: 0, host: 0 };

  before(async () => {
    expected = await ingestInProcess(path.join(ws.scratch, 'uninterrupted'), ws.home);
    for (const kind of ['cli', 'host'] as const) {
      const outcome = await runAndKill(kind, path.join(ws.scratch, `calibrate-${kind}`), ws.home, 60_000);
      assert.equal(outcome.killed, false);
      if (!outcome.killed) window[kind] = Math.max(outcome.ranMs, 1);
    }
    console.log(`      crashes: ${TRIALS} trials, seed ${SEED} (replay with TOKENWISE_CRASH_SEED=${SEED}); a run lasts ~${Math.round(window.cli)} ms (CLI), ~${Math.round(window.host)} ms (host-style) after creating the data folder`);
  });

  it(`every trial (${TRIALS}): the ledger loads after the kill, and one more ingest makes the totals exact`, async () => {
    const random = seededRandom(SEED);
    const leftBehind = { empty: 0, partial: 0, complete: 0 };
    let retries = 0;
    for (let trial = 1; trial <= TRIALS; trial++) {
      const kind: WriterKind = trial % 2 === 0 ? 'cli' : 'host';
      const dataDir = path.join(ws.scratch, `trial-${trial}`);
      let outcome: KillOutcome | undefined;
      let ceiling = window[kind];
      for (let attempt = 1; attempt <= ATTEMPTS_PER_TRIAL; attempt++) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        outcome = await runAndKill(kind, dataDir, ws.home, Math.floor(random() * ceiling));
        if (outcome.killed) break;
        // It finished first: the machine was faster this time. Aim inside the run it just had.
        retries++;
        window[kind] = outcome.ranMs;
        ceiling = Math.max(1, outcome.ranMs * 0.9);
      }
      const context = `trial ${trial} (seed ${SEED}, ${kind} writer)`;
      assert.ok(outcome?.killed, `${context}: the writer finished before every one of ${ATTEMPTS_PER_TRIAL} kills`);

      let afterKill: LedgerFigures;
      try {
        afterKill = figuresOnDisk(dataDir);
      } catch (error) {
        assert.fail(`${context}, killed ${outcome.afterMs} ms in: the ledger does not load: ${String(error)}`);
      }
      leftBehind[classify(afterKill, expected)]++;
      assert.deepEqual(findMarkers(dataDir, [MARKER_STEM]), [], `${context}: text from the logs in the data folder the kill left`);
      const repaired = await ingestInProcess(dataDir, ws.home);
      assert.deepEqual(repaired, expected, `${context}, killed ${outcome.afterMs} ms in: totals after one more ingest`);
      assert.deepEqual(figuresOnDisk(dataDir), expected, `${context}: totals on disk after one more ingest`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    console.log(`      ${TRIALS} kills survived; the ledger held nothing yet ${leftBehind.empty}×, part of the data ${leftBehind.partial}×, all of it ${leftBehind.complete}× (${retries} runs finished before their kill and were repeated)`);
    assert.ok(leftBehind.partial > 0, 'some kills must land in the middle of writing, or this test proves little');
  });
});
