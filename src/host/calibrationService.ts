/**
 * Learns the estimate factors from the user's Claude Code and Gemini CLI transcripts in the background and
 * offers them to the status bar (`tokenwise.estimate.calibrate`). Transcripts are never read on the typing path:
 * the factors are learned after an ingest round, kept in the data folder as numbers only, and learned again
 * only when the transcripts changed (and then at most every {@link RELEARN_INTERVAL_MS}, since an active session
 * appends to them all the time).
 */
import * as vscode from 'vscode';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { calibrateFromLogs, listCalibrationFiles, type CalibrationSource } from '../core/efficiency/calibrateFromLogs';
import {
  calibrationForModel,
  parseCalibrationCache,
  serialiseCalibrationCache,
  transcriptsFingerprint,
  type CalibrationCache,
  type CalibrationState,
  type ModelCalibration,
  type TranscriptFileStamp,
} from '../core/efficiency/estimateCalibration';
import type { ModelInfo } from '../core/models/types';
import { allReaders } from '../core/sources';
import { nodeFileAccess } from '../core/sources/fileAccess';
import { getEncoding } from '../core/tokenizer';
import type { ToolId } from '../core/usage/types';
import { SECTION } from './config';
import { settingValue } from './settings';
import { Disposable } from './lifecycle';
import type { UsageEnvironment } from './usage/usageService';
import { readUsageSettings } from './usage/usageSettings';

export const CALIBRATION_CACHE_FILE = 'calibration.json';
/** Wait for a burst of ingest rounds to settle before looking at the transcripts. */
const AFTER_INGEST_DELAY_MS = 3_000;
/**
 * Changed transcripts are learned from again at most this often: learning reads every transcript, an active
 * session appends to them all the time, and the factor moves slowly.
 */
const RELEARN_INTERVAL_MS = 6 * 60 * 60_000;

/** What the service needs from the usage service: when an ingest round changed something, and the data folder. */
export interface CalibrationUsage {
  readonly onDidChange: vscode.Event<void>;
  readonly dataDir: string;
  /** After "Delete All Tokenwise Data": no transcript is read until a forced update. */
  readonly automaticReadingPaused: boolean;
}

async function stamp(file: string): Promise<TranscriptFileStamp | undefined> {
  try {
    const stat = await fs.stat(file);
    return { path: file, size: stat.size, mtimeMs: Math.floor(stat.mtimeMs) };
  } catch {
    return undefined; // gone between listing and stat: it no longer counts
  }
}

export class CalibrationService extends Disposable {
  private state: CalibrationState = { status: 'learning' };
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when the factors (or whether they apply) changed. */
  readonly onDidChange = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastLearnedMs = 0;

