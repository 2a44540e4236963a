import * as vscode from 'vscode';
import { parseEfficiencySettings, type EfficiencySettings } from '../core/efficiency/settings';
import type { SettingProblem } from '../core/glanceSettings';
import { SECTION } from './config';

/** Reads `tokenwise.estimate.calibrate` and `tokenwise.efficiency.authors`; unset values stay unset for the parser. */
export function readEfficiencySettings(): { settings: EfficiencySettings; problems: SettingProblem[] } {
  const configuration = vscode.workspace.getConfiguration(SECTION);
  return parseEfficiencySettings((key) => {
    const inspected = configuration.inspect(key);
    return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
  });
}
