/**
 * Which estimate factor the token engine uses for a model: the one learned from the user's own transcripts
 * (`tokenwise.estimate.calibrate`), or the built-in family factor, with a sentence saying which and why. Also
 * the on-disk cache of what was learned, so transcripts are read again only when they changed. Pure: the host
 * supplies the learned families and the setting.
 */
import { createHash } from 'node:crypto';
import type { ModelInfo } from '../models/types';
import { TOKENIZER_FAMILIES, tokenizerFamily, type FamilyCalibration, type TokenizerFamily } from './calibration';

/** What the engine knows about calibration right now. */
export type CalibrationState =
  | { status: 'off' }
  /** On, but the transcripts have not been read yet (first start, or a recompute is running without a cache). */
  | { status: 'learning' }
  /** After "Delete All Tokenwise Data": nothing is read again until the user asks (Refresh Usage). */
  | { status: 'paused' }
  | { status: 'learned'; families: readonly FamilyCalibration[] };

/** The factor to use for one model, and a sentence for the tooltip (null for models that are counted exactly). */
export interface ModelCalibration {
  /** The learned factor; undefined: the model's built-in factor applies. */
  factor: number | undefined;
  note: string | null;
}

const FAMILY_NAMES: Record<TokenizerFamily, string> = {
  'claude-pre-opus-4.7': 'Claude (before Opus 4.7)',
  'claude-opus-4.7+': 'Claude (Opus 4.7 and later)',
  gemini: 'Gemini',
};

/** `1.2345` → "1.23": two decimals are as precise as a median of ratios deserves. */
export function formatCalibratedFactor(factor: number): string {
  return factor.toFixed(2);
}

/**
 * The learned factor replaces the built-in one only for an estimated model whose id names a tokenizer family,
 * and only when that family has a factor (enough samples). Everything else keeps the built-in factor, and the
 * note says why, so the tooltip never leaves the user guessing.
 */
export function calibrationForModel(model: Pick<ModelInfo, 'id' | 'tokenizer'>, state: CalibrationState): ModelCalibration {
  if (model.tokenizer.estimate === null) return { factor: undefined, note: null };
  const family = tokenizerFamily(model.id);
  if (state.status === 'off') return { factor: undefined, note: 'Not calibrated: tokenwise.estimate.calibrate is off; using the built-in factor.' };
  if (family === undefined) return { factor: undefined, note: 'Not calibrated: this model belongs to no Claude or Gemini tokenizer family; using its own factor.' };
  if (state.status === 'paused') return { factor: undefined, note: 'Not calibrated: Tokenwise data was deleted; run "Tokenwise: Refresh Usage" to learn again. Using the built-in factor.' };
  if (state.status === 'learning') return { factor: undefined, note: 'Not calibrated yet: your transcripts are being read; using the built-in factor.' };
  const learned = state.families.find((entry) => entry.family === family);
  if (learned === undefined || learned.factor === null) {
    const reason = learned?.reason ?? 'no usable responses in your transcripts';
    return { factor: undefined, note: `Not calibrated for ${FAMILY_NAMES[family]}: ${reason}; using the built-in factor.` };
  }
  const samples = `${learned.sampleCount} ${learned.sampleCount === 1 ? 'sample' : 'samples'}`;
  return { factor: learned.factor, note: `Calibrated ×${formatCalibratedFactor(learned.factor)} from ${samples} of your ${FAMILY_NAMES[family]} transcripts.` };
}

/** A transcript file as the fingerprint sees it: never its content. */
export interface TranscriptFileStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

/** One hash over the transcript files' paths, sizes and times: it changes when any transcript changes. */
export function transcriptsFingerprint(files: readonly TranscriptFileStamp[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) hash.update(`${file.path}\0${file.size}\0${file.mtimeMs}\n`);
  return hash.digest('hex');
}

/** What is kept between sessions: numbers and a hash only, never text. */
export interface CalibrationCache {
  version: 1;
  /** {@link transcriptsFingerprint} of the files the families were learned from. */
  fingerprint: string;
  computedAtMs: number;
  families: FamilyCalibration[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function parseFamily(value: unknown): FamilyCalibration | undefined {
  if (!isObject(value) || !TOKENIZER_FAMILIES.includes(value.family as TokenizerFamily) || !isCount(value.sampleCount)) return undefined;
  const family = value.family as TokenizerFamily;
  if (value.factor === null) {
    return typeof value.reason === 'string' ? { family, factor: null, sampleCount: value.sampleCount, spread: null, reason: value.reason } : undefined;
  }
  const spread = value.spread;
  if (!isPositive(value.factor) || !isObject(spread) || !isPositive(spread.p25) || !isPositive(spread.p75)) return undefined;
  return { family, factor: value.factor, sampleCount: value.sampleCount, spread: { p25: spread.p25, p75: spread.p75 }, reason: null };
}

/**
 * Reads a cache file's text. Anything unexpected (another version, a hand-edited value, a truncated write)
 * yields undefined, which simply means "learn again": a cache can never make the engine use a bad factor.
 */
export function parseCalibrationCache(text: string): CalibrationCache | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || parsed.version !== 1 || typeof parsed.fingerprint !== 'string' || !isCount(parsed.computedAtMs) || !Array.isArray(parsed.families)) return undefined;
  const families = parsed.families.map(parseFamily);
  if (families.some((family) => family === undefined)) return undefined;
  return { version: 1, fingerprint: parsed.fingerprint, computedAtMs: parsed.computedAtMs, families: families as FamilyCalibration[] };
}

/** The cache file's text: the families reduced to their numbers (and the fixed "not enough data" reasons). */
export function serialiseCalibrationCache(cache: CalibrationCache): string {
  const families = cache.families.map((family) =>
    family.factor === null
      ? { family: family.family, factor: null, sampleCount: family.sampleCount, spread: null, reason: family.reason }
      : { family: family.family, factor: family.factor, sampleCount: family.sampleCount, spread: { p25: family.spread.p25, p75: family.spread.p75 }, reason: null },
  );
  return `${JSON.stringify({ version: 1, fingerprint: cache.fingerprint, computedAtMs: cache.computedAtMs, families }, null, 2)}\n`;
}
