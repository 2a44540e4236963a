import * as vscode from 'vscode';
import type { ConditionalExclude } from '../../core/prompt/folderExpansion';
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
 * `files.exclude` as the Explorer applies it: patterns switched on with `true`, plus conditional ones
 * (`{ "when": "$(basename).ts" }`) that hide a file only when the named sibling exists.
 */
export function excludeRules(resource: vscode.Uri | undefined): { excludeGlobs: string[]; conditionalExcludes: ConditionalExclude[] } {
  const excludes = vscode.workspace.getConfiguration('files', resource).get<Record<string, unknown>>('exclude') ?? {};
  const excludeGlobs: string[] = [];
  const conditionalExcludes: ConditionalExclude[] = [];
  for (const [glob, value] of Object.entries(excludes)) {
    if (value === true) excludeGlobs.push(glob);
    else if (isSiblingClause(value)) conditionalExcludes.push({ glob, whenSibling: value.when });
  }
  return { excludeGlobs, conditionalExcludes };
}

function isSiblingClause(value: unknown): value is { when: string } {
  return typeof value === 'object' && value !== null && typeof (value as { when?: unknown }).when === 'string' && (value as { when: string }).when.length > 0;
}
