import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTokenwise } from './helpers/cli';
import { tiktokenCount } from './helpers/tiktokenOracle';


interface CountJson {
  model: string;
  encoding: string | null;
  exact: boolean;
  files: { path: string; tokens: number; chars: number }[];
  totalTokens: number;
  inputCostUSD: number | null;
}

function assertUSD(actual: number | null, expected: number): void {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);
}

const GREETING = 'Hello, world!\n';
const PROSE = 'The quick brown fox jumps over the lazy dog.\nÜnïcödé and 日本語 and 🎉 count as characters too.\n';

describe('tokenwise count', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-count-'));
    writeFileSync(file('greeting.txt'), GREETING);
    writeFileSync(file('prose.md'), PROSE);
    writeFileSync(file('bom.txt'), `\uFEFF${GREETING}`);
    // 20,000 letters without a separator: longer than the engine's LONG_PIECE_CHARS (8,192), so estimated.
    writeFileSync(file('long-run.txt'), `start ${'x'.repeat(20_000)} end\n`);
    writeFileSync(file('image.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d, 0x0a]));
    mkdirSync(file('folder'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints exactly the documented JSON for files, counted with gpt-4o by default', () => {
    const { code, stdout, stderr } = runTokenwise(['count', '--json', file('greeting.txt'), file('prose.md')]);
    assert.equal(code, 0, stderr);
    const result = JSON.parse(stdout) as CountJson;
    assert.deepEqual(Object.keys(result), ['model', 'encoding', 'exact', 'files', 'totalTokens', 'inputCostUSD']);
    const greeting = tiktokenCount('o200k_base', GREETING);
    const prose = tiktokenCount('o200k_base', PROSE);
    assert.deepEqual(result, {
      model: 'gpt-4o',
      encoding: 'o200k_base',
      exact: true,
      files: [
        { path: file('greeting.txt'), tokens: greeting, chars: 14 },
        // 92 code points: 🎉 is one character though two UTF-16 units
        { path: file('prose.md'), tokens: prose, chars: [...PROSE].length },
      ],
      totalTokens: greeting + prose,
      inputCostUSD: result.inputCostUSD,
    });
    // gpt-4o input: $2.50 per million tokens
    assertUSD(result.inputCostUSD, ((greeting + prose) * 2.5) / 1e6);
  });

  it('reads standard input when no file is given, and for "-"', () => {
    const alone = JSON.parse(runTokenwise(['count', '--json'], { input: GREETING }).stdout) as CountJson;
    assert.deepEqual(alone.files, [{ path: '<stdin>', tokens: tiktokenCount('o200k_base', GREETING), chars: 14 }]);
    const mixed = runTokenwise(['count', '--json', file('prose.md'), '-'], { input: GREETING });
    assert.equal(mixed.code, 0);
    assert.deepEqual((JSON.parse(mixed.stdout) as CountJson).files.map((f) => f.path), [file('prose.md'), '<stdin>']);
  });

  it('estimates Claude from o200k × 1.2 and prices it at the model\'s input rate', () => {
    const { code, stdout } = runTokenwise(['count', '--json', '--model', 'anthropic/claude-sonnet-4-5-20250929', file('prose.md')]);
    assert.equal(code, 0);
    const result = JSON.parse(stdout) as CountJson;
    const tokens = Math.round(tiktokenCount('o200k_base', PROSE) * 1.2);
    assert.equal(result.model, 'claude-sonnet-4-5');
    assert.equal(result.encoding, 'o200k_base');
    assert.equal(result.exact, false);
    assert.equal(result.totalTokens, tokens);
    assertUSD(result.inputCostUSD, (tokens * 3) / 1e6); // Sonnet 4.5 input: $3 per million
  });

  it('counts GPT-4 with cl100k_base', () => {
    const result = JSON.parse(runTokenwise(['count', '--json', '--model=gpt-4', file('prose.md')]).stdout) as CountJson;
    assert.equal(result.encoding, 'cl100k_base');
    assert.equal(result.totalTokens, tiktokenCount('cl100k_base', PROSE));
  });

  it('does not count a BOM', () => {
    const result = JSON.parse(runTokenwise(['count', '--json', file('bom.txt')]).stdout) as CountJson;
    assert.deepEqual(result.files[0], { path: file('bom.txt'), tokens: tiktokenCount('o200k_base', GREETING), chars: 14 });
  });

  it('says "not exact" when the tokenizer had to estimate a very long run without separators', () => {
    const json = JSON.parse(runTokenwise(['count', '--json', file('greeting.txt'), file('long-run.txt')]).stdout) as CountJson;
    assert.equal(json.encoding, 'o200k_base');
    assert.equal(json.exact, false);
    const lines = runTokenwise(['count', file('greeting.txt'), file('long-run.txt')]).stdout.split('\n');
    assert.match(lines[1], /^ +\d+ +14 {2}.*greeting\.txt$/, 'the exact row is not marked');
    assert.match(lines[2], /^ *≈[\d,]+ +20,011 {2}.*long-run\.txt$/);
    assert.match(lines[3], /^ *≈[\d,]+ +20,025 {2}total \(2 files\)$/);
    assert.match(lines[6], /^≈ part of the text is a very long run without separators/);
  });

  it('prints an aligned table with a total line and the model, basis and cost', () => {
    const { code, stdout } = runTokenwise(['count', '--model', 'claude-opus-4-7', file('greeting.txt'), file('prose.md')]);
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    const greeting = Math.round(tiktokenCount('o200k_base', GREETING) * 1.5);
    const prose = Math.round(tiktokenCount('o200k_base', PROSE) * 1.5);
    assert.match(lines[0], /^tokens {2}chars {2}file$/);
    assert.equal(lines[1], `${String(greeting).padStart(6)}  ${'14'.padStart(5)}  ${file('greeting.txt')}`);
    assert.equal(lines[2], `${String(prose).padStart(6)}  ${String([...PROSE].length).padStart(5)}  ${file('prose.md')}`);
    assert.match(lines[3], new RegExp(`^ +${greeting + prose} +${14 + [...PROSE].length}  total \\(2 files\\)$`));
    assert.equal(lines[4], '');
    const footer = /^Claude Opus 4\.7 \(claude-opus-4-7\) · ≈ Claude: o200k_base × 1\.5 · input \$(0\.\d{4})$/.exec(lines[5]);
    assert.ok(footer, lines[5]);
    // Opus 4.7 input: $5 per million; shown to 4 decimals below a cent
    assert.ok(Math.abs(Number(footer[1]) - ((greeting + prose) * 5) / 1e6) <= 0.00005, footer[1]);
  });

  it('reports missing, binary and directory inputs on stderr, counts the rest, exits 1', () => {
    const { code, stdout, stderr } = runTokenwise(['count', '--json', file('missing.txt'), file('greeting.txt'), file('image.bin'), file('folder')]);
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`${file('missing.txt').replace(/[\\.]/g, '\\$&')}: no such file`));
    assert.match(stderr, /image\.bin: binary file \(NUL byte in the first 8 KB\), not counted/);
    assert.match(stderr, /folder: is a directory/);
    const result = JSON.parse(stdout) as CountJson;
    assert.deepEqual(result.files.map((f) => f.path), [file('greeting.txt')]);
    assert.equal(result.totalTokens, tiktokenCount('o200k_base', GREETING));
  });

  it('rejects an unknown model with close matches, exit 2', () => {
    const { code, stdout, stderr } = runTokenwise(['count', '--model', 'gpt-4-o', file('greeting.txt')]);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /unknown model 'gpt-4-o'\. Did you mean: gpt-4o, /);
    assert.match(runTokenwise(['count', '--model', 'qqqqqqqqqqqq'], { input: '' }).stderr, /See docs\/models\.md/);
  });

  it('rejects unknown options and a --model without a value, exit 2', () => {
    const unknown = runTokenwise(['count', '--modle', 'gpt-4o']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option '--modle'/);
    assert.equal(runTokenwise(['count', '--model']).code, 2);
  });

  it('has --help, and is listed by tokenwise --help', () => {
    const help = runTokenwise(['count', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: tokenwise count \[--model ID\] \[--json\] \[FILE \.\.\.\]/);
    assert.match(runTokenwise(['--help']).stdout, /^ {2}count +Count tokens/m);
  });
});
