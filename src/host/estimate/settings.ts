import * as vscode from 'vscode';
import { DEFAULT_MIN_HISTORY_SAMPLES, type EstimateOptions, type ExpectedOutputSource } from '../../core/prompt/estimate';
import { settingValue } from '../settings';

/** The model when `tokenwise.model` is unset: the same default the setting declares for the status bar. */
export const DEFAULT_MODEL = 'claude-sonnet-4-5';

export interface EstimateSettings {
  model: string;
  compareModels: string[];
  customModels: unknown;
  outputTokens: number;
  turns: number;
  maxFileBytes: number;
  showContextInStatusBar: boolean;
}

/** The settings the estimate and the prompt context use, each through its rule in the settings table. */
export function readEstimateSettings(): EstimateSettings {
  return {
    model: settingValue('model'),
    compareModels: settingValue('compareModels'),
    customModels: settingValue('customModels'),
    outputTokens: settingValue('estimate.outputTokens'),
    turns: settingValue('estimate.turns'),
    maxFileBytes: settingValue('context.maxFileSizeKB') * 1024,
    showContextInStatusBar: settingValue('context.showInStatusBar'),
  };
}

export function estimateOptions(settings: EstimateSettings, history: ExpectedOutputSource | undefined, turns = settings.turns): EstimateOptions {
  return { fallbackOutputTokens: settings.outputTokens, minHistorySamples: DEFAULT_MIN_HISTORY_SAMPLES, turns, history };
}

/**
 * `files.exclude` patterns switched on with `true`. Conditional ones (`{ "when": "$(basename).ts" }`) depend on
 * sibling files; they are left out rather than applied to every match.
 */
export function enabledExcludeGlobs(resource: vscode.Uri | undefined): string[] {
  const excludes = vscode.workspace.getConfiguration('files', resource).get<Record<string, unknown>>('exclude') ?? {};
  return Object.entries(excludes)
    .filter(([, value]) => value === true)
    .map(([pattern]) => pattern);
}
