import * as vscode from 'vscode';
import { GLANCE_SETTING_KEYS, parseGlanceSettings, type GlanceSettingKey, type GlanceSettings, type SettingProblem } from '../core/glanceSettings';

export const SECTION = 'tokenwise';

/** Tells whether a setting (key below `tokenwise.`) is part of the change being handled. */
export type AffectsSetting = (key: GlanceSettingKey) => boolean;

/** The typed settings, read and validated in one place. */
export function readGlanceSettings(): { settings: GlanceSettings; problems: SettingProblem[] } {
  const configuration = vscode.workspace.getConfiguration(SECTION);
  // `inspect` rather than `get`: `get` would hand back package.json defaults, hiding "unset" from the parser.
  return parseGlanceSettings((key) => {
    const inspected = configuration.inspect(key);
    return inspected?.workspaceValue ?? inspected?.globalValue;
  });
}

/**
 * Calls `handler` once now with every setting marked as changed and `initial` true (there is no event), then
 * again on each change that touches one of the glance's settings, with `affects` answering for that change only.
 */
export function watchGlanceSettings(handler: (affects: AffectsSetting, initial: boolean) => void): vscode.Disposable {
  handler(() => true, true);
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (!GLANCE_SETTING_KEYS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`))) return;
    handler((key) => event.affectsConfiguration(`${SECTION}.${key}`), false);
  });
}

/** Saves the model choice where it takes effect: the workspace if it already sets one, else user settings. */
export async function saveModelSetting(id: string): Promise<void> {
  const configuration = vscode.workspace.getConfiguration(SECTION);
  const inspected = configuration.inspect<string>('model');
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await configuration.update('model', id, target);
}
