// Checks the README's first command the way a person uses it: `npm start` (without a desktop `code`) prints a
// URL, that URL shows VS Code with Tokenwise loaded on the demo workspace, and Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { freePort, launchBrowser } from './codeServer.mjs';
import { repoRoot } from './setup.mjs';

function portIsFree(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => (socket.destroy(), resolve(false)));
    socket.on('error', () => resolve(true));
  });
}

async function main() {
  console.log('npm start');
  const port = await freePort();
  const child = spawn('npm', ['start'], { cwd: repoRoot, env: { ...process.env, TOKENWISE_PORT: String(port), TOKENWISE_NO_DESKTOP: '1' }, detached: true });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  try {
    const deadline = Date.now() + 120_000;
    let url;
    while (!(url = output.match(/http:\/\/127\.0\.0\.1:\d+\/\?\S+/)?.[0])) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`npm start printed no URL:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    console.log(`  • printed ${url.slice(0, 40)}…`);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(url, { timeout: 180_000 });
      await page.locator('.activitybar .action-item a[aria-label^="Tokenwise"]').waitFor({ timeout: 90_000 });
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'docs' }).first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(repoRoot, 'test-results', 'npm-start.png') });
      console.log('  • the workbench shows Tokenwise and the demo workspace');
    } finally {
      await browser.close();
    }
    process.kill(-child.pid, 'SIGINT');
    const result = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 15_000))]);
    if (result === 'timeout') throw new Error('npm start did not stop within 15 s of Ctrl-C');
    // npm may exit before its child has finished stopping the server: give it a moment.
    let free = false;
    for (let i = 0; i < 20 && !(free = await portIsFree(port)); i++) await new Promise((resolve) => setTimeout(resolve, 250));
    if (!free) throw new Error(`port ${port} is still served 5 s after Ctrl-C`);
    console.log('  • Ctrl-C stopped it and freed the port');
    console.log('1 passed, 0 failed');
  } catch (error) {
    // Ctrl-C first, so `npm start` stops the code-server it started (in its own process group); SIGKILL only
    // if it does not exit, which would leave that server running.
    try {
      process.kill(-child.pid, 'SIGINT');
    } catch {
      /* gone */
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    console.error(`  ✗ ${error.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

await main();
