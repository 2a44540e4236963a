// The socket guard: preloaded with NODE_OPTIONS=--require into every Node process (and worker thread) of the
// integration suite's code-server, so it is in place in the extension host before any extension is loaded.
// It fails the suite on any socket opened by code under the extension's dist/ folder, while leaving the
// extension host's own traffic (it talks to code-server over sockets) alone. Two independent layers:
//   1. wrappers around every public way to open one — net.connect / net.createConnection,
//      net.Socket.prototype.connect (also under tls and http), tls.connect, http(s).request / get,
//      dgram.createSocket and dgram.Socket.prototype.bind / send, globalThis.fetch — which attribute the call by
//      its stack and refuse it;
//   2. diagnostics_channel subscribers ('net.client.socket', 'http.client.request.start', 'undici:request:create',
//      'udp.socket') that see sockets made however they were made and attribute them the same way.
// A call is Tokenwise's when any frame of its (full, V8 structured) stack lies in the protected folder. Every
// finding is appended to a report file too, so one made in another process or a worker thread is not lost.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOCKET_GUARD_ENV, SOCKET_GUARD_ERROR_CODE, SOCKET_GUARD_KEY, type GuardLayer, type SocketGuardState, type SocketViolation } from './socketGuardState';

// The real module objects (not an import's namespace copy), so the wrappers are what every caller sees,
// Node's own modules included (http's agent calls net.createConnection through the module object).
const nodeRequire = createRequire(__filename);
const net = nodeRequire('node:net') as typeof import('node:net');
const tls = nodeRequire('node:tls') as typeof import('node:tls');
const http = nodeRequire('node:http') as typeof import('node:http');
const https = nodeRequire('node:https') as typeof import('node:https');
const dgram = nodeRequire('node:dgram') as typeof import('node:dgram');
const diagnosticsChannel = nodeRequire('node:diagnostics_channel') as typeof import('node:diagnostics_channel');
const { threadId } = nodeRequire('node:worker_threads') as typeof import('node:worker_threads');

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

interface MutableGuardState extends SocketGuardState {
  violations: SocketViolation[];
  unattributedCalls: number;
}

function fileOfFrame(site: NodeJS.CallSite): string | undefined {
  const name = site.getFileName() ?? (site.isEval() ? site.getEvalOrigin() : undefined);
  if (name === undefined || name === null) return undefined;
  return name.startsWith('file:') ? fileURLToPath(name) : name;
}

/** The structured call stack of the caller: not the formatted text, which VS Code's extension host reformats. */
function callSites(): NodeJS.CallSite[] {
  const holder: { stack?: unknown } = {};
  const previousPrepare = Error.prepareStackTrace;
  const previousLimit = Error.stackTraceLimit;
  Error.prepareStackTrace = (_error, sites) => sites;
  Error.stackTraceLimit = Infinity;
  try {
    Error.captureStackTrace(holder, callSites);
    return Array.isArray(holder.stack) ? (holder.stack as NodeJS.CallSite[]) : [];
  } finally {
    Error.prepareStackTrace = previousPrepare;
    Error.stackTraceLimit = previousLimit;
  }
}

