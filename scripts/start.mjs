// `npm start`: build, then open Tokenwise in a real VS Code on the demo workspace.
// With a desktop `code` command: `code --extensionDevelopmentPath=<repo> demo/`. Without one (servers, CI-like
// machines): a private code-server on 127.0.0.1 (port TOKENWISE_PORT, default 3210) with the extension loaded;
// open the printed URL in a browser. The build keeps watching for changes; Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demo = path.join(repoRoot, 'demo');

const build = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const hasDesktopCode = !process.env.TOKENWISE_NO_DESKTOP && spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (hasDesktopCode) {
  const code = spawnSync('code', [`--extensionDevelopmentPath=${repoRoot}`, demo], { stdio: 'inherit' });
  process.exit(code.status ?? 0);
}

const { startCodeServer, workbenchUrl } = await import('../test/harness/codeServer.mjs');
const port = Number(process.env.TOKENWISE_PORT ?? 3210);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`TOKENWISE_PORT must be a TCP port number, not "${process.env.TOKENWISE_PORT}"`);
  process.exit(2);
}
const watcher = spawn(process.execPath, ['esbuild.config.mjs', '--watch'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
let server;
try {
  server = await startCodeServer({ port, label: 'start' });
} catch (error) {
  watcher.kill();
  console.error(`Could not start VS Code (code-server) on 127.0.0.1:${port}: ${error.message}`);
  console.error('Is the port in use? Pick another with TOKENWISE_PORT=3211 npm start');
  process.exit(1);
}
const url = workbenchUrl(server, { folder: demo, extensionDevelopmentPath: repoRoot });
console.log(`\nTokenwise is running in VS Code ${'(code-server 4.100.3)'}. Open this address in a browser:\n\n  ${url}\n`);
console.log('The build rebuilds on change: reload the window (F1 › Developer: Reload Window) to pick it up. Ctrl-C stops.\n');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  watcher.kill();
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
