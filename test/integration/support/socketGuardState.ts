// What the socket guard preload (socketGuardPreload.ts) and the test that reads it (socketGuard.test.ts) share.
// They are separate bundles loaded into the same extension host, so they meet on a global symbol.

export const SOCKET_GUARD_KEY = Symbol.for('tokenwise.test.socketGuard');

/** Set by the integration harness for the code-server it starts. */
export const SOCKET_GUARD_ENV = {
  /** The folder whose code must open no socket: the extension's dist/. */
  protectedDir: 'TOKENWISE_SOCKET_GUARD_DIR',
  /** A file every guarded process (and worker thread) appends its findings to, one JSON line each. */
  reportFile: 'TOKENWISE_SOCKET_GUARD_REPORT',
  /** The folder inside dist/ where the proof test puts its deliberate probe (its findings are expected). */
  probeFolder: 'TOKENWISE_SOCKET_GUARD_PROBE_FOLDER',
} as const;

/** Which mechanism noticed the socket. */
export type GuardLayer = 'wrapper' | 'diagnostics_channel';

export interface SocketViolation {
  layer: GuardLayer;
  /** The API or channel, e.g. `net.connect`, `globalThis.fetch`, `net.client.socket`. */
  api: string;
  /** The innermost stack frame inside the protected folder: `file:line:column`. */
  frame: string;
  pid: number;
  threadId: number;
  atMs: number;
}

export interface SocketGuardState {
  readonly protectedDir: string;
  readonly reportFile: string;
  readonly installedAtMs: number;
  /** Files under the protected folder that were already loaded when the guard was installed (must be none). */
  readonly protectedModulesLoadedBeforeInstall: readonly string[];
  readonly violations: readonly SocketViolation[];
  /** Socket calls seen from code outside the protected folder (VS Code's own traffic, the tests' own servers). */
  readonly unattributedCalls: number;
  /**
   * 'block' (default): a Tokenwise socket is recorded and refused (the call throws or the socket is destroyed).
   * 'observe': recorded only, so a test can see that every layer notices the same socket.
   */
  mode: 'block' | 'observe';
}

/** The error a blocked socket call throws (or destroys its socket with). */
export const SOCKET_GUARD_ERROR_CODE = 'ERR_TOKENWISE_SOCKET_GUARD';
