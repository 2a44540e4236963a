/**
 * Every `tokenwise.*` setting declared in package.json, attacked with wrong types and absurd values through the
 * same validation the extension runs (src/core/settings/). Each bad value must give a message naming the setting
 * and a value that is valid for the declared schema — never an exception, never a silent wrong value.
 * A setting declared without a row in the settings table fails here.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import packageJson from '../../../package.json';
import { diskSettingContext } from '../../../src/core/settings/pathKind';
import { SETTING_KEYS, SETTING_RULES, type SettingKey } from '../../../src/core/settings/settingsTable';
import { validateSettings } from '../../../src/core/settings/validateSettings';

interface DeclaredSetting {
  type?: string | string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  items?: { type?: string };
  anyOf?: DeclaredSetting[];
  default?: unknown;
}

/** `contributes.configuration` may be one object or a list of sections. */
function declaredSettings(): Map<string, DeclaredSetting> {
  const configuration = packageJson.contributes.configuration as unknown as { properties: Record<string, DeclaredSetting> } | { properties: Record<string, DeclaredSetting> }[];
  const sections = Array.isArray(configuration) ? configuration : [configuration];
  const settings = new Map<string, DeclaredSetting>();
  for (const section of sections) for (const [name, schema] of Object.entries(section.properties)) settings.set(name, schema);
  return settings;
}

const DECLARED = declaredSettings();
const keyOf = (name: string): SettingKey => name.slice('tokenwise.'.length) as SettingKey;

function types(schema: DeclaredSetting): string[] {
  if (schema.anyOf) return schema.anyOf.flatMap(types);
  return schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** Whether a value satisfies the declared schema (the subset of JSON Schema package.json uses for scalars and lists). */
function satisfiesSchema(value: unknown, schema: DeclaredSetting): boolean {
  const allowed = types(schema);
  const typeOk = allowed.some((type) => {
    switch (type) {
      case 'null': return value === null;
      case 'boolean': return typeof value === 'boolean';
      case 'string': return typeof value === 'string';
      case 'number': return typeof value === 'number' && Number.isFinite(value);
      case 'integer': return typeof value === 'number' && Number.isInteger(value);
      case 'array': return Array.isArray(value) && value.every((item) => schema.items?.type !== 'string' || typeof item === 'string');
      case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
      default: return false;
    }
  });
  if (!typeOk) return false;
  if (schema.enum && !schema.enum.includes(value)) return false;
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return false;
    if (schema.maximum !== undefined && value > schema.maximum) return false;
  }
  if (Array.isArray(value) && schema.maxItems !== undefined && value.length > schema.maxItems) return false;
  return true;
}

/** Values that break the declared type or range, generated from the schema so a new setting is attacked too. */
function generatedBadValues(name: string, schema: DeclaredSetting): unknown[] {
  const candidates: unknown[] = [
    'NaN', 'Infinity', '-1', '1e400', '', 'true', 'x'.repeat(100_000), 0, -1, 1.5, -1e308, 1e308, Number.NaN, Number.POSITIVE_INFINITY,
    true, false, null, [], [1, null, {}], ['ok', 42], {}, { nested: { deep: [1] } }, [[['deep']]],
  ];
  if (schema.minimum !== undefined) candidates.push(schema.minimum - 1, schema.minimum - 0.001);
  if (schema.maximum !== undefined) candidates.push(schema.maximum + 1, schema.maximum * 1000);
  if (schema.enum) candidates.push(...schema.enum.map((item) => (typeof item === 'string' ? item.toUpperCase() : item)), 'middle');
  if (schema.maxItems !== undefined) candidates.push(Array.from({ length: schema.maxItems + 5 }, (_, index) => `item-${index}`));
  if (types(schema).includes('integer')) candidates.push(2.5);
  // Only values the schema itself rejects: those must be reported. (Valid-but-absurd values are hand-written below.)
  return candidates.filter((value) => !satisfiesSchema(value, schema) && !acceptedOutsideSchema(name, value));
}

/** Values a setting deliberately accepts although its schema does not: each with the reason. */
function acceptedOutsideSchema(name: string, value: unknown): boolean {
  // `null` custom models means "none", exactly what someone clearing the setting that way wants.
  return name === 'tokenwise.customModels' && value === null;
}

let scratch: string;
let aFile: string;
const missing = (): string => path.join(scratch, 'no', 'such', 'folder');

/**
 * Absurd values the schema may accept, per setting. Every declared setting except the booleans needs an entry
 * (booleans have no absurd values beyond wrong types, which are generated).
 */
