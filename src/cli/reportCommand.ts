/**
 * `tokenwise report`: ingest the AI tools' local logs into the ledger (or into memory with --no-ledger),
 * then print usage by day, week, month, model, project or tool. The command's logic takes its readers and
 * its pricing as arguments so it can be exercised without the real sources.
 */
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/ledger/dataDir';
import { DiskLedger, MemoryLedger, type LedgerTarget } from '../core/ledger/diskLedger';
import { ingest, type SourceSelection, type ToolIngestSummary } from '../core/ledger/ingest';
import { LedgerVersionError } from '../core/ledger/migrations';
import { buildReport, InvalidDateError, REPORT_GROUPINGS, type PriceRecord, type ReportGrouping, type UsageReport } from '../core/report/aggregate';
import { formatReportTable } from '../core/report/table';
import { InvalidTimeZoneError, LocalCalendar, systemTimeZone } from '../core/time/localCalendar';
import type { LocateOptions, SourceReader } from '../core/usage/sources';
import type { ToolId } from '../core/usage/types';
import { buildEfficiency, EFFICIENCY_HELP, EFFICIENCY_PARSE_OPTIONS, formatEfficiencySection, withEfficiencyColumns, type EfficiencyArguments } from './reportEfficiency';
import { assertReadableDirectory, InputError } from './directories';
import { ExitCode, type CliIo } from './run';

export interface ReportDependencies {
  readers: () => readonly SourceReader[];
  price: PriceRecord;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  platform: NodeJS.Platform;
  /** Where a source would look for logs (for the "nothing found" message); absent when the source cannot say. */
  candidateLocations?: (tool: ToolId, options: LocateOptions) => readonly string[] | undefined;
}

/** The `--*-dir` flags and the sources each one names. */
const directoryFlags = {
  'claude-dir': ['claude-code'],
  'codex-dir': ['codex'],
  'gemini-dir': ['gemini-cli'],
  'vscode-user-dir': ['cline', 'roo-code', 'kilo-code'],
} as const satisfies Record<string, readonly ToolId[]>;
type DirectoryFlag = keyof typeof directoryFlags;

const knownTools: readonly ToolId[] = ['claude-code', 'codex', 'gemini-cli', 'cline', 'roo-code', 'kilo-code', 'opencode', 'copilot', 'continue'];

export const REPORT_HELP = `Usage: tokenwise report [options]

Reads the local logs of AI coding tools into the Tokenwise ledger, then reports tokens and API-equivalent cost.

Options:
  --by day|week|month|model|project|tool   how to group rows (default: day; week = ISO week, Monday start)
  --since YYYY-MM-DD        first local date to include
  --until YYYY-MM-DD        last local date to include
  --tool NAME[,NAME]        only these tools (${knownTools.join(', ')})
  --timezone TZ             IANA zone for local dates (default: the system zone)
  --json                    machine-readable output
  --data-dir DIR            the ledger's folder (default: TOKENWISE_DATA_DIR, else the platform data folder)
  --no-ledger               report straight from the logs; do not read or write the data folder
${EFFICIENCY_HELP}  --claude-dir DIR          Claude Code folder holding projects/ (replaces CLAUDE_CONFIG_DIR)
  --codex-dir DIR           Codex home (replaces CODEX_HOME)
  --gemini-dir DIR          Gemini CLI folder (~/.gemini)
  --vscode-user-dir DIR     the editor's User folder (Cline, Roo Code, Kilo Code)
  Each --*-dir option may be repeated. When any is given, only the sources named that way are read.

Exit codes: 0 success, 1 input error (unreadable folder, damaged or newer ledger), 2 usage error.
`;

class UsageError extends Error {}

interface ReportArguments {
  by: ReportGrouping;
  since?: string;
  until?: string;
  tools?: ReadonlySet<ToolId>;
  timeZone: string;
  json: boolean;
  dataDir?: string;
  useLedger: boolean;
  directories: Partial<Record<DirectoryFlag, string[]>>;
  /** Set by --efficiency. */
  efficiency?: EfficiencyArguments;
  help: boolean;
}

