import * as assert from 'node:assert/strict';
import { assemblePrompt, fenceFor, languageForPath, longContextHint, renderItem, type AssembledBlock, type PromptItem } from '../../../src/core/prompt/assembly';

/** A transparent counter for hand-computed figures: one token per whitespace-separated word. */
const words = (text: string) => ({ tokens: text.split(/\s+/).filter(Boolean).length, exact: true });

describe('prompt assembly', () => {
  it('fences each file under its workspace-relative path, in the given order', () => {
    const items: PromptItem[] = [
      { kind: 'file', label: 'src/a.ts', text: 'const a = 1;\n', language: 'ts' },
      { kind: 'selection', label: 'src/b.py:3-4', text: 'x = 2\ny = 3', language: 'python' },
      { kind: 'clipboard', label: 'clipboard', text: 'Why does this fail?' },
    ];
    const prompt = assemblePrompt(items, words);
    assert.equal(prompt.text, 'src/a.ts\n```ts\nconst a = 1;\n```\n\nsrc/b.py:3-4\n```python\nx = 2\ny = 3\n```\n\nWhy does this fail?');
    // Per block: "src/a.ts ```ts const a = 1; ```" = 7 words; "src/b.py:3-4 ```python x = 2 y = 3 ```" = 9; clipboard 4.
    assert.deepEqual(prompt.blocks.map((b) => b.tokens), [7, 9, 4]);
    assert.equal(prompt.totalTokens, 20);
    assert.equal(prompt.exact, true);
    assert.equal(prompt.longContextHint, undefined);
    const reversed = assemblePrompt([...items].reverse(), words);
    assert.ok(reversed.text.startsWith('Why does this fail?\n\nsrc/b.py:3-4'));
  });

  it('chooses a fence longer than any backtick run inside the content', () => {
    assert.equal(fenceFor('plain'), '```');
    assert.equal(fenceFor('inline `code` only'), '```');
    assert.equal(fenceFor('a ```js\nfenced\n``` block'), '````');
    assert.equal(fenceFor('``````'), '```````');
    const markdown = 'Intro\n````md\n```ts\nx\n```\n````\n';
    const block = renderItem({ kind: 'file', label: 'docs/x.md', text: markdown, language: 'markdown' });
    assert.equal(block, `docs/x.md\n\`\`\`\`\`markdown\n${markdown}\`\`\`\`\``);
  });

  it('marks the total inexact when any count is an estimate', () => {
    const prompt = assemblePrompt([{ kind: 'file', label: 'a', text: 'x' }], (text) => ({ tokens: text.length, exact: false }));
    assert.equal(prompt.exact, false);
  });

  it('maps file extensions to fence languages', () => {
    assert.equal(languageForPath('src/cart.ts'), 'ts');
    assert.equal(languageForPath('REPORT.PY'), 'python');
    assert.equal(languageForPath('Makefile'), '');
  });
});

describe('long-context hint', () => {
  const block = (label: string, tokens: number): AssembledBlock => ({ item: { kind: 'file', label, text: '' }, text: '', tokens, exact: true });

  it('is absent at or below 32k tokens', () => {
    assert.equal(longContextHint([block('a', 32_000)], 32_000), undefined);
  });

  it('says where the biggest blocks sit and where to put the question', () => {
    // 4,000 + 30,000 + 2,000 + 4,000 = 40,000 tokens: the big block spans 10 %–85 % (centre 47.5 %: middle).
    const hint = longContextHint([block('intro.md', 4000), block('src/big.ts', 30_000), block('notes.md', 2000), block('tail.ts', 4000)], 40_000);
    assert.ok(hint);
    assert.deepEqual(hint.biggest, [
      { label: 'src/big.ts', tokens: 30_000, startPercent: 10, endPercent: 85, zone: 'middle' },
      { label: 'intro.md', tokens: 4000, startPercent: 0, endPercent: 10, zone: 'start' },
      { label: 'tail.ts', tokens: 4000, startPercent: 90, endPercent: 100, zone: 'end' },
    ]);
    assert.match(hint.advice, /question at the start or, better, at the end/);
    assert.match(hint.advice, /src\/big\.ts sits in the middle/);
  });

  it('is computed by assemblePrompt over the real blocks', () => {
    const big = 'word '.repeat(33_000);
    const prompt = assemblePrompt([{ kind: 'file', label: 'big.txt', text: big }, { kind: 'clipboard', label: 'clipboard', text: 'question here' }], words);
    assert.ok(prompt.longContextHint);
    assert.equal(prompt.longContextHint.biggest[0]?.label, 'big.txt');
    assert.equal(prompt.longContextHint.biggest[0]?.zone, 'middle');
  });
});
