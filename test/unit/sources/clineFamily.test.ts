import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CLINE,
  KILO_CODE,
  ROO_CODE,
  createClineFamilyReader,
  overrideTaskRootCandidates,
  taskRootCandidates,
} from '../../../src/core/sources/clineFamily';
import { uncachedInput } from '../../../src/core/sources/clineUsage';
import { buckets, byTimestamp, corrupt, fixtureHome, locateOptions, readSource, recordOpenedPaths, seededRandom } from './helpers';

const clineHome = fixtureHome('cline');
const rooHome = fixtureHome('roo-code');
const kiloHome = fixtureHome('kilo-code');
const clineStorage = path.join(clineHome, '.config', 'Code', 'User', 'globalStorage', 'saoudrizwan.claude-dev');

describe('Cline-family readers', () => {
  describe('where they look', () => {
    it('lists every editor and the VS Code Server on Linux, honouring XDG_CONFIG_HOME, plus Cline\'s own data folder', () => {
      const roots = taskRootCandidates(CLINE, locateOptions({ homeDir: '/home/ana', env: { XDG_CONFIG_HOME: '/cfg' } }));
      assert.deepEqual(roots, [
        '/cfg/Code/User/globalStorage/saoudrizwan.claude-dev/tasks',
        '/cfg/Code - Insiders/User/globalStorage/saoudrizwan.claude-dev/tasks',
        '/cfg/VSCodium/User/globalStorage/saoudrizwan.claude-dev/tasks',
        '/cfg/Cursor/User/globalStorage/saoudrizwan.claude-dev/tasks',
        '/cfg/Windsurf/User/globalStorage/saoudrizwan.claude-dev/tasks',
        '/home/ana/.vscode-server/data/User/globalStorage/saoudrizwan.claude-dev/tasks',
        '/home/ana/.cline/data/tasks',
      ]);
    });

    it('uses ~/Library/Application Support on macOS and has no ~/.cline folder for Roo', () => {
      const roots = taskRootCandidates(ROO_CODE, locateOptions({ homeDir: '/Users/ana', platform: 'darwin' }));
      assert.equal(roots[0], '/Users/ana/Library/Application Support/Code/User/globalStorage/rooveterinaryinc.roo-cline/tasks');
      assert.equal(roots.length, 6);
      assert.ok(roots.every((root) => !root.includes('.cline')));
    });

    it('uses %APPDATA% with backslashes on Windows, falling back to AppData\\Roaming', () => {
      const withEnv = taskRootCandidates(KILO_CODE, locateOptions({ homeDir: 'C:\\Users\\ana', platform: 'win32', env: { APPDATA: 'D:\\Roaming' } }));
      assert.equal(withEnv[0], 'D:\\Roaming\\Code\\User\\globalStorage\\kilocode.kilo-code\\tasks');
      assert.equal(withEnv[3], 'D:\\Roaming\\Cursor\\User\\globalStorage\\kilocode.kilo-code\\tasks');
      const withoutEnv = taskRootCandidates(CLINE, locateOptions({ homeDir: 'C:\\Users\\ana', platform: 'win32' }));
      assert.equal(withoutEnv[0], 'C:\\Users\\ana\\AppData\\Roaming\\Code\\User\\globalStorage\\saoudrizwan.claude-dev\\tasks');
      assert.equal(withoutEnv[withoutEnv.length - 1], 'C:\\Users\\ana\\.cline\\data\\tasks');
    });

    it('honours CLINE_DATA_DIR, then CLINE_DIR/data', () => {
      const dataDir = taskRootCandidates(CLINE, locateOptions({ homeDir: '/h', env: { CLINE_DATA_DIR: '/d', CLINE_DIR: '/c' } }));
      assert.equal(dataDir[dataDir.length - 1], '/d/tasks');
      const clineDir = taskRootCandidates(CLINE, locateOptions({ homeDir: '/h', env: { CLINE_DIR: '/c' } }));
      assert.equal(clineDir[clineDir.length - 1], '/c/data/tasks');
    });

    it('finds the fixture task folders from a fake Linux home', async () => {
      const cline = await createClineFamilyReader(CLINE).locate(locateOptions({ homeDir: clineHome }));
      assert.deepEqual(cline, [path.join(clineStorage, 'tasks'), path.join(clineHome, '.cline', 'data', 'tasks')]);
      const roo = await createClineFamilyReader(ROO_CODE).locate(locateOptions({ homeDir: rooHome }));
      assert.deepEqual(roo, [
        path.join(rooHome, '.config', 'Code', 'User', 'globalStorage', 'rooveterinaryinc.roo-cline', 'tasks'),
        path.join(rooHome, '.config', 'Cursor', 'User', 'globalStorage', 'rooveterinaryinc.roo-cline', 'tasks'),
      ]);
      assert.deepEqual(await createClineFamilyReader(KILO_CODE).locate(locateOptions({ homeDir: rooHome })), []);
    });

    it('accepts an editor User folder, a globalStorage folder or a tasks folder as an override', async () => {
      const reader = createClineFamilyReader(CLINE);
      const tasks = path.join(clineStorage, 'tasks');
      for (const given of [path.join(clineHome, '.config', 'Code', 'User'), path.dirname(clineStorage), clineStorage, tasks]) {
        assert.deepEqual(await reader.locate(locateOptions({ homeDir: '/nowhere', overridePaths: [given] })), [tasks], given);
      }
      assert.deepEqual(await reader.locate(locateOptions({ homeDir: clineHome, overridePaths: ['/does/not/exist'] })), []);
      assert.equal(overrideTaskRootCandidates(CLINE, 'C:\\x\\User', locateOptions({ homeDir: 'C:\\', platform: 'win32' }))[0], 'C:\\x\\User\\globalStorage\\saoudrizwan.claude-dev\\tasks');
    });

    it('lists only ui_messages.json of each task, skipping a task folder without one', async () => {
      const files = await createClineFamilyReader(CLINE).listFiles(path.join(clineStorage, 'tasks'));
      assert.deepEqual(files, [
        path.join(clineStorage, 'tasks', '1759572000000', 'ui_messages.json'),
        path.join(clineStorage, 'tasks', '1759590000000', 'ui_messages.json'),
      ]);
    });
  });

  it('names the task files beside ui_messages.json as companions whose change calls for a re-read', () => {
    const task = path.join(clineStorage, 'tasks', '1759572000000');
    assert.deepEqual(createClineFamilyReader(CLINE).companionFiles?.(path.join(task, 'ui_messages.json')), [
      path.join(task, 'api_conversation_history.json'),
      path.join(task, 'task_metadata.json'),
      path.join(clineStorage, 'state', 'taskHistory.json'),
    ]);
  });

  describe('Cline usage and edits', () => {
    it('reads every billed request with the right model and project, skipping partial and in-flight ones', async () => {
      const totals = await readSource(createClineFamilyReader(CLINE), locateOptions({ homeDir: clineHome }));
      const records = byTimestamp(totals.records);
      assert.deepEqual(
        records.map((r) => [r.timestampMs, r.model, r.project, ...buckets(r), r.costReportedUSD, r.dedupKey]),
        [
          // no apiProtocol: Anthropic-style, tokensIn is the uncached input
          [1759572000123, 'claude-sonnet-4-5-20250929', '/home/ana/src/shop', 4, 1200, 0, 21800, 402, 0.0176, 'cline:1759572000000:1759572000123'],
          // no modelInfo: task_metadata model_usage switched to opus at …4000
          [1759572005000, 'claude-opus-4-5', '/home/ana/src/shop', 12, 300, 0, 23000, 150, 0.01, 'cline:1759572000000:1759572005000'],
          [1759572020000, 'claude-opus-4-5', '/home/ana/src/shop', 100, 0, 0, 5000, 50, 0.002, 'cline:1759572000000:1759572020000'], // deleted_api_reqs
          [1759572030000, 'claude-opus-4-5', '/home/ana/src/shop', 20, 1000, 0, 2000, 80, 0.003, 'cline:1759572000000:1759572030000'], // subagent_usage
          [1759572060000, 'claude-opus-4-5', '/home/ana/src/shop', 7, 0, 0, 0, 3, 0.0001, 'cline:1759572000000:1759572060000'], // cancelled, tokens spent
          // ~/.cline/data task: project from the environment details of the first user turn
          [1759600000500, 'claude-haiku-4-5', '/home/ana/src/cli-tool', 1000, 0, 0, 0, 200, 0.002, 'cline:1759600000000:1759600000500'],
        ],
      );
      // broken api_req_started text + a non-object element + the cut-off task file
      assert.equal(totals.malformed, 3);
      assert.ok(totals.warnings.some((w) => w.includes('1759590000000') && w.includes('not a JSON array')));
      // sums (README-b.md): input 4+12+100+20+7+1000 = 1143; output 402+150+50+80+3+200 = 885
      assert.equal(records.reduce((sum, r) => sum + r.inputUncached, 0), 1143);
      assert.equal(records.reduce((sum, r) => sum + r.output, 0), 885);
    });

    it('classifies accepted, auto-approved, rejected, user-modified and unresolved edits with their line counts', async () => {
      const totals = await readSource(createClineFamilyReader(CLINE), locateOptions({ homeDir: clineHome }));
      assert.deepEqual(
        byTimestamp(totals.edits).map((e) => [e.timestampMs, e.toolName, e.filePath, e.outcome, e.userModified, e.autoApproved, e.linesAdded, e.linesRemoved, e.model]),
        [
          // SEARCH 3 lines → REPLACE 4 lines sharing 2: +2 −1
          [1759572001000, 'editedExistingFile', 'src/cart.ts', 'accepted', false, false, 2, 1, 'claude-sonnet-4-5-20250929'],
          [1759572006000, 'newFileCreated', 'src/util.ts', 'accepted', false, true, 5, 0, 'claude-opus-4-5'],
          // the denied execute_command in between is not an edit result
          [1759572010000, 'editedExistingFile', 'src/cart.ts', 'rejected', false, false, 2, 2, 'claude-opus-4-5'],
          [1759572040000, 'editedExistingFile', 'src/app.ts', 'accepted', true, false, 1, 1, 'claude-opus-4-5'],
          [1759572050000, 'fileDeleted', 'old.txt', 'unresolved', false, false, 0, 2, 'claude-opus-4-5'],
          // an anonymous failure comes first but names no tool; the replace_in_file failure is this edit's
          [1759572065000, 'editedExistingFile', 'src/missing.ts', 'failed', false, false, 1, 1, 'claude-opus-4-5'],
        ],
      );
      assert.ok(totals.edits.every((e) => e.tool === 'cline' && e.project === '/home/ana/src/shop' && e.dedupKey === `cline:1759572000000:${e.timestampMs}:edit`));
    });
  });

  describe('Roo Code and Kilo Code conventions', () => {
    it('reads current (total input) and older (uncached input) Roo entries without counting cache twice', async () => {
      const totals = await readSource(createClineFamilyReader(ROO_CODE), locateOptions({ homeDir: rooHome }));
      const records = byTimestamp(totals.records);
      assert.deepEqual(
        records.map((r) => [r.sessionId.slice(-1), r.timestampMs, r.model, r.project, ...buckets(r), r.costReportedUSD]),
        [
          // older Roo, no apiProtocol: tokensIn excludes cache
          ['2', 1740000000000, 'unknown', null, 5, 2000, 0, 15000, 300, 0.01],
          // apiProtocol anthropic but tokensIn (8) < cache (16000): the older convention
          ['2', 1740000005000, 'unknown', null, 8, 0, 0, 16000, 100, 0.005],
          // current Roo anthropic: 23110 − 1200 − 21800 = 110
          ['1', 1759700000000, 'claude-sonnet-4-5', '/home/ana/src/roo-proj', 110, 1200, 0, 21800, 402, 0.0176],
          // openai protocol: 9300 − 8960 = 340; the turn this request sent (…10005) names gpt-4.1
          ['1', 1759700010000, 'gpt-4.1', '/home/ana/src/roo-proj', 340, 0, 0, 8960, 250, 0.004],
          // condense_context: cost only
          ['1', 1759700020000, 'gpt-4.1', '/home/ana/src/roo-proj', 0, 0, 0, 0, 0, 0.012],
          // subtask, tokensIn equals the cache writes: 3000 − 3000 = 0 uncached
          ['3', 1759710000000, 'claude-sonnet-4-5', null, 0, 3000, 0, 0, 100, 0.0128],
        ],
      );
      assert.equal(totals.malformed, 0);
      assert.ok(totals.warnings.some((w) => w.includes('0199b5d0-aaaa-7000-8000-000000000002') && w.includes('unpriced')));
      assert.deepEqual(
        byTimestamp(totals.edits).map((e) => [e.toolName, e.filePath, e.outcome, e.userModified, e.autoApproved, e.linesAdded, e.linesRemoved]),
        [
          // Roo asks even for edits it then auto-approves: an ask leaves approval unknown (null)
          ['editedExistingFile', 'README.md', 'rejected', false, null, 1, 0],
          ['appliedDiff', 'src/api.ts', 'accepted', false, null, 3, 2], // diffStats win over the SEARCH/REPLACE text
          ['newFileCreated', 'src/new.ts', 'accepted', false, true, 4, 0],
        ],
      );
      // edits take the model of the last turn sent before them
      assert.deepEqual(
        byTimestamp(totals.edits).map((e) => e.model),
        [null, 'claude-sonnet-4-5', 'gpt-4.1'],
      );
    });

    it('reads Kilo Code from the macOS folder, skipping a partial entry', async () => {
      const totals = await readSource(createClineFamilyReader(KILO_CODE), locateOptions({ homeDir: kiloHome, platform: 'darwin' }));
      assert.deepEqual(totals.records.map((r) => [r.tool, r.model, ...buckets(r)]), [['kilo-code', 'unknown', 1000, 0, 0, 4000, 300]]); // 5000 − 4000
      assert.deepEqual(totals.edits.map((e) => [e.filePath, e.outcome, e.userModified, e.autoApproved, e.linesAdded]), [['k.txt', 'accepted', true, true, 3]]);
    });

    it('applies the detection rule per entry', () => {
      assert.equal(uncachedInput({ tokensIn: 50 }, 10, 20), 50);
      assert.equal(uncachedInput({ tokensIn: 50, apiProtocol: 'openai' }, 10, 20), 20);
      assert.equal(uncachedInput({ tokensIn: 10, apiProtocol: 'openai' }, 10, 20), 0); // never negative
      assert.equal(uncachedInput({ tokensIn: 30, apiProtocol: 'anthropic' }, 10, 20), 0);
      assert.equal(uncachedInput({ tokensIn: 29, apiProtocol: 'anthropic' }, 10, 20), 29);
    });
  });

  describe('safety', () => {
    it('never opens credential or settings files beside the task folders', async () => {
      const opened = await recordOpenedPaths(async () => {
        await readSource(createClineFamilyReader(CLINE), locateOptions({ homeDir: clineHome }));
        await readSource(createClineFamilyReader(ROO_CODE), locateOptions({ homeDir: rooHome }));
        await readSource(createClineFamilyReader(KILO_CODE), locateOptions({ homeDir: kiloHome, platform: 'darwin' }));
      });
      assert.ok(opened.length >= 10, `expected the task files to be read, saw ${opened.length}`);
      const allowed = new Set(['ui_messages.json', 'api_conversation_history.json', 'task_metadata.json', 'taskHistory.json']);
      assert.deepEqual(opened.filter((file) => !allowed.has(path.basename(file))), []);
    });

    it('never throws on damaged task files (seeded fuzz)', async () => {
      const source = path.join(clineStorage, 'tasks', '1759572000000');
      const scratch = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-cline-fuzz-'));
      try {
        const task = path.join(scratch, 'tasks', 'fuzz-task');
        cpSync(source, task, { recursive: true });
        const originals = ['ui_messages.json', 'api_conversation_history.json', 'task_metadata.json'].map((name) => [name, readFileSync(path.join(source, name), 'utf8')]);
        const reader = createClineFamilyReader(CLINE);
        for (let seed = 1; seed <= 60; seed += 1) {
          const random = seededRandom(seed);
          for (const [name, text] of originals) writeFileSync(path.join(task, name), random() < 0.6 ? corrupt(text, random) : text);
          const result = await reader.read(path.join(task, 'ui_messages.json'), undefined);
          for (const record of result.records) {
            assert.ok(buckets(record).every((n) => Number.isInteger(n) && n >= 0), `seed ${seed}`);
            assert.ok(Number.isFinite(record.timestampMs), `seed ${seed}`);
          }
          for (const edit of result.edits) assert.ok(edit.linesAdded >= 0 && edit.linesRemoved >= 0, `seed ${seed}`);
        }
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });
  });
});
