import * as assert from 'node:assert/strict';
import { compactCopy } from '../../../src/core/tokenizer/compactString';

describe('compactCopy', () => {
  it('returns an equal string for ASCII, Latin-1, CJK, emoji and lone surrogates', () => {
    const parent = `${'ascii only '.repeat(50)}café ñ ÿ 東京 😀 \uD800 tail \uDC00`;
    for (const [start, end] of [[0, 40], [40, 560], [545, parent.length], [0, parent.length], [3, 3]]) {
      const slice = parent.slice(start, end);
      assert.equal(compactCopy(slice), slice);
    }
  });
});
