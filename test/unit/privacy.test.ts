import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const distDir = path.resolve(__dirname, '..', '..', 'dist');

async function scanner(): Promise<typeof import('../harness/networkScan.mjs')> {
  return import('../harness/networkScan.mjs');
}

describe('privacy: no network code', () => {
  it('the scanner finds every kind of network use it looks for', async () => {
    const { networkPatterns, scanForNetworkCode } = await scanner();
    const samples: Record<string, string> = {
      "require('http')": 'const h = require("http");',
      "require('https')": "const h = require('node:https');",
      "require('http2')": "require('http2')",
      "require('net')": 'require("net").connect(1)',
      "require('tls')": "require('tls')",
      "require('dgram')": "require('dgram')",
      'fetch(': 'await fetch("https://example.invalid")',
      XMLHttpRequest: 'new XMLHttpRequest()',
      WebSocket: 'new WebSocket("ws://x")',
      EventSource: 'new EventSource("/x")',
      sendBeacon: 'navigator.sendBeacon("/x")',
    };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-scan-'));
    for (const { name } of networkPatterns) {
      const file = path.join(dir, `${networkPatterns.findIndex((p) => p.name === name)}.js`);
      writeFileSync(file, `// sample\n${samples[name]}\n`);
      assert.equal(scanForNetworkCode([file]).length, 1, `the scanner missed ${name}`);
    }
    const clean = path.join(dir, 'clean.js');
    writeFileSync(clean, 'const prefetch = () => 1; const x = obj.fetch; module.exports = { prefetch, x };\n');
    assert.deepEqual(scanForNetworkCode([clean]), []);
  });

  it('the built bundles (extension, CLI, workers, webview) contain none', async () => {
    const { scanForNetworkCode } = await scanner();
    const bundles = readdirSync(distDir, { recursive: true })
      .map(String)
      .filter((name) => name.endsWith('.js') && !name.startsWith('bench'))
      .map((name) => path.join(distDir, name));
    assert.ok(bundles.some((file) => file.endsWith('extension.js')), 'run `npm run build` first');
    assert.deepEqual(scanForNetworkCode(bundles), []);
  });
});
