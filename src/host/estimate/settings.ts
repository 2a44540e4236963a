import * as vscode from 'vscode';
import { DEFAULT_MAX_FILE_KB } from '../../core/prompt/folderExpansion';
import { DEFAULT_MIN_HISTORY_SAMPLES, DEFAULT_OUTPUT_TOKENS, DEFAULT_TURNS, type EstimateOptions, type ExpectedOutputSource } from '../../core/prompt/estimate';

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

function positiveInteger(value: unknown, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.min(Math.floor(value), max) : fallback;
}

/** Typed, validated reads of the settings the estimate and the prompt context use; odd values fall back to defaults. */
export function readEstimateSettings(): EstimateSettings {
  const config = vscode.workspace.getConfiguration('tokenwise');
  const model = config.get<unknown>('model');
  const compare = config.get<unknown>('compareModels');
  return {
    model: typeof model === 'string' && model.trim() !== '' ? model.trim() : DEFAULT_MODEL,
    compareModels: Array.isArray(compare) ? compare.filter((id): id is string => typeof id === 'string') : [],
    customModels: config.get<unknown>('customModels'),
    outputTokens: positiveInteger(config.get<unknown>('estimate.outputTokens'), DEFAULT_OUTPUT_TOKENS),
    turns: positiveInteger(config.get<unknown>('estimate.turns'), DEFAULT_TURNS, 1000),
    maxFileBytes: positiveInteger(config.get<unknown>('context.maxFileSizeKB'), DEFAULT_MAX_FILE_KB) * 1024,
    showContextInStatusBar: config.get<unknown>('context.showInStatusBar') !== false,
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
