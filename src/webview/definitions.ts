/** One-line, plain-words definitions shown on hover (title) and read by screen readers (aria-describedby). */
export const definitions = {
  tokens: 'All tokens this ISO week (Monday to Sunday): input, output, cache writes and cache reads, from every tool.',
  cost: "What these tokens would cost at the providers' public API prices. A subscription may cost you less.",
  cacheReuse: 'Share of input-side tokens served from the prompt cache: cache reads ÷ (input + cache writes + cache reads).',
  tokensPerAcceptedEdit: 'Tokens of the tools that report edits ÷ the edits you accepted. Lower means less spent per change you kept.',
  acceptanceRate: 'Accepted ÷ (accepted + rejected) edits. Failed and unanswered edits are left out.',
  costPerCommit: "API-equivalent cost of all AI use ÷ the commits you landed in this window's git repositories (merges left out).",
} as const;

export type DefinedMetric = keyof typeof definitions;
