/** The usage settings (`tokenwise.dataDirectory`, `tokenwise.sources.*`, …) read from the VS Code configuration. */
import * as vscode from 'vscode';
import type { ToolId } from '../../core/usage/types';
import { validateRetentionDays, type RetentionChoice } from '../../core/usage/retention';

/** Setting keys use camelCase names because dashes read badly in `tokenwise.sources.<name>.enabled`. */
export const sourceSettingName: Record<ToolId, string> = {
  'claude-code': 'claudeCode',
  codex: 'codex',
  'gemini-cli': 'geminiCli',
  cline: 'cline',
  'roo-code': 'rooCode',
  'kilo-code': 'kiloCode',
  opencode: 'opencode',
  copilot: 'copilot',
  continue: 'continue',
};

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
  retention: RetentionChoice;
  statusBarEnabled: boolean;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}

export function readUsageSettings(): UsageSettings {
  const config = vscode.workspace.getConfiguration('tokenwise');
  const sources = {} as Record<ToolId, SourceSettings>;
  for (const [tool, name] of Object.entries(sourceSettingName) as [ToolId, string][]) {
    sources[tool] = { enabled: config.get<unknown>(`sources.${name}.enabled`, true) !== false, paths: stringList(config.get<unknown>(`sources.${name}.paths`, [])) };
  }
  const dataDirectory = config.get<unknown>('dataDirectory', '');
  return {
    dataDirectory: typeof dataDirectory === 'string' ? dataDirectory.trim() : '',
    sources,
    excludeProjects: stringList(config.get<unknown>('excludeProjects', [])),
    retention: validateRetentionDays(config.get<unknown>('retentionDays', undefined)),
    statusBarEnabled: config.get<unknown>('usageStatusBar.enabled', true) !== false,
  };
}

/** Whether a configuration change touches the settings that decide what is read and where it is kept. */
export function affectsIngest(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('tokenwise.dataDirectory') || event.affectsConfiguration('tokenwise.sources') || event.affectsConfiguration('tokenwise.retentionDays');
}
