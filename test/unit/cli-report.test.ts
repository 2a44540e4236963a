import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { ReportDependencies } from '../../src/cli/reportCommand';
import { report } from './helpers/reportCommand';
import type { UsageRecord } from '../../src/core/usage/types';
import { editLine, FakeSourceReader, usageLine } from './ledger/support/fakeSource';
import { useLedgerWorkspace } from './ledger/support/workspace';
import { runTokenwise } from './helpers/cli';

const price = (record: UsageRecord): number | undefined => (record.model === 'model-a' ? record.inputUncached * 0.001 + record.output * 0.002 : undefined);

describe('tokenwise report (command logic over a fake source)', () => {
  const ws = useLedgerWorkspace('cli-report');
  const deps = (): ReportDependencies => ({ readers: () => [new FakeSourceReader(path.join(ws.dir, 'nowhere'))], price, env: {}, homeDir: ws.dir, platform: process.platform });

  function writeLogs(): void {
    fs.writeFileSync(
      path.join(ws.source, 'a.jsonl'),
      usageLine('k1', Date.parse('2026-03-10T23:30:00Z'), { in: 100, out: 10, cw: 7, cr: 50 }) +
        usageLine('k2', Date.parse('2026-03-10T08:00:00Z'), { in: 1, out: 1 }, 'model-z') +
        usageLine('k1', Date.parse('2026-03-10T23:30:00Z'), { in: 100, out: 10, cw: 7, cr: 50 }) +
        editLine('e1', Date.parse('2026-03-10T08:01:00Z'), 'accepted') +
        editLine('e2', Date.parse('2026-03-10T08:02:00Z'), 'rejected'),
    );
  }

  it('prints exactly the documented JSON shape', async () => {
    writeLogs();
    const { code, stdout } = await report(['--json', '--claude-dir', ws.source, '--data-dir', ws.dataDir, '--timezone', 'Europe/Berlin'], deps());
    assert.equal(code, 0);
    const parsed: unknown = JSON.parse(stdout);
    assert.deepEqual(parsed, {
      by: 'day',
      rows: [
        { key: '2026-03-10', inputTokens: 1, outputTokens: 1, cacheWriteTokens: 0, cacheReadTokens: 0, totalTokens: 2, costUSD: 0, models: ['model-z'], acceptedEdits: 1, rejectedEdits: 1 },
        { key: '2026-03-11', inputTokens: 100, outputTokens: 10, cacheWriteTokens: 7, cacheReadTokens: 50, totalTokens: 167, costUSD: 0.12, models: ['model-a'], acceptedEdits: 0, rejectedEdits: 0 },
      ],
      totals: { inputTokens: 101, outputTokens: 11, cacheWriteTokens: 7, cacheReadTokens: 50, totalTokens: 169, costUSD: 0.12, models: ['model-a', 'model-z'], acceptedEdits: 1, rejectedEdits: 1 },
      unpriced: ['model-z'],
      warnings: [],
    });
    assert.deepEqual(Object.keys((parsed as { rows: object[] }).rows[0]), ['key', 'inputTokens', 'outputTokens', 'cacheWriteTokens', 'cacheReadTokens', 'totalTokens', 'costUSD', 'models', 'acceptedEdits', 'rejectedEdits']);
    assert.ok(fs.existsSync(path.join(ws.dataDir, 'ledger')), 'the default run keeps a ledger');
  });

  it('prints a table, and with --no-ledger leaves the data folder alone', async () => {
    writeLogs();
    const { code, stdout } = await report(['--by', 'model', '--claude-dir', ws.source, '--data-dir', ws.dataDir, '--no-ledger', '--timezone', 'UTC'], deps());
    assert.equal(code, 0);
    assert.match(stdout, /^Model\s+Input/);
    assert.match(stdout, /^model-a\s+100\s+10\s+7\s+50\s+167\s+\$0\.12/m);
    assert.match(stdout, /No price known for: model-z/);
    assert.equal(fs.existsSync(ws.dataDir), false);
  });

  it('says where it looked when there is no usage anywhere, and exits 0', async () => {
    const empty = await report(['--data-dir', ws.dataDir], { ...deps(), candidateLocations: (tool, options) => [`${options.homeDir}/.${tool}`] });
    assert.equal(empty.code, 0);
    assert.match(empty.stdout, /No AI usage found yet\.\n {2}Fake Tool: no log folder found \(looked for .*\.claude-code\)/);
    const json = await report(['--json', '--claude-dir', ws.source, '--data-dir', ws.dataDir], deps());
    const parsed = JSON.parse(json.stdout) as { rows: unknown[]; warnings: string[] };
    assert.deepEqual(parsed.rows, []);
    assert.match(parsed.warnings[0], new RegExp(`Fake Tool: looked in ${ws.source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('exits 2 on usage errors and 1 on unreadable folders, with a clear message', async () => {
    const cases: [string[], number, RegExp][] = [
      [['--frobnicate'], 2, /Unknown option '--frobnicate'/],
      [['--since', '2026-13-01'], 2, /--since '2026-13-01' is not a date/],
      [['--since', '2026-03-02', '--until', '2026-03-01'], 2, /--since 2026-03-02 is after --until 2026-03-01/],
      [['--timezone', 'Mars/Olympus'], 2, /unknown time zone 'Mars\/Olympus'/],
      [['--by', 'hour'], 2, /--by must be one of day, week, month, model, project, tool/],
      [['--tool', 'claude-code,vim'], 2, /unknown tool 'vim'/],
      [['--claude-dir', '/definitely/not/here'], 1, /cannot read --claude-dir \/definitely\/not\/here: ENOENT/],
    ];
    for (const [args, expectedCode, message] of cases) {
      const { code, stderr } = await report([...args, '--data-dir', ws.dataDir], deps());
      assert.equal(code, expectedCode, args.join(' '));
      assert.match(stderr, message);
    }
    assert.equal(fs.existsSync(ws.dataDir), false, 'nothing is written when the arguments are wrong');
  });

  it('reads only the sources named by --*-dir flags', async () => {
    writeLogs();
    const otherTool = new FakeSourceReader(ws.source);
    Object.defineProperty(otherTool, 'tool', { value: 'codex' });
    const { stdout } = await report(['--json', '--gemini-dir', ws.dir, '--data-dir', ws.dataDir], { ...deps(), readers: () => [new FakeSourceReader(ws.source), otherTool] });
    assert.deepEqual((JSON.parse(stdout) as { rows: unknown[] }).rows, [], 'neither Claude Code nor Codex was named');
  });
});

describe('tokenwise report (the built CLI on the readers’ fixtures)', () => {
  const ws = useLedgerWorkspace('cli-built');
  const fixtures = path.resolve(__dirname, '..', 'fixtures', 'sources');
  const claudeArgs = ['--claude-dir', path.join(fixtures, 'claude-code', 'home', '.claude'), '--claude-dir', path.join(fixtures, 'claude-code', 'home', '.config', 'claude')];

  it('reports the Claude Code fixtures by model, and a second run over the kept ledger counts nothing twice', () => {
    const args = ['report', '--json', '--by', 'model', '--timezone', 'UTC', '--data-dir', ws.dataDir, ...claudeArgs];
    const first = runTokenwise(args);
    assert.equal(first.code, 0, first.stderr);
    const again = runTokenwise(args);
    assert.equal(again.stdout, first.stdout);
    const parsed = JSON.parse(first.stdout) as { rows: { key: string; inputTokens: number; outputTokens: number; cacheWriteTokens: number; cacheReadTokens: number }[]; totals: { inputTokens: number; outputTokens: number; cacheWriteTokens: number; cacheReadTokens: number; acceptedEdits: number; rejectedEdits: number }; unpriced: string[] };
    // The fixture README's deduplicated totals: uncached 20146, writes 2762 + 1500, reads 173912, output 2988.
    assert.deepEqual(
      { input: parsed.totals.inputTokens, cacheWrite: parsed.totals.cacheWriteTokens, cacheRead: parsed.totals.cacheReadTokens, output: parsed.totals.outputTokens, accepted: parsed.totals.acceptedEdits, rejected: parsed.totals.rejectedEdits },
      { input: 20146, cacheWrite: 4262, cacheRead: 173912, output: 2988, accepted: 3, rejected: 1 },
    );
    assert.deepEqual(parsed.rows.map((row) => row.key).sort(), ['claude-haiku-4-5-20251001', 'claude-opus-4-5-20251101', 'claude-sonnet-4-5-20250929']);
    assert.deepEqual(parsed.unpriced, []);
  });

  it('reads an OpenCode database through the bundled sql.js (its network loaders patched out)', () => {
    const env = { PATH: process.env.PATH ?? '', HOME: path.join(fixtures, 'opencode', 'home'), TZ: 'UTC' };
    const result = runTokenwise(['report', '--json', '--no-ledger', '--tool', 'opencode', '--by', 'tool'], { env });
    assert.equal(result.code, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as { rows: { key: string; totalTokens: number }[] };
    assert.deepEqual(parsed.rows.map((row) => row.key), ['opencode']);
    assert.ok(parsed.rows[0].totalTokens > 0);
  });

  it('exits 2 for an unknown flag and 0 with a friendly message on an empty machine', () => {
    const unknown = runTokenwise(['report', '--colour']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown option '--colour'/);
    const emptyHome = path.join(ws.dir, 'home');
    fs.mkdirSync(emptyHome);
    const env = { PATH: process.env.PATH ?? '', HOME: emptyHome, USERPROFILE: emptyHome, TOKENWISE_DATA_DIR: ws.dataDir };
    const empty = runTokenwise(['report'], { env });
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(empty.stdout, /No AI usage found yet\./);
    assert.match(empty.stdout, /Claude Code: no log folder found \(looked for .*\.claude/);
  });
});
