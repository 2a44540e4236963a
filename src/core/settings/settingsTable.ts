/**
 * THE table of `tokenwise.*` settings: one rule per setting declared in package.json `contributes.configuration`.
 * Every reader of a setting (status bar, usage, estimate, trends) takes its value through this table, and the
 * settings monitor reports the problems it finds, so a message always describes the value actually used.
 * test/unit/trust/settings.test.ts fails when package.json declares a setting that has no row here.
 *
 * To add a setting: declare it in package.json, add one row below (key without `tokenwise.`), read it with
 * `settingValue` (src/host/settings.ts) or `validateSettings` (src/core/settings/validateSettings.ts).
 */
import { checkAuthors } from '../efficiency/settings';
import { GLANCE_SETTING_RULES } from '../glanceSettings';
import { ModelCatalog } from '../models/catalog';
import { DEFAULT_MAX_FILE_KB } from '../prompt/folderExpansion';
import { DEFAULT_OUTPUT_TOKENS, DEFAULT_TURNS } from '../prompt/estimate';
import type { ToolId } from '../usage/types';
import { validateRetentionDays } from '../usage/retention';
import { booleanRule, dataDirectoryRule, delegatedRule, numberRule, projectGlobListRule, sourcePathListRule, type SettingRule } from './rules';

/** Setting keys use camelCase names because dashes read badly in `tokenwise.sources.<name>.enabled`. */
export const SOURCE_SETTING_NAMES = {
  'claude-code': 'claudeCode',
  codex: 'codex',
  'gemini-cli': 'geminiCli',
  cline: 'cline',
  'roo-code': 'rooCode',
  'kilo-code': 'kiloCode',
  opencode: 'opencode',
  copilot: 'copilot',
  continue: 'continue',
} as const satisfies Record<ToolId, string>;

type SourceSettingName = (typeof SOURCE_SETTING_NAMES)[ToolId];
type SourceRules = { [N in SourceSettingName as `sources.${N}.enabled`]: SettingRule<boolean> } & { [N in SourceSettingName as `sources.${N}.paths`]: SettingRule<string[]> };

function sourceRules(): SourceRules {
  const rules: Record<string, SettingRule<boolean> | SettingRule<string[]>> = {};
  for (const name of Object.values(SOURCE_SETTING_NAMES)) {
    rules[`sources.${name}.enabled`] = booleanRule(true);
    rules[`sources.${name}.paths`] = sourcePathListRule();
  }
  return rules as SourceRules;
}

/** A week's API-equivalent spend beyond this is a typo (an extra digit or two), not a budget. */
export const MAX_WEEKLY_BUDGET_USD = 1_000_000;
/** No model answers with more; the estimate caps at the model's own maximum anyway. */
export const MAX_OUTPUT_TOKENS = 10_000_000;
/** 100 MB: a bigger file in a prompt is a mistake, and reading it would stall the estimate. */
export const MAX_FILE_SIZE_KB = 102_400;

export const SETTING_RULES = {
  ...GLANCE_SETTING_RULES,
  // The catalog parser validates each entry and names it (`tokenwise.customModels[2] (id "x"): …`); the raw
  // value is passed on, since the same parser builds the models from it and skips the bad entries.
  customModels: delegatedRule<unknown>([], (raw) => ({ value: raw, problems: ModelCatalog.bundled().withCustomModels(raw).errors })),
  weeklyBudgetUSD: numberRule({ min: 0, max: MAX_WEEKLY_BUDGET_USD, noun: 'an amount in US dollars' }, null, { nullable: true, nullMeans: 'no budget' }),
  budgetNotifications: booleanRule(true),
  dataDirectory: dataDirectoryRule(),
  'usageStatusBar.enabled': booleanRule(true),
  excludeProjects: projectGlobListRule(),
  retentionDays: delegatedRule<number | null>(400, (raw) => {
    const choice = validateRetentionDays(raw);
    return { value: choice.days, problems: choice.problem === undefined ? [] : [choice.problem] };
  }),
  ...sourceRules(),
  'estimate.outputTokens': numberRule({ min: 1, max: MAX_OUTPUT_TOKENS, integer: true, noun: 'a whole number of tokens' }, DEFAULT_OUTPUT_TOKENS),
  'estimate.turns': numberRule({ min: 1, max: 1000, integer: true, noun: 'a whole number of turns' }, DEFAULT_TURNS),
  'context.maxFileSizeKB': numberRule({ min: 1, max: MAX_FILE_SIZE_KB, integer: true, noun: 'a whole number of KB' }, DEFAULT_MAX_FILE_KB),
  'context.showInStatusBar': booleanRule(true),
  'estimate.calibrate': booleanRule(true),
  'efficiency.authors': delegatedRule<string[]>([], checkAuthors),
} satisfies Record<string, SettingRule<unknown>>;

export type SettingKey = keyof typeof SETTING_RULES;
export type SettingValue<K extends SettingKey> = (typeof SETTING_RULES)[K] extends SettingRule<infer T> ? T : never;
export type SettingValues = { [K in SettingKey]: SettingValue<K> };

export const SETTING_KEYS = Object.keys(SETTING_RULES) as SettingKey[];