function parseReportArguments(args: string[]): ReportArguments {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        by: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        tool: { type: 'string' },
        timezone: { type: 'string' },
        json: { type: 'boolean' },
        'data-dir': { type: 'string' },
        'no-ledger': { type: 'boolean' },
        'claude-dir': { type: 'string', multiple: true },
        'codex-dir': { type: 'string', multiple: true },
        'gemini-dir': { type: 'string', multiple: true },
        'vscode-user-dir': { type: 'string', multiple: true },
        ...EFFICIENCY_PARSE_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const by = values.by ?? 'day';
  if (!(REPORT_GROUPINGS as readonly string[]).includes(by)) throw new UsageError(`--by must be one of ${REPORT_GROUPINGS.join(', ')} (got '${by}')`);
  let tools: Set<ToolId> | undefined;
  if (values.tool !== undefined) {
    tools = new Set();
    for (const name of values.tool.split(',').map((part) => part.trim())) {
      if (!(knownTools as readonly string[]).includes(name)) throw new UsageError(`unknown tool '${name}' (known: ${knownTools.join(', ')})`);
      tools.add(name as ToolId);
    }
  }
  if (!values.efficiency && (values['git-repo'] !== undefined || values.author !== undefined)) throw new UsageError('--git-repo and --author only apply with --efficiency');
  const timeZone = values.timezone ?? systemTimeZone();
  new LocalCalendar(timeZone); // throws InvalidTimeZoneError early, before any reading
  const directories: Partial<Record<DirectoryFlag, string[]>> = {};
  for (const flag of Object.keys(directoryFlags) as DirectoryFlag[]) {
    const value = values[flag];
    if (value !== undefined) directories[flag] = value;
  }
  return {
    by: by as ReportGrouping,
    since: values.since,
    until: values.until,
    tools,
    timeZone,
    json: values.json ?? false,
    dataDir: values['data-dir'],
    useLedger: !(values['no-ledger'] ?? false),
    directories,
    efficiency: values.efficiency ? { gitRepos: values['git-repo'] ?? [], authors: values.author ?? [] } : undefined,
    help: values.help ?? false,
  };
}

/** Which readers to run, each with the folders the user named for it. */
function selectSources(readers: readonly SourceReader[], parsed: ReportArguments): SourceSelection[] {
  const named = Object.entries(parsed.directories) as [DirectoryFlag, string[]][];
  const overrides = new Map<ToolId, string[]>();
  for (const [flag, dirs] of named) {
    for (const dir of dirs) assertReadableDirectory(flag, dir);
    for (const tool of directoryFlags[flag]) overrides.set(tool, [...(overrides.get(tool) ?? []), ...dirs]);
  }
  return readers
    .filter((reader) => (named.length === 0 || overrides.has(reader.tool)) && (parsed.tools === undefined || parsed.tools.has(reader.tool)))
    .map((reader) => ({ reader, overridePaths: overrides.get(reader.tool) ?? [] }));
}

/** Where each source was looked for, for the "nothing found" message. */
function describeSearch(summaries: readonly ToolIngestSummary[], sources: readonly SourceSelection[], deps: ReportDependencies): string {
  const lines = summaries.map((summary) => {
    if (summary.roots.length > 0) return `  ${summary.displayName}: looked in ${summary.roots.join(', ')}`;
    const overridePaths = sources.find((source) => source.reader.tool === summary.tool)?.overridePaths ?? [];
    const candidates = deps.candidateLocations?.(summary.tool, { env: deps.env, homeDir: deps.homeDir, platform: deps.platform, overridePaths }) ?? [];
    return `  ${summary.displayName}: no log folder found${candidates.length > 0 ? ` (looked for ${candidates.join(', ')})` : ''}`;
  });
  return ['No AI usage found yet.', ...lines].join('\n');
}

const MAX_WARNINGS_SHOWN = 20;

