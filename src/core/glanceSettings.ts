/**
 * The status bar's settings, validated: whatever the user typed in settings.json becomes a typed value, and
 * anything wrong (a string where a number belongs, 5000 %, an unknown model) becomes a message that names the
 * setting plus a safe fallback, so the glance keeps working. Pure, so it is unit-tested without VS Code.
 */
import { booleanRule, delegatedRule, enumRule, modelIdRule, modelListRule, numberRule, type SettingContext, type SettingRule } from './settings/rules';

export const DEFAULT_MODEL = 'claude-sonnet-4-5';
export const DEFAULT_COMPARE_MODELS: readonly string[] = ['claude-sonnet-4-5', 'gpt-5', 'gemini-2.5-pro', 'gpt-4o-mini'];
export const DEFAULT_WARNING_PERCENT = 80;
/** More compare rows than this make the tooltip taller than the screen; the rest are ignored with a message. */
export const MAX_COMPARE_MODELS = 8;

export type StatusBarAlignment = 'left' | 'right';

/** Mirrors the `tokenwise.*` settings in package.json that the glance reads. */
export interface GlanceSettings {
  model: string;
  compareModels: readonly string[];
  statusBar: { enabled: boolean; alignment: StatusBarAlignment; showCost: boolean };
  contextWarningPercent: number;
  /** Validated later by the model catalog (`withCustomModels`), which knows the entry format. */
  customModels: unknown;
}

/** Keys below `tokenwise.` that these settings use (for affectsConfiguration filtering). */
export const GLANCE_SETTING_KEYS = [
  'model', 'compareModels', 'statusBar.enabled', 'statusBar.alignment', 'statusBar.showCost', 'contextWarningPercent', 'customModels',
] as const;
export type GlanceSettingKey = (typeof GLANCE_SETTING_KEYS)[number];

export interface SettingProblem {
  setting: `tokenwise.${string}`;
  message: string;
}

/** The glance's rows of the settings table (src/core/settings/settingsTable.ts). */
export const GLANCE_SETTING_RULES = {
  model: modelIdRule(DEFAULT_MODEL),
  compareModels: modelListRule(DEFAULT_COMPARE_MODELS, MAX_COMPARE_MODELS),
  'statusBar.enabled': booleanRule(true),
  'statusBar.alignment': enumRule<StatusBarAlignment>(['left', 'right'], 'right'),
  'statusBar.showCost': booleanRule(true),
  contextWarningPercent: numberRule({ min: 1, max: 100, noun: 'a percentage' }, DEFAULT_WARNING_PERCENT),
  // Validated by the model catalog (`withCustomModels`), which knows the entry format and names each bad entry.
  customModels: delegatedRule<unknown>([], (raw) => ({ value: raw, problems: [] })),
} satisfies Record<GlanceSettingKey, SettingRule<unknown>>;

/** Turns a rule's sentence into a message naming the setting (unless the sentence already names it, or an entry of it). */
export function settingProblem(key: string, sentence: string): SettingProblem {
  const setting = `tokenwise.${key}` as const;
  return { setting, message: sentence.startsWith(setting) ? sentence : `${setting}: ${sentence}` };
}

/** The glance settings never touch the file system. */
const NO_FILES: SettingContext = { pathKind: () => 'missing' };

/** Reads each setting through `get` (undefined when unset) and validates it. */
export function parseGlanceSettings(get: (key: GlanceSettingKey) => unknown): { settings: GlanceSettings; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  const read = <K extends GlanceSettingKey>(key: K): ReturnType<(typeof GLANCE_SETTING_RULES)[K]['check']>['value'] => {
    const checked = GLANCE_SETTING_RULES[key].check(get(key), NO_FILES);
    problems.push(...checked.problems.map((sentence) => settingProblem(key, sentence)));
    return checked.value;
  };
  const model = read('model');
  const compareModels = read('compareModels');
  const alignment = read('statusBar.alignment');
  const contextWarningPercent = read('contextWarningPercent');
  const enabled = read('statusBar.enabled');
  const showCost = read('statusBar.showCost');
  return {
    settings: { model, compareModels, statusBar: { enabled, alignment, showCost }, contextWarningPercent, customModels: read('customModels') },
    problems,
  };
}

/** What the glance needs from a model catalog to turn setting values into models. */
export interface ModelLookup<M extends { id: string }> {
  resolve(idOrAlias: string): M | undefined;
  suggest(query: string, limit?: number): string[];
}

function unknownModel(setting: GlanceSettingKey, id: string, lookup: ModelLookup<{ id: string }>, consequence: string): SettingProblem {
  const suggestions = lookup.suggest(id, 3);
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
  return { setting: `tokenwise.${setting}`, message: `tokenwise.${setting}: unknown model "${id}"; ${consequence}.${hint}` };
}

/**
 * The current model and the comparison models. An unknown current model falls back to the default (and, if a
 * custom catalog lost even that, to the first compare model that resolves); unknown compare models are skipped.
 * The current model never appears twice, and neither does any compare model under two aliases.
 */
export function resolveGlanceModels<M extends { id: string }>(
  settings: Pick<GlanceSettings, 'model' | 'compareModels'>,
  lookup: ModelLookup<M>,
  fallbackModels: readonly M[] = [],
): { current: M; compare: M[]; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  let current = lookup.resolve(settings.model);
  if (current === undefined) {
    const fallback = lookup.resolve(DEFAULT_MODEL) ?? settings.compareModels.map((id) => lookup.resolve(id)).find((m) => m !== undefined) ?? fallbackModels[0];
    if (fallback === undefined) throw new Error('The model catalog is empty: no model to count for.');
    problems.push(unknownModel('model', settings.model, lookup, `counting for ${fallback.id} instead`));
    current = fallback;
  }
  const seen = new Set([current.id]);
  const compare: M[] = [];
  for (const id of settings.compareModels) {
    const model = lookup.resolve(id);
    if (model === undefined) problems.push(unknownModel('compareModels', id, lookup, 'left out of the comparison'));
    else if (!seen.has(model.id)) {
      seen.add(model.id);
      compare.push(model);
    }
  }
  return { current, compare, problems };
}
