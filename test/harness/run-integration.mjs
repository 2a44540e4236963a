// Runs the integration suite (out/test/integration/index.js, @vscode/test-electron's `run()` contract) inside
// the Node extension host of a real VS Code (code-server), with the extension loaded from this folder.
// The workbench streams mocha's output through window.codeAutomationLog and reports the result through
// window.codeAutomationExit; this script exits with that code.
import { existsSync, mkdtempSync, cpSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from 'node:util';
import { launchBrowser, startCodeServer, workbenchUrl } from './codeServer.mjs';
import { repoRoot } from './setup.mjs';
import { socketGuardEnv, socketGuardFindings } from './socketGuard.mjs';
import { writeUsageFixtures } from './usageFixtures.mjs';

const testsIndex = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
const timeoutMs = Number(process.env.TEST_TIMEOUT_MS ?? 300_000);
// Lines the workbench prints that say nothing about our tests.
const noise = /^(Creating a socket|Resolv|Updating additional|ChatSessionStore|\[Service Worker\]|Creation of workbench|.*open-vsx\.org|.*ENOTFOUND)/;

export async function runIntegration({ extensionDevelopmentPath = repoRoot, extraEnv = {}, label = 'integration' } = {}) {
  if (!existsSync(testsIndex)) throw new Error(`${path.relative(repoRoot, testsIndex)} is missing: run \`npm run build\` first`);
  // A throwaway copy of the fixture workspace, so tests may edit files freely.
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-ws-'));
  cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  // The Trends views read the hand-made fixture records through the file-backed data provider.
  const trendsFixture = path.join(repoRoot, 'test', 'fixtures', 'trends', 'snapshot.json');
  // The usage ledger reads copies of synthetic logs dated today, under a fake HOME, into an empty data folder.
  const usage = writeUsageFixtures();
  // Every Node process of the server runs under the socket guard: no code in the extension's dist/ may open a socket.
  const guard = socketGuardEnv(extensionDevelopmentPath);
  const server = await startCodeServer({ label, env: { TOKENWISE_TEST_WORKSPACE: workspace, TOKENWISE_TRENDS_FIXTURE: trendsFixture, ...usage.env, ...guard.env, ...extraEnv } });
  const browser = await launchBrowser();
  let failed = true;
  try {
    const page = await browser.newPage();
    let finish;
    const exited = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      if (!noise.test(line)) console.log(line);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    const timer = setTimeout(() => {
      console.error(`integration tests timed out after ${timeoutMs} ms`);
      finish(124);
    }, timeoutMs);
    // The workbench is large; on a busy 2-core machine its first load can take well over the 30 s default.
    await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath, extensionTestsPath: testsIndex }), { timeout: 180_000 });
    let code = await exited;
    clearTimeout(timer);
    const sockets = socketGuardFindings(guard.reportFile);
    if (sockets.length > 0) {
      console.error(`socket guard: Tokenwise code opened ${sockets.length} socket(s) during the suite:\n${sockets.map((line) => `  ${line}`).join('\n')}`);
      code = code === 0 ? 1 : code;
    }
    if (code !== 0) {
      await page.screenshot({ path: path.join(repoRoot, 'test-results', `${label}-failure.png`) }).catch(() => {});
      console.error(`server log kept at ${server.logFile}`);
    }
    failed = code !== 0;
    return code;
  } finally {
    await browser.close().catch(() => {});
    await server.stop({ keepScratch: failed });
    rmSync(workspace, { recursive: true, force: true });
    rmSync(usage.root, { recursive: true, force: true });
    guard.remove();
  }
}

if (path.resolve(process.argv[1] ?? '') === path.resolve(new URL(import.meta.url).pathname)) {
  runIntegration()
    .then((code) => {
      console.log(`integration tests exit code ${code}`);
      process.exit(code);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
