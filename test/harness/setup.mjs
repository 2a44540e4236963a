// Installs what the real-VS-Code and real-browser tests need, into the ignored `.vscode-test/` cache:
// Debian packages (chromium, ripgrep, a toolchain for code-server's native modules) and code-server
// 4.100.3 from npm (= VS Code 1.100.3, the last release that runs on Node 20). Later runs reuse the cache.
// Nothing here downloads a binary from outside the npm registry and Debian: see shared/TESTING.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = path.join(repoRoot, '.vscode-test');
export const codeServerBin = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

const aptPackages = ['chromium', 'ripgrep', 'build-essential', 'python3', 'libkrb5-dev', 'unzip'];

function log(message) {
  process.stderr.write(`[harness] ${message}\n`);
}

function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function missingSystemTools() {
  const missing = [];
  if (!existsSync(chromiumPath)) missing.push('chromium');
  if (!commandExists('rg')) missing.push('ripgrep');
  if (!commandExists('make') || !commandExists('g++')) missing.push('build-essential');
  if (!commandExists('python3')) missing.push('python3');
  if (!commandExists('unzip')) missing.push('unzip');
  if (!existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/krb5/krb5.h')) missing.push('libkrb5-dev');
  return missing;
}

function ensureSystemPackages() {
  const missing = missingSystemTools();
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !commandExists('apt-get')) {
    throw new Error(
      `The UI and integration tests need these system packages: ${missing.join(', ')}.\n` +
        `Install them (Debian/Ubuntu: sudo apt-get install ${aptPackages.join(' ')}) or set CHROMIUM to a Chromium binary, then run the tests again.`,
    );
  }
  log(`installing Debian packages: ${aptPackages.join(' ')}`);
  execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...aptPackages], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function ensureCodeServer() {
  if (existsSync(codeServerBin)) return;
  const installDir = path.dirname(path.dirname(path.dirname(codeServerBin)));
  const tmp = path.join(cacheDir, 'tmp');
  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  // @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache (looked up under $TMPDIR) already
  // holds the archive: seed it with Debian's rg.
  const ripgrepCache = path.join(tmp, 'vscode-ripgrep-cache-1.15.11');
  mkdirSync(ripgrepCache, { recursive: true });
  const rg = execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
  execFileSync('tar', ['czf', path.join(ripgrepCache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'), '-C', path.dirname(rg), 'rg']);
  writeFileSync(path.join(installDir, 'package.json'), JSON.stringify({ name: 'tokenwise-code-server', private: true }));
  const nodeDir = path.dirname(path.dirname(process.execPath));
  log(`installing code-server ${CODE_SERVER_VERSION} from npm into ${path.relative(repoRoot, installDir)} (about 90 s, once)`);
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: installDir,
    encoding: 'utf8',
    env: {
      ...process.env,
      TMPDIR: tmp,
      // code-server's postinstall refuses to run as root without this (npm 11 has no --unsafe-perm flag).
      npm_config_unsafe_perm: 'true',
      // node-pty's postinstall runs `npx node-gyp`, which would otherwise wait for a "yes".
      npm_config_yes: 'true',
      // Build native modules against the running Node's headers instead of downloading them.
      npm_config_nodedir: nodeDir,
    },
    maxBuffer: 256 * 1024 * 1024,
  });
  writeFileSync(path.join(installDir, 'install.log'), `${result.stdout}\n${result.stderr}`);
  if (result.status !== 0 || !existsSync(codeServerBin)) {
    rmSync(path.join(installDir, 'node_modules'), { recursive: true, force: true });
    throw new Error(`code-server install failed (exit ${result.status}); see the end of its log:\n${(result.stdout + result.stderr).slice(-4000)}`);
  }
}

export function ensureHarness() {
  mkdirSync(cacheDir, { recursive: true });
  ensureSystemPackages();
  ensureCodeServer();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureHarness();
    log('ready');
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
