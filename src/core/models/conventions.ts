/**
 * The three ways providers report token usage, converted to one set of Anthropic-style buckets
 * (input EXCLUDES cached tokens; reasoning is inside output) so a single cost formula prices them all.
 * See shared spec ai-tool-logs §0 and §8.
 */
import type { UsageBuckets } from './cost';

export interface TokenBuckets extends UsageBuckets {
  /** Reasoning/thinking tokens, informational: already counted in `output`. */
  reasoning: number;
}

/** Missing, negative or non-numeric counts (corrupt or partial log lines) become 0. */
function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * OpenAI (Codex, Copilot OTel, Continue): `input` INCLUDES the `cached` tokens; `reasoning` is already INSIDE `output`.
 * OpenAI charges nothing to write its cache, so there are no write buckets.
 */
export function fromOpenAIUsage(usage: { input: number; cached?: number; output: number; reasoning?: number }): TokenBuckets {
  const input = count(usage.input);
  const cached = Math.min(count(usage.cached), input);
  return { inputUncached: input - cached, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: cached, output: count(usage.output), reasoning: count(usage.reasoning) };
}

/**
 * Gemini (Gemini CLI `tokens`): `input` INCLUDES `cached`; `thoughts` are reported BESIDE `output` and billed as
 * output, so they are added to it.
 */
export function fromGeminiUsage(usage: { input: number; cached?: number; output: number; thoughts?: number }): TokenBuckets {
  const input = count(usage.input);
  const cached = Math.min(count(usage.cached), input);
  const thoughts = count(usage.thoughts);
  return { inputUncached: input - cached, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: cached, output: count(usage.output) + thoughts, reasoning: thoughts };
}

/** The Anthropic Messages API `usage` object, as Claude Code logs it. */
export interface AnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation?: { ephemeral_5m_input_tokens?: number; ephemeral_1h_input_tokens?: number };
  speed?: string;
}

/**
 * Anthropic: `input_tokens` already EXCLUDES cache reads and writes. Writes split into 5-minute and 1-hour TTLs
 * from `cache_creation.ephemeral_*`; without that split (older logs) all of `cache_creation_input_tokens` is
 * priced at the 5-minute rate, and any part of the total the split does not account for also goes there.
 */
export function fromAnthropicUsage(usage: AnthropicUsage): TokenBuckets {
  const created = count(usage.cache_creation_input_tokens);
  const split = usage.cache_creation;
  const oneHour = count(split?.ephemeral_1h_input_tokens);
  const fiveMinute = split ? Math.max(count(split.ephemeral_5m_input_tokens), created - oneHour) : created;
  return {
    inputUncached: count(usage.input_tokens),
    cacheWrite5m: fiveMinute,
    cacheWrite1h: oneHour,
    cacheRead: count(usage.cache_read_input_tokens),
    output: count(usage.output_tokens),
    reasoning: 0,
    ...(usage.speed === 'fast' ? { speed: 'fast' as const } : {}),
  };
}
