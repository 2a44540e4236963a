import * as assert from 'node:assert/strict';
import { learnCalibration, type CalibrationSample, type FamilyCalibration } from '../../../src/core/efficiency/calibration';
import {
  calibrationForModel,
  parseCalibrationCache,
  serialiseCalibrationCache,
  transcriptsFingerprint,
  type CalibrationState,
} from '../../../src/core/efficiency/estimateCalibration';
import { diskSettingContext } from '../../../src/core/settings/pathKind';
import { validateSettings } from '../../../src/core/settings/validateSettings';
import { figureForModel, glanceView } from '../../../src/core/glance';
import { ModelCatalog } from '../../../src/core/models/catalog';
import type { ModelInfo } from '../../../src/core/models/types';

const catalog = ModelCatalog.bundled();
function model(id: string): ModelInfo {
  const found = catalog.resolve(id);
  assert.ok(found, `${id} is in the bundled catalog`);
  return found;
}

/** 25 Claude (pre-Opus 4.7) samples whose ratios are 1.25, 1.26, …, 1.49: the median is 1.37. */
function claudeSamples(count: number): CalibrationSample[] {
  return Array.from({ length: count }, (_, index) => ({ family: 'claude-pre-opus-4.7' as const, o200kTokens: 100, reportedTokens: 125 + index }));
}

function learned(samples: CalibrationSample[]): CalibrationState {
  return { status: 'learned', families: learnCalibration(samples) };
}

describe('estimate calibration: which factor a model gets', () => {
  it('uses the learned factor for a family with enough samples and says so with the sample size', () => {
    const result = calibrationForModel(model('claude-sonnet-4-5'), learned(claudeSamples(25)));
    assert.equal(result.factor, 1.37);
    assert.equal(result.note, 'Calibrated ×1.37 from 25 samples of your Claude (before Opus 4.7) transcripts.');
  });

  it('keeps the built-in factor below the minimum sample, with the reason', () => {
    const result = calibrationForModel(model('claude-sonnet-4-5'), learned(claudeSamples(19)));
    assert.equal(result.factor, undefined);
    assert.equal(result.note, 'Not calibrated for Claude (before Opus 4.7): not enough data: 19 usable responses, at least 20 needed; using the built-in factor.');
  });

  it('never lends one family’s factor to another (Opus 4.7 and Gemini stay at their defaults)', () => {
    const state = learned(claudeSamples(25));
    assert.equal(calibrationForModel(model('claude-opus-4-7'), state).factor, undefined);
    assert.match(calibrationForModel(model('claude-opus-4-7'), state).note ?? '', /Opus 4\.7 and later\): not enough data: 0 usable/);
    assert.equal(calibrationForModel(model('gemini-2.5-pro'), state).factor, undefined);
  });

  it('says why when the setting is off, the transcripts have not been read yet, or the data was deleted', () => {
    assert.deepEqual(calibrationForModel(model('claude-sonnet-4-5'), { status: 'off' }), { factor: undefined, note: 'Not calibrated: tokenwise.estimate.calibrate is off; using the built-in factor.' });
    assert.match(calibrationForModel(model('gemini-2.5-pro'), { status: 'learning' }).note ?? '', /being read/);
    assert.deepEqual(calibrationForModel(model('claude-opus-4-7'), { status: 'paused' }), {
      factor: undefined,
      note: 'Not calibrated: Tokenwise data was deleted; run "Tokenwise: Refresh Usage" to learn again. Using the built-in factor.',
    });
  });

  it('leaves exactly counted models alone: no factor, no note', () => {
    assert.deepEqual(calibrationForModel(model('gpt-5'), learned(claudeSamples(25))), { factor: undefined, note: null });
  });

  it('reaches the status bar: the calibrated factor scales the count and the tooltip shows it', () => {
    const sonnet = model('claude-sonnet-4-5');
    const calibration = calibrationForModel(sonnet, learned(claudeSamples(25)));
    const figure = figureForModel(sonnet, { tokens: 1000, exact: true }, calibration);
    assert.equal(figure.tokens, 1370);
    assert.equal(figure.basisShort, '≈ Claude: o200k_base × 1.37 (calibrated from your logs)');
    const view = glanceView({ document: { characters: 10, lines: 1, current: figure, compare: [] }, showCost: true, warningPercent: 80 }, 'tokenwise.selectModel');
    assert.match(view.tooltipMarkdown.replace(/\\/g, ''), /Calibrated ×1\.37 from 25 samples of your Claude \(before Opus 4\.7\) transcripts\./);
  });
});

