/**
 * Prompt assembly: ordered context items → the text that would be pasted into a chat, with per-item tokens
 * and, for long prompts, where the big blocks sit ("lost in the middle").
 */
import type { PromptTokenCount } from './estimate';

export type PromptItemKind = 'file' | 'selection' | 'editor' | 'folderFile' | 'clipboard';

export interface PromptItem {
  kind: PromptItemKind;
  /** Workspace-relative path (with a line range for selections); "clipboard" for clipboard text. */
  label: string;
  text: string;
  /** Language hint for the fence (e.g. "ts"); empty when unknown. */
  language?: string;
}

export interface AssembledBlock {
  item: PromptItem;
  /** The block as it appears in the assembled text (header and fences included). */
  text: string;
  tokens: number;
  exact: boolean;
}

export interface BlockPosition {
  label: string;
  tokens: number;
  /** Where the block starts and ends, as a percentage of the prompt's tokens (0–100). */
  startPercent: number;
  endPercent: number;
  zone: 'start' | 'middle' | 'end';
}

export interface LongContextHint {
  totalTokens: number;
  /** The largest blocks, biggest first (at most three). */
  biggest: BlockPosition[];
  advice: string;
}

export interface AssembledPrompt {
  text: string;
  blocks: AssembledBlock[];
  totalTokens: number;
  exact: boolean;
  /** How the total was counted (the counter's label), when it gives one. */
  basis: string | undefined;
  longContextHint: LongContextHint | undefined;
}

/** Above this many tokens a prompt is "long" and the lost-in-the-middle hint is shown. */
export const LONG_CONTEXT_HINT_TOKENS = 32_000;
const BLOCK_SEPARATOR = '\n\n';

/** A backtick fence longer than any backtick run in the content (at least three), so the content cannot close it. */
export function fenceFor(content: string): string {
  let longest = 0;
  for (const run of content.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/** One item as text: files and selections as a fenced block under their path; clipboard text as it is. */
export function renderItem(item: PromptItem): string {
  if (item.kind === 'clipboard') return item.text;
  const fence = fenceFor(item.text);
  const body = item.text.endsWith('\n') ? item.text : `${item.text}\n`;
  return `${item.label}\n${fence}${item.language ?? ''}\n${body}${fence}`;
}

function zoneOf(startPercent: number, endPercent: number): BlockPosition['zone'] {
  const centre = (startPercent + endPercent) / 2;
  if (centre < 25) return 'start';
  if (centre > 75) return 'end';
  return 'middle';
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Where the biggest blocks sit, and where to put the question. Undefined at or below the threshold. */
export function longContextHint(blocks: readonly AssembledBlock[], totalTokens: number, threshold = LONG_CONTEXT_HINT_TOKENS): LongContextHint | undefined {
  if (totalTokens <= threshold) return undefined;
  const blockTotal = blocks.reduce((sum, block) => sum + block.tokens, 0) || 1;
  let before = 0;
  const positions = blocks.map((block) => {
    const startPercent = round1((before / blockTotal) * 100);
    before += block.tokens;
    const endPercent = round1((before / blockTotal) * 100);
    return { label: block.item.label, tokens: block.tokens, startPercent, endPercent, zone: zoneOf(startPercent, endPercent) };
  });
  const biggest = positions
    .map((position, index) => ({ position, index }))
    .sort((a, b) => b.position.tokens - a.position.tokens || a.index - b.index)
    .slice(0, 3)
    .map(({ position }) => position);
  const inMiddle = biggest.filter((position) => position.zone === 'middle').map((position) => position.label);
  const middleNote = inMiddle.length > 0 ? ` ${inMiddle.join(', ')} sit${inMiddle.length === 1 ? 's' : ''} in the middle, where long-context models recall least; move what matters most to the start or end.` : '';
  const advice = `Long prompt: put your question at the start or, better, at the end, after the context — models attend most to the beginning and end of long prompts ("lost in the middle").${middleNote}`;
  return { totalTokens, biggest, advice };
}

/** Joins items in order, counts each block and the whole, and adds the long-context hint when it applies. */
export function assemblePrompt(items: readonly PromptItem[], count: (text: string) => PromptTokenCount, threshold = LONG_CONTEXT_HINT_TOKENS): AssembledPrompt {
  const blocks = items.map((item) => {
    const text = renderItem(item);
    const { tokens, exact } = count(text);
    return { item, text, tokens, exact };
  });
  const text = blocks.map((block) => block.text).join(BLOCK_SEPARATOR);
  const total = count(text);
  return {
    text,
    blocks,
    totalTokens: total.tokens,
    exact: total.exact && blocks.every((block) => block.exact),
    basis: total.basis,
    longContextHint: longContextHint(blocks, total.tokens, threshold),
  };
}

const languageByExtension: Record<string, string> = {
  ts: 'ts', tsx: 'tsx', js: 'js', jsx: 'jsx', mjs: 'js', cjs: 'js', py: 'python', rb: 'ruby', go: 'go', rs: 'rust',
  java: 'java', kt: 'kotlin', cs: 'csharp', c: 'c', h: 'c', cpp: 'cpp', hpp: 'cpp', md: 'markdown', json: 'json',
  yml: 'yaml', yaml: 'yaml', toml: 'toml', sh: 'sh', sql: 'sql', html: 'html', css: 'css', swift: 'swift', php: 'php',
};

/** A fence language from a file name's extension; empty when unknown. */
export function languageForPath(path: string): string {
  const match = /\.([A-Za-z0-9]+)$/.exec(path);
  return match ? (languageByExtension[match[1]!.toLowerCase()] ?? '') : '';
}