function install(protectedDir: string, reportFile: string): MutableGuardState {
  const inside = protectedDir.endsWith(path.sep) ? protectedDir : protectedDir + path.sep;
  const state: MutableGuardState = {
    protectedDir,
    reportFile,
    installedAtMs: Date.now(),
    protectedModulesLoadedBeforeInstall: Object.keys(nodeRequire.cache).filter((file) => file.startsWith(inside)),
    violations: [],
    unattributedCalls: 0,
    mode: 'block',
  };

  const protectedFrame = (): string | undefined => {
    for (const site of callSites()) {
      const file = fileOfFrame(site);
      if (file !== undefined && file.startsWith(inside)) return `${file}:${site.getLineNumber() ?? 0}:${site.getColumnNumber() ?? 0}`;
    }
    return undefined;
  };

  const report = (layer: GuardLayer, api: string, frame: string): Error => {
    const violation: SocketViolation = { layer, api, frame, pid: process.pid, threadId, atMs: Date.now() };
    state.violations.push(violation);
    try {
      fs.appendFileSync(reportFile, `${JSON.stringify(violation)}\n`);
    } catch {
      // The in-memory record still fails the test in this process.
    }
    return Object.assign(new Error(`Tokenwise socket guard: ${api} called from ${frame}`), { code: SOCKET_GUARD_ERROR_CODE });
  };

  /** A function that refuses (or, observing, records) calls of `original` made from protected code. */
  const guard = (original: AnyFunction, api: string, refuse: (error: Error) => unknown): AnyFunction =>
    function guarded(this: unknown, ...args: unknown[]): unknown {
      const frame = protectedFrame();
      if (frame === undefined) {
        state.unattributedCalls++;
        return original.apply(this, args);
      }
      const error = report('wrapper', api, frame);
      if (state.mode === 'block') return refuse(error);
      return original.apply(this, args);
    };
  const throwIt = (error: Error): never => {
    throw error;
  };

  /** Replaces `owner[key]` by its guarded version. */
  const wrap = (owner: object, key: string, api: string): void => {
    const original = (owner as Record<string, unknown>)[key];
    if (typeof original !== 'function') return;
    Object.defineProperty(owner, key, { value: guard(original as AnyFunction, api, throwIt), writable: true, configurable: true, enumerable: true });
  };

  /**
   * Guards a global that others replace after us (VS Code's extension host swaps in its own proxy-aware fetch):
   * reading it always yields a guarded version of whatever was assigned last. fetch is asynchronous, so a
   * refused call rejects, as a failed request would.
   */
  const wrapReplaceableGlobal = (key: 'fetch', api: string): void => {
    let current: unknown = globalThis[key];
    const guardedVersions = new WeakMap<object, AnyFunction>();
    const ours = new WeakSet<object>();
    const guardedOf = (value: unknown): unknown => {
      if (typeof value !== 'function' || ours.has(value)) return value;
      let guarded = guardedVersions.get(value);
      if (guarded === undefined) {
        guarded = guard(value as AnyFunction, api, (error) => Promise.reject(error));
        guardedVersions.set(value, guarded);
        ours.add(guarded);
      }
      return guarded;
    };
    Object.defineProperty(globalThis, key, { configurable: true, enumerable: true, get: () => guardedOf(current), set: (value: unknown) => (current = value) });
  };

  wrap(net, 'connect', 'net.connect');
  wrap(net, 'createConnection', 'net.createConnection');
  wrap(net.Socket.prototype, 'connect', 'net.Socket.prototype.connect');
  wrap(tls, 'connect', 'tls.connect');
  wrap(http, 'request', 'http.request');
  wrap(http, 'get', 'http.get');
  wrap(https, 'request', 'https.request');
  wrap(https, 'get', 'https.get');
  wrap(dgram, 'createSocket', 'dgram.createSocket');
  wrap(dgram.Socket.prototype, 'bind', 'dgram.Socket.prototype.bind');
  wrap(dgram.Socket.prototype, 'send', 'dgram.Socket.prototype.send');
  wrapReplaceableGlobal('fetch', 'globalThis.fetch');

  for (const channel of ['net.client.socket', 'http.client.request.start', 'undici:request:create', 'udp.socket']) {
    diagnosticsChannel.subscribe(channel, () => {
      const frame = protectedFrame();
      if (frame === undefined) state.unattributedCalls++;
      else report('diagnostics_channel', channel, frame);
    });
  }
  return state;
}

const protectedDir = process.env[SOCKET_GUARD_ENV.protectedDir];
const reportFile = process.env[SOCKET_GUARD_ENV.reportFile];
const global = globalThis as { [SOCKET_GUARD_KEY]?: SocketGuardState };
if (protectedDir && reportFile && global[SOCKET_GUARD_KEY] === undefined) global[SOCKET_GUARD_KEY] = install(path.resolve(protectedDir), reportFile);
