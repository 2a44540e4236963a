/**
 * `tokenwise count [--model ID] [--json] [FILE ...]`: tokens per file (or stdin) for a model, and what sending
 * them as input would cost. A file that cannot be read or is binary is reported and skipped; the rest are counted.
 */
import { readFile } from 'node:fs/promises';
import { countForModel, modelCountFromBase } from '../core/count';
import { formatTokens, formatUSD } from '../core/format';
import { ModelCatalog } from '../core/models/catalog';
import { inputCost } from '../core/models/cost';
import type { ModelInfo } from '../core/models/types';
import { ExitCode, registerSubcommand, type CliIo } from './run';

const DEFAULT_MODEL = 'gpt-4o';
const STDIN_PATH = '-';
const STDIN_LABEL = '<stdin>';
/** Like git and grep: a NUL byte near the start means binary, not text. */
const BINARY_SNIFF_BYTES = 8 * 1024;

const HELP = `Usage: tokenwise count [--model ID] [--json] [FILE ...]

Counts the tokens in each FILE as a model would see them (standard input when no FILE is
given, or for "-"), with the cost of sending them all as one prompt.

Options:
  -m, --model ID   model id or alias (default: ${DEFAULT_MODEL}); Claude and Gemini counts are
                   estimates from o200k_base, labelled "≈"
      --json       print {"model", "encoding", "exact", "files": [{"path", "tokens", "chars"}],
                   "totalTokens", "inputCostUSD"}
  -h, --help       show this help

Exit codes: 0 ok; 1 a file was missing, unreadable or binary (the others are still counted);
2 unknown option or model.
`;

interface CountArgs {
  model: string;
  json: boolean;
  paths: string[];
}

type ParsedArgs = { kind: 'run'; args: CountArgs } | { kind: 'help' } | { kind: 'error'; message: string };

function parseArgs(argv: string[]): ParsedArgs {
  const args: CountArgs = { model: DEFAULT_MODEL, json: false, paths: [] };
  let optionsEnded = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (optionsEnded || arg === STDIN_PATH || !arg.startsWith('-')) {
      args.paths.push(arg);
    } else if (arg === '--') {
      optionsEnded = true;
    } else if (arg === '-h' || arg === '--help') {
      return { kind: 'help' };
    } else if (arg === '--json') {
      args.json = true;
    } else if (arg === '-m' || arg === '--model') {
      const value = argv[++index];
      // No model id starts with '-': `--model --json` is a missing value, not a model named "--json".
      if (value === undefined || value.length === 0 || value.startsWith('-')) return { kind: 'error', message: `${arg} needs a model id` };
      args.model = value;
    } else if (arg.startsWith('--model=')) {
      args.model = arg.slice('--model='.length);
      if (args.model.length === 0) return { kind: 'error', message: '--model needs a model id' };
    } else {
      return { kind: 'error', message: `unknown option '${arg}'` };
    }
  }
  return { kind: 'run', args };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** The file's text, or why it cannot be counted. A UTF-8 BOM is dropped: it is an encoding mark, not content. */
async function readText(path: string, io: CliIo): Promise<{ text: string } | { problem: string }> {
  let bytes: Buffer;
  try {
    bytes = path === STDIN_PATH ? await readAll(io.stdin) : await readFile(path);
  } catch (error) {
    return { problem: describeReadError(error) };
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { problem: 'binary file (NUL byte in the first 8 KB), not counted' };
  return { text: new TextDecoder('utf-8').decode(bytes) };
}

interface FileCount {
  path: string;
  tokens: number;
  chars: number;
  exact: boolean;
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function unknownModelMessage(name: string, catalog: ModelCatalog): string {
  const suggestions = catalog.suggest(name);
  const hint = suggestions.length > 0 ? ` Did you mean: ${suggestions.join(', ')}?` : ' See docs/models.md for the models Tokenwise knows.';
  return `tokenwise count: unknown model '${name}'.${hint}\n`;
}

/** Round away float noise (0.0032100000000000002) without losing any real precision of a dollar amount. */
function roundUSD(x: number): number {
  return Math.round(x * 1e10) / 1e10;
}

function renderTable(counts: FileCount[], model: ModelInfo, basis: string, costUSD: number | undefined): string {
  const total = counts.reduce((sum, file) => sum + file.tokens, 0);
  const totalChars = counts.reduce((sum, file) => sum + file.chars, 0);
  // For an exact tokenizer, counts the long-run guard estimated are marked "≈"; a family estimate says so in the footer.
  const mark = (exact: boolean) => (exact || model.tokenizer.estimate !== null ? '' : '≈');
  const allExact = counts.every((file) => file.exact);
  const rows = [
    ['tokens', 'chars', 'file'],
    ...counts.map((file) => [mark(file.exact) + formatTokens(file.tokens, 'exact'), formatTokens(file.chars, 'exact'), file.path]),
    [mark(allExact) + formatTokens(total, 'exact'), formatTokens(totalChars, 'exact'), counts.length === 1 ? 'total' : `total (${counts.length} files)`],
  ];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) => `${row[0].padStart(widths[0])}  ${row[1].padStart(widths[1])}  ${row[2]}`);
  lines.push('', `${model.displayName} (${model.id}) · ${basis} · input ${formatUSD(costUSD)}`);
  if (mark(allExact)) lines.push('≈ part of the text is a very long run without separators; it was estimated, not tokenized.');
  return `${lines.join('\n')}\n`;
}

async function runCount(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(HELP);
    return ExitCode.ok;
  }
  if (parsed.kind === 'error') {
    io.stderr.write(`tokenwise count: ${parsed.message}\n\n${HELP}`);
    return ExitCode.usage;
  }
  const { args } = parsed;
  const catalog = ModelCatalog.bundled();
  const model = catalog.resolve(args.model);
  if (!model) {
    io.stderr.write(unknownModelMessage(args.model, catalog));
    return ExitCode.usage;
  }

  const counts: FileCount[] = [];
  let failed = false;
  for (const path of args.paths.length > 0 ? args.paths : [STDIN_PATH]) {
    const label = path === STDIN_PATH ? STDIN_LABEL : path;
    const read = await readText(path, io);
    if ('problem' in read) {
      io.stderr.write(`tokenwise count: ${label}: ${read.problem}\n`);
      failed = true;
      continue;
    }
    const counted = countForModel(read.text, model);
    counts.push({ path: label, tokens: counted.tokens, chars: codePoints(read.text), exact: counted.exact });
  }

  const totalTokens = counts.reduce((sum, file) => sum + file.tokens, 0);
  const costUSD = inputCost(model, totalTokens);
  if (args.json) {
    const result = {
      model: model.id,
      encoding: model.tokenizer.encoding,
      exact: model.tokenizer.estimate === null && counts.every((file) => file.exact),
      files: counts.map(({ path, tokens, chars }) => ({ path, tokens, chars })),
      totalTokens,
      inputCostUSD: costUSD === undefined ? null : roundUSD(costUSD),
    };
    io.stdout.write(`${JSON.stringify(result)}\n`);
  } else if (counts.length > 0) {
    // The footer states the model's rule; rows the long-run guard estimated carry their own "≈".
    const basis = modelCountFromBase({ tokens: 0, exact: true }, model).basis;
    io.stdout.write(renderTable(counts, model, basis, costUSD));
  }
  return failed ? ExitCode.inputError : ExitCode.ok;
}

registerSubcommand('count', 'Count tokens in files or stdin for a model, with the input cost', runCount);
