import * as assert from 'node:assert/strict';
import { parseApplyPatch } from '../../../src/core/sources/applyPatch';

describe('apply_patch parsing', () => {
  it('lists each file with its change kind and +/- line counts', () => {
    const patch = [
      '*** Begin Patch',
      '*** Add File: docs/new.md',
      '+# Title',
      '+',
      '+body',
      '*** Update File: src/a.ts',
      '*** Move to: src/b.ts',
      '@@ class A',
      ' keep',
      '-old one',
      '-old two',
      '+new one',
      '*** End of File',
      '*** Delete File: src/gone.ts',
      '*** End Patch',
    ].join('\r\n');
    assert.deepEqual(parseApplyPatch(patch), [
      { path: 'docs/new.md', change: 'add', linesAdded: 3, linesRemoved: 0 },
      { path: 'src/b.ts', change: 'update', linesAdded: 1, linesRemoved: 2 },
      { path: 'src/gone.ts', change: 'delete', linesAdded: 0, linesRemoved: 0 },
    ]);
  });

  it('finds no files in text that is not a patch', () => {
    assert.deepEqual(parseApplyPatch('+looks like a diff\n-but has no header'), []);
    assert.deepEqual(parseApplyPatch(''), []);
  });
});
