import * as assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Lints a snippet as if it were saved at `file`, with the project's own eslint.config.mjs. */
async function lintAs(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoRoot });
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('architecture rules (lint)', () => {
  it('rejects an ES import of vscode under src/core', async () => {
    const messages = await lintAs('src/core/sneaky.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n");
    assert.ok(messages.some((m) => m.startsWith('no-restricted-imports')), messages.join('\n'));
  });

  it('rejects a require of vscode under src/cli', async () => {
    const messages = await lintAs('src/cli/sneaky.ts', "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const vscode = require('vscode');\n");
    assert.ok(messages.some((m) => m.startsWith('no-restricted-syntax')), messages.join('\n'));
  });

  it('allows vscode in src/host', async () => {
    const messages = await lintAs('src/host/fine.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n");
    assert.deepEqual(messages, []);
  });
});
