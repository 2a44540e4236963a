import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeSkipped, expandFolder, readPromptFile, type ExpansionOptions } from '../../../src/core/prompt/folderExpansion';

describe('folder expansion', () => {
  let root: string;
  const write = (relative: string, content: string | Buffer) => {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  };
  const options = (overrides: Partial<ExpansionOptions> = {}): ExpansionOptions => ({ workspaceRoot: root, excludeGlobs: [], maxFileBytes: 1024, maxFiles: 100, ...overrides });

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-expand-'));
    write('.gitignore', ['# build output', 'dist/', '*.log', '!keep.log', '/top-only.txt', 'docs/**/draft-*.md', 'generated'].join('\n'));
    write('src/app.ts', 'export const app = 1;\n');
    write('src/debug.log', 'noise');
    write('src/keep.log', 'kept by negation');
    write('src/top-only.txt', 'anchored pattern does not reach here');
    write('top-only.txt', 'anchored: ignored at the root');
    write('dist/bundle.js', 'built');
    write('src/dist', 'a FILE named dist: directory-only pattern does not match it');
    write('docs/guide.md', '# Guide');
    write('docs/a/b/draft-1.md', 'draft');
    write('src/generated/x.ts', 'generated dir (pattern without slash matches directories too)');
    // Nested .gitignore: ignores *.tmp below src/nested and re-includes one file the root ignores.
    write('src/nested/.gitignore', '*.tmp\n!important.log\n');
    write('src/nested/a.tmp', 'tmp');
    write('src/nested/important.log', 'nested negation');
    write('src/nested/code.ts', 'const nested = true;\n');
    write('assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    write('data/big.txt', 'x'.repeat(2048));
    write('.vscode/settings.json', '{}');
    write('.git/HEAD', 'ref: refs/heads/main');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('applies .gitignore (negation, directory-only, anchored, **, nested), skips binary and large files, and says why', async () => {
    const result = await expandFolder(root, options({ excludeGlobs: ['**/.vscode'] }));
    assert.deepEqual(result.files.map((f) => f.relativePath), [
      '.gitignore',
      'docs/guide.md',
      'src/app.ts',
      'src/dist',
      'src/keep.log',
      'src/nested/.gitignore',
      'src/nested/code.ts',
      'src/nested/important.log',
      'src/top-only.txt',
    ]);
    assert.deepEqual(
      result.skipped.map((s) => `${s.reason} ${s.relativePath}`),
      [
        'excluded .vscode/',
        'binary assets/logo.png',
        'tooLarge data/big.txt',
        'gitignored dist/',
        'gitignored docs/a/b/draft-1.md',
        'gitignored src/debug.log',
        'gitignored src/generated/',
        'gitignored src/nested/a.tmp',
        'gitignored top-only.txt',
      ],
    );
    assert.equal(result.files[2]?.path, path.join(root, 'src', 'app.ts'));
    assert.equal(result.files[2]?.bytes, 22);
    assert.match(describeSkipped(result.skipped) ?? '', /^Skipped 9: 1 excluded by files\.exclude \(\.vscode\/\), 1 binary \(assets\/logo\.png\), 1 over the size limit \(data\/big\.txt\), 6 ignored by \.gitignore \(dist\/, docs\/a\/b\/draft-1\.md, src\/debug\.log, …\)$/);
  });

  it('applies files.exclude sibling conditions: a generated file is left out only when its source is beside it', async () => {
    write('lib/compiled.ts', 'export const a = 1;\n');
    write('lib/compiled.js', 'exports.a = 1;\n');
    write('lib/handwritten.js', 'module.exports = 2;\n');
    write('lib/widget.test.ts', 'test();\n');
    write('lib/widget.test.js', 'test();\n');
    const result = await expandFolder(path.join(root, 'lib'), options({ conditionalExcludes: [{ glob: '**/*.js', whenSibling: '$(basename).ts' }] }));
    assert.deepEqual(result.files.map((f) => f.relativePath), ['lib/compiled.ts', 'lib/handwritten.js', 'lib/widget.test.ts']);
    assert.deepEqual(result.skipped.map((s) => `${s.reason} ${s.relativePath}`), ['excluded lib/compiled.js', 'excluded lib/widget.test.js']);
  });

  it('never lets a sibling condition hide the file it names itself', async () => {
    write('solo/readme.md', '# only file');
    const result = await expandFolder(path.join(root, 'solo'), options({ conditionalExcludes: [{ glob: '**/*.md', whenSibling: '$(basename).md' }] }));
    assert.deepEqual(result.files.map((f) => f.relativePath), ['solo/readme.md']);
  });

  it('applies the .gitignore files above a sub-folder', async () => {
    const result = await expandFolder(path.join(root, 'src', 'nested'), options());
    assert.deepEqual(result.files.map((f) => f.relativePath), ['src/nested/.gitignore', 'src/nested/code.ts', 'src/nested/important.log']);
    assert.deepEqual(result.skipped.map((s) => s.relativePath), ['src/nested/a.tmp']);
  });

  it('stops at the file limit and reports the rest', async () => {
    const result = await expandFolder(path.join(root, 'src'), options({ maxFiles: 2 }));
    assert.equal(result.files.length, 2);
    assert.ok(result.skipped.some((s) => s.reason === 'fileLimit'));
  });

  it('rejects a missing folder with a clear message', async () => {
    await assert.rejects(expandFolder(path.join(root, 'nope'), options()), /Cannot expand .*nope/);
  });

  it('reads one file, refusing binary, oversized and missing files with a reason', async () => {
    write('bom.ts', '\ufeffconst x = 1;');
    assert.deepEqual(await readPromptFile(path.join(root, 'bom.ts'), 1024), { ok: true, text: 'const x = 1;', bytes: 15 });
    assert.equal((await readPromptFile(path.join(root, 'assets/logo.png'), 1024)).ok, false);
    const large = await readPromptFile(path.join(root, 'data/big.txt'), 1024);
    assert.ok(!large.ok && large.reason === 'tooLarge' && /2 KB, over the 1 KB limit/.test(large.message));
    const missing = await readPromptFile(path.join(root, 'missing.ts'), 1024);
    assert.ok(!missing.ok && missing.reason === 'unreadable');
  });
});
