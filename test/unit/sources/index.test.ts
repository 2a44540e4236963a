import * as assert from 'node:assert/strict';
import { allReaders } from '../../../src/core/sources';
import { fixtureHome, linuxOptions, RecordingFileAccess } from './helpers';

describe('allReaders', () => {
  it('offers one reader per tool, sharing the injected file access', async () => {
    const access = new RecordingFileAccess();
    const readers = allReaders(access);
    assert.deepEqual(readers.map((reader) => reader.tool), ['claude-code', 'codex', 'gemini-cli', 'cline', 'roo-code', 'kilo-code', 'opencode', 'kilo-code', 'copilot', 'continue']);
    assert.deepEqual(await readers[1].locate(linuxOptions(fixtureHome('codex'))), [`${fixtureHome('codex')}/.codex`]);
    assert.ok(access.statted.length > 0, 'the reader used the injected access');
  });
});
