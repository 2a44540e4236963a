/**
 * Turns the bundled catalog.json (LiteLLM field names, USD per token) into ModelInfo objects.
 * The JSON is inlined by esbuild's json loader, so the extension and the CLI need no data file at run time.
 */
import catalogJson from './catalog.json';
import type { ModelInfo, ModelPrices, PriceRates, Provider, TokenizerSpec } from './types';

/** The subset of a LiteLLM `model_prices_and_context_window.json` entry Tokenwise reads, plus our own naming fields. */
export interface CatalogEntry {
  display_name: string;
  aliases: string[];
  tokenizer: TokenizerSpec;
  litellm_provider: string;
  mode?: string;
  max_input_tokens?: number;
  max_output_tokens?: number;
  input_cost_per_token?: number;
  output_cost_per_token?: number;
  cache_creation_input_token_cost?: number;
  cache_creation_input_token_cost_above_1hr?: number;
  cache_read_input_token_cost?: number;
  input_cost_per_token_above_200k_tokens?: number;
  output_cost_per_token_above_200k_tokens?: number;
  cache_creation_input_token_cost_above_200k_tokens?: number;
  cache_creation_input_token_cost_above_1hr_above_200k_tokens?: number;
  cache_read_input_token_cost_above_200k_tokens?: number;
  provider_specific_entry?: { fast?: number };
}

export interface CatalogFile {
  date: string;
  source: string;
  models: Record<string, CatalogEntry>;
}

/** LiteLLM names the same company several ways (vertex_ai-language-models, gemini, bedrock…). */
export function providerFromLiteLlm(litellmProvider: string): Provider {
  if (litellmProvider === 'anthropic' || litellmProvider.startsWith('bedrock')) return 'anthropic';
  if (litellmProvider === 'openai' || litellmProvider === 'azure' || litellmProvider === 'text-completion-openai') return 'openai';
  if (litellmProvider === 'gemini' || litellmProvider.startsWith('vertex_ai')) return 'google';
  return 'other';
}

/** Drops undefined members so a Partial<PriceRates> only lists the rates the source really gave. */
function definedRates(rates: Partial<PriceRates>): Partial<PriceRates> {
  return Object.fromEntries(Object.entries(rates).filter(([, value]) => value !== undefined)) as Partial<PriceRates>;
}

function pricesOf(entry: CatalogEntry): ModelPrices | null {
  if (entry.input_cost_per_token === undefined || entry.output_cost_per_token === undefined) return null;
  const prices: ModelPrices = {
    input: entry.input_cost_per_token,
    output: entry.output_cost_per_token,
    ...definedRates({
      cacheWrite5m: entry.cache_creation_input_token_cost,
      cacheWrite1h: entry.cache_creation_input_token_cost_above_1hr,
      cacheRead: entry.cache_read_input_token_cost,
    }),
  };
  const above200k = definedRates({
    input: entry.input_cost_per_token_above_200k_tokens,
    output: entry.output_cost_per_token_above_200k_tokens,
    cacheWrite5m: entry.cache_creation_input_token_cost_above_200k_tokens,
    cacheWrite1h: entry.cache_creation_input_token_cost_above_1hr_above_200k_tokens,
    cacheRead: entry.cache_read_input_token_cost_above_200k_tokens,
  });
  if (Object.keys(above200k).length > 0) prices.above200k = above200k;
  return prices;
}

export function modelFromCatalogEntry(id: string, entry: CatalogEntry): ModelInfo {
  return {
    id,
    displayName: entry.display_name,
    aliases: entry.aliases,
    provider: providerFromLiteLlm(entry.litellm_provider),
    litellmProvider: entry.litellm_provider,
    contextWindow: entry.max_input_tokens ?? null,
    maxOutput: entry.max_output_tokens ?? null,
    tokenizer: entry.tokenizer,
    prices: pricesOf(entry),
    fastMultiplier: entry.provider_specific_entry?.fast ?? null,
    origin: 'bundled',
  };
}

/** The catalog file as bundled. Typed through CatalogFile: the JSON's own inferred literal types are too narrow to use. */
export const bundledCatalogFile: CatalogFile = catalogJson as CatalogFile;

export function bundledModels(): ModelInfo[] {
  return Object.entries(bundledCatalogFile.models).map(([id, entry]) => modelFromCatalogEntry(id, entry));
}