function absurdValues(key: SettingKey): unknown[] | undefined {
  const sources = key.startsWith('sources.') && key.endsWith('.paths') ? [['relative/logs'], ['~/.claude'], [missing()], [''], [42, scratch]] : undefined;
  const cases: Partial<Record<SettingKey, unknown[]>> = {
    model: ['no-such-model', '   ', 'gpt-5o', 'x'.repeat(5000)],
    compareModels: [['no-such-model', 'gpt-5'], ['gpt-5', 'gpt-5', 'GPT-5'], Array.from({ length: 500 }, (_, index) => `model-${index}`), ['']],
    'statusBar.alignment': ['center', 'Left'],
    contextWarningPercent: [0, 101, -50, 1e9, 99.999e10],
    customModels: [
      [{ id: 'x', prices: { input: -1 } }],
      [{ id: '' }],
      [{ prices: { input: 'bad' } }],
      { mine: { basedOn: 'no-such-model' } },
      [{ id: 'x', estimateFactor: 1000 }],
      [{ id: 'x', contextWindow: 1.5 }],
      [{ id: 'x', unknownKey: 1 }],
      [{ id: 'x', encoding: 'p50k_base' }],
      [{ id: 'x', prices: { above200k: 'cheap' } }],
      [{ id: 'x', aliases: 'y' }],
      [{ id: 'dup' }, { id: 'dup' }],
      [42, 'model'],
    ],
    weeklyBudgetUSD: [-5, -0.01, 1e12, 'fifty'],
    dataDirectory: ['relative/data', '~/tokenwise', aFile, 'x'.repeat(10_000)],
    excludeProjects: [['secret'], ['~/work'], ['**'], ['/**'], ['/work/[abc]'], ['/work/{a,b}'], [''], Array.from({ length: 2000 }, (_, index) => `/p/${index}`)],
    retentionDays: [0, 29, 36_501, 90.5, -1, 1e9],
    'estimate.outputTokens': [0, -1, 1e12, 2.5],
    'estimate.turns': [0, 1001, -3, 1e9],
    'context.maxFileSizeKB': [0, -1, 1e9, 0.5],
    'efficiency.authors': [[''], ['   '], [42, 'me@example.com'], [null], Array.from({ length: 500 }, (_, index) => `dev${index}@example.com`), 'me@example.com', { name: 'me' }],
  };
  return sources ?? cases[key];
}

/** Runs every setting's validation with only `key` set to `value`; everything must hold for any input. */
function validateOne(key: SettingKey, value: unknown): ReturnType<typeof validateSettings> {
  return validateSettings((asked) => (asked === key ? value : undefined), diskSettingContext);
}

function assertReported(key: SettingKey, value: unknown): void {
  const label = `tokenwise.${key} = ${String(JSON.stringify(value))?.slice(0, 60)}`;
  const { values, problems } = validateOne(key, value);
  const own = problems.filter((problem) => problem.setting === `tokenwise.${key}`);
  assert.ok(own.length > 0, `${label}: no problem reported (got ${JSON.stringify(problems)})`);
  for (const problem of own) {
    assert.ok(problem.message.startsWith(`tokenwise.${key}`), `${label}: message does not name the setting: ${problem.message}`);
    assert.doesNotMatch(problem.message, /\n/, `${label}: one line`);
    assert.ok(problem.message.length <= 1000, `${label}: message of ${problem.message.length} characters`);
  }
  assert.deepEqual(problems.filter((problem) => problem.setting !== `tokenwise.${key}`), [], `${label}: problems reported for other settings`);
  const schema = DECLARED.get(`tokenwise.${key}`)!;
  // customModels passes the raw value on; the catalog skips the entries named in the messages.
  if (key !== 'customModels') assert.ok(satisfiesSchema(values[key], schema), `${label}: the value used, ${JSON.stringify(values[key])?.slice(0, 80)}, is not valid for the declared schema`);
}

