/**
 * `tokenwise calibrate`: learns from the user's own Claude Code and Gemini CLI transcripts how many tokens
 * those models bill per o200k token, per tokenizer family. Reads locally, prints numbers, stores nothing.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { calibrateFromLogs, type CalibrationFromLogs } from '../core/efficiency/calibrateFromLogs';
import { DEFAULT_CALIBRATION_OPTIONS, type FamilyCalibration } from '../core/efficiency/calibration';
import { alignColumns } from '../core/efficiency/table';
import { nodeFileAccess } from '../core/sources/fileAccess';
import { ClaudeCodeReader } from '../core/sources/claudeCode';
import { GeminiCliReader } from '../core/sources/geminiCli';
import { getEncoding } from '../core/tokenizer';
import { assertReadableDirectory, InputError } from './directories';
import { ExitCode, registerSubcommand, type CliIo } from './run';

export const CALIBRATE_HELP = `Usage: tokenwise calibrate [options]

Learns your own token ratio of Claude and Gemini to o200k from your local transcripts: responses that are one
plain text (no thinking, no tool use) are counted with o200k and compared with the output tokens the provider
billed. Text is counted and dropped at once; only numbers are kept, and nothing is written.

Options:
  --claude-dir DIR     Claude Code folder holding projects/ (default: ~/.claude, ~/.config/claude, CLAUDE_CONFIG_DIR)
  --gemini-dir DIR     Gemini CLI folder (default: ~/.gemini, GEMINI_CLI_HOME)
  --min-samples N      responses needed per family before a factor is given (default: ${DEFAULT_CALIBRATION_OPTIONS.minSamples})
  --json               machine-readable output
  Each --*-dir option may be repeated. When any is given, only the sources named that way are read.

Exit codes: 0 success (also when no transcripts are found), 1 a --*-dir folder is missing or unreadable,
2 usage error.
`;

function formatFactor(family: FamilyCalibration): string[] {
  if (family.factor === null) return [family.family, '—', String(family.sampleCount), '', family.reason];
  return [family.family, `×${family.factor.toFixed(3)}`, String(family.sampleCount), `×${family.spread.p25.toFixed(3)} – ×${family.spread.p75.toFixed(3)}`, ''];
}

function formatCalibration(result: CalibrationFromLogs): string {
  const lines = alignColumns(['Family', 'Factor', 'Samples', 'Middle half', 'Note'], result.families.map(formatFactor), { textColumns: [4] });
  lines.push('', `Read ${result.filesRead} transcript file(s). Multiply an o200k count by the factor to estimate the model's tokens.`);
  for (const { source, roots } of result.searched) lines.push(`${source}: ${roots.length > 0 ? roots.join(', ') : 'no log folder found'}`);
  return `${lines.join('\n')}\n`;
}

export async function runCalibrate(args: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        'claude-dir': { type: 'string', multiple: true },
        'gemini-dir': { type: 'string', multiple: true },
        'min-samples': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.stderr.write(`tokenwise calibrate: ${error instanceof Error ? error.message : String(error)}\nRun \`tokenwise calibrate --help\` for the options.\n`);
    return ExitCode.usage;
  }
  if (values.help) {
    io.stdout.write(CALIBRATE_HELP);
    return ExitCode.ok;
  }
  const minSamples = values['min-samples'] === undefined ? DEFAULT_CALIBRATION_OPTIONS.minSamples : Number(values['min-samples']);
  if (!Number.isInteger(minSamples) || minSamples < 1) {
    io.stderr.write(`tokenwise calibrate: --min-samples must be a whole number ≥ 1 (got '${values['min-samples']}')\n`);
    return ExitCode.usage;
  }
  const claudeDirs = values['claude-dir'] ?? [];
  const geminiDirs = values['gemini-dir'] ?? [];
  try {
    for (const dir of claudeDirs) assertReadableDirectory('claude-dir', dir);
    for (const dir of geminiDirs) assertReadableDirectory('gemini-dir', dir);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    io.stderr.write(`tokenwise calibrate: ${error.message}\n`);
    return ExitCode.inputError;
  }
  const anyNamed = claudeDirs.length > 0 || geminiDirs.length > 0;
  const o200k = getEncoding('o200k_base');
  const result = await calibrateFromLogs({
    claude: !anyNamed || claudeDirs.length > 0 ? { reader: new ClaudeCodeReader(nodeFileAccess), overridePaths: claudeDirs } : undefined,
    gemini: !anyNamed || geminiDirs.length > 0 ? { reader: new GeminiCliReader(nodeFileAccess), overridePaths: geminiDirs } : undefined,
    access: nodeFileAccess,
    locate: { env: process.env, homeDir: os.homedir(), platform: process.platform },
    countO200k: (text) => o200k.count(text).tokens,
    calibration: { minSamples },
  });
  if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout.write(formatCalibration(result));
  for (const problem of result.problems) io.stderr.write(`warning: ${problem}\n`);
  return ExitCode.ok;
}

registerSubcommand('calibrate', 'Learn your own Claude and Gemini token ratio to o200k from your transcripts', runCalibrate);
