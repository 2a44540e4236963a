import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { ReportDependencies } from '../../src/cli/reportCommand';
import { report } from './helpers/reportCommand';
import type { UsageRecord } from '../../src/core/usage/types';
import { commitAs, git, lines, ANA, BO } from './git/support';
import { editLine, FakeSourceReader, usageLine } from './ledger/support/fakeSource';
import { useLedgerWorkspace } from './ledger/support/workspace';

/** $1 per 1,000 tokens. */
const price = (record: UsageRecord): number => (record.inputUncached + record.cacheWrite5m + record.cacheWrite1h + record.cacheRead + record.output) / 1000;

interface EfficiencyJsonRow {
  key: string;
  totalTokens: number;
  costUSD: number;
  acceptedEdits: number;
  rejectedEdits: number;
  acceptedLinesAdded: number;
  acceptedLinesRemoved: number;
  commits: number | null;
  tokensPerAcceptedEdit: number | null;
  costPerAcceptedEditUSD: number | null;
  acceptanceRate: number | null;
  cacheReuse: number | null;
}

describe('tokenwise report --efficiency (fake source, a git repository built by the test)', () => {
  const ws = useLedgerWorkspace('cli-efficiency');
  const deps = (): ReportDependencies => ({ readers: () => [new FakeSourceReader(path.join(ws.dir, 'nowhere'))], price, env: {}, homeDir: ws.dir, platform: process.platform });

  function setUp(): string {
    const repo = path.join(ws.dir, 'shop');
    fs.mkdirSync(repo);
    git(repo, ['init', '-q', '-b', 'main']);
    fs.writeFileSync(path.join(repo, 'a.ts'), lines(4, 'a'));
    commitAs(repo, ANA, '2026-03-10T12:00:00Z', 'a'); // +4 −0
    fs.writeFileSync(path.join(repo, 'a.ts'), lines(3, 'a') + lines(2, 'b'));
    commitAs(repo, ANA, '2026-03-11T12:00:00Z', 'b'); // line 4 replaced, one added: +2 −1
    fs.writeFileSync(path.join(repo, 'c.ts'), lines(9, 'c'));
    commitAs(repo, BO, '2026-03-11T13:00:00Z', 'c'); // Bo's: not counted
    fs.writeFileSync(path.join(repo, 'd.ts'), lines(1, 'd'));
    commitAs(repo, ANA, '2026-03-12T12:00:00Z', 'd'); // +1, a day without AI use
    fs.writeFileSync(
      path.join(ws.source, 'a.jsonl'),
      usageLine('k1', Date.parse('2026-03-10T10:00:00Z'), { in: 100, out: 10, cr: 890 }, 'model-a', repo) + // 1,000 tokens, $1
        usageLine('k2', Date.parse('2026-03-11T10:00:00Z'), { in: 50, out: 50 }, 'model-a', repo) + // 100 tokens, $0.10
        editLine('e1', Date.parse('2026-03-10T10:01:00Z'), 'accepted') + // each fake edit is +1 −1
        editLine('e2', Date.parse('2026-03-10T10:02:00Z'), 'accepted') +
        editLine('e3', Date.parse('2026-03-11T10:01:00Z'), 'rejected'),
    );
    return repo;
  }

  it('adds accepted lines, commits and the ratios to each JSON row; totals equal the sum of the rows', async () => {
    setUp();
    const { code, stdout, stderr } = await report(['--json', '--efficiency', '--author', 'ANA@example.com', '--claude-dir', ws.source, '--no-ledger', '--timezone', 'UTC'], deps());
    assert.equal(code, 0, stderr);
    const output = JSON.parse(stdout) as { rows: EfficiencyJsonRow[]; totals: EfficiencyJsonRow };
    const pick = (row: EfficiencyJsonRow): unknown[] => [row.key, row.totalTokens, row.acceptedEdits, row.rejectedEdits, row.acceptedLinesAdded, row.acceptedLinesRemoved, row.commits];
    assert.deepEqual(output.rows.map(pick), [
      ['2026-03-10', 1000, 2, 0, 2, 2, 1],
      ['2026-03-11', 100, 0, 1, 0, 0, 1],
      ['2026-03-12', 0, 0, 0, 0, 0, 1], // commits only: a row with no usage
    ]);
    // Two accepted edits and one decision-day are below the default minimum samples: no ratios, no fake precision.
    assert.equal(output.rows[0].tokensPerAcceptedEdit, null);
    assert.equal(output.totals.acceptanceRate, null);
    for (const field of ['totalTokens', 'costUSD', 'acceptedEdits', 'rejectedEdits', 'acceptedLinesAdded', 'acceptedLinesRemoved', 'commits'] as const) {
      const sum = output.rows.reduce((total, row) => total + (row[field] ?? 0), 0);
      assert.ok(Math.abs((output.totals[field] ?? 0) - sum) < 1e-9, `${field}: totals ${output.totals[field]} ≠ rows ${sum}`);
    }
    assert.equal(output.totals.commits, 3);
  });

  it('prints the efficiency table under the usage table, and needs --efficiency for --git-repo/--author', async () => {
    setUp();
    const { code, stdout } = await report(['--efficiency', '--author', 'ana@example.com', '--claude-dir', ws.source, '--no-ledger', '--timezone', 'UTC'], deps());
    assert.equal(code, 0);
    assert.match(stdout, /What it produced\nDate\s+Edits ✓\/✗\s+Lines accepted\s+Commits/);
    assert.match(stdout, /\nTotal\s+2\/1\s+\+2\/−2\s+3\s/);
    const misuse = await report(['--git-repo', ws.dir, '--claude-dir', ws.source, '--no-ledger'], deps());
    assert.equal(misuse.code, 2);
    assert.match(misuse.stderr, /--git-repo and --author only apply with --efficiency/);
  });

  it('reports a named folder that is not a repository as a warning, not a failure', async () => {
    setUp();
    const { code, stderr } = await report(['--efficiency', '--git-repo', path.join(ws.dir, 'source'), '--claude-dir', ws.source, '--no-ledger', '--timezone', 'UTC', '--author', 'ana@example.com'], deps());
    assert.equal(code, 0);
    assert.match(stderr, /warning: commits: .*source is not inside a git repository/);
  });
});