function collectWarnings(summaries: readonly ToolIngestSummary[], ledgerWarnings: readonly string[], report: UsageReport): string[] {
  const all = [...ledgerWarnings, ...summaries.flatMap((summary) => summary.warnings), ...report.warnings];
  if (all.length <= MAX_WARNINGS_SHOWN) return all;
  return [...all.slice(0, MAX_WARNINGS_SHOWN), `…and ${all.length - MAX_WARNINGS_SHOWN} more warnings`];
}

export async function runReport(args: string[], io: CliIo, deps: ReportDependencies): Promise<number> {
  let parsed: ReportArguments;
  try {
    parsed = parseReportArguments(args);
  } catch (error) {
    if (error instanceof UsageError || error instanceof InvalidTimeZoneError) {
      io.stderr.write(`tokenwise report: ${error.message}\nRun \`tokenwise report --help\` for the options.\n`);
      return ExitCode.usage;
    }
    throw error;
  }
  if (parsed.help) {
    io.stdout.write(REPORT_HELP);
    return ExitCode.ok;
  }
  const fail = (code: number, message: string): number => {
    io.stderr.write(`tokenwise report: ${message}\n`);
    return code;
  };
  let sources: SourceSelection[];
  try {
    sources = selectSources(deps.readers(), parsed);
  } catch (error) {
    if (error instanceof InputError) return fail(ExitCode.inputError, error.message);
    throw error;
  }

  const reportOptions = { by: parsed.by, since: parsed.since, until: parsed.until, timeZone: parsed.timeZone, tools: parsed.tools, price: deps.price };
  // Validate the dates before any reading, so a typo costs nothing.
  try {
    buildReport(new MemoryLedger().store, reportOptions);
  } catch (error) {
    if (error instanceof InvalidDateError) return fail(ExitCode.usage, error.message);
    throw error;
  }

  let target: LedgerTarget;
  let ledger: DiskLedger | undefined;
  if (parsed.useLedger) {
    const dataDir = resolveDataDir({ env: deps.env, homeDir: deps.homeDir, platform: deps.platform, override: parsed.dataDir });
    try {
      ledger = DiskLedger.open({ dataDir, timeZone: parsed.timeZone });
      target = ledger;
    } catch (error) {
      if (error instanceof LedgerVersionError) return fail(ExitCode.inputError, error.message);
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== undefined) return fail(ExitCode.inputError, `cannot use the data folder ${dataDir} (${code}); choose another with --data-dir, or use --no-ledger`);
      throw error;
    }
  } else {
    target = new MemoryLedger();
  }

  const summaries = await ingest({ target, sources, locate: { env: deps.env, homeDir: deps.homeDir, platform: deps.platform } });
  const report = buildReport(target.store, reportOptions);
  const warnings = collectWarnings(summaries, ledger?.warnings ?? [], report);
  const efficiency = parsed.efficiency === undefined ? undefined : await buildEfficiency(target.store, reportOptions, parsed.efficiency);
  if (efficiency !== undefined) warnings.push(...efficiency.warnings);
  const store = target.store;
  const nothingEver = store.records.count === 0 && store.edits.count === 0 && store.aggregates.size === 0;

  if (parsed.json) {
    const joined = efficiency === undefined ? report : withEfficiencyColumns(report, efficiency.report);
    const output = { by: report.by, rows: joined.rows, totals: joined.totals, unpriced: report.unpriced, warnings: nothingEver ? [describeSearch(summaries, sources, deps), ...warnings] : warnings };
    io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return ExitCode.ok;
  }
  if (nothingEver) {
    io.stdout.write(`${describeSearch(summaries, sources, deps)}\n`);
  } else if (report.rows.length === 0) {
    io.stdout.write('No usage in the selected period or tools.\n');
  } else {
    io.stdout.write(formatReportTable(report));
    if (efficiency !== undefined) io.stdout.write(formatEfficiencySection(efficiency.report));
  }
  for (const warning of warnings) io.stderr.write(`warning: ${warning}\n`);
  return ExitCode.ok;
}
