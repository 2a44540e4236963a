import * as assert from 'node:assert/strict';
import { attributeCommits, normalisePath, relativeInside } from '../../../src/core/git/attribution';
import type { Commit } from '../../../src/core/git/commits';

function commit(hash: string, files: string[]): Commit {
  return { hash, authorEmail: 'ana@example.com', authorName: 'Ana', timestampMs: 0, authoredMs: 0, linesAdded: 1, linesRemoved: 0, files };
}

describe('commit attribution to projects', () => {
  it('normalises separators, trailing slashes and drive letters', () => {
    assert.equal(normalisePath('C:\\Users\\ana\\shop\\'), 'c:/Users/ana/shop');
    assert.equal(normalisePath('/home/ana/shop/'), '/home/ana/shop');
    assert.equal(normalisePath('/'), '/');
    assert.equal(relativeInside('/home/ana/shop', '/home/ana/shop/pkg/a'), 'pkg/a');
    assert.equal(relativeInside('/home/ana/shop', '/home/ana/shop'), '');
    // A sibling with a common prefix is not inside.
    assert.equal(relativeInside('/home/ana/shop', '/home/ana/shopping'), undefined);
  });

  it('gives a commit to the repo-root project, or to the deepest project folder holding all its files', () => {
    const repo = { repoRoot: '/home/ana/shop', commits: [commit('1', ['src/cart.ts']), commit('2', ['web/app/main.ts', 'web/app/x.ts']), commit('3', ['web/app/a.ts', 'api/b.ts'])] };
    const projects = ['/home/ana/shop', '/home/ana/shop/web', '/home/ana/shop/web/app/', '/elsewhere', null];
    const result = attributeCommits([repo], projects).map((c) => [c.hash, c.project]);
    assert.deepEqual(result, [
      ['1', '/home/ana/shop'], // only the root holds src/
      ['2', '/home/ana/shop/web/app/'], // deepest holding both files, in the records' own spelling
      ['3', '/home/ana/shop'], // spread over web/ and api/: the root holds all
    ]);
  });

  it('without a root project, picks the sub-project holding most files; unmatched commits go to the repo root', () => {
    const repo = { repoRoot: '/r', commits: [commit('1', ['a/x', 'a/y', 'b/z']), commit('2', ['c/only']), commit('3', [])] };
    const result = attributeCommits([repo], ['/r/a', '/r/b']).map((c) => [c.hash, c.project, c.repoRoot]);
    assert.deepEqual(result, [
      ['1', '/r/a', '/r'], // a holds 2 of 3 files, b holds 1
      ['2', '/r', '/r'], // no project folder holds c/
      ['3', '/r', '/r'], // touched no file: no sub-folder can claim it
    ]);
  });

  it('counts every commit exactly once across repositories', () => {
    const repos = [
      { repoRoot: '/r1', commits: [commit('a', ['f']), commit('b', ['g'])] },
      { repoRoot: '/r2', commits: [commit('c', ['h'])] },
    ];
    const result = attributeCommits(repos, ['/r1', '/r1/sub', '/r2']);
    assert.deepEqual(result.map((c) => c.hash), ['a', 'b', 'c']);
  });
});
