import * as assert from 'node:assert/strict';
import type { ToolIngestSummary } from '../../../src/core/ledger/ingest';
import { detectedTools, detectedToolsHeadline, detectedToolSummary, detectedToolWhere } from '../../../src/core/usage/detectedSources';
import type { ToolId } from '../../../src/core/usage/types';

function summary(tool: ToolId, displayName: string, filesSeen: number, roots: string[], extra: Partial<ToolIngestSummary> = {}): ToolIngestSummary {
  return { tool, displayName, roots, filesSeen, filesRead: filesSeen, newRecords: 0, updatedRecords: 0, newEdits: 0, malformed: 0, skippedRolledUp: 0, warnings: [], ...extra };
}

describe('detected AI tools (Show Detected AI Tools)', () => {
  const summaries = [
    summary('gemini-cli', 'Gemini CLI', 0, []),
    summary('codex', 'Codex', 1, ['/fx/codex/sessions']),
    summary('claude-code', 'Claude Code', 3, ['/fx/claude/projects'], { malformed: 2, warnings: ['odd line'] }),
    summary('kilo-code', 'Kilo Code', 0, []),
    summary('kilo-code', 'Kilo CLI', 1, ['/fx/kilo/kilo.db']),
  ];
  const lookups = [
    { tool: 'gemini-cli', paths: ['/home/me/.gemini/tmp'] },
    { tool: 'codex', paths: ['/fx/codex/sessions'] },
    { tool: 'claude-code', paths: ['/fx/claude/projects'] },
    { tool: 'kilo-code', paths: ['/fx/kilo/kilo.db'] },
  ];
  const responses = new Map([
    ['claude-code', 14],
    ['codex', 40],
    ['kilo-code', 1],
  ]);

  it('lists found tools first, most responses first, then the missing ones; readers of one tool are one entry', () => {
    const tools = detectedTools(summaries, lookups, responses);
    assert.deepEqual(
      tools.map((tool) => [tool.label, tool.found, tool.files, tool.responses]),
      [
        ['Codex', true, 1, 40],
        ['Claude Code', true, 3, 14],
        ['Kilo Code + Kilo CLI', true, 1, 1],
        ['Gemini CLI', false, 0, 0],
      ],
    );
  });

  it('says what was found and where, or where it looked', () => {
    const [codex, claude, kilo, gemini] = detectedTools(summaries, lookups, responses);
    assert.equal(detectedToolSummary(codex), '1 log file · 40 responses');
    assert.equal(detectedToolSummary(claude), '3 log files · 14 responses · 2 unreadable entries');
    assert.equal(detectedToolWhere(claude), 'Read from /fx/claude/projects');
    assert.equal(detectedToolWhere(kilo), 'Read from /fx/kilo/kilo.db');
    assert.equal(detectedToolSummary(gemini), 'No logs found');
    assert.equal(detectedToolWhere(gemini), 'Looked in /home/me/.gemini/tmp');
  });

  it('falls back to the scanned roots, or names the default places when the reader cannot list folders', () => {
    const [cline] = detectedTools([summary('cline', 'Cline', 0, [])], [{ tool: 'cline', paths: [] }], new Map());
    assert.equal(detectedToolWhere(cline), "Looked in each editor's User/globalStorage/saoudrizwan.claude-dev, and ~/.cline/data");
    const [codex] = detectedTools([summary('codex', 'Codex', 2, ['/x/sessions', '/x/archived_sessions'])], [], new Map());
    assert.equal(detectedToolWhere(codex), 'Read from /x/sessions, /x/archived_sessions');
  });

  it('headlines the found tools, or that none were found', () => {
    assert.equal(detectedToolsHeadline(detectedTools(summaries, lookups, responses)), 'Found logs of Codex, Claude Code, Kilo Code + Kilo CLI');
    assert.equal(detectedToolsHeadline(detectedTools([summary('codex', 'Codex', 0, []), summary('cline', 'Cline', 0, [])], [], new Map())), 'No AI tool logs found (looked for 2 tools)');
  });
});
