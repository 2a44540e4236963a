// UI tests: a real VS Code workbench (code-server) with Tokenwise loaded from this folder, driven in headless
// Chromium by mocha specs under test/ui/. The workbench's address reaches the specs through the environment;
// screenshots go to test-results/ (ignored) — look at them.
//
// Two suites, each with its own server: test/ui/*.test.mjs sees no AI tool logs at all (a first start on an empty
// machine); test/ui/withUsage/*.test.mjs sees the week fixture (test/harness/weekFixtures.mjs) through a
// temporary CLAUDE_CONFIG_DIR and CODEX_HOME, described to the specs in TOKENWISE_UI_WEEK_FIXTURE.
// `node test/harness/run-ui.mjs [spec files…]` runs only the suites those files belong to, with only those files.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCodeServer, workbenchUrl } from './codeServer.mjs';
import { repoRoot } from './setup.mjs';
import { writeWeekFixtures } from './weekFixtures.mjs';

export async function runUiTests({ extensionDevelopmentPath = repoRoot, specs = ['test/ui/*.test.mjs'], userSettings = {}, env = {}, toolDirs = {}, specEnv = {} } = {}) {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-ui-'));
  cpSync(path.join(repoRoot, 'demo'), workspace, { recursive: true });
  mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  const server = await startCodeServer({ label: 'ui', userSettings, env, toolDirs });
  try {
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '--timeout', '120000', '--reporter', 'spec', ...specs], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: {
        ...process.env,
        ...specEnv,
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

/** The specs that see the week fixture's Claude Code and Codex logs. */
export async function runUiTestsWithUsage(specs = ['test/ui/withUsage/*.test.mjs']) {
  const fixture = writeWeekFixtures();
  try {
    return await runUiTests({
      specs,
      // A first start as a user gets it: the walkthrough opens (test/ui/withUsage checks it).
      env: { TOKENWISE_NO_WALKTHROUGH: '' },
      toolDirs: { claude: fixture.claudeDir, codex: fixture.codexHome },
      specEnv: { TOKENWISE_UI_WEEK_FIXTURE: JSON.stringify(fixture) },
    });
  } finally {
    rmSync(fixture.root, { recursive: true, force: true });
  }
}

async function main(requested) {
  const isUsageSpec = (spec) => path.resolve(spec).startsWith(path.join(repoRoot, 'test', 'ui', 'withUsage') + path.sep);
  const plainSpecs = requested.length > 0 ? requested.filter((spec) => !isUsageSpec(spec)) : ['test/ui/*.test.mjs'];
  const usageSpecs = requested.length > 0 ? requested.filter(isUsageSpec) : ['test/ui/withUsage/*.test.mjs'];
  let failed = 0;
  if (plainSpecs.length > 0) failed += (await runUiTests({ specs: plainSpecs })) === 0 ? 0 : 1;
  if (usageSpecs.length > 0) failed += (await runUiTestsWithUsage(usageSpecs)) === 0 ? 0 : 1;
  return failed === 0 ? 0 : 1;
}

if (path.resolve(process.argv[1] ?? '') === path.resolve(new URL(import.meta.url).pathname)) {
  main(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