  constructor(
    private readonly usage: CalibrationUsage,
    private readonly environment: UsageEnvironment,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.register({ dispose: () => clearTimeout(this.timer) });
    this.register(usage.onDidChange(() => this.schedule(AFTER_INGEST_DELAY_MS)));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${SECTION}.estimate.calibrate`) || event.affectsConfiguration(`${SECTION}.sources`)) this.schedule(0);
      }),
    );
  }

  get current(): CalibrationState {
    return this.state;
  }

  /** The factor and tooltip note for one model. */
  forModel(model: Pick<ModelInfo, 'id' | 'tokenizer'>): ModelCalibration {
    return calibrationForModel(model, this.state);
  }

  /**
   * Brings the factors up to date now. `force` reads the transcripts even when they changed only a moment ago
   * ("Refresh Usage"); an unchanged fingerprint is always answered from the cache.
   */
  update(options: { force?: boolean } = {}): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const previous = this.running ?? Promise.resolve();
    const next = previous.then(() => this.learn(options.force === true));
    this.running = next.finally(() => {
      if (this.running === next) this.running = undefined;
    });
    return next;
  }

  /** "Delete All Tokenwise Data": removes the cached factors and learns nothing until a forced update. */
  async forget(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    await fs.rm(this.cacheFile, { force: true });
    this.lastLearnedMs = 0;
    this.setState({ status: 'paused' });
  }

  private schedule(delayMs: number): void {
    if (this.isDisposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delayMs);
  }

  private get cacheFile(): string {
    return path.join(this.usage.dataDir, CALIBRATION_CACHE_FILE);
  }

  private setState(next: CalibrationState): void {
    if (JSON.stringify(next) === JSON.stringify(this.state)) return;
    this.state = next;
    if (!this.isDisposed) this.changed.fire();
  }

  private sources(): CalibrationSource[] {
    const settings = readUsageSettings();
    const wanted: ToolId[] = ['claude-code', 'gemini-cli'];
    return allReaders()
      .filter((reader) => wanted.includes(reader.tool) && settings.sources[reader.tool].enabled)
      .map((reader) => ({ reader, overridePaths: settings.sources[reader.tool].paths }));
  }

  private async learn(force: boolean): Promise<void> {
    if (this.isDisposed) return;
    // A bad value is reported by the settings monitor; this reads the fallback it names.
    if (!settingValue('estimate.calibrate')) {
      this.setState({ status: 'off' });
      return;
    }
    if (!force && this.usage.automaticReadingPaused) {
      this.setState({ status: 'paused' });
      return;
    }
    try {
      const sources = this.sources();
      const stamps: TranscriptFileStamp[] = [];
      for (const source of sources) {
        const { files } = await listCalibrationFiles(source, this.environment);
        for (const file of files) {
          const stamped = await stamp(file);
          if (stamped !== undefined) stamps.push(stamped);
        }
      }
      const fingerprint = transcriptsFingerprint(stamps);
      const cached = await this.readCache();
      if (cached !== undefined && cached.fingerprint === fingerprint) {
        this.setState({ status: 'learned', families: cached.families });
        return;
      }
      // Changed transcripts (an active session, or a new window): the cached factors stand until the interval
      // since they were learned has passed, in this window or an earlier one.
      const lastLearnedMs = Math.max(this.lastLearnedMs, cached?.computedAtMs ?? 0);
      if (cached !== undefined) this.setState({ status: 'learned', families: cached.families });
      if (!force && cached !== undefined && Date.now() - lastLearnedMs < RELEARN_INTERVAL_MS) {
        this.schedule(RELEARN_INTERVAL_MS - (Date.now() - lastLearnedMs));
        return;
      }
      const started = Date.now();
      const o200k = getEncoding('o200k_base');
      const claude = sources.find((source) => source.reader.tool === 'claude-code');
      const gemini = sources.find((source) => source.reader.tool === 'gemini-cli');
      const result = await calibrateFromLogs({ claude, gemini, access: nodeFileAccess, locate: this.environment, countO200k: (text) => o200k.count(text).tokens });
      this.lastLearnedMs = Date.now();
      for (const problem of result.problems.slice(0, 10)) this.log.warn(`Calibration: ${problem}`);
      const summary = result.families.map((family) => `${family.family} ${family.factor === null ? `none (${family.sampleCount} samples)` : `×${family.factor.toFixed(3)} from ${family.sampleCount}`}`).join(', ');
      this.log.info(`Estimate calibration learned from ${result.filesRead} transcripts in ${Date.now() - started} ms: ${summary}`);
      await this.writeCache({ version: 1, fingerprint, computedAtMs: this.lastLearnedMs, families: result.families });
      // The setting may have been switched off while the transcripts were read.
      if (settingValue('estimate.calibrate')) this.setState({ status: 'learned', families: result.families });
    } catch (error) {
      this.log.error(`Could not learn the estimate calibration: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async readCache(): Promise<CalibrationCache | undefined> {
    try {
      return parseCalibrationCache(await fs.readFile(this.cacheFile, 'utf8'));
    } catch {
      return undefined; // no cache yet
    }
  }

  private async writeCache(cache: CalibrationCache): Promise<void> {
    try {
      await fs.mkdir(path.dirname(this.cacheFile), { recursive: true });
      const temporary = `${this.cacheFile}.${process.pid}.tmp`;
      await fs.writeFile(temporary, serialiseCalibrationCache(cache), 'utf8');
      await fs.rename(temporary, this.cacheFile);
    } catch (error) {
      this.log.warn(`Could not save the estimate calibration in ${this.cacheFile}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
