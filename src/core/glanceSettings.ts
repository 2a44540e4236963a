/**
 * The status bar's settings, validated: whatever the user typed in settings.json becomes a typed value, and
 * anything wrong (a string where a number belongs, 5000 %, an unknown model) becomes a message that names the
 * setting plus a safe fallback, so the glance keeps working. Pure, so it is unit-tested without VS Code.
 */

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

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value);
}

/** Reads each setting through `get` (undefined when unset) and validates it. */
export function parseGlanceSettings(get: (key: GlanceSettingKey) => unknown): { settings: GlanceSettings; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  const complain = (key: GlanceSettingKey, message: string): void => void problems.push({ setting: `tokenwise.${key}`, message: `tokenwise.${key}: ${message}` });

  const boolean = (key: GlanceSettingKey, fallback: boolean): boolean => {
    const value = get(key);
    if (value === undefined || typeof value === 'boolean') return value ?? fallback;
    complain(key, `expected true or false, got ${show(value)}; using ${fallback}.`);
    return fallback;
  };

  let model = DEFAULT_MODEL;
  const rawModel = get('model');
  if (typeof rawModel === 'string' && rawModel.trim().length > 0) model = rawModel.trim();
  else if (rawModel !== undefined) complain('model', `expected a model id such as "${DEFAULT_MODEL}", got ${show(rawModel)}; using ${DEFAULT_MODEL}.`);

  let compareModels: readonly string[] = DEFAULT_COMPARE_MODELS;
  const rawCompare = get('compareModels');
  if (Array.isArray(rawCompare)) {
    const ids = rawCompare.filter((item): item is string => typeof item === 'string' && item.trim().length > 0).map((item) => item.trim());
    if (ids.length < rawCompare.length) complain('compareModels', `every entry must be a model id (a non-empty string); ignored ${rawCompare.length - ids.length} other entr${rawCompare.length - ids.length === 1 ? 'y' : 'ies'}.`);
    const unique = [...new Set(ids)];
    if (unique.length > MAX_COMPARE_MODELS) complain('compareModels', `at most ${MAX_COMPARE_MODELS} models fit in the tooltip; ignored ${unique.slice(MAX_COMPARE_MODELS).join(', ')}.`);
    compareModels = unique.slice(0, MAX_COMPARE_MODELS);
  } else if (rawCompare !== undefined) {
    complain('compareModels', `expected a list of model ids, got ${show(rawCompare)}; using the defaults.`);
  }

  let alignment: StatusBarAlignment = 'right';
  const rawAlignment = get('statusBar.alignment');
  if (rawAlignment === 'left' || rawAlignment === 'right') alignment = rawAlignment;
  else if (rawAlignment !== undefined) complain('statusBar.alignment', `expected "left" or "right", got ${show(rawAlignment)}; using "right".`);

  let contextWarningPercent = DEFAULT_WARNING_PERCENT;
  const rawPercent = get('contextWarningPercent');
  if (typeof rawPercent === 'number' && Number.isFinite(rawPercent) && rawPercent >= 1 && rawPercent <= 100) contextWarningPercent = rawPercent;
  else if (rawPercent !== undefined) complain('contextWarningPercent', `expected a percentage from 1 to 100, got ${show(rawPercent)}; using ${DEFAULT_WARNING_PERCENT}.`);

  return {
    settings: {
      model,
      compareModels,
      statusBar: { enabled: boolean('statusBar.enabled', true), alignment, showCost: boolean('statusBar.showCost', true) },
      contextWarningPercent,
      customModels: get('customModels') ?? [],
    },
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
