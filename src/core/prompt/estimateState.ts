/**
 * Everything the estimate panel shows for one prompt: assemble the items once, count the assembled text with
 * each model's own tokenizer, estimate, and format. Pure, so the panel, the chat participant and the tests
 * share one path from items to figures.
 */
import type { EstimateSourceOption, EstimateState } from '../../shared/estimateProtocol';
import { formatTokens } from '../format';
import { assemblePrompt, type AssembledPrompt, type PromptItem } from './assembly';
import { estimatePrompt, type EstimateModel, type EstimateOptions, type EstimateRow, type PromptTokenCount } from './estimate';
import { toHintView, toRowView, tokensLabel } from './report';

/** A model that can also count text with its own tokenizer (exact, or a labelled estimate). */
export interface CountingModel extends EstimateModel {
  count(text: string): PromptTokenCount;
}

export interface EstimateInput {
  source: EstimateSourceOption;
  sources: EstimateSourceOption[];
  items: readonly PromptItem[];
  /** The current model first, then the comparison models. */
  models: readonly CountingModel[];
  options: EstimateOptions;
  notes: readonly string[];
}

export interface EstimateResult {
  state: EstimateState;
  prompt: AssembledPrompt | undefined;
  rows: EstimateRow[];
}

function itemsSummary(items: readonly PromptItem[]): string {
  return items.length === 1 ? '1 item' : `${items.length} items`;
}

export function buildEstimate(input: EstimateInput): EstimateResult {
  const primary = input.models[0];
  const notes = [...input.notes];
  if (!primary || input.items.length === 0) {
    if (input.items.length === 0) notes.push('Nothing to estimate: the source is empty.');
    return {
      state: { view: 'estimate', source: { ...input.source, detail: itemsSummary(input.items) }, sources: input.sources, turns: input.options.turns, rows: [], hint: null, notes },
      prompt: undefined,
      rows: [],
    };
  }
  // Block sizes and the long-context hint use the current model's tokenizer; each row counts with its own.
  const prompt = assemblePrompt(input.items, (text) => primary.count(text));
  const rows = estimatePrompt(
    input.models.map((model) => ({ model, input: model === primary ? { tokens: prompt.totalTokens, exact: prompt.exact, basis: prompt.basis } : model.count(prompt.text) })),
    input.options,
  );
  const detail = `${itemsSummary(input.items)} · ${tokensLabel({ tokens: prompt.totalTokens, exact: prompt.exact })} tokens for ${primary.displayName} · ${formatTokens(prompt.text.length, 'exact')} characters`;
  return {
    state: {
      view: 'estimate',
      source: { ...input.source, detail },
      sources: input.sources,
      turns: input.options.turns,
      rows: rows.map(toRowView),
      hint: toHintView(prompt.longContextHint),
      notes,
    },
    prompt,
    rows,
  };
}
