import * as assert from 'node:assert/strict';
import path from 'node:path';
import { classifyPatchOutput, CodexReader, codexCandidateRoots } from '../../../src/core/sources/codex';
import { dedupEdits, dedupRecords, fixtureHome, linuxOptions, readEverything, RecordingFileAccess, sumTokens } from './helpers';

const CODEX_HOME = path.join(fixtureHome('codex'), '.codex');
const MAIN = path.join(CODEX_HOME, 'sessions', '2025', '10', '03', 'rollout-2025-10-03T08-00-00-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl');
const SUBAGENT = path.join(CODEX_HOME, 'sessions', '2025', '10', '03', 'rollout-2025-10-03T08-05-00-0199a1b9-0000-7aaa-8bbb-2c3d4e5f6a7b.jsonl');
const FORK = path.join(CODEX_HOME, 'sessions', '2025', '10', '04', 'rollout-2025-10-04T09-00-00-0199b2c3-d4e5-7f60-8a9b-1c2d3e4f5a6b.jsonl');
const ARCHIVED_ONLY = path.join(CODEX_HOME, 'archived_sessions', 'rollout-2025-09-20T10-00-00-01998f00-1111-7222-8333-444455556666.jsonl');

describe('Codex reader', () => {
  const reader = new CodexReader();

  describe('where it looks', () => {
    it('defaults to ~/.codex, %USERPROFILE%\\.codex on Windows, and honours CODEX_HOME and overridePaths', () => {
      assert.deepEqual(codexCandidateRoots(linuxOptions('/home/ana')), ['/home/ana/.codex']);
      assert.deepEqual(codexCandidateRoots({ ...linuxOptions('/Users/ana'), platform: 'darwin' }), ['/Users/ana/.codex']);
      assert.deepEqual(
        codexCandidateRoots({ env: { USERPROFILE: 'C:\\Users\\ana' }, homeDir: 'C:\\x', platform: 'win32', overridePaths: [] }),
        ['C:\\Users\\ana\\.codex'],
      );
      assert.deepEqual(codexCandidateRoots(linuxOptions('/home/ana', { CODEX_HOME: '/opt/codex' })), ['/opt/codex']);
      assert.deepEqual(codexCandidateRoots(linuxOptions('/home/ana', { CODEX_HOME: '/opt/codex' }, ['/mine'])), ['/mine']);
    });

    it('finds the Codex home in the fixture and nothing where there is none', async () => {
      assert.deepEqual(await reader.locate(linuxOptions(fixtureHome('codex'))), [CODEX_HOME]);
      assert.deepEqual(await reader.locate(linuxOptions('/nonexistent-home')), []);
      assert.deepEqual(await reader.locate(linuxOptions('/unused', { CODEX_HOME })), [CODEX_HOME]);
    });

    it('lists live and archived rollouts, leaving out the archived twin of a live one', async () => {
      assert.deepEqual(await reader.listFiles(CODEX_HOME), [...[MAIN, SUBAGENT, FORK].sort(), ARCHIVED_ONLY]);
    });

    it('never lists the Codex home nor touches auth.json or history.jsonl', async () => {
      const access = new RecordingFileAccess();
      const results = await readEverything(new CodexReader(access), linuxOptions(fixtureHome('codex')));
      assert.equal(results.size, 4);
      assert.ok(!access.listed.includes(CODEX_HOME));
      for (const touched of access.touched()) {
        assert.ok(!touched.endsWith('auth.json') && !touched.endsWith('history.jsonl') && !touched.endsWith('config.toml'), touched);
      }
    });
  });

  describe('token events', () => {
    it('uses last_token_usage, falls back to the cumulative delta, skips repeats, zeros and rate-limit-only events', async () => {
      const result = await reader.read(MAIN, undefined);
      assert.deepEqual(
        result.records.map((record) => [record.inputUncached, record.cacheRead, record.output, record.reasoning]),
        [
          // last_token_usage 8900 in (6400 cached), 360 out (256 reasoning) → 8900−6400 = 2500 uncached.
          [2500, 6400, 360, 256],
          // last 9300 in (8960 cached) → 340 uncached; the identical repeat of this event is skipped.
          [340, 8960, 250, 128],
          // No last_token_usage: total (30000, 24000, 1010, 500) − previous (18200, 15360, 610, 384)
          // = 11800 in, 8640 cached → 3160 uncached; 400 out, 116 reasoning.
          [3160, 8640, 400, 116],
        ],
      );
      const [first] = result.records;
      assert.equal(first.sessionId, '0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
      assert.equal(first.project, '/home/ana/src/shop');
      assert.equal(first.model, 'gpt-5-codex');
      assert.equal(first.timestampMs, Date.parse('2025-10-03T08:00:05.400Z'));
      assert.deepEqual([first.cacheWrite5m, first.cacheWrite1h, first.costReportedUSD], [0, 0, null]);
      assert.equal(first.dedupKey, '2025-10-03T08:00:05.400Z|8900|6400|360|256|9260');
      // Session sums equal the final cumulative totals: 30000 in = 6000 uncached + 24000 cached; 1010 out.
      assert.deepEqual(sumTokens(result.records), {
        records: 3,
        inputUncached: 6000,
        cacheWrite5m: 0,
        cacheWrite1h: 0,
        cacheRead: 24000,
        output: 1010,
        reasoning: 500,
      });
      // One broken complete line; the half-written last line is left for later.
      assert.equal(result.malformed, 1);
      assert.deepEqual(result.warnings, []);
    });

    it('skips a sub-agent’s replayed parent events but uses their totals as the baseline', async () => {
      const result = await reader.read(SUBAGENT, undefined);
      assert.deepEqual(
        result.records.map((record) => [record.model, record.inputUncached, record.cacheRead, record.output, record.reasoning]),
        [
          // Delta from the replayed baseline (18200, 15360, 610, 384) to (25000, 19000, 900, 400):
          // 6800 in, 3640 cached → 3160 uncached; 290 out; 16 reasoning.
          ['gpt-5-mini', 3160, 3640, 290, 16],
          // last_token_usage 5000 in (4000 cached) → 1000 uncached; 100 out; 50 reasoning.
          ['gpt-5-mini', 1000, 4000, 100, 50],
        ],
      );
    });

    it('prices a session without turn_context as gpt-5 and says so', async () => {
      const result = await reader.read(ARCHIVED_ONLY, undefined);
      assert.deepEqual(result.records.map((record) => [record.model, record.inputUncached, record.output, record.project]), [
        ['gpt-5', 1000, 100, '/home/ana/src/blog'],
      ]);
      assert.equal(result.warnings.length, 1);
      assert.match(result.warnings[0], /priced as gpt-5/);
    });

    it('drops a fork’s copy of its parent’s events across files, keeping the fork’s own turn', async () => {
      const results = await readEverything(reader, linuxOptions(fixtureHome('codex')));
      assert.equal(results.get(FORK)?.records.length, 3);
      const kept = dedupRecords([...results.values()].flatMap((result) => result.records));
      // Main 3 + sub-agent 2 + fork's own 1 + archived-only 1 = 7 distinct requests.
      assert.deepEqual(sumTokens(kept.values()), {
        records: 7,
        // 6000 (main) + 4160 (sub-agent) + 3000 (fork: 12000 − 9000) + 1000 (archived)
        inputUncached: 14160,
        cacheWrite5m: 0,
        cacheWrite1h: 0,
        // 24000 + 7640 + 9000 + 0
        cacheRead: 40640,
        // 1010 + 390 + 300 + 100
        output: 1800,
        // 500 + 66 + 100 + 0
        reasoning: 666,
      });
      const forkOwn = [...kept.values()].find((record) => record.sessionId === '0199b2c3-d4e5-7f60-8a9b-1c2d3e4f5a6b' && record.timestampMs > Date.parse('2025-10-04T00:00:00Z'));
      assert.deepEqual(forkOwn && [forkOwn.inputUncached, forkOwn.cacheRead, forkOwn.output, forkOwn.reasoning], [3000, 9000, 300, 100]);
    });
  });

  describe('apply_patch edits', () => {
    it('reports one event per patched file with its outcome and line counts', async () => {
      const { edits } = await reader.read(MAIN, undefined);
      assert.deepEqual(
        edits.map((edit) => [edit.dedupKey, edit.filePath, edit.outcome, edit.autoApproved, edit.linesAdded, edit.linesRemoved]),
        [
          // "-  total = 0", "+  total = sum(items)", "+  log(total)" → +2 −1, refused by the user.
          ['call_7Yq:cart.ts', 'cart.ts', 'rejected', null, 2, 1],
          // Add File with three "+" lines; Update with one "-" and one "+" (the context line is not counted).
          ['call_8Ab:src/util.ts', 'src/util.ts', 'accepted', null, 3, 0],
          ['call_8Ab:src/cart.ts', 'src/cart.ts', 'accepted', null, 1, 1],
          // function_call with JSON arguments and a JSON-wrapped output (exit_code 0), after approval_policy "never".
          ['call_9Cd:README.md', 'README.md', 'accepted', true, 2, 1],
          ['call_aa1:src/missing.ts', 'src/missing.ts', 'failed', true, 1, 1],
          // No output before the file ends.
          ['call_bb2:old.txt', 'old.txt', 'unresolved', true, 0, 0],
        ],
      );
      assert.equal(edits[0].timestampMs, Date.parse('2025-10-03T08:00:14.900Z'));
      assert.equal(edits[0].model, 'gpt-5-codex');
      assert.equal(edits[0].toolName, 'apply_patch');
      const all = dedupEdits(edits);
      assert.equal(all.size, 6);
    });

    it('classifies tool output texts', () => {
      assert.equal(classifyPatchOutput('patch rejected by user'), 'rejected');
      assert.equal(classifyPatchOutput('Success. Updated the following files:\nM a.ts\n'), 'accepted');
      assert.equal(classifyPatchOutput('{"output":"Success. Updated the following files:\\nM a\\n","metadata":{"exit_code":0}}'), 'accepted');
      assert.equal(classifyPatchOutput('{"output":"patch rejected by user","metadata":{"exit_code":1}}'), 'rejected');
      assert.equal(classifyPatchOutput('{"output":"invalid hunk","metadata":{"exit_code":1}}'), 'failed');
      assert.equal(classifyPatchOutput('{not json'), 'failed');
      assert.equal(classifyPatchOutput(''), 'failed');
    });
  });
});
