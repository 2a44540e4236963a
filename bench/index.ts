// `npm run bench [-- <name>…]`: runs the named benchmarks (all of them by default). Each benchmark is a module
// beside this one exporting `run(args)`; add new ones to BENCHMARKS.
import { run as runIngest } from './ingest';
import { run as runTokenizer } from './tokenizer';

type Benchmark = (args: string[]) => Promise<void>;

const BENCHMARKS: Record<string, Benchmark> = {
  tokenizer: runTokenizer,
  ingest: runIngest,
};

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first !== undefined && !(first in BENCHMARKS)) {
    console.error(`unknown benchmark '${first}'; available: ${Object.keys(BENCHMARKS).join(', ')}`);
    return 2;
  }
  const selected = first === undefined ? Object.keys(BENCHMARKS) : [first];
  for (const name of selected) await BENCHMARKS[name](first === undefined ? [] : rest);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
