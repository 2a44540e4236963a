import * as vscode from 'vscode';
import { DEFAULT_MAX_FILE_KB, type ConditionalExclude } from '../../core/prompt/folderExpansion';
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
