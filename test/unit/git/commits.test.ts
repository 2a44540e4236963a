import * as assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findRepoRoot, parseGitLog, readCommits, type Commit } from '../../../src/core/git/commits';
import { ANA, BO, commitAs, git, lines } from './support';

describe('git commits (a repository built by the test)', function () {
  let base: string;
  let repo: string;

  before(() => {
    base = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-git-'));
    repo = path.join(base, 'shop');
    mkdirSync(path.join(repo, 'src'), { recursive: true });
    git(repo, ['init', '-q', '-b', 'main']);
    git(repo, ['config', 'user.email', 'Ana@Example.com']);

    // c1 by Ana: cart.ts 10 lines added, a binary logo (numstat "-\t-" → 0 lines). Total +10 −0.
    writeFileSync(path.join(repo, 'src', 'cart.ts'), lines(10, 'line'));
    writeFileSync(path.join(repo, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff, 0x00]));
    commitAs(repo, ANA, '2026-03-02T09:00:00Z', 'c1');

    // c2 by Bo: 3 lines added to a new file. Not Ana's, filtered out.
    writeFileSync(path.join(repo, 'README.md'), lines(3, 'readme'));
    commitAs(repo, BO, '2026-03-03T09:00:00Z', 'c2');

    // c3 by Ana: cart.ts lines 1–4 rewritten (4 removed, 4 added) and 2 appended → +6 −4;
    // a file with a space and a tab in its name gets 1 line → commit total +7 −4.
    writeFileSync(path.join(repo, 'src', 'cart.ts'), lines(4, 'changed') + lines(10, 'line').split('\n').slice(4).join('\n') + lines(2, 'extra'));
    writeFileSync(path.join(repo, 'src', 'odd name\t.ts'), 'x\n');
    commitAs(repo, ANA, '2026-03-04T09:00:00Z', 'c3');

    // c4 by Ana (different case in the e-mail): rename cart.ts → basket.ts, unchanged → +0 −0, path = new name.
    git(repo, ['mv', 'src/cart.ts', 'src/basket.ts']);
    commitAs(repo, { name: 'Ana Lima', email: 'ANA@example.com' }, '2026-03-10T09:00:00Z', 'c4');

    // A merge commit by Ana must not be counted (--no-merges).
    git(repo, ['checkout', '-q', '-b', 'side']);
    writeFileSync(path.join(repo, 'side.txt'), lines(5, 'side'));
    commitAs(repo, ANA, '2026-03-11T09:00:00Z', 'side work');
    git(repo, ['checkout', '-q', 'main']);
    writeFileSync(path.join(repo, 'main.txt'), lines(1, 'main'));
    commitAs(repo, ANA, '2026-03-11T10:00:00Z', 'main work');
    git(repo, ['merge', '-q', '--no-ff', '-m', 'merge side', 'side'], { ...ANA, date: '2026-03-11T11:00:00Z' });
  });

  after(() => rmSync(base, { recursive: true, force: true }));

  const byMessageOrder = (commits: Commit[]): Array<Pick<Commit, 'authorEmail' | 'linesAdded' | 'linesRemoved' | 'files'>> =>
    commits.map(({ authorEmail, linesAdded, linesRemoved, files }) => ({ authorEmail, linesAdded, linesRemoved, files: [...files].sort() }));

  it("reads the default author's (repo user.email, any case) non-merge commits with exact numstat", async () => {
    const result = await readCommits(path.join(repo, 'src'));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.repoRoot, repo);
    assert.deepEqual(result.authors, ['Ana@Example.com']);
    assert.deepEqual(byMessageOrder(result.commits), [
      { authorEmail: 'ana@example.com', linesAdded: 1, linesRemoved: 0, files: ['main.txt'] },
      { authorEmail: 'ana@example.com', linesAdded: 5, linesRemoved: 0, files: ['side.txt'] },
      { authorEmail: 'ANA@example.com', linesAdded: 0, linesRemoved: 0, files: ['src/basket.ts'] },
      { authorEmail: 'ana@example.com', linesAdded: 7, linesRemoved: 4, files: ['src/cart.ts', 'src/odd name\t.ts'] },
      { authorEmail: 'ana@example.com', linesAdded: 10, linesRemoved: 0, files: ['logo.png', 'src/cart.ts'] },
    ]);
    assert.equal(result.commits[4].timestampMs, Date.parse('2026-03-02T09:00:00Z'));
    assert.match(result.commits[4].hash, /^[0-9a-f]{40}$/);
  });

  it('filters by configured identities (names or e-mails, case-insensitive, exact) and by date range', async () => {
    const bo = await readCommits(repo, { authors: ['BO CHEN'] });
    assert.ok(bo.ok);
    assert.deepEqual(byMessageOrder(bo.commits), [{ authorEmail: 'bo@example.com', linesAdded: 3, linesRemoved: 0, files: ['README.md'] }]);

    // "example.com" is a substring of every e-mail but equals none: nothing matches.
    const partial = await readCommits(repo, { authors: ['example.com'] });
    assert.ok(partial.ok);
    assert.equal(partial.commits.length, 0);

    // 2026-03-03 00:00 .. 2026-03-10 09:00 inclusive: c2 (Bo), c3, c4.
    const window = await readCommits(repo, { authors: ['ana@example.com', 'bo@example.com'], sinceMs: Date.parse('2026-03-03T00:00:00Z'), untilMs: Date.parse('2026-03-10T09:00:00Z') });
    assert.ok(window.ok);
    assert.deepEqual(window.commits.map((c) => c.linesAdded), [0, 7, 3]);
  });

  it('finds the repository root of a sub-folder', async () => {
    assert.deepEqual(await findRepoRoot(path.join(repo, 'src')), { ok: true, repoRoot: repo });
  });

  it('answers clearly, without throwing, for a folder that is not a repository or does not exist', async () => {
    const plain = path.join(base, 'plain');
    mkdirSync(plain);
    const notRepo = await readCommits(plain);
    assert.equal(notRepo.ok, false);
    assert.ok(!notRepo.ok && notRepo.kind === 'not-a-repo', JSON.stringify(notRepo));
    const missing = await readCommits(path.join(base, 'does-not-exist'));
    assert.ok(!missing.ok && missing.kind === 'not-a-repo', JSON.stringify(missing));
  });

  it('answers clearly when git is not installed', async () => {
    const result = await readCommits(repo, { gitPath: path.join(base, 'no-such-git') });
    assert.ok(!result.ok && result.kind === 'git-missing', JSON.stringify(result));
    assert.match(result.message, /git is not available/);
  });

  it('reports an empty repository as no commits, and a missing identity as such', async () => {
    const empty = path.join(base, 'empty');
    mkdirSync(empty);
    git(empty, ['init', '-q']);
    const isolated = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(base, 'no-global-config'), EMAIL: '' };
    const noIdentity = await readCommits(empty, { env: isolated });
    assert.ok(!noIdentity.ok && noIdentity.kind === 'no-identity', JSON.stringify(noIdentity));
    assert.match(noIdentity.message, /has no git user\.email/);
    const withAuthor = await readCommits(empty, { authors: ['ana@example.com'] });
    assert.deepEqual(withAuthor.ok && withAuthor.commits, []);
  });

  it('fails with too-large instead of buffering unbounded output', async () => {
    const result = await readCommits(repo, { authors: ['ana@example.com'], maxOutputBytes: 64 });
    assert.ok(!result.ok && result.kind === 'too-large', JSON.stringify(result));
  });
});

