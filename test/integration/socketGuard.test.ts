// No sockets from Tokenwise in the real extension host. The harness preloads the socket guard
// (support/socketGuardPreload.ts) into every Node process of code-server, so the extension was activated under
// it; this suite proves that, runs a full ingest of fixture logs for every kind of source placed in the tool
// folders the server was given, and proves the guard is not vacuous: sockets deliberately opened from a probe
// file inside the extension's dist/ folder are caught by each API wrapper and each diagnostics channel.
import * as assert from 'node:assert/strict';
import dgram from 'node:dgram';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TokenwiseTestApi } from '../../src/extension';
import { SOCKET_GUARD_ENV, SOCKET_GUARD_ERROR_CODE, SOCKET_GUARD_KEY, type GuardLayer, type SocketGuardState, type SocketViolation } from './support/socketGuardState';

const extensionId = 'tokenwise.tokenwise';

function guardState(): SocketGuardState {
  const state = (globalThis as { [SOCKET_GUARD_KEY]?: SocketGuardState })[SOCKET_GUARD_KEY];
  assert.ok(state, 'the socket guard is not installed in this extension host (the harness preloads it with NODE_OPTIONS)');
  return state;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set in the extension host`);
  return value;
}

/** Findings of every guarded process and worker thread, from the shared report file. */
function reportedViolations(state: SocketGuardState): SocketViolation[] {
  if (!fs.existsSync(state.reportFile)) return [];
  return fs
    .readFileSync(state.reportFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SocketViolation);
}

/** Copies a fixture tree to `target`, remembering the top-most folder it had to create so it can be removed. */
class FixturePlacement {
  private readonly created: string[] = [];

  place(source: string, target: string): void {
    let topMissing: string | undefined;
    for (let dir = path.dirname(target); !fs.existsSync(dir); dir = path.dirname(dir)) topMissing = dir;
    if (!fs.existsSync(target)) topMissing = target;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.cpSync(source, target, { recursive: true });
    this.created.push(topMissing ?? target);
  }

  removeAll(): void {
    for (const dir of this.created.splice(0).reverse()) fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('Socket guard: Tokenwise opens no socket in the real extension host', function () {
  this.timeout(120_000);
  let api: TokenwiseTestApi;
  let extensionPath: string;

  before(async () => {
    const extension = vscode.extensions.getExtension<TokenwiseTestApi>(extensionId);
    assert.ok(extension, `${extensionId} is not installed`);
    extensionPath = extension.extensionPath;
    api = await extension.activate();
  });

  it('was installed before the extension was loaded, and guards its dist/ folder', () => {
    const state = guardState();
    assert.equal(state.protectedDir, path.join(extensionPath, 'dist'));
    assert.deepEqual(state.protectedModulesLoadedBeforeInstall, [], 'no Tokenwise module may load before the guard');
    assert.equal(state.mode, 'block');
    const loadedNow = Object.keys(require.cache).filter((file) => file.startsWith(state.protectedDir + path.sep));
    assert.ok(loadedNow.includes(path.join(state.protectedDir, 'extension.js')), `the extension bundle was loaded (under the guard) by now: ${loadedNow.join(', ')}`);
  });

  it('activation and a full ingest of every kind of source open no socket', async () => {
    const state = guardState();
    const fixtures = path.join(extensionPath, 'test', 'fixtures', 'sources');
    const placement = new FixturePlacement();
    const config = vscode.workspace.getConfiguration('tokenwise');
    // A separate ledger, so the suites after this one see only their own figures.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenwise-guard-data-'));
    const guardedWork = async (): Promise<void> => {
      // Claude Code and Codex logs are already in CLAUDE_CONFIG_DIR and CODEX_HOME (the harness wrote them).
      placement.place(path.join(fixtures, 'gemini-cli', 'home', '.gemini', 'tmp'), path.join(requiredEnv('GEMINI_CLI_HOME'), '.gemini', 'tmp'));
      placement.place(path.join(fixtures, 'cline', 'home', '.cline', 'data', 'tasks'), path.join(requiredEnv('CLINE_DATA_DIR'), 'tasks'));
      placement.place(path.join(fixtures, 'continue', 'home', '.continue', 'dev_data'), path.join(requiredEnv('CONTINUE_GLOBAL_DIR'), 'dev_data'));
      placement.place(path.join(fixtures, 'copilot', 'home', '.copilot', 'otel', 'copilot-otel.jsonl'), requiredEnv('COPILOT_OTEL_FILE_EXPORTER_PATH'));
      placement.place(path.join(fixtures, 'opencode', 'home', '.local', 'share', 'opencode', 'storage'), path.join(requiredEnv('OPENCODE_DATA_DIR'), 'storage'));
      // An SQLite source: the sql.js engine (whose stock build can fetch its .wasm) is loaded and run too.
      placement.place(path.join(fixtures, 'opencode', 'wal', 'opencode.db'), path.join(requiredEnv('OPENCODE_DATA_DIR'), 'opencode.db'));
      placement.place(path.join(fixtures, 'opencode', 'wal', 'opencode.db-wal'), path.join(requiredEnv('OPENCODE_DATA_DIR'), 'opencode.db-wal'));
      // The fixtures are over a year old: keep them as detail records (the default 400 days would roll them up).
      await config.update('retentionDays', 36_500, vscode.ConfigurationTarget.Global);
      await config.update('dataDirectory', dataDir, vscode.ConfigurationTarget.Global);

      // The settings change starts an ingest of its own; "Refresh Usage" runs (or joins) the round after it.
      await vscode.commands.executeCommand('tokenwise.refreshUsage');
      assert.equal(api.usage.service.dataDir, dataDir);
      const summaries = api.usage.service.lastSummaries;
      const toolsInLedger = new Set<string>(api.usage.service.records().map((record) => record.tool));
      for (const tool of ['claude-code', 'codex', 'gemini-cli', 'cline', 'continue', 'copilot', 'opencode']) {
        const summary = summaries.find((candidate) => candidate.tool === tool);
        assert.ok(summary !== undefined && summary.filesSeen > 0, `${tool} logs were found: ${JSON.stringify(summary)}`);
        assert.ok(toolsInLedger.has(tool), `${tool} records are in the ledger (it holds: ${[...toolsInLedger].join(', ')})`);
      }
      assert.ok(fs.readdirSync(path.join(dataDir, 'ledger')).length > 0, 'the ledger was written');

      // The rest of what a session touches: the Trends panel, the token counter (its worker thread is guarded too).
      await vscode.commands.executeCommand('tokenwise.openTrends');
      const document = await vscode.workspace.openTextDocument({ content: 'const answer = 42;\n'.repeat(200), language: 'typescript' });
      await vscode.window.showTextDocument(document);
      await api.statusBar.whenIdle();
      assert.ok((await api.statusBar.workerHeapUsedBytes()) > 0, 'the counting worker ran');
    };
    try {
      await guardedWork();
    } finally {
      placement.removeAll();
      await config.update('dataDirectory', undefined, vscode.ConfigurationTarget.Global);
      await config.update('retentionDays', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // Let the ingests these changes trigger (settings, and the log watchers' 2 s debounce) finish here, not
      // during the timing-sensitive suites that follow.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await api.usage.service.ingest('socket guard test cleanup');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    assert.deepEqual(state.violations, [], 'sockets opened by Tokenwise code in the extension host');
    assert.deepEqual(reportedViolations(state), [], 'sockets opened by Tokenwise code in any guarded process or worker');
    console.log(`    (guard saw ${state.unattributedCalls} socket call(s) from VS Code and other non-Tokenwise code, none from Tokenwise)`);
  });

  describe('catches sockets opened from a file inside the extension’s dist/ folder', () => {
    let probeDir: string;
    let probe: SocketProbe;
    let tcpServer: net.Server;
    let httpServer: http.Server;
    let udpServer: dgram.Socket;
    let tcpConnections = 0;
    let httpRequests = 0;
    const ports = { tcp: 0, http: 0, udp: 0 };

    before(async () => {
      probeDir = path.join(guardState().protectedDir, requiredEnv(SOCKET_GUARD_ENV.probeFolder));
      fs.mkdirSync(probeDir, { recursive: true });
      const probeFile = path.join(probeDir, 'probe.js');
      fs.writeFileSync(probeFile, PROBE_SOURCE);
      probe = createRequire(__filename)(probeFile) as SocketProbe;
      tcpServer = net.createServer((socket) => (tcpConnections++, socket.destroy()));
      httpServer = http.createServer((_request, response) => (httpRequests++, response.end('ok')));
      udpServer = dgram.createSocket('udp4');
      await Promise.all([
        new Promise<void>((resolve) => tcpServer.listen(0, '127.0.0.1', resolve)),
        new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve)),
        new Promise<void>((resolve) => udpServer.bind(0, '127.0.0.1', resolve)),
      ]);
      ports.tcp = (tcpServer.address() as net.AddressInfo).port;
      ports.http = (httpServer.address() as net.AddressInfo).port;
      ports.udp = udpServer.address().port;
    });

    after(async () => {
      guardState().mode = 'block';
      fs.rmSync(probeDir, { recursive: true, force: true });
      udpServer?.close();
      await Promise.all([new Promise((resolve) => tcpServer?.close(resolve)), new Promise((resolve) => httpServer?.close(resolve))]);
    });

    /** Runs `act` and returns the findings it added whose frame is in the probe. */
    async function findingsOf(act: () => Promise<unknown>): Promise<SocketViolation[]> {
      const state = guardState();
      const before = state.violations.length;
      await act();
      return state.violations.slice(before).filter((violation) => violation.frame.startsWith(probeDir + path.sep));
    }

    const cases: { name: keyof SocketProbe; port: keyof typeof ports; expected: [GuardLayer, string][] }[] = [
      { name: 'netConnect', port: 'tcp', expected: [['wrapper', 'net.connect'], ['wrapper', 'net.Socket.prototype.connect'], ['diagnostics_channel', 'net.client.socket']] },
      { name: 'netCreateConnection', port: 'tcp', expected: [['wrapper', 'net.createConnection'], ['diagnostics_channel', 'net.client.socket']] },
      { name: 'socketConnect', port: 'tcp', expected: [['wrapper', 'net.Socket.prototype.connect']] },
      { name: 'tlsConnect', port: 'tcp', expected: [['wrapper', 'tls.connect'], ['wrapper', 'net.Socket.prototype.connect']] },
      { name: 'httpRequest', port: 'http', expected: [['wrapper', 'http.request']] },
      { name: 'httpGet', port: 'http', expected: [['wrapper', 'http.get']] },
      { name: 'httpsRequest', port: 'tcp', expected: [['wrapper', 'https.request']] },
      { name: 'httpsGet', port: 'tcp', expected: [['wrapper', 'https.get']] },
      { name: 'udpSend', port: 'udp', expected: [['wrapper', 'dgram.createSocket'], ['wrapper', 'dgram.Socket.prototype.send'], ['diagnostics_channel', 'udp.socket']] },
      { name: 'fetch', port: 'http', expected: [['wrapper', 'globalThis.fetch']] },
    ];

    it('observing: every wrapper and diagnostics channel on the way attributes the socket to the probe', async () => {
      guardState().mode = 'observe';
      for (const { name, port, expected } of cases) {
        const found = await findingsOf(() => probe[name](ports[port]));
        const seen = new Set(found.map((violation) => `${violation.layer} ${violation.api}`));
        for (const [layer, apiName] of expected) assert.ok(seen.has(`${layer} ${apiName}`), `${name}: ${layer} did not report ${apiName} (saw: ${[...seen].join('; ')})`);
        console.log(`      ${name}: ${[...seen].join('; ')}`);
      }
      assert.ok(tcpConnections > 0 && httpRequests > 0, 'observed sockets really connected');
      const reported = reportedViolations(guardState()).filter((violation) => violation.frame.startsWith(probeDir + path.sep));
      assert.ok(reported.length > 0, 'findings also reach the report file the harness checks');
    });

    it('blocking (the default): every call from the probe is refused before it connects', async () => {
      guardState().mode = 'block';
      const connectionsBefore = tcpConnections;
      const requestsBefore = httpRequests;
      for (const { name, port } of cases) {
        let refusal: unknown;
        const found = await findingsOf(async () => {
          try {
            await probe[name](ports[port]);
          } catch (error) {
            refusal = error;
          }
        });
        assert.equal((refusal as { code?: string } | undefined)?.code, SOCKET_GUARD_ERROR_CODE, `${name} was not refused: ${String(refusal)}`);
        assert.ok(found.length > 0, `${name}: the refusal was recorded`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(tcpConnections, connectionsBefore, 'no blocked TCP connection reached the server');
      assert.equal(httpRequests, requestsBefore, 'no blocked HTTP request reached the server');
    });
  });
});

/** What the probe file exports: each opens a socket in a different way and settles once it has been tried. */
interface SocketProbe {
  netConnect(port: number): Promise<void>;
  netCreateConnection(port: number): Promise<void>;
  socketConnect(port: number): Promise<void>;
  tlsConnect(port: number): Promise<void>;
  httpRequest(port: number): Promise<void>;
  httpGet(port: number): Promise<void>;
  httpsRequest(port: number): Promise<void>;
  httpsGet(port: number): Promise<void>;
  udpSend(port: number): Promise<void>;
  fetch(port: number): Promise<void>;
}

// Plain CommonJS written into dist/<probe folder>/probe.js at test time (and removed after): code the guard must
// treat exactly like the extension's own bundle. Each function settles when its socket closed or failed.
const PROBE_SOURCE = `'use strict';
const net = require('node:net');
const tls = require('node:tls');
const http = require('node:http');
const https = require('node:https');
const dgram = require('node:dgram');
const settle = (emitter) => new Promise((resolve) => { emitter.on('error', resolve); emitter.on('close', resolve); });
const settleRequest = (request) => { const done = settle(request); request.on('response', (response) => { response.resume(); }); request.end(); return done; };
exports.netConnect = (port) => settle(net.connect(port, '127.0.0.1'));
exports.netCreateConnection = (port) => settle(net.createConnection({ port, host: '127.0.0.1' }));
exports.socketConnect = (port) => settle(new net.Socket().connect(port, '127.0.0.1'));
exports.tlsConnect = (port) => settle(tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false }));
exports.httpRequest = (port) => settleRequest(http.request({ port, host: '127.0.0.1', agent: false }));
exports.httpGet = (port) => { const request = http.get({ port, host: '127.0.0.1', agent: false }); const done = settle(request); request.on('response', (response) => response.resume()); return done; };
exports.httpsRequest = (port) => settleRequest(https.request({ port, host: '127.0.0.1', agent: false, rejectUnauthorized: false }));
exports.httpsGet = (port) => { const request = https.get({ port, host: '127.0.0.1', agent: false, rejectUnauthorized: false }); return settle(request); };
exports.udpSend = (port) => new Promise((resolve) => {
  const socket = dgram.createSocket('udp4');
  socket.on('error', () => { socket.close(); resolve(); });
  socket.send('probe', port, '127.0.0.1', () => { socket.close(); resolve(); });
});
exports.fetch = async (port) => { const response = await fetch('http://127.0.0.1:' + port + '/'); await response.text(); };
`;
