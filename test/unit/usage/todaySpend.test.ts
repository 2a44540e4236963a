import * as assert from 'node:assert/strict';
import { summariseToday, todaySpendText, todaySpendTooltip } from '../../../src/core/usage/todaySpend';
import type { UsageRecord } from '../../../src/core/usage/types';
import { record } from '../trends/records';

// A flat price of $1 per million tokens for known models; 'mystery' has no price.
const price = (r: UsageRecord): number | undefined => (r.model === 'mystery' ? undefined : (r.inputUncached + r.output + r.cacheRead + r.cacheWrite5m + r.cacheWrite1h) / 1_000_000);
const labels: Record<string, string> = { 'claude-code': 'Claude Code', codex: 'Codex' };
const toolLabel = (tool: string): string => labels[tool] ?? tool;

describe('today spend', () => {
  const records = [
    record('2026-03-11T09:00:00Z', 'claude-code', 'claude-sonnet-4-5', '/p', { inputUncached: 1_000_000, output: 1_000_000 }),
    record('2026-03-11T10:00:00Z', 'codex', 'gpt-5', '/p', { inputUncached: 500_000 }),
    record('2026-03-11T11:00:00Z', 'codex', 'mystery', '/p', { output: 3_000 }),
    // 23:30 UTC on the 10th is already the 11th in Berlin (UTC+1), but not in UTC.
    record('2026-03-10T23:30:00Z', 'claude-code', 'claude-sonnet-4-5', '/p', { inputUncached: 4_000_000 }),
  ];
  const nowMs = Date.parse('2026-03-11T12:00:00Z');

  it('sums the local day only, prices what it can and breaks it down by tool and model', () => {
    const spend = summariseToday(records, { price, timeZone: 'UTC', nowMs, toolLabel });
    assert.equal(spend.date, '2026-03-11');
    assert.equal(spend.records, 3);
    assert.equal(spend.tokens, 2_503_000);
    assert.equal(spend.unpricedTokens, 3_000);
    assert.ok(Math.abs(spend.costUSD - 2.5) < 1e-9);
    assert.deepEqual(
      spend.byTool.map((line) => [line.name, line.tokens, line.unpricedTokens]),
      [
        ['Claude Code', 2_000_000, 0],
        ['Codex', 503_000, 3_000],
      ],
    );
    assert.deepEqual(
      spend.byModel.map((line) => line.name),
      ['claude-sonnet-4-5', 'gpt-5', 'mystery'],
    );
  });

  it('uses the given time zone for the day boundary', () => {
    const spend = summariseToday(records, { price, timeZone: 'Europe/Berlin', nowMs, toolLabel });
    assert.equal(spend.records, 4);
    assert.equal(spend.tokens, 6_503_000);
  });

  it('formats the status bar text with cost and tokens', () => {
    const spend = summariseToday(records, { price, timeZone: 'UTC', nowMs, toolLabel });
    assert.equal(todaySpendText(spend), '$(pulse) $2.50 · 2.5M tok today');
  });

  it('the tooltip names tools, models, folders and says the cost is API-equivalent', () => {
    const spend = summariseToday(records, { price, timeZone: 'UTC', nowMs, toolLabel });
    const tooltip = todaySpendTooltip(spend, ['/home/me/.claude/projects']);
    assert.match(tooltip, /\*\*Today \(2026-03-11\)\*\*: \$2\.50 API-equivalent, 2\.5M tokens in 3 responses \(3,000 tokens of models without a known price not included\)/);
    assert.match(tooltip, /\| Claude Code \| \$2\.00 \| 2M \|/);
    assert.match(tooltip, /\| mystery \| unpriced \| 3,000 \|/);
    assert.match(tooltip, /claude\\-sonnet\\-4\\-5/, 'model names are escaped for Markdown');
    assert.match(tooltip, /- `\/home\/me\/\.claude\/projects`/);
    assert.match(tooltip, /subscription plan you do not pay per token/);
  });

  it('says so when there is no usage today, or none at all', () => {
    const quiet = summariseToday(records, { price, timeZone: 'UTC', nowMs: Date.parse('2026-03-20T12:00:00Z'), toolLabel });
    assert.equal(quiet.records, 0);
    assert.equal(todaySpendText(quiet), '$(pulse) $0.00 · 0 tok today');
    assert.match(todaySpendTooltip(quiet, ['/x']), /no AI usage today \(2026-03-20\)/);
    assert.match(todaySpendTooltip(undefined, []), /no AI usage found yet[\s\S]*No AI tool log folders were found/);
  });
});
