// Tests the PACKAGED extension, not the development folder: builds the .vsix with `npm run package`, checks
// its file list against the .vscodeignore allow-list, installs it into a fresh code-server with
// --install-extension, opens the workbench without any development path, and checks that Tokenwise
// activated (its container is in the activity bar and its log says so).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtempSync, cpSync, rmSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installVsix, launchBrowser, startCodeServer, workbenchUrl } from './codeServer.mjs';
import { repoRoot } from './setup.mjs';
import { scanForNetworkCode } from './networkScan.mjs';

const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const vsix = path.join(repoRoot, `tokenwise-${version}.vsix`);

function step(message) {
  console.log(`  • ${message}`);
}

async function main() {
  console.log('Packaged extension');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const listing = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).trim().split('\n');
  const unexpected = listing.filter(
    (entry) => !/^(extension\.vsixmanifest|\[Content_Types\]\.xml|extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt|dist\/.+|media\/.+))$/.test(entry),
  );
  if (unexpected.length > 0) throw new Error(`the .vsix holds files outside the allow-list:\n${unexpected.join('\n')}`);
  if (listing.some((entry) => entry.endsWith('.map'))) throw new Error('the .vsix holds source maps from a development build');
  step(`${path.basename(vsix)}: ${listing.length} files, all on the allow-list`);
  // The walkthrough's step pages are read at run time from the installed folder: a missing one is a blank step.
  const { contributes } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const stepMedia = (contributes.walkthroughs ?? []).flatMap((walkthrough) => walkthrough.steps.flatMap(({ media }) => [media.markdown, media.svg, ...(typeof media.image === 'object' ? Object.values(media.image) : [media.image])].filter(Boolean)));
  const missingMedia = stepMedia.filter((media) => !listing.includes(`extension/${media}`));
  if (missingMedia.length > 0) throw new Error(`walkthrough media missing from the .vsix: ${missingMedia.join(', ')}`);
  step(`the walkthrough's ${stepMedia.length} step pages are in it`);
  const unpacked = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-vsix-'));
  execFileSync('unzip', ['-q', vsix, '-d', unpacked]);
  const bundles = readdirSync(path.join(unpacked, 'extension', 'dist'), { recursive: true })
    .filter((name) => String(name).endsWith('.js'))
    .map((name) => path.join(unpacked, 'extension', 'dist', String(name)));
  const network = scanForNetworkCode(bundles);
  rmSync(unpacked, { recursive: true, force: true });
  if (network.length > 0) throw new Error(`network code in the packaged bundles:\n${network.join('\n')}`);
  step(`no network code in its ${bundles.length} production bundles`);

  const workspace = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-pkg-'));
  cpSync(path.join(repoRoot, 'demo'), workspace, { recursive: true });
  const server = await startCodeServer({ label: 'package' });
  let ok = false;
  try {
    await installVsix(vsix, server);
    step('installed with code-server --install-extension');
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(workbenchUrl(server, { folder: workspace }), { timeout: 180_000 });
      await page.locator('.activitybar .action-item a[aria-label^="Tokenwise"]').waitFor({ timeout: 90_000 });
      step('the Tokenwise container is in the activity bar');
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill('>Tokenwise: Show Log');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Tokenwise: Show Log' }).first().waitFor({ timeout: 20_000 });
      await page.keyboard.press('Enter');
      await page.locator('.panel .view-lines', { hasText: `Tokenwise ${version} activated` }).first().waitFor({ timeout: 30_000 });
      step(`its log says "Tokenwise ${version} activated"`);
      await page.screenshot({ path: path.join(repoRoot, 'test-results', 'package-installed.png') });
      ok = true;
    } finally {
      await browser.close();
    }
  } finally {
    await server.stop({ keepScratch: !ok });
    rmSync(workspace, { recursive: true, force: true });
  }
  console.log('1 passed, 0 failed');
}

main().catch((error) => {
  console.error(`  ✗ ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
