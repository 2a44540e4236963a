import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { allReaders } from '../../../src/core/sources/index';
import { locateOptions } from './helpers';

describe('every reader, together', () => {
  let emptyHome: string;
  before(() => (emptyHome = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-empty-home-'))));
  after(() => rmSync(emptyHome, { recursive: true, force: true }));

  it('covers Claude Code, Codex, Gemini CLI, Cline, Roo Code, Kilo Code (extension and CLI), OpenCode, Copilot and Continue', () => {
    assert.deepEqual(
      allReaders().map((reader) => reader.tool),
      ['claude-code', 'codex', 'gemini-cli', 'cline', 'roo-code', 'kilo-code', 'opencode', 'kilo-code', 'copilot', 'continue'],
    );
  });

  it('finds nothing, without throwing, in a home where no tool is installed (every platform)', async () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      for (const reader of allReaders()) {
        assert.deepEqual(await reader.locate(locateOptions({ homeDir: emptyHome, platform, env: { APPDATA: emptyHome } })), [], `${reader.displayName} on ${platform}`);
        assert.deepEqual(await reader.listFiles(path.join(emptyHome, 'missing')), [], reader.displayName);
      }
    }
  });

  it('reports a vanished or unreadable file as a warning, never as an exception', async () => {
    const notAFile = path.join(emptyHome, 'folder.jsonl');
    mkdirSync(notAFile);
    for (const reader of allReaders()) {
      for (const file of [path.join(emptyHome, 'gone', 'ui_messages.json'), path.join(emptyHome, 'gone.jsonl'), path.join(emptyHome, 'gone.db'), notAFile]) {
        const result = await reader.read(file, undefined);
        assert.deepEqual([result.records, result.edits], [[], []], `${reader.displayName} ${file}`);
      }
    }
  });
});
