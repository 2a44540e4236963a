import * as assert from 'node:assert/strict';
import type { ToolIngestSummary } from '../../../src/core/ledger/ingest';
import { ingestMessage } from '../../../src/core/usage/ingestMessage';
import { validateRetentionDays } from '../../../src/core/usage/retention';

function summary(displayName: string, figures: Partial<ToolIngestSummary>): ToolIngestSummary {
  return { tool: 'claude-code', displayName, roots: [], filesSeen: 0, filesRead: 0, newRecords: 0, updatedRecords: 0, newEdits: 0, malformed: 0, skippedRolledUp: 0, warnings: [], ...figures };
}

describe('ingestMessage', () => {
  it('lists each tool with logs, sums tools read by two readers, names tools without logs and counts warnings', () => {
    const message = ingestMessage([
      summary('Claude Code', { filesSeen: 3, newRecords: 12, malformed: 1, warnings: ['a'] }),
      summary('Kilo Code', { filesSeen: 1, newRecords: 2 }),
      summary('Kilo Code', { filesSeen: 1, newRecords: 0, warnings: ['b', 'c'] }),
      summary('Codex', {}),
    ]);
    assert.equal(message.warnings, 3);
    assert.equal(message.text, 'Tokenwise usage refreshed. Claude Code: 3 files, 12 new records, 1 malformed entry; Kilo Code: 2 files, 2 new records. No logs for Codex. 3 warnings (see the log).');
  });

  it('says plainly when nothing was found', () => {
    assert.equal(ingestMessage([summary('Claude Code', {}), summary('Codex', {})]).text, 'Tokenwise found no AI tool logs. Looked for Claude Code, Codex.');
  });
});

describe('validateRetentionDays', () => {
  it('accepts whole days in range and null (keep everything)', () => {
    assert.deepEqual(validateRetentionDays(90), { days: 90 });
    assert.deepEqual(validateRetentionDays(null), { days: null });
    assert.deepEqual(validateRetentionDays(undefined), { days: 400 });
  });

  it('falls back to the default with a message for absurd values', () => {
    for (const value of [0, -5, 3, 1.5, 100_000, '90', Number.NaN]) {
      const choice = validateRetentionDays(value);
      assert.equal(choice.days, 400, String(value));
      assert.match(choice.problem ?? '', /tokenwise\.retentionDays must be a whole number of days from 30 to 36500/);
    }
  });
});