describe('estimate calibration: the cache in the data folder', () => {
  const families: FamilyCalibration[] = learnCalibration(claudeSamples(25));

  it('round-trips numbers only', () => {
    const text = serialiseCalibrationCache({ version: 1, fingerprint: 'abc', computedAtMs: 1_700_000_000_000, families });
    assert.deepEqual(parseCalibrationCache(text), { version: 1, fingerprint: 'abc', computedAtMs: 1_700_000_000_000, families });
  });

  it('rejects anything odd, so a damaged cache means "learn again", never a bad factor', () => {
    const good = JSON.parse(serialiseCalibrationCache({ version: 1, fingerprint: 'abc', computedAtMs: 1, families })) as { families: Array<Record<string, unknown>> };
    assert.equal(parseCalibrationCache('{ truncated'), undefined);
    assert.equal(parseCalibrationCache(JSON.stringify({ ...good, version: 2 })), undefined);
    const negative = structuredClone(good);
    negative.families[0].factor = -1;
    assert.equal(parseCalibrationCache(JSON.stringify(negative)), undefined);
    const unknownFamily = structuredClone(good);
    unknownFamily.families[0].family = 'llama';
    assert.equal(parseCalibrationCache(JSON.stringify(unknownFamily)), undefined);
  });

  it('fingerprints transcripts by path, size and time, whatever order they were listed in', () => {
    const a = { path: '/logs/a.jsonl', size: 10, mtimeMs: 1 };
    const b = { path: '/logs/b.jsonl', size: 20, mtimeMs: 2 };
    assert.equal(transcriptsFingerprint([a, b]), transcriptsFingerprint([b, a]));
    assert.notEqual(transcriptsFingerprint([a, b]), transcriptsFingerprint([a, { ...b, size: 21 }]));
    assert.notEqual(transcriptsFingerprint([a, b]), transcriptsFingerprint([a]));
  });
});

describe('efficiency settings: validation with a named setting and a safe fallback', () => {
  const parse = (values: Record<string, unknown>) => {
    const { values: checked, problems } = validateSettings((key) => values[key], diskSettingContext);
    return { settings: { calibrate: checked['estimate.calibrate'], authors: checked['efficiency.authors'] }, problems };
  };

  it('defaults: calibration on, authors from git', () => {
    assert.deepEqual(parse({}), { settings: { calibrate: true, authors: [] }, problems: [] });
  });

  it('a non-boolean calibrate falls back to true with a message naming the setting', () => {
    const { settings, problems } = parse({ 'estimate.calibrate': 'no' });
    assert.equal(settings.calibrate, true);
    assert.deepEqual(problems, [{ setting: 'tokenwise.estimate.calibrate', message: 'tokenwise.estimate.calibrate: expected true or false, got "no"; using true.' }]);
    assert.equal(parse({ 'estimate.calibrate': false }).settings.calibrate, false);
  });

  it('authors: keeps trimmed unique strings, reports the rest, and falls back to git for a non-list', () => {
    const { settings, problems } = parse({ 'efficiency.authors': [' me@example.com ', 'me@example.com', 3, '', 'Ada'] });
    assert.deepEqual(settings.authors, ['me@example.com', 'Ada']);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^tokenwise\.efficiency\.authors: .*ignored 2 other entries/);
    const wrongType = parse({ 'efficiency.authors': 'me@example.com' });
    assert.deepEqual(wrongType.settings.authors, []);
    assert.match(wrongType.problems[0].message, /^tokenwise\.efficiency\.authors: expected a list .* using each repository's git user\.email\.$/);
  });
});
