import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectLandedChanges } from '../../../src/core/git/landed';
import { ANA, BO, commitAs, git, lines } from './support';

describe('landed changes across project folders', () => {
  let base: string;
  let mono: string;
  let solo: string;

  before(() => {
    base = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-landed-'));
    // mono: one repository holding two projects the AI tools ran in (web/ and api/).
    mono = path.join(base, 'mono');
    mkdirSync(path.join(mono, 'web'), { recursive: true });
    mkdirSync(path.join(mono, 'api'), { recursive: true });
    git(mono, ['init', '-q', '-b', 'main']);
    writeFileSync(path.join(mono, 'web', 'page.ts'), lines(4, 'web')); // +4
    commitAs(mono, ANA, '2026-03-02T09:00:00Z', 'web 1');
    writeFileSync(path.join(mono, 'web', 'page.ts'), lines(6, 'web')); // +2
    commitAs(mono, ANA, '2026-03-03T09:00:00Z', 'web 2');
    writeFileSync(path.join(mono, 'api', 'server.ts'), lines(3, 'api')); // +3
    commitAs(mono, ANA, '2026-03-03T10:00:00Z', 'api 1');
    writeFileSync(path.join(mono, 'api', 'server.ts'), lines(5, 'api')); // Bo's: not counted
    commitAs(mono, BO, '2026-03-04T10:00:00Z', 'api 2');
    // solo: a repository no usage record names, given explicitly (--git-repo).
    solo = path.join(base, 'solo');
    mkdirSync(solo);
    git(solo, ['init', '-q', '-b', 'main']);
    writeFileSync(path.join(solo, 'notes.md'), lines(1, 'n'));
    commitAs(solo, ANA, '2026-03-05T10:00:00Z', 'solo 1');
  });

  after(() => rmSync(base, { recursive: true, force: true }));

  it('reads each repository once and attributes each commit to the project folder holding its files', async () => {
    const web = path.join(mono, 'web');
    const api = path.join(mono, 'api');
    const plain = path.join(base, 'plain');
    mkdirSync(plain, { recursive: true });
    const landed = await collectLandedChanges({ projects: [web, api, `${web}/`, plain, null], extraRepos: [solo], authors: ['ana@example.com'] });
    const summary = landed.commits.map((c) => [path.relative(base, c.project), c.linesAdded]).sort();
    assert.deepEqual(summary, [
      ['mono/api', 3],
      ['mono/web', 2],
      ['mono/web', 4],
      ['solo', 1], // no project names solo: counted under its root
    ]);
    assert.deepEqual(landed.repos.map((r) => [path.relative(base, r.repoRoot), r.commits]).sort(), [['mono', 3], ['solo', 1]]);
    // A project folder outside git is normal and not reported.
    assert.deepEqual(landed.problems, []);
  });

  it('with includeProjectRepos false (the editor) reads only the repositories named, still attributing by project', async () => {
    const web = path.join(mono, 'web');
    const landed = await collectLandedChanges({ projects: [web, path.join(solo)], extraRepos: [mono], includeProjectRepos: false, authors: ['ana@example.com'] });
    assert.deepEqual(landed.repos.map((r) => path.relative(base, r.repoRoot)), ['mono'], 'solo is a project but not a named repository');
    assert.deepEqual(landed.commits.map((c) => [path.relative(base, c.project), c.linesAdded]).sort(), [['mono', 3], ['mono/web', 2], ['mono/web', 4]]);
  });

  it('matches a project logged through a symbolic link, keeping the spelling the records use', async () => {
    const linked = path.join(base, 'linked-web');
    symlinkSync(path.join(mono, 'web'), linked);
    const landed = await collectLandedChanges({ projects: [linked], authors: ['ana@example.com'] });
    // web's two commits go to the link's spelling; api's commit matches no project and stays at the repo root.
    assert.deepEqual(landed.commits.map((c) => [path.relative(base, c.project), c.linesAdded]).sort(), [['linked-web', 2], ['linked-web', 4], ['mono', 3]]);
  });

  it('reports a named repository that is not one, and stops early when git is missing', async () => {
    const plain = path.join(base, 'plain-named');
    mkdirSync(plain, { recursive: true });
    const notRepo = await collectLandedChanges({ projects: [], extraRepos: [plain], authors: ['ana@example.com'] });
    assert.deepEqual(notRepo.commits, []);
    assert.equal(notRepo.problems.length, 1);
    assert.match(notRepo.problems[0], /is not inside a git repository/);

    const noGit = await collectLandedChanges({ projects: [mono], authors: ['ana@example.com'], gitPath: path.join(base, 'no-git-here') });
    assert.deepEqual(noGit.commits, []);
    assert.equal(noGit.problems.length, 1);
    assert.match(noGit.problems[0], /git is not available/);
  });
});
