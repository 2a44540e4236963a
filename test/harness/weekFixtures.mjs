// Synthetic Claude Code and Codex logs for the weekly-trends UI test: responses with known figures dated in the
// current ISO week (local time) and in the previous one, written to a temporary CLAUDE_CONFIG_DIR and
// CODEX_HOME. The responses are returned as plain numbers so a test can compute the week's totals and cost
// itself, without Tokenwise's code.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { claudeUsageLine, codexRollout, codexSessionFolder, todayMoment } from './usageFixtures.mjs';


/** Local midnight of this week's Monday (ISO weeks start on Monday). */
function thisMonday(now = new Date()) {
  const monday = new Date(now);
  monday.setHours(0, 0, 0, 0);
  monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7));
  return monday;
}

/** `days` after `base` (calendar days, so a DST change in between does not shift the hour), at `hour`:00 local. */
function dayAt(base, days, hour) {
  const moment = new Date(base);
  moment.setDate(moment.getDate() + days);
  moment.setHours(hour, 0, 0, 0);
  return moment;
}

/** YYYY-MM-DD of a moment in local time. */
export function localDate(moment) {
  return `${moment.getFullYear()}-${String(moment.getMonth() + 1).padStart(2, '0')}-${String(moment.getDate()).padStart(2, '0')}`;
}

/**
 * The responses, in the tools' own terms. `input` is the UNCACHED prompt tokens for both tools (the Codex line
 * is written with input_tokens = input + cacheRead, as Codex logs it); Codex never writes to a cache.
 */
function weekResponses() {
  const monday = thisMonday();
  const earlierThisWeek = dayAt(monday, 0, 9);
  // On a Monday morning, "earlier this week" has not happened yet: use today instead (still this week).
  const thisWeekEarly = earlierThisWeek.getTime() < Date.now() - 10 * 60_000 ? earlierThisWeek : todayMoment(10);
  return [
    { tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', id: 'msg_W1', moment: todayMoment(0), input: 1200, cacheWrite: 3000, cacheRead: 40000, output: 2500 },
    { tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', id: 'msg_W2', moment: thisWeekEarly, input: 800, cacheWrite: 0, cacheRead: 10000, output: 1500 },
    { tool: 'codex', model: 'gpt-5-codex', id: '0199c0de-0000-7000-8000-0000000000a1', moment: todayMoment(20), input: 5000, cacheWrite: 0, cacheRead: 15000, output: 1200 },
    { tool: 'claude-code', model: 'claude-sonnet-4-5-20250929', id: 'msg_L1', moment: dayAt(monday, -5, 12), input: 100, cacheWrite: 500, cacheRead: 5000, output: 700 },
    { tool: 'codex', model: 'gpt-5-codex', id: '0199c0de-0000-7000-8000-0000000000b1', moment: dayAt(monday, -4, 12), input: 6000, cacheWrite: 0, cacheRead: 2000, output: 600 },
  ];
}

/**
 * Writes the logs; returns the folders, the responses, and the local dates of this week's and last week's Mondays.
 * The Claude lines share one session file; each Codex response is its own session under its local date.
 */
export function writeWeekFixtures() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-week-'));
  const claudeDir = path.join(root, 'claude');
  const codexHome = path.join(root, 'codex');
  const responses = weekResponses();
  const claudeProject = path.join(claudeDir, 'projects', '-home-tester-src-shop');
  mkdirSync(claudeProject, { recursive: true });
  const claudeLines = responses
    .filter((response) => response.tool === 'claude-code')
    .map((response) => claudeUsageLine({ messageId: response.id, timestamp: response.moment.toISOString(), input: response.input, cacheWrite5m: response.cacheWrite, cacheRead: response.cacheRead, output: response.output }));
  writeFileSync(path.join(claudeProject, '5b0c2f5e-0000-4000-8000-000000000001.jsonl'), claudeLines.join('\n') + '\n');
  for (const response of responses.filter((entry) => entry.tool === 'codex')) {
    const folder = codexSessionFolder(codexHome, response.moment);
    mkdirSync(folder, { recursive: true });
    const content = codexRollout(response.moment.toISOString(), { sessionId: response.id, input: response.input + response.cacheRead, cached: response.cacheRead, output: response.output, reasoning: 0 });
    writeFileSync(path.join(folder, `rollout-${localDate(response.moment)}T12-00-00-${response.id}.jsonl`), content + '\n');
  }
  const monday = thisMonday();
  return {
    root,
    claudeDir,
    codexHome,
    responses: responses.map((response) => ({ ...response, moment: response.moment.toISOString(), date: localDate(response.moment) })),
    thisWeekStart: localDate(monday),
    lastWeekStart: localDate(dayAt(monday, -7, 0)),
    today: localDate(new Date()),
  };
}
