// The same integration suite under @vscode/test-electron, for machines that can download VS Code desktop
// (it cannot be downloaded on our build machines: `npm test` uses code-server instead; see shared docs).
import { mkdtempSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from './setup.mjs';

const workspace = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-ws-'));
cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { TOKENWISE_TEST_WORKSPACE: workspace },
  });
} catch (error) {
  console.error(`test-electron run failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
