// UI tests: a real VS Code workbench (code-server) with Tokenwise loaded from this folder, driven in headless
// Chromium by mocha specs under test/ui/. The workbench's address reaches the specs through the environment;
// screenshots go to test-results/ (ignored) — look at them.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCodeServer, workbenchUrl } from './codeServer.mjs';
import { repoRoot } from './setup.mjs';

export async function runUiTests({ extensionDevelopmentPath = repoRoot, specs = ['test/ui/**/*.test.mjs'], userSettings = {}, env = {} } = {}) {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-ui-'));
  cpSync(path.join(repoRoot, 'demo'), workspace, { recursive: true });
  mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  const server = await startCodeServer({ label: 'ui', userSettings, env });
  try {
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '--timeout', '120000', '--reporter', 'spec', ...specs], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: {
        ...process.env,
        TOKENWISE_UI_URL: workbenchUrl(server, { folder: workspace, extensionDevelopmentPath }),
        TOKENWISE_UI_WORKSPACE: workspace,
        TOKENWISE_UI_SCREENSHOTS: path.join(repoRoot, 'test-results'),
      },
    });
    if (result.status !== 0) console.error(`server log kept at ${server.logFile}`);
    await server.stop({ keepScratch: result.status !== 0 });
    return result.status ?? 1;
  } catch (error) {
    await server.stop({ keepScratch: true });
    throw error;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

if (path.resolve(process.argv[1] ?? '') === path.resolve(new URL(import.meta.url).pathname)) {
  runUiTests()
    .then((code) => process.exit(code))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
