/**
 * Today's API-equivalent spend for the status bar: the records of the current local day summed, priced and
 * broken down by tool and by model, plus the text and Markdown tooltip that show it. Pure: no VS Code.
 */
import { formatTokens, formatUSD } from '../format';
import { localDateOf } from '../trends/calendar';
import type { UsageRecord } from './types';

export type PriceRecord = (record: UsageRecord) => number | undefined;

export interface SpendLine {
  /** Tool label or model id. */
  name: string;
  /** Sum over the priced records only. */
  costUSD: number;
  tokens: number;
  /** Tokens of records that could not be priced (unknown model). */
  unpricedTokens: number;
}

export interface TodaySpend {
  /** Local date `YYYY-MM-DD`. */
  date: string;
  costUSD: number;
  tokens: number;
  unpricedTokens: number;
  records: number;
  byTool: SpendLine[];
  byModel: SpendLine[];
}

export function recordTokens(record: UsageRecord): number {
  return record.inputUncached + record.cacheWrite5m + record.cacheWrite1h + record.cacheRead + record.output;
}

function addTo(lines: Map<string, SpendLine>, name: string, cost: number | undefined, tokens: number): void {
  let line = lines.get(name);
  if (line === undefined) {
    line = { name, costUSD: 0, tokens: 0, unpricedTokens: 0 };
    lines.set(name, line);
  }
  line.tokens += tokens;
  if (cost === undefined) line.unpricedTokens += tokens;
  else line.costUSD += cost;
}

/** Largest cost first, then most tokens, then by name, so the order is stable. */
function sorted(lines: Map<string, SpendLine>): SpendLine[] {
  return [...lines.values()].sort((a, b) => b.costUSD - a.costUSD || b.tokens - a.tokens || a.name.localeCompare(b.name));
}

/** Sums the records whose local day (in `timeZone`) is the day of `nowMs`. */
export function summariseToday(records: Iterable<UsageRecord>, options: { price: PriceRecord; timeZone: string; nowMs: number; toolLabel: (tool: string) => string }): TodaySpend {
  const date = localDateOf(options.nowMs, options.timeZone);
  const byTool = new Map<string, SpendLine>();
  const byModel = new Map<string, SpendLine>();
  let costUSD = 0;
  let tokens = 0;
  let unpricedTokens = 0;
  let count = 0;
  for (const record of records) {
    if (localDateOf(record.timestampMs, options.timeZone) !== date) continue;
    const recordCost = options.price(record);
    const recordTokenCount = recordTokens(record);
    count++;
    tokens += recordTokenCount;
    if (recordCost === undefined) unpricedTokens += recordTokenCount;
    else costUSD += recordCost;
    addTo(byTool, options.toolLabel(record.tool), recordCost, recordTokenCount);
    addTo(byModel, record.model, recordCost, recordTokenCount);
  }
  return { date, costUSD, tokens, unpricedTokens, records: count, byTool: sorted(byTool), byModel: sorted(byModel) };
}

/** The status bar text, e.g. `$(pulse) $3.42 · 1.2M tok today`. */
export function todaySpendText(spend: TodaySpend): string {
  return `$(pulse) ${formatUSD(spend.costUSD)} · ${formatTokens(spend.tokens)} tok today`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (character) => `\\${character}`);
}

function spendCell(line: Pick<SpendLine, 'costUSD' | 'tokens' | 'unpricedTokens'>): string {
  const cost = line.unpricedTokens === line.tokens && line.tokens > 0 ? 'unpriced' : formatUSD(line.costUSD);
  return `${cost} | ${formatTokens(line.tokens)}`;
}

function table(heading: string, lines: readonly SpendLine[]): string[] {
  if (lines.length === 0) return [];
  return [`| ${heading} | Cost | Tokens |`, '|:--|--:|--:|', ...lines.map((line) => `| ${escapeMarkdown(line.name)} | ${spendCell(line)} |`), ''];
}

/**
 * The Markdown tooltip: totals, the breakdown by tool and by model, the folders the data came from, and the
 * reminder that the cost is what the API would have charged (subscription plans do not pay per token).
 */
export function todaySpendTooltip(spend: TodaySpend | undefined, foldersRead: readonly string[]): string {
  const lines: string[] = [];
  if (spend === undefined || spend.records === 0) {
    lines.push(spend === undefined ? '**Tokenwise**: no AI usage found yet.' : `**Tokenwise**: no AI usage today (${spend.date}).`, '');
  } else {
    const unpriced = spend.unpricedTokens > 0 ? ` (${formatTokens(spend.unpricedTokens)} tokens of models without a known price not included)` : '';
    lines.push(`**Today (${spend.date})**: ${formatUSD(spend.costUSD)} API-equivalent, ${formatTokens(spend.tokens)} tokens in ${spend.records} responses${unpriced}.`, '');
    lines.push(...table('Tool', spend.byTool), ...table('Model', spend.byModel));
  }
  lines.push('Cost is API-equivalent: what the tokens would cost at API list prices. On a subscription plan you do not pay per token.', '');
  if (foldersRead.length === 0) lines.push('No AI tool log folders were found on this machine.');
  else lines.push('Read from:', '', ...foldersRead.map((folder) => `- \`${folder.replace(/`/g, "'")}\``));
  lines.push('', 'Click to open Weekly Trends.');
  return lines.join('\n');
}
