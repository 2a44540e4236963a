// Shared by the status bar suites: the test API, waiting for the glance to settle, and settings that are
// restored after each test.
import * as assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TokenwiseTestApi } from '../../src/extension';
import type { StatusBarSnapshot } from '../../src/host/statusBar';

export async function tokenwiseApi(): Promise<TokenwiseTestApi> {
  const extension = vscode.extensions.getExtension<TokenwiseTestApi>('tokenwise.tokenwise');
  assert.ok(extension, 'tokenwise.tokenwise is not installed in the extension host');
  return extension.activate();
}

export function workspaceFile(name: string): vscode.Uri {
  const root = process.env.TOKENWISE_TEST_WORKSPACE;
  assert.ok(root, 'TOKENWISE_TEST_WORKSPACE is not set');
  return vscode.Uri.file(path.join(root, name));
}

/** Polls `condition` every 100 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls the item until `predicate` holds (events reach the extension host asynchronously); fails with the last snapshot. */
export async function waitForGlance(api: TokenwiseTestApi, predicate: (snapshot: StatusBarSnapshot) => boolean, timeoutMs = 10_000): Promise<StatusBarSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await api.statusBar.whenIdle();
    const snapshot = api.statusBar.snapshot();
    if (predicate(snapshot)) return snapshot;
    if (Date.now() > deadline) assert.fail(`the status bar did not reach the expected state within ${timeoutMs} ms; now: ${JSON.stringify(snapshot, null, 1)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sets `tokenwise.<key>` in user settings; `restoreSettings` puts every touched key back. */
export class SettingsScope {
  private readonly touched = new Map<string, unknown>();

  async set(key: string, value: unknown): Promise<void> {
    const configuration = vscode.workspace.getConfiguration('tokenwise');
    if (!this.touched.has(key)) this.touched.set(key, configuration.inspect(key)?.globalValue);
    await configuration.update(key, value, vscode.ConfigurationTarget.Global);
  }

  async restore(): Promise<void> {
    const configuration = vscode.workspace.getConfiguration('tokenwise');
    for (const [key, value] of this.touched) await configuration.update(key, value, vscode.ConfigurationTarget.Global);
    this.touched.clear();
  }
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
