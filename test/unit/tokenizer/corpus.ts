// Test inputs for the token engine: a seeded synthetic corpus that hits every pre-tokenizer branch and the
// encoding edge cases (BOM, lone surrogates, special-token text, CRLF, U+0085, CJK, emoji, long runs), plus
// real text no one here wrote — .d.ts and README files from node_modules.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../../support/seededRandom';

export { seededRandom };


export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** Fragments that each stress something in the pre-tokenizer or the byte-level BPE. */
export const FRAGMENTS: readonly string[] = [
  'function add(a: number, b: number): number {\n  return a + b;\n}\n',
  '};\n\n/** JSDoc */\n',
  '}\n/',
  '// comment\r\n',
  'if (x) {\r\n\treturn;\r\n}\r\n',
  'The quick brown fox jumps over the lazy dog. ',
  "It's what they'd've said; WE'LL see, I'M sure — she'S RE-doing it'ſ. ",
  '東京は日本の首都です。中文文本，标点符号！한국어 텍스트. ',
  'Emoji: 😀👍🏽👨‍👩‍👧‍👦 🇫🇷 ',
  '\uFEFF',
  '\uD800',
  '\uDC00x',
  '\uFFFD',
  '<|endoftext|>',
  '<|endofprompt|><|fim_prefix|><|fim_middle|><|fim_suffix|>',
  '      ',
  '\t\t\t',
  '\n\n\n',
  ' \n \n  ',
  '\u0085',
  '\u00A0\u2003\u3000',
  '12345678901234 3.14159 0x1F 1e10 ',
  '١٢٣ ٤٥٦ ',
  'Ünïcödé Äpfel straße İstanbul ',
  'café naïve coöperate e\u0301 ',
  'x',
  '/',
  '//',
  '***',
  '$$$ %%% ^^^ ',
  'aGVsbG8gd29ybGQhIFRoaXMgaXMgYmFzZTY0IGVuY29kZWQgdGV4dC4=',
  'CamelCaseIdentifier snake_case_identifier SCREAMING_CASE ',
  '<div class="x">&nbsp;</div>\n',
  '€£¥ ©®™ ',
  'Ωμέγα Привет мир ',
];

/** A random mix of fragments: each sample is a few hundred characters to a few kilobytes. */
export function syntheticSamples(seed: number, count: number): string[] {
  const random = seededRandom(seed);
  const samples: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    const fragments = 1 + Math.floor(random() * 40);
    for (let j = 0; j < fragments; j++) parts.push(pick(random, FRAGMENTS));
    samples.push(parts.join(random() < 0.5 ? '' : pick(random, [' ', '\n', '\r\n', '/', '\uFEFF'])));
  }
  return samples;
}

/** Runs of one character class, from a few characters up to the long-piece limit. */
export function longRuns(seed: number, maxLength: number): string[] {
  const random = seededRandom(seed);
  const randomLetters = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
  const randomBase64 = (n: number): string => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    return Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  };
  const runs: string[] = [];
  for (const length of [3, 17, 100, 333, 1000, maxLength]) {
    runs.push('a'.repeat(length), ' '.repeat(length), randomLetters(length), randomBase64(length), '=-'.repeat(length / 2), '漢'.repeat(length));
  }
  return runs;
}

/** Up to `limit` real files: .d.ts and README.md files found under node_modules, in a stable order. */
export function nodeModulesTexts(limit: number, maxBytes = 200_000): { file: string; text: string }[] {
  const root = path.resolve(__dirname, '..', '..', '..', 'node_modules');
  const found: { file: string; text: string }[] = [];
  const packages = existsSync(root) ? readdirSync(root).filter((name) => !name.startsWith('.')).sort() : [];
  for (const name of packages) {
    for (const candidate of ['README.md', 'index.d.ts', 'dist/index.d.ts', 'lib/index.d.ts']) {
      const file = path.join(root, name, candidate);
      if (!existsSync(file)) continue;
      const text = readFileSync(file, 'utf8');
      if (text.length <= maxBytes) found.push({ file, text });
      if (found.length >= limit) return found;
    }
  }
  return found;
}
