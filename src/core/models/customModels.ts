/**
 * `tokenwise.customModels`: models the user adds or overrides, with prices per MILLION tokens.
 * Validation is strict: an entry with an unknown key, a wrong type or an unknown `basedOn` is skipped with an
 * error that names the entry (index or key, and id) and the field; the other entries still apply.
 */
import { PROVIDERS, type ModelInfo, type ModelPrices, type PriceRates, type Provider, type TokenizerEncoding, type TokenizerSpec } from './types';

export const SETTING_NAME = 'tokenwise.customModels';

const ENCODINGS: readonly TokenizerEncoding[] = ['o200k_base', 'cl100k_base'];
const RATE_KEYS = ['input', 'output', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead'] as const;
const PRICE_KEYS = [...RATE_KEYS, 'above200k'] as const;
export const CUSTOM_MODEL_KEYS = [
  'id', 'displayName', 'aliases', 'provider', 'basedOn', 'contextWindow', 'maxOutput', 'prices', 'encoding', 'estimateFactor', 'fastMultiplier',
] as const;
const MAX_ESTIMATE_FACTOR = 10;
const PER_MILLION = 1_000_000;

type RateKey = (typeof RATE_KEYS)[number];

/** USD per million → per token, rounded to 15 significant digits so $0.20/MTok is 2e-7 exactly, not 2.0000000000000002e-7. */
function perToken(perMillion: number): number {
  return Number((perMillion / PER_MILLION).toPrecision(15));
}

/** One entry after validation, before it is merged with the model it is based on. */
interface CustomModelEntry {
  id: string;
  displayName?: string;
  aliases?: string[];
  provider?: Provider;
  basedOn?: string;
  contextWindow?: number;
  maxOutput?: number;
  prices?: Partial<PriceRates> & { above200k?: Partial<PriceRates> };
  encoding?: TokenizerEncoding;
  estimateFactor?: number;
  fastMultiplier?: number;
}

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  // Shortened: a pasted megabyte must not become a megabyte of log.
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Collects the problems of one entry; each message names the field. */
class EntryChecker {
  readonly problems: string[] = [];

  constructor(private readonly raw: Json) {}

  unknownKeys(allowed: readonly string[], object: Json, path: string): void {
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) this.problems.push(`unknown field "${path}${key}" (allowed: ${allowed.join(', ')})`);
    }
  }

  string(key: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && value.trim().length > 0) return value.trim();
    this.problems.push(`${key} must be a non-empty string; got ${describe(value)}`);
    return undefined;
  }

  stringList(key: string): string[] | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string' && item.trim().length > 0)) {
      return value.map((item: string) => item.trim());
    }
    this.problems.push(`${key} must be an array of non-empty strings; got ${describe(value)}`);
    return undefined;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${key} must be one of ${allowed.map((item) => `"${item}"`).join(', ')}; got ${describe(value)}`);
    return undefined;
  }

  positiveInteger(key: string): number | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
    this.problems.push(`${key} must be a whole number of tokens above 0; got ${describe(value)}`);
    return undefined;
  }

  numberInRange(key: string, min: number, max: number, unit: string): number | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
    this.problems.push(`${key} must be ${unit} between ${min} and ${max}; got ${describe(value)}`);
    return undefined;
  }

  rates(object: unknown, path: string, allowed: readonly string[]): Partial<PriceRates> | undefined {
    if (!isPlainObject(object)) {
      this.problems.push(`${path} must be an object of USD prices per million tokens; got ${describe(object)}`);
      return undefined;
    }
    this.unknownKeys(allowed, object, `${path}.`);
    const rates: Partial<PriceRates> = {};
    for (const key of RATE_KEYS) {
      const value = object[key];
      if (value === undefined) continue;
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) rates[key] = perToken(value);
      else this.problems.push(`${path}.${key} must be a number ≥ 0 (USD per million tokens); got ${describe(value)}`);
    }
    return rates;
  }
}

function checkEntry(raw: Json, idFromKey: string | undefined): { entry?: CustomModelEntry; problems: string[] } {
  const check = new EntryChecker(raw);
  check.unknownKeys(CUSTOM_MODEL_KEYS, raw, '');
  let id = check.string('id');
  if (idFromKey !== undefined) {
    if (id !== undefined && id !== idFromKey) check.problems.push(`id "${id}" differs from its key "${idFromKey}"`);
    id ??= idFromKey;
  } else if (id === undefined && raw.id === undefined) {
    check.problems.push('id is required');
  }
  const entry: CustomModelEntry = {
    id: id ?? '',
    displayName: check.string('displayName'),
    aliases: check.stringList('aliases'),
    provider: check.oneOf('provider', PROVIDERS),
    basedOn: check.string('basedOn'),
    contextWindow: check.positiveInteger('contextWindow'),
    maxOutput: check.positiveInteger('maxOutput'),
    encoding: check.oneOf('encoding', ENCODINGS),
    estimateFactor: check.numberInRange('estimateFactor', 0.1, MAX_ESTIMATE_FACTOR, 'a multiplier'),
    fastMultiplier: check.numberInRange('fastMultiplier', 1, 100, 'a multiplier'),
  };
  if (raw.prices !== undefined) {
    const prices = check.rates(raw.prices, 'prices', PRICE_KEYS);
    const tier = isPlainObject(raw.prices) && raw.prices.above200k !== undefined ? check.rates(raw.prices.above200k, 'prices.above200k', RATE_KEYS) : undefined;
    if (prices) entry.prices = { ...prices, ...(tier ? { above200k: tier } : {}) };
  }
  return check.problems.length === 0 ? { entry, problems: [] } : { problems: check.problems };
}

function mergePrices(entry: CustomModelEntry, base: ModelInfo | undefined): { prices: ModelPrices | null; problem?: string } {
  const basePrices = base?.prices ?? null;
  if (!entry.prices) return { prices: basePrices };
  const { above200k, ...standard } = entry.prices;
  const merged = { ...(basePrices ?? {}), ...standard };
  if (merged.input === undefined || merged.output === undefined) {
    return { prices: null, problem: 'prices.input and prices.output are required unless the model is basedOn a priced model' };
  }
  const tier = above200k ? { ...(basePrices?.above200k ?? {}), ...above200k } : basePrices?.above200k;
  const prices: ModelPrices = { ...merged, input: merged.input, output: merged.output };
  if (tier) prices.above200k = tier;
  else delete prices.above200k;
  return { prices };
}

function tokenizerOf(entry: CustomModelEntry, base: ModelInfo | undefined, displayName: string): TokenizerSpec {
  if (entry.encoding === undefined && entry.estimateFactor === undefined) {
    return base?.tokenizer ?? { encoding: 'o200k_base', estimate: { family: displayName, factor: 1 } };
  }
  const encoding = entry.encoding ?? base?.tokenizer.encoding ?? 'o200k_base';
  if (entry.estimateFactor === undefined) return { encoding, estimate: null };
  return { encoding, estimate: { family: base?.tokenizer.estimate?.family ?? displayName, factor: entry.estimateFactor } };
}

function buildModel(entry: CustomModelEntry, resolve: (name: string) => ModelInfo | undefined): { model?: ModelInfo; problem?: string } {
  let base: ModelInfo | undefined;
  if (entry.basedOn !== undefined) {
    base = resolve(entry.basedOn);
    if (!base) return { problem: `basedOn "${entry.basedOn}" is not a known model` };
  } else {
    // An entry named like an existing model overrides it: what the entry leaves out keeps the existing values.
    const existing = resolve(entry.id);
    base = existing && existing.id.toLowerCase() === entry.id.toLowerCase() ? existing : undefined;
  }
  const overridesBase = base !== undefined && base.id.toLowerCase() === entry.id.toLowerCase();
  const { prices, problem } = mergePrices(entry, base);
  if (problem) return { problem };
  const displayName = entry.displayName ?? (overridesBase && base ? base.displayName : entry.id);
  return {
    model: {
      id: entry.id,
      displayName,
      aliases: entry.aliases ?? (overridesBase && base ? base.aliases : []),
      provider: entry.provider ?? base?.provider ?? 'other',
      litellmProvider: base?.litellmProvider ?? null,
      contextWindow: entry.contextWindow ?? base?.contextWindow ?? null,
      maxOutput: entry.maxOutput ?? base?.maxOutput ?? null,
      tokenizer: tokenizerOf(entry, base, displayName),
      prices,
      fastMultiplier: entry.fastMultiplier ?? base?.fastMultiplier ?? null,
      origin: 'custom',
    },
  };
}

/** The entries with a label for messages: `[2]` for an array, `["my-model"]` for an object keyed by id. */
function labelledEntries(entries: unknown): { items: { label: string; raw: unknown; idFromKey?: string }[]; error?: string } {
  if (entries === undefined || entries === null) return { items: [] };
  if (Array.isArray(entries)) return { items: entries.map((raw, index) => ({ label: `[${index}]`, raw })) };
  if (isPlainObject(entries)) {
    return { items: Object.entries(entries).map(([key, raw]) => ({ label: `[${JSON.stringify(key)}]`, raw, idFromKey: key })) };
  }
  return { items: [], error: `${SETTING_NAME} must be an array of model entries or an object keyed by model id; got ${describe(entries)}` };
}

/**
 * Validates the setting's value and builds the models it describes. `resolve` looks up `basedOn` names (and ids
 * that override an existing model); models defined earlier in the same setting can be based on too.
 */
export function parseCustomModels(entries: unknown, resolve: (name: string) => ModelInfo | undefined): { models: ModelInfo[]; errors: string[] } {
  const { items, error } = labelledEntries(entries);
  const errors = error ? [error] : [];
  const models: ModelInfo[] = [];
  const resolveIncludingEarlier = (name: string): ModelInfo | undefined =>
    models.find((model) => [model.id, ...model.aliases].some((known) => known.toLowerCase() === name.trim().toLowerCase())) ?? resolve(name);

  for (const { label, raw, idFromKey } of items) {
    const idHint = isPlainObject(raw) && typeof raw.id === 'string' ? raw.id : idFromKey;
    const where = `${SETTING_NAME}${label}${idHint === undefined ? '' : ` (id "${idHint}")`}`;
    if (!isPlainObject(raw)) {
      errors.push(`${where}: each entry must be an object; got ${describe(raw)}. Entry ignored.`);
      continue;
    }
    const { entry, problems } = checkEntry(raw, idFromKey);
    if (entry && models.some((model) => model.id.toLowerCase() === entry.id.toLowerCase())) {
      problems.push(`id "${entry.id}" is already defined by an earlier entry`);
    }
    const built = entry && problems.length === 0 ? buildModel(entry, resolveIncludingEarlier) : {};
    if (built.problem) problems.push(built.problem);
    if (built.model) models.push(built.model);
    else errors.push(`${where}: ${problems.join('; ')}. Entry ignored.`);
  }
  return { models, errors };
}

// ──── JSON schema for package.json (contributes.configuration) ────

const perMillion = (what: string) => ({ type: 'number', minimum: 0, markdownDescription: `${what}, USD per million tokens.` });

const rateProperties = {
  input: perMillion('Input (uncached prompt) price'),
  output: perMillion('Output price (reasoning/thinking tokens included)'),
  cacheWrite5m: perMillion('Prompt-cache write price, 5-minute TTL (default for Anthropic: 1.25 × input)'),
  cacheWrite1h: perMillion('Prompt-cache write price, 1-hour TTL (default for Anthropic: 2 × input)'),
  cacheRead: perMillion('Prompt-cache read price (default for Anthropic: 0.1 × input; others: input)'),
} satisfies Record<RateKey, object>;

const entryProperties = {
  id: { type: 'string', minLength: 1, markdownDescription: 'Model id as your tools log it. An id that is already in the catalog overrides that model.' },
  displayName: { type: 'string', minLength: 1, markdownDescription: 'Name shown in the status bar and reports.' },
  aliases: { type: 'array', items: { type: 'string', minLength: 1 }, markdownDescription: 'Other names that should resolve to this model.' },
  provider: { type: 'string', enum: [...PROVIDERS], markdownDescription: 'Who bills it; decides cache-price defaults and conventions.' },
  basedOn: { type: 'string', minLength: 1, markdownDescription: 'A known model to inherit everything you leave out from (e.g. `claude-sonnet-4-5`).' },
  contextWindow: { type: 'integer', minimum: 1, markdownDescription: 'Maximum input tokens.' },
  maxOutput: { type: 'integer', minimum: 1, markdownDescription: 'Maximum output tokens.' },
  prices: {
    type: 'object',
    additionalProperties: false,
    properties: {
      ...rateProperties,
      above200k: {
        type: 'object',
        additionalProperties: false,
        properties: rateProperties,
        markdownDescription: 'Rates for the whole request when its prompt exceeds 200,000 tokens (Anthropic long context, Gemini 2.5 Pro).',
      },
    },
    markdownDescription: 'Prices in USD per million tokens.',
  },
  encoding: { type: 'string', enum: [...ENCODINGS], markdownDescription: 'Tokenizer: exact when given alone; the base of an estimate with `estimateFactor`.' },
  estimateFactor: { type: 'number', minimum: 0.1, maximum: MAX_ESTIMATE_FACTOR, markdownDescription: 'Estimate tokens as `encoding` count × this factor (e.g. 1.2 for Claude).' },
  fastMultiplier: { type: 'number', minimum: 1, maximum: 100, markdownDescription: 'Price multiplier for fast mode requests.' },
} satisfies Record<(typeof CUSTOM_MODEL_KEYS)[number], object>;

const entrySchema = { type: 'object', additionalProperties: false, required: ['id'], properties: entryProperties };

/** The `tokenwise.customModels` property for package.json's `contributes.configuration.properties`. */
export const customModelsSettingSchema = {
  default: [],
  markdownDescription:
    'Models to add to or override in the bundled price catalog. Prices are USD per **million** tokens. See docs/models.md.',
  anyOf: [
    { type: 'array', items: entrySchema },
    // Keyed by id: the key is the id, so `id` is optional (and must equal the key when given).
    { type: 'object', additionalProperties: { type: 'object', additionalProperties: false, properties: entryProperties } },
  ] as const,
};
