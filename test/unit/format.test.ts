import * as assert from 'node:assert/strict';
import { formatTokens, formatUSD, groupThousands } from '../../src/core/format';

describe('formatTokens', () => {
  it('groups thousands below 10,000', () => {
    assert.equal(formatTokens(0), '0');
    assert.equal(formatTokens(7), '7');
    assert.equal(formatTokens(999), '999');
    assert.equal(formatTokens(1284), '1,284');
    assert.equal(formatTokens(9999), '9,999');
    assert.equal(formatTokens(1283.6), '1,284');
  });

  it('goes compact from 10,000: one decimal below 100 of a unit, none above', () => {
    assert.equal(formatTokens(10_000), '10k');
    assert.equal(formatTokens(12_345), '12.3k');
    assert.equal(formatTokens(99_949), '99.9k');
    assert.equal(formatTokens(123_456), '123k');
    assert.equal(formatTokens(1_234_567), '1.2M');
    assert.equal(formatTokens(2_000_000), '2M');
    assert.equal(formatTokens(45_600_000), '45.6M');
    assert.equal(formatTokens(3_210_000_000), '3.2B');
  });

  it('carries a rounding overflow into the next unit', () => {
    assert.equal(formatTokens(999_950), '1M');
    assert.equal(formatTokens(999_499), '999k');
  });

  it('groups every digit in exact mode, and survives odd input', () => {
    assert.equal(formatTokens(1_234_567, 'exact'), '1,234,567');
    assert.equal(formatTokens(-12_345), '-12.3k');
    assert.equal(formatTokens(Number.NaN), '?');
    assert.equal(groupThousands(-1234567), '-1,234,567');
  });
});

describe('formatUSD', () => {
  it('shows the precision an amount deserves', () => {
    assert.equal(formatUSD(1.2449), '$1.24');
    assert.equal(formatUSD(1234.567), '$1,234.57');
    assert.equal(formatUSD(0.45), '$0.45');
    assert.equal(formatUSD(0.045), '$0.045');
    assert.equal(formatUSD(0.0032), '$0.0032');
    assert.equal(formatUSD(0.00321), '$0.0032');
    assert.equal(formatUSD(0.0001), '$0.0001');
    // Rounding never shows more digits than the band it lands in.
    assert.equal(formatUSD(0.0999), '$0.10');
    assert.equal(formatUSD(0.009999), '$0.010');
    assert.equal(formatUSD(0.00994), '$0.0099');
  });

  it('never rounds a real cost down to $0', () => {
    assert.equal(formatUSD(0.00004), '<$0.0001');
    assert.equal(formatUSD(0), '$0.00');
  });

  it('says "unpriced" when no price is known', () => {
    assert.equal(formatUSD(undefined), 'unpriced');
    assert.equal(formatUSD(null), 'unpriced');
    assert.equal(formatUSD(Number.NaN), 'unpriced');
  });
});
