import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ClaudeCodeReader, claudeCodeCandidateRoots } from '../../../src/core/sources/claudeCode';
import {
  dedupEdits,
  dedupRecords,
  fixtureHome,
  linuxOptions,
  makeTempDir,
  readEverything,
  RecordingFileAccess,
  sumTokens,
} from './helpers';

const HOME = fixtureHome('claude-code');
const PROJECTS = path.join(HOME, '.claude', 'projects');
const XDG_PROJECTS = path.join(HOME, '.config', 'claude', 'projects');
const SESSION_A = path.join(PROJECTS, '-home-ana-src-shop', '0c9a3f4e-1d2b-4c8e-9f00-7a1b2c3d4e5f.jsonl');
const SUBAGENT = path.join(PROJECTS, '-home-ana-src-shop', '0c9a3f4e-1d2b-4c8e-9f00-7a1b2c3d4e5f', 'subagents', 'agent-9f1e.jsonl');
const RESUMED = path.join(PROJECTS, '-home-ana-src-shop', '7d2e9b10-3c4d-4e5f-8a6b-1c2d3e4f5a6b.jsonl');
const BLOG = path.join(XDG_PROJECTS, '-home-ana-src-blog', 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f.jsonl');

describe('Claude Code reader', () => {
  const reader = new ClaudeCodeReader();

  describe('where it looks', () => {
    it('defaults to ~/.claude and $XDG_CONFIG_HOME/claude (else ~/.config/claude) on Linux and macOS', () => {
      assert.deepEqual(claudeCodeCandidateRoots(linuxOptions('/home/ana')), ['/home/ana/.claude', '/home/ana/.config/claude']);
      assert.deepEqual(claudeCodeCandidateRoots({ ...linuxOptions('/Users/ana'), platform: 'darwin' }), [
        '/Users/ana/.claude',
        '/Users/ana/.config/claude',
      ]);
      assert.deepEqual(claudeCodeCandidateRoots(linuxOptions('/home/ana', { XDG_CONFIG_HOME: '/xdg' })), ['/home/ana/.claude', '/xdg/claude']);
    });

    it('uses %USERPROFILE%\\.claude on Windows', () => {
      const options = { env: { USERPROFILE: 'C:\\Users\\ana' }, homeDir: 'C:\\fallback', platform: 'win32' as const, overridePaths: [] };
      assert.deepEqual(claudeCodeCandidateRoots(options)[0], 'C:\\Users\\ana\\.claude');
    });

    it('lets CLAUDE_CONFIG_DIR (a comma-separated list) replace the defaults, and overridePaths replace both', () => {
      assert.deepEqual(claudeCodeCandidateRoots(linuxOptions('/home/ana', { CLAUDE_CONFIG_DIR: ' /a/claude , /b/projects ,' })), [
        '/a/claude',
        '/b/projects',
      ]);
      assert.deepEqual(claudeCodeCandidateRoots(linuxOptions('/home/ana', { CLAUDE_CONFIG_DIR: '/a' }, ['/mine'])), ['/mine']);
    });

    it('finds both default projects folders that exist, and nothing in a home without them', async () => {
      assert.deepEqual(await reader.locate(linuxOptions(HOME)), [PROJECTS, XDG_PROJECTS]);
      const empty = await makeTempDir();
      try {
        assert.deepEqual(await reader.locate(linuxOptions(empty.dir)), []);
      } finally {
        await empty.cleanup();
      }
    });

    it('accepts a CLAUDE_CONFIG_DIR entry that is a root or the projects folder itself', async () => {
      const env = { CLAUDE_CONFIG_DIR: `${path.join(HOME, '.claude')},${XDG_PROJECTS},/nowhere` };
      assert.deepEqual(await reader.locate(linuxOptions('/unused', env)), [PROJECTS, XDG_PROJECTS]);
    });

    it('lists every transcript below projects/, sub-agent transcripts included', async () => {
      assert.deepEqual(await reader.listFiles(PROJECTS), [SUBAGENT, SESSION_A, RESUMED].sort());
    });

    it('never lists, stats or opens anything outside projects/ (the credentials file sits beside it)', async () => {
      const access = new RecordingFileAccess();
      const results = await readEverything(new ClaudeCodeReader(access), linuxOptions(HOME));
      assert.equal(results.size, 4);
      const claudeDir = path.join(HOME, '.claude');
      for (const touched of access.touched()) {
        assert.ok(!touched.endsWith('.credentials.json'), touched);
      }
      assert.ok(!access.listed.includes(claudeDir), 'the ~/.claude folder itself must not be listed');
      for (const opened of access.opened) assert.ok(opened.startsWith(PROJECTS) || opened.startsWith(XDG_PROJECTS), opened);
    });
  });

  describe('one transcript', () => {
    it('reports every usage line with its exact buckets, skipping synthetic, error, non-semver and null-id lines', async () => {
      const result = await reader.read(SESSION_A, undefined);
      const byKey = (key: string) => result.records.filter((record) => record.dedupKey === key);

      // Three streaming copies of msg_A1 (one per content block), output growing 12 → 60 → 143.
      assert.deepEqual(byKey('msg:msg_A1').map((record) => record.output), [12, 60, 143]);
      const [a1] = byKey('msg:msg_A1');
      assert.equal(a1.sessionId, '0c9a3f4e-1d2b-4c8e-9f00-7a1b2c3d4e5f');
      assert.equal(a1.project, '/home/ana/src/shop');
      assert.equal(a1.model, 'claude-sonnet-4-5-20250929');
      assert.equal(a1.timestampMs, Date.parse('2025-10-02T09:14:05.100Z'));
      // cache_creation_input_tokens 812 with breakdown 5m 812 / 1h 0.
      assert.deepEqual([a1.inputUncached, a1.cacheWrite5m, a1.cacheWrite1h, a1.cacheRead], [4, 812, 0, 21450]);

      // msg_A2: 2000 cache-creation tokens split 500 (5m) + 1500 (1h); fast mode; its own costUSD.
      const [a2] = byKey('msg:msg_A2');
      assert.deepEqual([a2.inputUncached, a2.cacheWrite5m, a2.cacheWrite1h, a2.cacheRead, a2.output], [6, 500, 1500, 22262, 310]);
      assert.equal(a2.speed, 'fast');
      assert.equal(a2.costReportedUSD, 0.0123);
      assert.equal(a2.sidechain, undefined);

      // msg_A4: 300 cache-creation tokens without a breakdown are all 5-minute writes.
      const [a4] = byKey('msg:msg_A4');
      assert.deepEqual([a4.cacheWrite5m, a4.cacheWrite1h], [300, 0]);
      assert.equal(a4.costReportedUSD, null);

      // The old-format line without message.id/requestId: keyed by file and byte offset, not deduplicated.
      const unkeyed = result.records.filter((record) => record.dedupKey.startsWith('line:'));
      assert.equal(unkeyed.length, 1);
      assert.deepEqual([unkeyed[0].inputUncached, unkeyed[0].output], [10, 20]);

      const keys = new Set(result.records.map((record) => record.dedupKey));
      for (const skipped of ['msg_SYN', 'msg_ERR', 'msg_VER', 'msg_NULL', 'msg_NULLCACHE', 'msg_BROKEN', 'msg_A7']) {
        assert.ok(![...keys].some((key) => key.includes(skipped)), `${skipped} must not be counted`);
      }
      // 3 copies of A1 + A2..A6 + the unkeyed line.
      assert.equal(result.records.length, 9);
      // The broken complete line counts as malformed; the half-written last line (msg_A7) does not.
      assert.equal(result.malformed, 1);
      assert.deepEqual(result.warnings, []);
    });

    it('stops just before the half-written last line, and reads it once it is complete', async () => {
      const temp = await makeTempDir();
      try {
        const content = await fs.readFile(SESSION_A);
        const file = path.join(temp.dir, 'session.jsonl');
        await fs.writeFile(file, content);
        const first = await reader.read(file, undefined);
        const lastNewline = content.lastIndexOf(0x0a);
        assert.equal(first.cursor.offset, lastNewline + 1);

        await fs.appendFile(
          file,
          ',"cache_creation_input_tokens":0,"cache_read_input_tokens":25200,"output_tokens":15},"model":"claude-sonnet-4-5-20250929"},"sessionId":"0c9a3f4e-1d2b-4c8e-9f00-7a1b2c3d4e5f","version":"2.0.14","timestamp":"2025-10-02T09:21:00.000Z"}\n',
        );
        const second = await reader.read(file, first.cursor);
        assert.equal(second.malformed, 0);
        assert.deepEqual(
          second.records.map((record) => [record.dedupKey, record.inputUncached, record.cacheRead, record.output]),
          [['msg:msg_A7', 3, 25200, 15]],
        );
        assert.equal(second.cursor.offset, (await fs.stat(file)).size);
      } finally {
        await temp.cleanup();
      }
    });

    it('classifies each edit: accepted, accepted with user changes, rejected, failed, unresolved', async () => {
      const { edits } = await reader.read(SESSION_A, undefined);
      const summary = edits.map((edit) => [edit.dedupKey, edit.toolName, edit.outcome, edit.userModified, edit.linesAdded, edit.linesRemoved]);
      assert.deepEqual(summary, [
        // structuredPatch lines: " const items", "-total = 0", "+total = sum(items)", "+log(total)" → +2 −1.
        ['toolu_A1', 'Edit', 'accepted', false, 2, 1],
        // Write of a new file: empty patch, content has 3 lines (trailing newline does not add a 4th).
        ['toolu_A2', 'Write', 'accepted', false, 3, 0],
        ['toolu_A3', 'Edit', 'rejected', false, 0, 0],
        // Two hunks: ["-a","+b"] and ["-c","-d","+e"," f"] → +2 −3; the user edited the proposal first.
        ['toolu_A4', 'MultiEdit', 'accepted', true, 2, 3],
        // <tool_use_error>: neither accepted nor rejected.
        ['toolu_A5', 'Edit', 'failed', false, 0, 0],
        // No tool_result before the file ends.
        ['toolu_A6', 'Edit', 'unresolved', false, 0, 0],
      ]);
      const accepted = edits[0];
      assert.equal(accepted.filePath, '/home/ana/src/shop/cart.ts');
      assert.equal(accepted.model, 'claude-sonnet-4-5-20250929');
      assert.equal(accepted.timestampMs, Date.parse('2025-10-02T09:14:11.020Z'));
      assert.equal(accepted.autoApproved, null);
      assert.equal(accepted.project, '/home/ana/src/shop');
    });

    it('resolves an edit whose tool_result arrives in a later read, using the pending state in the cursor', async () => {
      const temp = await makeTempDir();
      try {
        const lines = (await fs.readFile(SESSION_A, 'utf8')).split('\n');
        const resultLine = lines.findIndex((line) => line.includes('"tool_use_id":"toolu_A1"'));
        const file = path.join(temp.dir, 'session.jsonl');
        await fs.writeFile(file, lines.slice(0, resultLine).join('\n') + '\n');
        const first = await reader.read(file, undefined);
        assert.deepEqual(first.edits.map((edit) => [edit.dedupKey, edit.outcome]), [['toolu_A1', 'unresolved']]);
        await fs.appendFile(file, lines[resultLine] + '\n');
        const second = await reader.read(file, JSON.parse(JSON.stringify(first.cursor)));
        assert.deepEqual(second.edits.map((edit) => [edit.dedupKey, edit.outcome, edit.linesAdded, edit.linesRemoved]), [['toolu_A1', 'accepted', 2, 1]]);
      } finally {
        await temp.cleanup();
      }
    });

    it('takes the project from an earlier line when a usage line has no cwd', async () => {
      const { records } = await reader.read(BLOG, undefined);
      assert.deepEqual(records.map((record) => [record.dedupKey, record.project, record.inputUncached, record.output]), [
        ['msg:msg_C1', '/home/ana/src/blog', 100, 50],
      ]);
    });
  });

  describe('across files, deduplicated as the ledger does', () => {
    it('counts streaming copies once (largest), prefers the parent over a sidechain replay, and drops resumed copies', async () => {
      const results = await readEverything(reader, linuxOptions(HOME));
      const all = [...results.values()].flatMap((result) => result.records);
      const kept = dedupRecords(all);

      // The sub-agent replays msg_A2 with a new requestId: same key, the non-sidechain parent copy wins.
      assert.equal(kept.get('msg:msg_A2')?.sidechain, undefined);
      assert.equal(kept.get('msg:msg_S1')?.sidechain, true);
      assert.equal(kept.get('msg:msg_A1')?.output, 143);

      // Unique responses: A1 A2 A3 A4 A5 A6, the unkeyed line, S1 (sidechain), B1, B2 (compaction), C1 = 11.
      assert.deepEqual(sumTokens(kept.values()), {
        records: 11,
        // 4+6+3+5+2+10+1 (session A) + 8 (S1) + 7+20000 (B1, B2) + 100 (C1)
        inputUncached: 20146,
        // 812+500+300 (A) + 1000 (S1) + 150 (B1)
        cacheWrite5m: 2762,
        cacheWrite1h: 1500,
        // 21450+22262+24500+24600+25000+25100 (A) + 5000 (S1) + 26000 (B1)
        cacheRead: 173912,
        // 143+310+95+220+40+20+30 (A) + 400 (S1) + 180+1500 (B) + 50 (C1)
        output: 2988,
        reasoning: 0,
      });

      const edits = dedupEdits([...results.values()].flatMap((result) => result.edits));
      // The resumed copy repeats toolu_A1/A2; the sidechain's unresolved copy of toolu_A2 loses to the decision.
      assert.deepEqual([...edits.values()].map((edit) => [edit.dedupKey, edit.outcome]).sort(), [
        ['toolu_A1', 'accepted'],
        ['toolu_A2', 'accepted'],
        ['toolu_A3', 'rejected'],
        ['toolu_A4', 'accepted'],
        ['toolu_A5', 'failed'],
        ['toolu_A6', 'unresolved'],
      ]);
    });
  });
});
