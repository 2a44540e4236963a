import * as assert from 'node:assert/strict';
import { globToRegExp, matchesGlob, projectExclusion } from '../../../src/core/glob';

describe('glob matcher', () => {
  it('matches literal paths exactly', () => {
    assert.equal(matchesGlob('/work/app', '/work/app'), true);
    assert.equal(matchesGlob('/work/app2', '/work/app'), false);
    assert.equal(matchesGlob('/work/app/', '/work/app'), true, 'a trailing slash on the path is ignored');
  });

  it('* stays within one folder name, ** crosses folders', () => {
    assert.equal(matchesGlob('/work/client-a', '/work/client-*'), true);
    assert.equal(matchesGlob('/work/client-a/sub', '/work/client-*'), false);
    assert.equal(matchesGlob('/work/client-a/sub', '/work/**'), true);
    assert.equal(matchesGlob('/home/me/x/secret-repo', '**/secret-*'), true);
    assert.equal(matchesGlob('/home/me/x/public-repo', '**/secret-*'), false);
  });

  it('**/ also matches no folder at all', () => {
    assert.equal(matchesGlob('/a/b', '/a/**/b'), true);
    assert.equal(matchesGlob('/a/x/y/b', '/a/**/b'), true);
    assert.equal(matchesGlob('/a/x/y/c', '/a/**/b'), false);
  });

  it('? matches exactly one character other than /', () => {
    assert.equal(matchesGlob('/p/app1', '/p/app?'), true);
    assert.equal(matchesGlob('/p/app12', '/p/app?'), false);
    assert.equal(matchesGlob('/p/app/', '/p/app?'), false);
  });

  it('treats regular-expression characters literally', () => {
    assert.equal(matchesGlob('/p/a+b (1).c', '/p/a+b (1).c'), true);
    assert.equal(matchesGlob('/p/aab (1)xc', '/p/a+b (1).c'), false);
    assert.equal(globToRegExp('[x]').test('[x]'), true);
  });

  it('treats backslashes as slashes, so Windows paths match forward-slash patterns', () => {
    assert.equal(matchesGlob('C:\\Users\\me\\secret', 'C:/Users/*/secret'), true);
    assert.equal(matchesGlob('C:/Users/me/secret', 'C:\\Users\\*\\secret'), true);
  });
});

describe('projectExclusion', () => {
  it('excludes a project when it or a parent folder matches', () => {
    const excluded = projectExclusion(['/work/secret', '**/client-*']);
    assert.equal(excluded('/work/secret'), true);
    assert.equal(excluded('/work/secret/app'), true);
    assert.equal(excluded('/work/secretive'), false);
    assert.equal(excluded('/home/me/client-x/repo'), true);
    assert.equal(excluded('/home/me/public'), false);
  });

  it('never excludes records without a project, and ignores blank patterns', () => {
    assert.equal(projectExclusion(['**'])(null), false);
    assert.equal(projectExclusion(['', '  '])('/work/app'), false);
    assert.equal(projectExclusion([])('/work/app'), false);
  });
});
