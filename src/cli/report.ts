/** Registers `tokenwise report` with the real log readers and the bundled model catalog. */
import os from 'node:os';
import { ModelCatalog } from '../core/models/catalog';
import { catalogPricing } from '../core/report/pricing';
import { allReaders } from '../core/sources';
import { candidateLocations } from '../core/sources/candidates';
import { runReport, type ReportDependencies } from './reportCommand';
import { registerSubcommand } from './run';

export function defaultReportDependencies(): ReportDependencies {
  return {
    readers: () => allReaders(),
    price: catalogPricing(ModelCatalog.bundled()),
    env: process.env,
    homeDir: os.homedir(),
    platform: process.platform,
    candidateLocations,
  };
}

registerSubcommand('report', 'usage and cost by day, week, month, model, project or tool, from AI tools’ local logs', (args, io) => runReport(args, io, defaultReportDependencies()));
