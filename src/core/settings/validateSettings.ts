/**
 * Validates every `tokenwise.*` setting at once, through the rules of the settings table, plus the checks that
 * need several settings: whether `model` and `compareModels` name models the catalog (with the user's custom
 * models) knows. What the extension reports, and what the unit tests attack.
 */
import { resolveGlanceModels, settingProblem, type SettingProblem } from '../glanceSettings';
import { ModelCatalog } from '../models/catalog';
import type { CheckedSetting, SettingContext } from './rules';
import { SETTING_KEYS, SETTING_RULES, type SettingKey, type SettingValue, type SettingValues } from './settingsTable';

export interface SettingsCheck {
  values: SettingValues;
  problems: SettingProblem[];
}

/** One setting through its rule; a rule that throws (a bug) still yields the default and a message, never an exception. */
export function checkSetting<K extends SettingKey>(key: K, raw: unknown, context: SettingContext): CheckedSetting<SettingValue<K>> {
  const rule = SETTING_RULES[key];
  try {
    return rule.check(raw, context) as CheckedSetting<SettingValue<K>>;
  } catch (error) {
    return { value: rule.fallback as SettingValue<K>, problems: [`could not be checked (${error instanceof Error ? error.message : String(error)}); using the default.`] };
  }
}

/** Reads each setting through `read` (undefined when unset), validates it, and names every problem's setting. */
export function validateSettings(read: (key: SettingKey) => unknown, context: SettingContext, catalog: ModelCatalog = ModelCatalog.bundled()): SettingsCheck {
  const values: Partial<Record<SettingKey, unknown>> = {};
  const problems: SettingProblem[] = [];
  for (const key of SETTING_KEYS) {
    let raw: unknown;
    try {
      raw = read(key);
    } catch (error) {
      problems.push(settingProblem(key, `could not be read (${error instanceof Error ? error.message : String(error)}); using the default.`));
    }
    const checked = checkSetting(key, raw, context);
    values[key] = checked.value;
    problems.push(...checked.problems.map((sentence) => settingProblem(key, sentence)));
  }
  const checkedValues = values as SettingValues;
  const withCustom = catalog.withCustomModels(checkedValues.customModels).catalog;
  problems.push(...resolveGlanceModels(checkedValues, withCustom, withCustom.list()).problems);
  return { values: checkedValues, problems };
}
