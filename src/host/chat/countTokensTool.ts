import path from 'node:path';
import * as vscode from 'vscode';
import { formatTokens } from '../../core/format';
import { assemblePrompt, type PromptItem } from '../../core/prompt/assembly';
import { tokensLabel } from '../../core/prompt/report';
import { currentLineup } from '../estimate/lineup';
import { readEstimateSettings } from '../estimate/settings';
import { itemsForUri, relativeLabel } from '../promptFiles';

export const COUNT_TOKENS_TOOL = 'tokenwise_countTokens';
const MAX_PATHS = 200;

export interface CountTokensInput {
  paths?: string[];
  text?: string;
  model?: string;
}

/** The tool's input comes from a model: check its shape rather than trust the schema. */
export function parseCountTokensInput(value: unknown): CountTokensInput | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'Input must be an object: {paths?: string[], text?: string, model?: string}.';
  const input = value as Record<string, unknown>;
  if (input.paths !== undefined && !(Array.isArray(input.paths) && input.paths.every((p) => typeof p === 'string'))) return '`paths` must be an array of strings.';
  if (input.text !== undefined && typeof input.text !== 'string') return '`text` must be a string.';
  if (input.model !== undefined && typeof input.model !== 'string') return '`model` must be a string.';
  if (input.paths === undefined && input.text === undefined) return 'Give `paths` (files or folders in the workspace) or `text` to count.';
  if (Array.isArray(input.paths) && input.paths.length > MAX_PATHS) return `At most ${MAX_PATHS} paths per call.`;
  return { paths: input.paths as string[] | undefined, text: input.text as string | undefined, model: input.model as string | undefined };
}

/** A path the agent gave, resolved against the workspace; paths outside every workspace folder are refused. */
function workspaceUri(given: string): vscode.Uri | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const candidates = path.isAbsolute(given) ? [vscode.Uri.file(path.normalize(given))] : folders.map((folder) => vscode.Uri.joinPath(folder.uri, given));
  return candidates.find((uri) => folders.some((folder) => {
    const relative = path.relative(folder.uri.fsPath, uri.fsPath);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  }));
}

/** Counts files, folders or text for a model and describes the result in plain text for an agent. */
export async function countTokensForAgent(input: CountTokensInput): Promise<string> {
  const settings = readEstimateSettings();
  const wanted = input.model?.trim() ? input.model.trim() : settings.model;
  const { models, notes } = currentLineup({ ...settings, model: wanted, compareModels: [] });
  const model = models[0] ?? currentLineup({ ...settings, compareModels: [] }).models[0];
  if (!model) return ['No model to count for.', ...notes].join('\n');
  const lines: string[] = [];
  if (!models[0]) lines.push(`Unknown model "${wanted}"; counted for ${model.displayName} instead.`);
  const items: PromptItem[] = [];
  for (const given of input.paths ?? []) {
    const uri = workspaceUri(given);
    if (!uri) {
      lines.push(`${given}: refused (outside the workspace)`);
      continue;
    }
    const gathered = await itemsForUri(uri, settings.maxFileBytes);
    items.push(...gathered.items);
    for (const problem of gathered.problems) lines.push(`${relativeLabel(uri)}: not counted (${problem})`);
  }
  if (input.text !== undefined) items.push({ kind: 'clipboard', label: 'text', text: input.text });
  // Counted raw, as each file would be read into context; the total adds the path headers and fences of a pasted prompt.
  const counts = items.map((item) => ({ label: item.label, ...model.count(item.text) }));
  const prompt = assemblePrompt(items, (text) => model.count(text));
  const window = model.contextWindow;
  return [
    `Token counts for ${model.displayName} (${prompt.basis ?? 'bundled tokenizer'}${prompt.exact ? '' : ', estimate'}):`,
    ...counts.map((count) => `- ${count.label}: ${tokensLabel(count)} tokens`),
    `Total as one prompt (with path headers and code fences): ${tokensLabel({ tokens: prompt.totalTokens, exact: prompt.exact })} tokens` +
      (window ? `, ${((prompt.totalTokens / window) * 100).toFixed(1)}% of the ${formatTokens(window)} context window.` : '.'),
    ...lines,
  ].join('\n');
}

export class CountTokensTool implements vscode.LanguageModelTool<CountTokensInput> {
  async invoke(options: vscode.LanguageModelToolInvocationOptions<CountTokensInput>): Promise<vscode.LanguageModelToolResult> {
    const input = parseCountTokensInput(options.input);
    const text = typeof input === 'string' ? input : await countTokensForAgent(input);
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
  }

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<CountTokensInput>): vscode.PreparedToolInvocation {
    const paths = Array.isArray(options.input.paths) ? options.input.paths.length : 0;
    return { invocationMessage: paths > 0 ? `Counting tokens of ${paths} path${paths === 1 ? '' : 's'}` : 'Counting tokens' };
  }
}
