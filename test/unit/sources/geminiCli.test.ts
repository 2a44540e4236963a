import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { GeminiCliReader, geminiCliCandidateRoots } from '../../../src/core/sources/geminiCli';
import { dedupEdits, dedupRecords, fixtureHome, linuxOptions, makeTempDir, readEverything, RecordingFileAccess, sumTokens } from './helpers';

const GEMINI_DIR = path.join(fixtureHome('gemini-cli'), '.gemini');
const CHATS = path.join(GEMINI_DIR, 'tmp', 'shop', 'chats');
const MAIN = path.join(CHATS, 'session-2025-10-04T10-00-6f1c2d3e.jsonl');
const SUBAGENT = path.join(CHATS, '6f1c2d3e-4b5a-4978-8877-665544332211', '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d.jsonl');
const LEGACY = path.join(GEMINI_DIR, 'tmp', 'blog', 'chats', 'session-2025-09-01T12-00-1a2b3c4d.json');
const SESSION = '6f1c2d3e-4b5a-4978-8877-665544332211';

describe('Gemini CLI reader', () => {
  const reader = new GeminiCliReader();

  describe('where it looks', () => {
    it('defaults to ~/.gemini (%USERPROFILE%\\.gemini on Windows); GEMINI_CLI_HOME replaces the home folder', () => {
      assert.deepEqual(geminiCliCandidateRoots(linuxOptions('/home/ana')), ['/home/ana/.gemini']);
      assert.deepEqual(geminiCliCandidateRoots({ ...linuxOptions('/Users/ana'), platform: 'darwin' }), ['/Users/ana/.gemini']);
      assert.deepEqual(
        geminiCliCandidateRoots({ env: { USERPROFILE: 'C:\\Users\\ana' }, homeDir: 'C:\\x', platform: 'win32', overridePaths: [] }),
        ['C:\\Users\\ana\\.gemini'],
      );
      assert.deepEqual(geminiCliCandidateRoots(linuxOptions('/home/ana', { GEMINI_CLI_HOME: '/sandbox' })), ['/sandbox/.gemini']);
      assert.deepEqual(geminiCliCandidateRoots(linuxOptions('/home/ana', { GEMINI_CLI_HOME: '/sandbox' }, ['/mine'])), ['/mine']);
    });

    it('finds the fixture’s .gemini folder, directly or through GEMINI_CLI_HOME, and accepts a home as an override', async () => {
      assert.deepEqual(await reader.locate(linuxOptions(fixtureHome('gemini-cli'))), [GEMINI_DIR]);
      assert.deepEqual(await reader.locate(linuxOptions('/nowhere', { GEMINI_CLI_HOME: fixtureHome('gemini-cli') })), [GEMINI_DIR]);
      assert.deepEqual(await reader.locate(linuxOptions('/nowhere', {}, [fixtureHome('gemini-cli')])), [GEMINI_DIR]);
      assert.deepEqual(await reader.locate(linuxOptions('/nowhere')), []);
    });

    it('lists JSONL and legacy JSON recordings and sub-agent files, and treats .json as rewritten whole', async () => {
      assert.deepEqual(await reader.listFiles(GEMINI_DIR), [LEGACY, SUBAGENT, MAIN].sort());
      assert.equal(reader.fileMode(LEGACY), 'whole');
      assert.equal(reader.fileMode(MAIN), 'append');
    });

    it('never lists the .gemini folder nor touches oauth_creds.json', async () => {
      const access = new RecordingFileAccess();
      const results = await readEverything(new GeminiCliReader(access), linuxOptions(fixtureHome('gemini-cli')));
      assert.equal(results.size, 3);
      assert.ok(!access.listed.includes(GEMINI_DIR));
      for (const touched of access.touched()) {
        assert.ok(!/oauth_creds\.json|google_accounts\.json|settings\.json/.test(touched), touched);
      }
    });
  });

  describe('usage', () => {
    it('converts each gemini message: uncached = input − cached + tool, output = output + thoughts', async () => {
      const result = await reader.read(MAIN, undefined);
      assert.deepEqual(
        result.records.map((record) => [record.dedupKey, record.model, record.inputUncached, record.cacheRead, record.output, record.reasoning]),
        [
          // Re-appended twice; the last copy is kept. 12500 − 9000 = 3500; 320 + 410 thoughts = 730.
          [`${SESSION}:m-002`, 'gemini-2.5-pro', 3500, 9000, 730, 410],
          // 14000 − 12000 + 200 tool-use prompt tokens = 2200.
          [`${SESSION}:m-003`, 'gemini-2.5-pro', 2200, 12000, 150, 0],
          // No model field: the latest one named (gemini-2.5-pro). 15000 − 14000 = 1000; 80 + 120 = 200.
          [`${SESSION}:m-004`, 'gemini-2.5-pro', 1000, 14000, 200, 120],
          // After $rewindTo m-004: still counted, the call happened.
          [`${SESSION}:m-005`, 'gemini-2.5-flash', 16000, 0, 60, 0],
        ],
      );
      const [first] = result.records;
      // The project comes from projects.json ("/home/ana/src/shop" → "shop"), the metadata having no directories.
      assert.equal(first.project, '/home/ana/src/shop');
      assert.equal(first.sessionId, SESSION);
      assert.equal(first.timestampMs, Date.parse('2025-10-04T10:00:05.400Z'));
      assert.ok((first.revision ?? 0) > 0);
      assert.equal(result.malformed, 1);
    });

    it('keeps the later copy of a re-appended message when the copies arrive in different reads', async () => {
      const temp = await makeTempDir();
      try {
        const lines = (await fs.readFile(MAIN, 'utf8')).split('\n');
        const chats = path.join(temp.dir, 'tmp', 'shop', 'chats');
        await fs.mkdir(chats, { recursive: true });
        const file = path.join(chats, path.basename(MAIN));
        await fs.writeFile(file, lines.slice(0, 3).join('\n') + '\n'); // metadata, user, first copy of m-002
        const first = await reader.read(file, undefined);
        await fs.appendFile(file, lines[3] + '\n');
        const second = await reader.read(file, JSON.parse(JSON.stringify(first.cursor)));
        const kept = dedupRecords([...first.records, ...second.records]);
        assert.equal(kept.get(`${SESSION}:m-002`)?.revision, second.records[0].revision);
        const edits = dedupEdits([...first.edits, ...second.edits]);
        assert.deepEqual(first.edits.map((edit) => edit.outcome), ['unresolved']);
        assert.equal(edits.get(`${SESSION}:replace-1`)?.outcome, 'accepted');
        // No registry or marker in the temp home: the project is unknown rather than guessed.
        assert.equal(second.records[0].project, null);
      } finally {
        await temp.cleanup();
      }
    });

    it('reads a sub-agent recording with its own session and the project from its directories', async () => {
      const result = await reader.read(SUBAGENT, undefined);
      assert.deepEqual(result.records.map((record) => [record.sessionId, record.project, record.inputUncached, record.cacheRead, record.output, record.reasoning]), [
        // 3000 − 1000 = 2000; 100 + 50 thoughts = 150.
        ['9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', '/home/ana/src/shop/packages/api', 2000, 1000, 150, 50],
      ]);
    });

    it('reads a legacy whole-file conversation, with the project from the .project_root marker', async () => {
      const result = await reader.read(LEGACY, undefined);
      assert.deepEqual(result.records.map((record) => [record.dedupKey, record.project, record.inputUncached, record.cacheRead, record.output, record.reasoning]), [
        // 5000 in, 200 out + 100 thoughts.
        ['1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d:g-1', '/home/ana/src/blog', 5000, 0, 300, 100],
        // 6000 − 4000 cached.
        ['1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d:g-2', '/home/ana/src/blog', 2000, 4000, 50, 0],
      ]);
      assert.deepEqual(result.edits.map((edit) => [edit.toolName, edit.filePath, edit.outcome, edit.linesAdded]), [['write_file', '/home/ana/src/blog/post.md', 'accepted', 5]]);
    });

    it('reports a legacy file caught mid-rewrite as malformed with a warning, without throwing', async () => {
      const temp = await makeTempDir();
      try {
        const file = path.join(temp.dir, 'session-2025-09-01T12-00-1a2b3c4d.json');
        const text = await fs.readFile(LEGACY, 'utf8');
        await fs.writeFile(file, text.slice(0, Math.floor(text.length / 2)));
        const result = await reader.read(file, undefined);
        assert.deepEqual([result.records.length, result.edits.length, result.malformed, result.warnings.length], [0, 0, 1, 1]);
      } finally {
        await temp.cleanup();
      }
    });

    it('warns about usage it cannot price because no model is named, instead of guessing one', async () => {
      const temp = await makeTempDir();
      try {
        const file = path.join(temp.dir, 'session-2025-10-06T09-00-aaaa0000.jsonl');
        const lines = [
          { sessionId: 'aaaa0000-0000-4000-8000-000000000000', projectHash: 'x', startTime: '2025-10-06T09:00:00.000Z', kind: 'main' },
          { id: 'n-1', timestamp: '2025-10-06T09:00:03.000Z', type: 'gemini', content: [], tokens: { input: 10, output: 5, cached: 0, thoughts: 0, tool: 0, total: 15 } },
        ];
        await fs.writeFile(file, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
        const result = await reader.read(file, undefined);
        assert.equal(result.records.length, 0);
        assert.equal(result.warnings.length, 1);
        assert.match(result.warnings[0], /1 message\(s\) with token usage name no model/);
      } finally {
        await temp.cleanup();
      }
    });

    it('totals all recordings', async () => {
      const results = await readEverything(reader, linuxOptions(fixtureHome('gemini-cli')));
      const kept = dedupRecords([...results.values()].flatMap((result) => result.records));
      assert.deepEqual(sumTokens(kept.values()), {
        records: 7,
        // 3500+2200+1000+16000 (main) + 2000 (sub-agent) + 5000+2000 (legacy)
        inputUncached: 31700,
        cacheWrite5m: 0,
        cacheWrite1h: 0,
        // 9000+12000+14000 + 1000 + 4000
        cacheRead: 40000,
        // 730+150+200+60 + 150 + 300+50
        output: 1640,
        // 410+120 + 50 + 100
        reasoning: 680,
      });
    });
  });

  describe('edits', () => {
    it('maps tool-call status to outcome, with model line counts and user changes from diffStat', async () => {
      const { edits } = await reader.read(MAIN, undefined);
      assert.deepEqual(
        edits.map((edit) => [edit.dedupKey, edit.toolName, edit.outcome, edit.userModified, edit.linesAdded, edit.linesRemoved]),
        [
          [`${SESSION}:replace-1`, 'replace', 'accepted', false, 1, 1],
          // user_added_lines 2 > 0: the user changed the proposal.
          [`${SESSION}:wf-1`, 'write_file', 'accepted', true, 12, 0],
          [`${SESSION}:replace-2`, 'replace', 'rejected', false, 0, 0],
          [`${SESSION}:replace-3`, 'replace', 'failed', false, 0, 0],
        ],
      );
      assert.equal(edits[0].filePath, '/home/ana/src/shop/cart.ts');
      assert.equal(edits[0].timestampMs, Date.parse('2025-10-04T10:00:09.000Z'));
      assert.equal(edits[0].autoApproved, null);
    });
  });
});
