import { version } from '../../package.json';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
}

/** Exit codes, documented in the README: 0 ok, 1 some input failed, 2 usage error. */
export const ExitCode = { ok: 0, inputError: 1, usage: 2 } as const;

export type Subcommand = (args: string[], io: CliIo) => Promise<number>;

const subcommands: Record<string, { summary: string; run: Subcommand }> = {};

/** Lets each sub-command module add itself without this file importing them all in a cycle. */
export function registerSubcommand(name: string, summary: string, run: Subcommand): void {
  subcommands[name] = { summary, run };
}

function usage(): string {
  const lines = Object.entries(subcommands).map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`);
  return [`tokenwise ${version} — token counts and AI usage, computed on this machine`, '', 'Usage: tokenwise <command> [options]', '', 'Commands:', ...lines, '', 'Run `tokenwise <command> --help` for its options.', ''].join('\n');
}

export async function runCli(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(usage());
    return command === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (command === '--version' || command === '-v') {
    io.stdout.write(`${version}\n`);
    return ExitCode.ok;
  }
  const entry = subcommands[command];
  if (!entry) {
    io.stderr.write(`tokenwise: unknown command '${command}'\n\n${usage()}`);
    return ExitCode.usage;
  }
  try {
    return await entry.run(rest, io);
  } catch (error) {
    io.stderr.write(`tokenwise ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.inputError;
  }
}
