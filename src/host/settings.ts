/**
 * Every `tokenwise.*` setting read through the settings table (src/core/settings/settingsTable.ts), and the one
 * place that reports bad values: each problem goes to the Tokenwise log, and the first time it appears also to
 * an unobtrusive warning. The checking itself is pure (src/core/settings/); this file only supplies VS Code's
 * configuration and the file system.
 */
import * as vscode from 'vscode';
import { diskSettingContext } from '../core/settings/pathKind';
import type { SettingKey, SettingValue } from '../core/settings/settingsTable';
import { checkSetting, validateSettings } from '../core/settings/validateSettings';
import { Disposable } from './lifecycle';

const SECTION = 'tokenwise';
/** Pop-ups per change; the rest go to the log only, so a broken settings file cannot flood the screen. */
const MAX_WARNINGS_PER_CHANGE = 3;

function rawSetting(key: SettingKey): unknown {
  return vscode.workspace.getConfiguration(SECTION).get<unknown>(key);
}

/** The value of one setting as the table's rule makes it (the monitor reports its problems). */
export function settingValue<K extends SettingKey>(key: K): SettingValue<K> {
  return checkSetting(key, rawSetting(key), diskSettingContext).value;
}

/**
 * Checks all settings shortly after activation and after every change to them. A problem is logged and shown
 * once, when it first appears; one that persists across later changes is not shown again.
 */
export class SettingsMonitor extends Disposable {
  private current: readonly string[] = [];
  private readonly shown: string[] = [];
  private checks = 0;
  private readonly checked = this.register(new vscode.EventEmitter<readonly string[]>());
  /** Fires after each check with the problems found. */
  readonly onDidCheck = this.checked.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    // Deferred: the check builds the model catalog, which activation must not wait for.
    const first = setTimeout(() => this.check(), 0);
    this.register({ dispose: () => clearTimeout(first) });
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SECTION)) this.check();
      }),
    );
  }

  /** Every problem of the current settings, each message naming its setting. */
  get problems(): readonly string[] {
    return this.current;
  }

  /** Every message shown as a warning so far, in order (each problem appears once per time it is introduced). */
  get warningsShown(): readonly string[] {
    return this.shown;
  }

  /** How many checks have run (tests wait for the next one). */
  get checkCount(): number {
    return this.checks;
  }

  private check(): void {
    if (this.isDisposed) return;
    const messages = [...new Set(validateSettings(rawSetting, diskSettingContext).problems.map((problem) => problem.message))];
    const known = new Set(this.current);
    const fresh = messages.filter((message) => !known.has(message));
    this.current = messages;
    this.checks++;
    for (const message of fresh) this.log.warn(`Setting: ${message}`);
    const popups = fresh.slice(0, MAX_WARNINGS_PER_CHANGE);
    if (fresh.length > MAX_WARNINGS_PER_CHANGE) popups.push(`${fresh.length - MAX_WARNINGS_PER_CHANGE} more setting problems are listed in the Tokenwise log.`);
    for (const message of popups) void vscode.window.showWarningMessage(`Tokenwise: ${message}`);
    this.shown.push(...popups);
    this.checked.fire(messages);
  }
}
