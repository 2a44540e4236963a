// The integration suite's socket guard, harness side: the environment that preloads the guard
// (out/test/integration/support/socketGuardPreload.js) into every Node process of code-server, and the
// findings it reported. See docs/reliability.md ("No sockets in the real extension host").
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './setup.mjs';

const preload = path.join(repoRoot, 'out', 'test', 'integration', 'support', 'socketGuardPreload.js');
/** The folder inside dist/ where socketGuard.test.ts puts its deliberate socket-opening probe. */
export const PROBE_FOLDER = 'socket-guard-probe';

export function socketGuardEnv(extensionDevelopmentPath) {
  if (!existsSync(preload)) throw new Error(`${path.relative(repoRoot, preload)} is missing: run \`npm run build\` first`);
  const folder = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-socket-guard-'));
  const reportFile = path.join(folder, 'findings.jsonl');
  const inherited = process.env.NODE_OPTIONS ?? '';
  return {
    reportFile,
    env: {
      NODE_OPTIONS: `${inherited} --require ${JSON.stringify(preload)}`.trim(),
      TOKENWISE_SOCKET_GUARD_DIR: path.join(extensionDevelopmentPath, 'dist'),
      TOKENWISE_SOCKET_GUARD_REPORT: reportFile,
      TOKENWISE_SOCKET_GUARD_PROBE_FOLDER: PROBE_FOLDER,
    },
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

/** Every socket the guard attributed to Tokenwise, minus the deliberate ones of the guard's own proof test. */
export function socketGuardFindings(reportFile) {
  if (!existsSync(reportFile)) return [];
  const probeMarker = `${path.sep}${PROBE_FOLDER}${path.sep}`;
  return readFileSync(reportFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      try {
        return !String(JSON.parse(line).frame).includes(probeMarker);
      } catch {
        return true; // a damaged line is reported as it is, never ignored
      }
    });
}