describe('parseGitLog', () => {
  it('parses headers, numstat, binary files and -z renames; skips lines it does not understand', () => {
    const h1 = 'a'.repeat(40);
    const h2 = 'b'.repeat(40);
    const output =
      `\x1e${h1}\x1fana@example.com\x1fAna\x1f1700000000\x1f1700000100\0\n` +
      `3\t1\tsrc/a.ts\0-\t-\tlogo.png\0` + // +3 −1, binary 0
      `2\t2\t\0old/name.ts\0new/name.ts\0` + // rename: +2 −2 on the new path
      `garbage line\0` +
      `\x1e${h2}\x1fbo@example.com\x1fBo\x1f1700000200\x1f1700000300\0`; // no files
    const commits = parseGitLog(output);
    assert.deepEqual(commits, [
      { hash: h1, authorEmail: 'ana@example.com', authorName: 'Ana', authoredMs: 1_700_000_000_000, timestampMs: 1_700_000_100_000, linesAdded: 5, linesRemoved: 3, files: ['src/a.ts', 'logo.png', 'new/name.ts'] },
      { hash: h2, authorEmail: 'bo@example.com', authorName: 'Bo', authoredMs: 1_700_000_200_000, timestampMs: 1_700_000_300_000, linesAdded: 0, linesRemoved: 0, files: [] },
    ]);
  });

  it('returns no commits for empty or foreign output', () => {
    assert.deepEqual(parseGitLog(''), []);
    assert.deepEqual(parseGitLog('fatal: something\n'), []);
    assert.deepEqual(parseGitLog('\x1enot-a-hash\x1fx\x1fy\x1f1\x1f2\0'), []);
  });
});
