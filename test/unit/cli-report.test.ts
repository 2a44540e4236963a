import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runReport, type ReportDependencies } from '../../src/cli/reportCommand';
import type { UsageRecord } from '../../src/core/usage/types';
import { editLine, FakeSourceReader, usageLine } from './ledger/support/fakeSource';
import { useLedgerWorkspace } from './ledger/support/workspace';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function report(args: string[], deps: ReportDependencies): Promise<Captured> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runReport(args, { stdout, stderr, stdin: new PassThrough() }, deps);
  return { code, stdout: out, stderr: err };
}

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
