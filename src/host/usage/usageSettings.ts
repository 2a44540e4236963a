/** The usage settings (`tokenwise.dataDirectory`, `tokenwise.sources.*`, …) read from the VS Code configuration. */
import * as vscode from 'vscode';
import type { ToolId } from '../../core/usage/types';
import { SOURCE_SETTING_NAMES } from '../../core/settings/settingsTable';
import { settingValue } from '../settings';

export interface SourceSettings {
  enabled: boolean;
  /** Non-empty: these folders replace auto-detection. */
  paths: string[];
}

export interface UsageSettings {
  /** Empty: TOKENWISE_DATA_DIR or the platform's data folder. */
  dataDirectory: string;
  sources: Record<ToolId, SourceSettings>;
  excludeProjects: string[];
  /** Days of per-response detail the ledger keeps; null keeps everything. */
  retentionDays: number | null;
  statusBarEnabled: boolean;
}

/** The usage settings, each through its rule in the settings table (problems are reported by the settings monitor). */
export function readUsageSettings(): UsageSettings {
  const sources = {} as Record<ToolId, SourceSettings>;
  for (const [tool, name] of Object.entries(SOURCE_SETTING_NAMES) as [ToolId, (typeof SOURCE_SETTING_NAMES)[ToolId]][]) {
    sources[tool] = { enabled: settingValue(`sources.${name}.enabled`), paths: settingValue(`sources.${name}.paths`) };
  }
  return {
    dataDirectory: settingValue('dataDirectory'),
    sources,
    excludeProjects: settingValue('excludeProjects'),
    retentionDays: settingValue('retentionDays'),
    statusBarEnabled: settingValue('usageStatusBar.enabled'),
  };
}

/** Whether a configuration change touches the settings that decide what is read and where it is kept. */
export function affectsIngest(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('tokenwise.dataDirectory') || event.affectsConfiguration('tokenwise.sources') || event.affectsConfiguration('tokenwise.retentionDays');
}
