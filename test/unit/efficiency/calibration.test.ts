import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { learnCalibration, tokenizerFamily, type CalibrationSample } from '../../../src/core/efficiency/calibration';
import { ClaudeCalibrationCollector, extractCalibrationSample, GeminiCalibrationCollector } from '../../../src/core/efficiency/calibrationSamples';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'efficiency');
const CLAUDE_FIXTURE = 'claude/projects/-home-ana-shop/0c9a3f4e-1d2b-4c8e-9f00-7a1b2c3d4e5f.jsonl';
const GEMINI_FIXTURE = 'gemini/.gemini/tmp/shop/chats/session-2026-03-02T10-00-6f1c2d3e.jsonl';

/** The fixture's JSONL lines, parsed; a broken line is skipped the way readers skip it. */
function jsonLines(name: string): unknown[] {
  return readFileSync(path.join(FIXTURES, name), 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return line.trim().length > 0 ? [JSON.parse(line) as unknown] : [];
      } catch {
        return [];
      }
    });
}

describe('calibration', () => {
  let o200k: Tiktoken;
  const countO200k = (text: string): number => o200k.encode_ordinary(text).length;
  before(() => {
    o200k = get_encoding('o200k_base');
  });
  after(() => o200k.free());

  describe('tokenizerFamily', () => {
    it('tells Claude before Opus 4.7 from Opus 4.7 and later, and Gemini', () => {
      const cases: Array<[string, string | undefined]> = [
        ['claude-sonnet-4-5-20250929', 'claude-pre-opus-4.7'],
        ['claude-opus-4-20250514', 'claude-pre-opus-4.7'], // the 8-digit date is no minor version
        ['claude-opus-4-1-20250805', 'claude-pre-opus-4.7'],
        ['claude-opus-4-6', 'claude-pre-opus-4.7'],
        ['claude-3-5-sonnet-20241022', 'claude-pre-opus-4.7'],
        ['claude-haiku-4-5', 'claude-pre-opus-4.7'],
        ['claude-sonnet-4-7', 'claude-pre-opus-4.7'], // only Opus changed tokenizer at 4.7
        ['claude-opus-4-7', 'claude-opus-4.7+'],
        ['claude-opus-4.7', 'claude-opus-4.7+'],
        ['anthropic/claude-opus-4-8-20260301', 'claude-opus-4.7+'],
        ['us.anthropic.claude-opus-4-7-v1:0', 'claude-opus-4.7+'],
        ['claude-sonnet-5', 'claude-opus-4.7+'], // generation 5+: assumed to share the new tokenizer
        ['gemini-2.5-pro', 'gemini'],
        ['models/gemini-2.5-flash', 'gemini'],
        ['gpt-5', undefined],
        ['<synthetic>', undefined],
      ];
      for (const [model, family] of cases) assert.equal(tokenizerFamily(model), family, model);
    });
  });

  describe('Claude Code samples', () => {
    it('keeps only single-text, end_turn responses, with the final copy’s output tokens, one per message', () => {
      const collector = new ClaudeCalibrationCollector(countO200k);
      for (const line of jsonLines(CLAUDE_FIXTURE)) collector.add(line);
      // o200k counts by tiktoken: msg_A's text 20 tokens, msg_D's 23, msg_G's 24.
      // msg_B (thinking), msg_C (tool_use), msg_E (max_tokens), msg_F (two text blocks), msg_H (0 output),
      // sidechain, <synthetic> and API-error lines give none; msg_D's copies collapse, keeping output 27 over 3.
      assert.deepEqual(collector.samples(), [
        { family: 'claude-pre-opus-4.7', o200kTokens: 20, reportedTokens: 24 },
        { family: 'claude-pre-opus-4.7', o200kTokens: 23, reportedTokens: 27 },
        { family: 'claude-opus-4.7+', o200kTokens: 24, reportedTokens: 36 },
      ]);
    });

    it('keeps numbers only, never the text', () => {
      const collector = new ClaudeCalibrationCollector(countO200k);
      for (const line of jsonLines(CLAUDE_FIXTURE)) collector.add(line);
      const held = inspect(collector, { depth: 10, maxArrayLength: null, maxStringLength: null });
      for (const word of ['cart', 'receipts', 'tokenizer', 'paragraph', 'plan']) assert.ok(!held.includes(word), `collector holds "${word}"`);
    });

    it('reads one line into its parts and ignores what is not an assistant line', () => {
      const [, first] = jsonLines(CLAUDE_FIXTURE);
      const line = extractCalibrationSample(first);
      assert.ok(line !== null);
      assert.deepEqual({ ...line, text: line.text?.slice(0, 8) }, { messageId: 'msg_A', family: 'claude-pre-opus-4.7', text: 'The cart', hasOtherContent: false, stopReason: 'end_turn', reportedOutputTokens: 24 });
      for (const junk of [null, 42, 'text', [], { type: 'user' }, { type: 'assistant' }, { type: 'assistant', message: { id: 'x', model: 'claude-opus-4-7' } }]) {
        assert.equal(extractCalibrationSample(junk), null, JSON.stringify(junk));
      }
    });
  });

  describe('Gemini CLI samples', () => {
    it('keeps text-only messages without tool calls, the last copy of a re-appended message winning', () => {
      const collector = new GeminiCalibrationCollector(countO200k);
      for (const line of jsonLines(GEMINI_FIXTURE)) collector.add(line);
      // g1: 23 o200k tokens, 25 reported. g3: its first copy had 0 output, the re-appended copy 24 (model
      // omitted, still Gemini) for a 24-token text. g4: thoughts are reported apart from output, 24 / 24.
      // g2 (tool call) and g5 (a functionCall part) give none.
      assert.deepEqual(collector.samples(), [
        { family: 'gemini', o200kTokens: 23, reportedTokens: 25 },
        { family: 'gemini', o200kTokens: 24, reportedTokens: 24 },
        { family: 'gemini', o200kTokens: 24, reportedTokens: 24 },
      ]);
    });
  });

  describe('learnCalibration', () => {
    /** 20 samples of 100 o200k tokens reported as 110, 111, …, 129: ratios 1.10 … 1.29. */
    const twenty: CalibrationSample[] = Array.from({ length: 20 }, (_, index) => ({ family: 'claude-pre-opus-4.7', o200kTokens: 100, reportedTokens: 110 + index }));

    it('gives the median ratio, the sample count and the middle half as spread', () => {
      const [claude, opus, gemini] = learnCalibration(twenty);
      // Median of 20 sorted ratios = mean of the 10th and 11th = (1.19 + 1.20) / 2 = 1.195.
      // p25 at position 19 × 0.25 = 4.75 → 1.14 + 0.75 × 0.01 = 1.1475; p75 at 14.25 → 1.24 + 0.0025 = 1.2425.
      assert.equal(claude.family, 'claude-pre-opus-4.7');
      assert.ok(claude.factor !== null && Math.abs(claude.factor - 1.195) < 1e-12, String(claude.factor));
      assert.equal(claude.sampleCount, 20);
      assert.ok(claude.spread !== null && Math.abs(claude.spread.p25 - 1.1475) < 1e-12 && Math.abs(claude.spread.p75 - 1.2425) < 1e-12);
      assert.equal(opus.factor, null);
      assert.equal(opus.reason, 'not enough data: 0 usable responses, at least 20 needed');
      assert.equal(gemini.sampleCount, 0);
    });

    it('is not moved by an outlier, and skips short or broken samples', () => {
      const withNoise: CalibrationSample[] = [
        ...twenty,
        { family: 'claude-pre-opus-4.7', o200kTokens: 100, reportedTokens: 1000 }, // ratio 10: the 21st, median becomes the 11th = 1.20
        { family: 'claude-pre-opus-4.7', o200kTokens: 5, reportedTokens: 9 }, // below 20 o200k tokens: skipped
        { family: 'claude-pre-opus-4.7', o200kTokens: 100, reportedTokens: 0 }, // nothing reported: skipped
        { family: 'claude-pre-opus-4.7', o200kTokens: Number.NaN, reportedTokens: 50 }, // skipped
      ];
      const [claude] = learnCalibration(withNoise);
      assert.equal(claude.sampleCount, 21);
      assert.ok(claude.factor !== null && Math.abs(claude.factor - 1.2) < 1e-12, String(claude.factor));
    });

    it('answers "not enough data" below the minimum sample count', () => {
      const [claude] = learnCalibration(twenty.slice(0, 19));
      assert.equal(claude.factor, null);
      assert.equal(claude.reason, 'not enough data: 19 usable responses, at least 20 needed');
      const [relaxed] = learnCalibration(twenty.slice(0, 3), { minSamples: 3 });
      assert.ok(relaxed.factor !== null && Math.abs(relaxed.factor - 1.11) < 1e-12);
    });

    it('always gives a finite factor inside the range of the sample ratios (property)', () => {
      const sample = fc.record({
        family: fc.constantFrom('claude-pre-opus-4.7' as const, 'claude-opus-4.7+' as const, 'gemini' as const),
        o200kTokens: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(Number.NaN, -1, Number.POSITIVE_INFINITY)),
        reportedTokens: fc.oneof(fc.integer({ min: 0, max: 200_000 }), fc.constantFrom(Number.NaN, -1)),
      });
      fc.assert(
        fc.property(fc.array(sample, { maxLength: 80 }), fc.integer({ min: 1, max: 10 }), (samples, minSamples) => {
          for (const result of learnCalibration(samples, { minSamples, minO200kTokens: 1 })) {
            const ratios = samples.filter((s) => s.family === result.family && Number.isFinite(s.o200kTokens) && Number.isFinite(s.reportedTokens) && s.o200kTokens >= 1 && s.reportedTokens > 0).map((s) => s.reportedTokens / s.o200kTokens);
            assert.equal(result.sampleCount, ratios.length);
            if (result.factor === null) {
              assert.ok(ratios.length < minSamples);
              continue;
            }
            assert.ok(Number.isFinite(result.factor) && result.factor >= Math.min(...ratios) && result.factor <= Math.max(...ratios));
            assert.ok(result.spread.p25 <= result.factor && result.factor <= result.spread.p75);
          }
        }),
        { numRuns: 200 },
      );
    });
  });
});
