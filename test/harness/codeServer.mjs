// Starts a private code-server (a real VS Code 1.100.3 server) whose every file — config, data, sockets,
// logs — stays inside a scratch folder, and stops it by PID on success, failure, Ctrl-C or SIGTERM.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync, createWriteStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { cacheDir, chromiumPath, codeServerBin, ensureHarness } from './setup.mjs';

const running = new Set();

function stopAll() {
  for (const child of running) {
    try {
      // The server was started in its own process group: end the whole group (it forks helpers).
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  running.clear();
}
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopAll();
    process.exit(130);
  });
}

/** A free TCP port on the loopback interface. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not become healthy within ${timeoutMs} ms`);
}

export const defaultUserSettings = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.commandCenter.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/** Environment that makes every Tokenwise log reader and its data folder look inside `home` only. */
function isolatedUsageEnv(home) {
  mkdirSync(home, { recursive: true });
  const inHome = (...parts) => path.join(home, ...parts);
  return {
    HOME: home,
    USERPROFILE: home,
    APPDATA: inHome('AppData', 'Roaming'),
    LOCALAPPDATA: inHome('AppData', 'Local'),
    CLAUDE_CONFIG_DIR: inHome('.claude'),
    CODEX_HOME: inHome('.codex'),
    GEMINI_CLI_HOME: home,
    CLINE_DIR: inHome('.cline'),
    CLINE_DATA_DIR: inHome('.cline', 'data'),
    OPENCODE_DATA_DIR: inHome('.local', 'share', 'opencode'),
    KILO_DATA_DIR: inHome('.local', 'share', 'kilo'),
    CONTINUE_GLOBAL_DIR: inHome('.continue'),
    COPILOT_OTEL_FILE_EXPORTER_PATH: inHome('.copilot', 'otel', 'none.jsonl'),
    VSCODE_PORTABLE: '',
    TOKENWISE_DATA_DIR: inHome('tokenwise-data'),
  };
}

/** The variables that point each AI tool's log reader at a folder, by the name a test passes in `toolDirs`. */
const toolDirVariables = { claude: 'CLAUDE_CONFIG_DIR', codex: 'CODEX_HOME', gemini: 'GEMINI_CLI_HOME', cline: 'CLINE_DIR', continue: 'CONTINUE_GLOBAL_DIR' };

/** `{ claude: '/tmp/fx/claude' }` → `{ CLAUDE_CONFIG_DIR: '/tmp/fx/claude' }`; an unknown tool name is a test bug. */
function toolDirEnv(toolDirs = {}) {
  return Object.fromEntries(
    Object.entries(toolDirs).map(([tool, dir]) => {
      if (!(tool in toolDirVariables)) throw new Error(`startCodeServer: unknown tool "${tool}" in toolDirs (known: ${Object.keys(toolDirVariables).join(', ')})`);
      return [toolDirVariables[tool], dir];
    }),
  );
}

/**
 * `toolDirs` places fixture logs in front of the extension: each named tool's folder replaces its empty default
 * inside the fake HOME (every other tool still sees an empty folder).
 * @param {{ port?: number, userSettings?: object, env?: Record<string,string>, toolDirs?: Partial<Record<keyof typeof toolDirVariables, string>>, label?: string, keepScratch?: boolean }} options
 */
export async function startCodeServer(options = {}) {
  ensureHarness();
  const port = options.port ?? (await freePort());
  mkdirSync(path.join(cacheDir, 'runs'), { recursive: true });
  const scratch = mkdtempSync(path.join(cacheDir, 'runs', `${options.label ?? 'run'}-`));
  const userDir = path.join(scratch, 'user');
  const extensionsDir = path.join(scratch, 'extensions');
  mkdirSync(path.join(userDir, 'User'), { recursive: true });
  mkdirSync(path.join(scratch, 'tmp'), { recursive: true });
  // Unix socket paths are limited to 107 bytes: keep the runtime folder (VS Code's IPC sockets) short.
  const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'tw-rt-'));
  writeFileSync(path.join(userDir, 'User', 'settings.json'), JSON.stringify({ ...defaultUserSettings, ...options.userSettings }, null, 2));
  const env = {
    ...process.env,
    TMPDIR: path.join(scratch, 'tmp'),
    XDG_CONFIG_HOME: path.join(scratch, 'xdg-config'),
    XDG_DATA_HOME: path.join(scratch, 'xdg-data'),
    XDG_CACHE_HOME: path.join(scratch, 'xdg-cache'),
    XDG_RUNTIME_DIR: runtimeDir,
    // Tokenwise reads AI tools' logs from HOME and these variables: point them all at an empty fake home, so no
    // suite ever reads (or writes a ledger from) the machine's real ~/.claude, ~/.codex, editor storage, ….
    ...isolatedUsageEnv(path.join(scratch, 'home')),
    // Tokenwise opens its Get Started walkthrough on a first start, over the editors a suite works with. In
    // code-server its "shown" flag lives in the browser profile, new for every spec file: only the suites that
    // test the walkthrough let it open (options.env: { TOKENWISE_NO_WALKTHROUGH: '' }).
    TOKENWISE_NO_WALKTHROUGH: '1',
    ...toolDirEnv(options.toolDirs),
    ...options.env,
  };
  const logFile = path.join(scratch, 'server.log');
  const log = createWriteStream(logFile);
  const child = spawn(
    codeServerBin,
    [
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--extensions-dir', extensionsDir,
      '--user-data-dir', userDir,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  // The log outlives neither the server nor the scratch folder: write by hand and swallow late chunks.
  log.on('error', () => {});
  const toLog = (chunk) => {
    if (!log.writableEnded) log.write(chunk);
  };
  child.stdout.on('data', toLog);
  child.stderr.on('data', toLog);
  const url = `http://127.0.0.1:${port}`;
  const stop = async ({ keepScratch = false } = {}) => {
    running.delete(child);
    child.stdout.off('data', toLog);
    child.stderr.off('data', toLog);
    log.end();
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    if (!keepScratch && !options.keepScratch && !process.env.TOKENWISE_KEEP_SCRATCH) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
    }
    rmSync(runtimeDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, scratch, extensionsDir, userDir, logFile, env, stop };
}

/** Install a .vsix into the scratch extensions folder with code-server's own CLI. */
export async function installVsix(vsixPath, server) {
  await new Promise((resolve, reject) => {
    const child = spawn(codeServerBin, ['--extensions-dir', server.extensionsDir, '--user-data-dir', server.userDir, '--install-extension', vsixPath], {
      env: server.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`--install-extension failed (${code}):\n${output}`))));
  });
}

export const browserArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Debian's Chromium, headless, driven by playwright-core (no browser download). */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: browserArgs });
}

/** The code-server URL that opens `folder` with the extension loaded in development mode (and tests, if given). */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = [folder ? `folder=${encodeURIComponent(folder)}` : 'ew=true'];
  if (payload.length > 0) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.url}/?${query.join('&')}`;
}
