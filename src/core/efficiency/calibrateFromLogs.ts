/**
 * Learns the calibration factors from the user's own Claude Code and Gemini CLI transcripts: finds the files
 * through the readers' own locate/listFiles (so credential files are never listed), streams each file's lines
 * into the sample collectors, and reduces the samples to one factor per tokenizer family.
 */
import type { FileAccess } from '../sources/fileAccess';
import { readWholeFile } from '../sources/fileAccess';
import { scanJsonLines } from '../sources/jsonl';
import { describeError } from '../sources/locations';
import { isJsonObject } from '../sources/values';
import type { LocateOptions, SourceReader } from '../usage/sources';
import { learnCalibration, type CalibrationOptions, type FamilyCalibration } from './calibration';
import { ClaudeCalibrationCollector, GeminiCalibrationCollector, type CountO200k } from './calibrationSamples';

/** A legacy Gemini recording (one JSON document) larger than this is skipped. */
const MAX_WHOLE_RECORDING_BYTES = 256 << 20;

export interface CalibrationSource {
  reader: SourceReader;
  /** Folders the user named for this source; empty: the reader's own auto-detection. */
  overridePaths: readonly string[];
}

export interface CalibrateFromLogsOptions {
  claude?: CalibrationSource;
  gemini?: CalibrationSource;
  access: FileAccess;
  locate: Omit<LocateOptions, 'overridePaths'>;
  countO200k: CountO200k;
  calibration?: Partial<CalibrationOptions>;
}

export interface CalibrationFromLogs {
  families: FamilyCalibration[];
  filesRead: number;
  /** Folders searched, per source display name. */
  searched: Array<{ source: string; roots: string[] }>;
  /** Files that could not be read, with why. */
  problems: string[];
}

interface Collector {
  add(line: unknown): void;
}

/** The transcript files of one source, with the folders searched and the folders that could not be listed. */
export async function listCalibrationFiles(source: CalibrationSource, locate: CalibrateFromLogsOptions['locate']): Promise<{ roots: string[]; files: string[]; problems: string[] }> {
  const roots = await source.reader.locate({ ...locate, overridePaths: source.overridePaths });
  const files: string[] = [];
  const problems: string[] = [];
  for (const root of roots) {
    try {
      files.push(...(await source.reader.listFiles(root)));
    } catch (error) {
      problems.push(`${root}: ${describeError(error)}`);
    }
  }
  return { roots, files, problems };
}

async function feedFiles(source: CalibrationSource, options: CalibrateFromLogsOptions, collector: Collector, result: CalibrationFromLogs): Promise<void> {
  const { roots, files, problems } = await listCalibrationFiles(source, options.locate);
  result.searched.push({ source: source.reader.displayName, roots });
  result.problems.push(...problems);
  for (const file of files) {
    try {
      if (source.reader.fileMode(file) === 'whole') {
        // Legacy Gemini recording: one JSON document whose `messages` are the records.
        const document: unknown = JSON.parse(await readWholeFile(options.access, file, MAX_WHOLE_RECORDING_BYTES));
        const messages = isJsonObject(document) && Array.isArray(document.messages) ? document.messages : [];
        for (const message of messages) collector.add(message);
      } else {
        await scanJsonLines(options.access, file, 0, (line) => collector.add(line.value));
      }
      result.filesRead++;
    } catch (error) {
      result.problems.push(`${file}: ${describeError(error)}`);
    }
  }
}

export async function calibrateFromLogs(options: CalibrateFromLogsOptions): Promise<CalibrationFromLogs> {
  const result: CalibrationFromLogs = { families: [], filesRead: 0, searched: [], problems: [] };
  const claude = new ClaudeCalibrationCollector(options.countO200k);
  const gemini = new GeminiCalibrationCollector(options.countO200k);
  if (options.claude) await feedFiles(options.claude, options, claude, result);
  if (options.gemini) await feedFiles(options.gemini, options, gemini, result);
  result.families = learnCalibration([...claude.samples(), ...gemini.samples()], options.calibration);
  return result;
}
