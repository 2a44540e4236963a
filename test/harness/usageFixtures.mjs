// Synthetic AI-tool logs for the integration suite, written at run time with timestamps of TODAY (local time),
// so the "today" and "this week" figures the tests expect are known whatever day the suite runs. The
// extension host gets a fake HOME and the tools' *_HOME variables pointing here, so no test reads the
// machine's real ~/.claude, ~/.codex, editor storage or data folder.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A moment of today that is safely after local midnight and not in the future. */
export function todayMoment(offsetSeconds) {
  const now = Date.now();
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  return new Date(Math.max(midnight.getTime() + 60_000 + offsetSeconds * 1000, now - 10 * 60_000 + offsetSeconds * 1000));
}

/** One Claude Code assistant line carrying a usage block. */
export function claudeUsageLine({ messageId, timestamp, input, cacheWrite5m, cacheRead, output }) {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd: '/home/tester/src/shop',
    sessionId: '5b0c2f5e-0000-4000-8000-000000000001',
    version: '2.0.14',
    timestamp,
    type: 'assistant',
    requestId: `req_${messageId}`,
    uuid: `u-${messageId}`,
    message: {
      id: messageId,
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: 'synthetic' }],
      usage: { input_tokens: input, cache_creation_input_tokens: cacheWrite5m, cache_read_input_tokens: cacheRead, cache_creation: { ephemeral_5m_input_tokens: cacheWrite5m, ephemeral_1h_input_tokens: 0 }, output_tokens: output, service_tier: 'standard' },
    },
  });
}

/** One Codex session (rollout file content) with a single response; `input` includes the `cached` tokens. */
export function codexRollout(timestamp, { sessionId = '0199c0de-0000-7000-8000-000000000001', cwd = '/home/tester/src/api', input = 12000, cached = 9000, output = 300, reasoning = 100 } = {}) {
  const usage = { input_tokens: input, cached_input_tokens: cached, output_tokens: output, reasoning_output_tokens: reasoning, total_tokens: input + output };
  return [
    { timestamp, type: 'session_meta', payload: { id: sessionId, timestamp, cwd, originator: 'codex_cli_rs', cli_version: '0.44.0' } },
    { timestamp, type: 'turn_context', payload: { cwd, approval_policy: 'on-request', model: 'gpt-5-codex', effort: 'medium' } },
    { timestamp, type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: usage, last_token_usage: usage, model_context_window: 272000 } } },
  ]
    .map((line) => JSON.stringify(line))
    .join('\n');
}

/** Codex keeps each session under sessions/YYYY/MM/DD of its local start date. */
export function codexSessionFolder(codexHome, moment) {
  return path.join(codexHome, 'sessions', String(moment.getFullYear()), String(moment.getMonth() + 1).padStart(2, '0'), String(moment.getDate()).padStart(2, '0'));
}

/**
 * Writes the logs and returns the environment for the server plus what the tests need to know.
 * Figures (tokens = uncached input + cache writes + cache reads + output):
 *   Claude Code, claude-sonnet-4-5-20250929: 4 + 812 + 21450 + 143 = 22,409 tokens
 *   Codex, gpt-5-codex: 3,000 uncached + 9,000 cached + 300 output = 12,300 tokens
 */
export function writeUsageFixtures() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-usage-'));
  const home = path.join(root, 'home');
  const claudeDir = path.join(root, 'claude');
  const codexHome = path.join(root, 'codex');
  const geminiHome = path.join(root, 'gemini');
  const dataDir = path.join(root, 'data');
  for (const dir of [home, geminiHome, dataDir]) mkdirSync(dir, { recursive: true });

  const claudeProject = path.join(claudeDir, 'projects', '-home-tester-src-shop');
  mkdirSync(claudeProject, { recursive: true });
  const claudeLog = path.join(claudeProject, '5b0c2f5e-0000-4000-8000-000000000001.jsonl');
  writeFileSync(claudeLog, claudeUsageLine({ messageId: 'msg_T1', timestamp: todayMoment(0).toISOString(), input: 4, cacheWrite5m: 812, cacheRead: 21450, output: 143 }) + '\n');

  const codexDay = codexSessionFolder(codexHome, todayMoment(0));
  mkdirSync(codexDay, { recursive: true });
  writeFileSync(path.join(codexDay, 'rollout-2026-01-01T00-00-00-0199c0de-0000-7000-8000-000000000001.jsonl'), codexRollout(todayMoment(5).toISOString()) + '\n');

  return {
    root,
    env: {
      HOME: home,
      CLAUDE_CONFIG_DIR: claudeDir,
      CODEX_HOME: codexHome,
      GEMINI_CLI_HOME: geminiHome,
      TOKENWISE_DATA_DIR: dataDir,
      // The line the test appends to the Claude Code log: 10 uncached input + 990 output tokens, dated today.
      TOKENWISE_TEST_USAGE: JSON.stringify({
        claudeLog,
        claudeDir,
        codexHome,
        dataDir,
        appendLine: claudeUsageLine({ messageId: 'msg_T2', timestamp: todayMoment(20).toISOString(), input: 10, cacheWrite5m: 0, cacheRead: 0, output: 990 }),
        // Appended without a refresh, to check the file watcher: 20 uncached input + 80 output tokens.
        watchLine: claudeUsageLine({ messageId: 'msg_T3', timestamp: todayMoment(30).toISOString(), input: 20, cacheWrite5m: 0, cacheRead: 0, output: 80 }),
      }),
    },
  };
}
