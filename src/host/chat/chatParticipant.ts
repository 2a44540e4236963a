import * as vscode from 'vscode';
import { formatTokens, formatUSD } from '../../core/format';
import { assemblePrompt, type PromptItem } from '../../core/prompt/assembly';
import { estimatePrompt, type ExpectedOutputSource } from '../../core/prompt/estimate';
import { buildEstimate, type CountingModel } from '../../core/prompt/estimateState';
import { estimateMarkdown, markdownTable, tokensLabel, windowFillLabel } from '../../core/prompt/report';
import { currentLineup, NO_CALIBRATION, type CalibratedFactor } from '../estimate/lineup';
import { estimateOptions, readEstimateSettings } from '../estimate/settings';
import { itemsForUri, lineRangeLabel, relativeLabel } from '../promptFiles';

export const CHAT_PARTICIPANT_ID = 'tokenwise.chat';
/** How long to wait for the chat model's own countTokens before showing the bundled count alone. */
const MODEL_COUNT_TIMEOUT_MS = 3000;

/** The parts of a chat request the participant reads (a real vscode.ChatRequest has them all). */
export type TokenwiseChatRequest = Pick<vscode.ChatRequest, 'prompt' | 'command' | 'references'> & { model?: Partial<Pick<vscode.LanguageModelChat, 'name' | 'countTokens'>> };

/** Text of one history turn: what the user asked, or the Markdown the participant answered. */
function turnText(turn: vscode.ChatRequestTurn | vscode.ChatResponseTurn): string {
  if ('prompt' in turn) return turn.prompt;
  return turn.response.map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : '')).join('');
}

/** The request's references as prompt items (#file, #selection, folders, plain strings), plus the chat history. */
export async function chatItems(request: TokenwiseChatRequest, context: Pick<vscode.ChatContext, 'history'>, maxFileBytes: number): Promise<{ items: PromptItem[]; problems: string[] }> {
  const items: PromptItem[] = [];
  const problems: string[] = [];
  for (const reference of request.references) {
    const value = reference.value;
    if (value instanceof vscode.Uri) {
      const gathered = await itemsForUri(value, maxFileBytes);
      items.push(...gathered.items);
      problems.push(...gathered.problems);
    } else if (value instanceof vscode.Location) {
      try {
        const document = await vscode.workspace.openTextDocument(value.uri);
        const range = document.validateRange(value.range);
        items.push({ kind: 'selection', label: lineRangeLabel(relativeLabel(value.uri), { startLine: range.start.line, endLine: range.end.line, endCharacter: range.end.character }), text: document.getText(range) });
      } catch (error) {
        problems.push(`${relativeLabel(value.uri)} could not be read: ${(error as Error).message}`);
      }
    } else if (typeof value === 'string') {
      items.push({ kind: 'clipboard', label: `#${reference.id}`, text: value });
    }
  }
  const history = context.history.map(turnText).filter((text) => text.trim() !== '');
  if (history.length > 0) items.push({ kind: 'clipboard', label: `chat history (${history.length} turns)`, text: history.join('\n\n') });
  if (request.prompt.trim() !== '') items.push({ kind: 'clipboard', label: 'your message', text: request.prompt });
  return { items, problems };
}

/** The selected chat model's own count, or undefined when it has none, fails or takes too long. */
async function modelOwnCount(request: TokenwiseChatRequest, text: string, token: vscode.CancellationToken): Promise<number | undefined> {
  const countTokens = request.model?.countTokens;
  if (typeof countTokens !== 'function') return undefined;
  try {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), MODEL_COUNT_TIMEOUT_MS)));
    const counted = await Promise.race([Promise.resolve(countTokens.call(request.model, text, token)), timeout]);
    clearTimeout(timer);
    return typeof counted === 'number' && Number.isFinite(counted) ? counted : undefined;
  } catch {
    return undefined;
  }
}

