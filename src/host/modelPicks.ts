import * as vscode from 'vscode';
import { formatTokens, formatUSD } from '../core/format';
import { modelCountLines, type GlanceInput } from '../core/glance';
import { PROVIDERS, type ModelInfo, type Provider } from '../core/models/types';
import { saveModelSetting } from './config';
import type { GlanceModels } from './glanceModels';

const PROVIDER_NAMES: Record<Provider, string> = { anthropic: 'Anthropic', openai: 'OpenAI', google: 'Google', other: 'Other' };
const PER_MILLION = 1_000_000;

interface ModelPickItem extends vscode.QuickPickItem {
  modelId?: string;
}

function modelDetail(model: ModelInfo): string {
  const window = model.contextWindow === null ? 'context window unknown' : `${formatTokens(model.contextWindow)} context`;
  const prices = model.prices === null ? 'unpriced' : `${formatUSD(model.prices.input * PER_MILLION)} in / ${formatUSD(model.prices.output * PER_MILLION)} out per 1M tokens`;
  const counting = model.tokenizer.estimate === null ? `exact (${model.tokenizer.encoding})` : `≈ ${model.tokenizer.estimate.family} estimate`;
  return `${window} · ${prices} · ${counting}`;
}

/** "Tokenwise: Select Model": the catalog grouped by provider; the choice is saved to `tokenwise.model`. */
export async function selectModel(models: GlanceModels): Promise<void> {
  const current = models.current;
  const byProvider = new Map<Provider, ModelInfo[]>();
  for (const model of models.catalog.list()) byProvider.set(model.provider, [...(byProvider.get(model.provider) ?? []), model]);
  const items: ModelPickItem[] = [];
  for (const provider of PROVIDERS) {
    const group = byProvider.get(provider);
    if (group === undefined) continue;
    items.push({ label: PROVIDER_NAMES[provider], kind: vscode.QuickPickItemKind.Separator });
    for (const model of group) {
      items.push({
        label: model.id === current.id ? `$(check) ${model.displayName}` : model.displayName,
        description: model.id === current.id ? `${model.id} (current)` : model.id,
        detail: modelDetail(model),
        modelId: model.id,
      });
    }
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Tokenwise: Select Model',
    placeHolder: `Count tokens and cost for… (now ${current.displayName})`,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked?.modelId !== undefined && picked.modelId !== current.id) await saveModelSetting(picked.modelId);
}

/**
 * "Tokenwise: Show Token Counts" (the status bar click until "Estimate this prompt" exists): the glance's text
 * counted for the current and every comparison model. Picking a model makes it the current one.
 */
export async function showTokenCounts(glance: GlanceInput | undefined, models: GlanceModels): Promise<void> {
  if (glance === undefined) {
    void vscode.window.showInformationMessage('Tokenwise: open a file (or select text) to see its token counts.');
    return;
  }
  const scope = glance.selection ? (glance.selection.ranges > 1 ? `${glance.selection.ranges} selections` : 'selection') : 'document';
  const items: ModelPickItem[] = modelCountLines(glance).map(({ id, label, description, detail }) => ({ label, description, detail, modelId: id }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Tokenwise: tokens of the ${scope} per model`,
    placeHolder: 'Pick a model to count for it in the status bar',
    matchOnDescription: true,
  });
  if (picked?.modelId !== undefined && picked.modelId !== models.current.id) await saveModelSetting(picked.modelId);
}
