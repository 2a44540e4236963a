// Webview bundle tests in a real (headless) Chromium: mocha over test/e2e/*.test.mjs. Needs `npm run build`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureHarness, repoRoot } from './setup.mjs';

if (!existsSync(path.join(repoRoot, 'dist', 'webview', 'main.js'))) {
  console.error('dist/webview/main.js is missing: run `npm run build` first');
  process.exit(1);
}
ensureHarness();
mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
const result = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '--timeout', '60000', '--reporter', 'spec', 'test/e2e/**/*.test.mjs'], {
  cwd: repoRoot,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