async function countAnswer(request: TokenwiseChatRequest, items: PromptItem[], model: CountingModel, history: ExpectedOutputSource | undefined, token: vscode.CancellationToken): Promise<string> {
  const settings = readEstimateSettings();
  const prompt = assemblePrompt(items, (text) => model.count(text));
  const chatModelName = request.model?.name ?? 'chat model';
  const own = await Promise.all(prompt.blocks.map((block) => modelOwnCount(request, block.text, token)));
  const withOwn = own.some((count) => count !== undefined);
  const header = ['Item', `Tokens (${model.displayName}, ${prompt.basis ?? 'bundled tokenizer'})`, ...(withOwn ? [`${chatModelName}'s own count`] : [])];
  const rows = prompt.blocks.map((block, index) => [block.item.label, tokensLabel(block), ...(withOwn ? [own[index] === undefined ? '—' : formatTokens(own[index]!, 'exact')] : [])]);
  const ownTotal = withOwn ? await modelOwnCount(request, prompt.text, token) : undefined;
  rows.push(['**Total**', `**${tokensLabel({ tokens: prompt.totalTokens, exact: prompt.exact })}**`, ...(withOwn ? [ownTotal === undefined ? '—' : `**${formatTokens(ownTotal, 'exact')}**`] : [])]);
  const [row] = estimatePrompt([{ model, input: { tokens: prompt.totalTokens, exact: prompt.exact } }], estimateOptions(settings, history));
  const lines = [markdownTable(header, rows)];
  if (row) {
    lines.push(
      `For **${model.displayName}**: input ${formatUSD(row.inputUSD)}, with ${formatTokens(row.expectedOutput.tokens, 'exact')} expected output tokens ${formatUSD(row.totalUSD)} in total; ` +
        `window ${windowFillLabel(row)} with that output reserved${row.fits === false ? ' — **does not fit**' : ''}.`,
    );
  }
  if (prompt.longContextHint) lines.push(`> ${prompt.longContextHint.advice}`);
  if (withOwn) lines.push(`The last column is ${chatModelName}'s own count, as reported by that model; the other is Tokenwise's bundled tokenizer.`);
  return lines.join('\n\n');
}

/**
 * `@tokenwise`: counts what the request references and the chat history. `/count` (the default) answers with
 * per-item tokens, window fill and cost for the current model, side by side with the chat model's own count
 * where it offers one; `/estimate` compares every model in `tokenwise.compareModels`.
 */
export function createChatHandler(history: () => ExpectedOutputSource | undefined, calibrated: CalibratedFactor = NO_CALIBRATION) {
  return async (request: TokenwiseChatRequest, context: Pick<vscode.ChatContext, 'history'>, stream: Pick<vscode.ChatResponseStream, 'markdown'>, token: vscode.CancellationToken): Promise<vscode.ChatResult> => {
    const settings = readEstimateSettings();
    const { models, notes } = currentLineup(settings, calibrated);
    const { items, problems } = await chatItems(request, context, settings.maxFileBytes);
    const model = models[0];
    if (!model) {
      stream.markdown(['No model to count for.', ...notes].join('\n\n'));
      return { metadata: { command: request.command ?? 'count' } };
    }
    if (items.length === 0) {
      stream.markdown('Nothing to count: attach files or a selection with `#`, or write some text after `@tokenwise`.');
      return { metadata: { command: request.command ?? 'count' } };
    }
    if (request.command === 'estimate') {
      const { state } = buildEstimate({
        source: { id: 'chat', label: 'this chat request' },
        sources: [],
        items,
        models,
        options: estimateOptions(settings, history()),
        notes: [...notes, ...problems],
      });
      stream.markdown(estimateMarkdown(state));
    } else {
      const answer = await countAnswer(request, items, model, history(), token);
      stream.markdown([answer, ...[...notes, ...problems].map((note) => `- ${note}`)].join('\n\n'));
    }
    return { metadata: { command: request.command ?? 'count' } };
  };
}
