/** Registers `tokenwise report` with the real log readers and the bundled model catalog. */
import os from 'node:os';
import { ModelCatalog } from '../core/models/catalog';
import { catalogPricing } from '../core/report/pricing';
import { allReaders } from '../core/sources';
import { claudeCodeCandidateRoots } from '../core/sources/claudeCode';
import { codexCandidateRoots } from '../core/sources/codex';
import { geminiCliCandidateRoots } from '../core/sources/geminiCli';
import type { LocateOptions } from '../core/usage/sources';
import type { ToolId } from '../core/usage/types';
import { runReport, type ReportDependencies } from './reportCommand';
import { registerSubcommand } from './run';

/** The folders a source searches, for the readers that can tell. */
const candidateRoots: Partial<Record<ToolId, (options: LocateOptions) => string[]>> = {
  'claude-code': claudeCodeCandidateRoots,
  codex: codexCandidateRoots,
  'gemini-cli': geminiCliCandidateRoots,
};

export function defaultReportDependencies(): ReportDependencies {
  return {
    readers: () => allReaders(),
    price: catalogPricing(ModelCatalog.bundled()),
    env: process.env,
    homeDir: os.homedir(),
    platform: process.platform,
    candidateLocations: (tool, options) => candidateRoots[tool]?.(options),
  };
}

registerSubcommand('report', 'usage and cost by day, week, month, model, project or tool, from AI tools’ local logs', (args, io) => runReport(args, io, defaultReportDependencies()));