describe('trust: every setting against wrong types and absurd values', () => {
  before(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-settings-'));
    aFile = path.join(scratch, 'a-file.txt');
    writeFileSync(aFile, 'not a folder');
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('has a validation rule for every setting package.json declares, and none for undeclared ones', () => {
    const declared = [...DECLARED.keys()].filter((name) => name.startsWith('tokenwise.')).map(keyOf).sort();
    assert.ok(declared.length >= 30, `only ${declared.length} settings found: is package.json read?`);
    assert.deepEqual([...SETTING_KEYS].sort(), declared, 'add a row to SETTING_RULES in src/core/settings/settingsTable.ts for each new setting');
  });

  it('accepts every declared default without a message, and uses it as the fallback', () => {
    for (const [name, schema] of DECLARED) {
      const key = keyOf(name);
      const { values, problems } = validateOne(key, schema.default);
      assert.deepEqual(problems, [], name);
      assert.deepEqual(values[key], schema.default, `${name}: the default is used as given`);
      assert.deepEqual(SETTING_RULES[key].fallback, schema.default, `${name}: the rule's fallback is the declared default`);
    }
    assert.deepEqual(validateSettings(() => undefined, diskSettingContext).problems, [], 'nothing set: no messages');
  });

  it('reports every wrong-type or out-of-range value generated from the declared schema, by name, with a valid fallback', () => {
    let cases = 0;
    for (const [name, schema] of DECLARED) {
      const bad = generatedBadValues(name, schema);
      assert.ok(bad.length >= 10, `${name}: only ${bad.length} generated cases`);
      for (const value of bad) {
        assertReported(keyOf(name), value);
        cases++;
      }
    }
    console.log(`      ${cases} generated wrong values across ${DECLARED.size} settings`);
  });

  it('reports the hand-written absurd values of every non-boolean setting, by name, with a valid fallback', () => {
    let cases = 0;
    for (const [name, schema] of DECLARED) {
      const key = keyOf(name);
      const absurd = absurdValues(key);
      if (types(schema).every((type) => type === 'boolean')) continue;
      assert.ok(absurd !== undefined && absurd.length > 0, `${name}: add absurd values for it to absurdValues() in this test`);
      for (const value of absurd) {
        assertReported(key, value);
        cases++;
      }
    }
    console.log(`      ${cases} hand-written absurd values`);
  });

  it('keeps the usable part of a partly bad value, and says what it dropped', () => {
    const compare = validateOne('compareModels', ['gpt-5', 7, 'no-such-model', 'o3']);
    assert.deepEqual(compare.values.compareModels, ['gpt-5', 'no-such-model', 'o3']);
    assert.deepEqual(compare.problems.map((problem) => problem.message), [
      'tokenwise.compareModels: every entry must be a model id (a non-empty string); ignored 1 other entry.',
      'tokenwise.compareModels: unknown model "no-such-model"; left out of the comparison.',
    ]);
    const paths = validateOne('sources.claudeCode.paths', [scratch, 'relative', missing()]);
    assert.deepEqual(paths.values['sources.claudeCode.paths'], [scratch, missing()], 'a folder that does not exist yet is kept; a relative one is dropped');
    assert.match(paths.problems[0].message, /^tokenwise\.sources\.claudeCode\.paths: "relative" is not a full path .*; ignored\.$/);
    assert.match(paths.problems[1].message, /does not exist \(yet\); nothing is read from it until it does/);
    const globs = validateOne('excludeProjects', ['/work/secret/**', 'secret']);
    assert.deepEqual(globs.values.excludeProjects, ['/work/secret/**', 'secret']);
    assert.match(globs.problems[0].message, /"secret" is relative, so it matches no project folder .* write "\*\*\/secret"/);
  });

  it('falls back for a data folder that cannot hold a ledger, and accepts one that does not exist yet', () => {
    assert.deepEqual(validateOne('dataDirectory', missing()).problems, []);
    assert.equal(validateOne('dataDirectory', missing()).values.dataDirectory, missing());
    const file = validateOne('dataDirectory', aFile);
    assert.equal(file.values.dataDirectory, '');
    assert.match(file.problems[0].message, /is a file, not a folder; using the default data folder/);
    assert.equal(validateOne('dataDirectory', `  ${scratch}  `).values.dataDirectory, scratch);
  });

  it('names the entry and the field of a malformed custom model, and an unknown model after the custom ones are known', () => {
    const { problems } = validateSettings((key) => ({ customModels: [{ id: 'mine', prices: { input: 'bad' } }], model: 'mine' } as Partial<Record<SettingKey, unknown>>)[key], diskSettingContext);
    assert.match(problems[0].message, /^tokenwise\.customModels\[0\] \(id "mine"\): prices\.input must be a number ≥ 0/);
    assert.match(problems[1].message, /^tokenwise\.model: unknown model "mine"; counting for claude-sonnet-4-5 instead/);
    const fixed = validateSettings((key) => ({ customModels: [{ id: 'mine', basedOn: 'gpt-5' }], model: 'mine' } as Partial<Record<SettingKey, unknown>>)[key], diskSettingContext);
    assert.deepEqual(fixed.problems, []);
  });

  it('host code reads tokenwise settings only through the settings table', () => {
    const hostFiles = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? hostFiles(full) : full.endsWith('.ts') ? [full] : [];
    });
    const root = path.join(__dirname, '..', '..', '..', 'src');
    // The table's host side, and the glance's reader (which validates through the same rules and inspects for "unset").
    const allowed = new Set([path.join(root, 'host', 'settings.ts'), path.join(root, 'host', 'config.ts')]);
    const offenders = [...hostFiles(path.join(root, 'host')), path.join(root, 'extension.ts')]
      .filter((file) => !allowed.has(file) && /getConfiguration\((['"`])tokenwise\1\)|getConfiguration\(SECTION\)/.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders.map((file) => path.relative(root, file)), [], 'read settings with settingValue() from src/host/settings.ts');
  });
});
