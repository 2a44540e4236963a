/**
 * `tokenwise count` against bad input: every case ends with a clear message on stderr and the documented exit code
 * (0 ok, 1 an input could not be counted, 2 usage error), never a stack trace. Runs the built dist/cli.js.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTokenwise } from '../helpers/cli';
import { randomFor } from './fuzz';

const STACK_TRACE = /\n\s+at .+\(.+:\d+:\d+\)/;

describe('trust: tokenwise count with bad input', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-cli-trust-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function assertClean(result: { stderr: string; stdout: string }): void {
    assert.doesNotMatch(result.stderr + result.stdout, STACK_TRACE);
  }

  it('unknown flags and a --model without a value: usage error, exit 2, with the help', () => {
    for (const args of [['count', '--frobnicate'], ['count', '-x', 'a.txt'], ['count', '--model'], ['count', '--model', '--json'], ['count', '--model=']]) {
      const result = runTokenwise(args, { input: 'hi' });
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stdout, '', args.join(' '));
      assert.match(result.stderr, /^tokenwise count: (unknown option '-|--model needs a model id|-m needs)/, args.join(' '));
      assert.match(result.stderr, /Usage: tokenwise count/);
      assertClean(result);
    }
  });

  it('a directory, a missing file and a binary file: named on stderr, exit 1, the good file still counted', () => {
    const folder = path.join(dir, 'folder');
    mkdirSync(folder, { recursive: true });
    const binary = path.join(dir, 'random.bin');
    const random = randomFor(7);
    writeFileSync(binary, Buffer.from(Array.from({ length: 64 * 1024 }, () => Math.floor(random() * 256))));
    const good = path.join(dir, 'good.txt');
    writeFileSync(good, 'hello world');
    const result = runTokenwise(['count', '--json', folder, path.join(dir, 'nope.txt'), binary, good]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /folder: is a directory/);
    assert.match(result.stderr, /nope\.txt: no such file/);
    assert.match(result.stderr, /random\.bin: binary file/);
    assert.deepEqual((JSON.parse(result.stdout) as { files: { path: string }[] }).files.map((file) => file.path), [good]);
    assertClean(result);
  });

  it('only unreadable inputs: exit 1 and no table', () => {
    const result = runTokenwise(['count', path.join(dir, 'nope.txt')]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assertClean(result);
  });

  it('empty standard input: 0 tokens, exit 0', () => {
    const result = runTokenwise(['count', '--json'], { input: '' });
    assert.equal(result.code, 0);
    const parsed = JSON.parse(result.stdout) as { files: { path: string; tokens: number; chars: number }[]; totalTokens: number };
    assert.deepEqual(parsed.files, [{ path: '<stdin>', tokens: 0, chars: 0 }]);
    assert.equal(parsed.totalTokens, 0);
  });

  it('text that is not valid UTF-8 (but has no NUL) is counted with replacement characters, exit 0', () => {
    const file = path.join(dir, 'latin1.txt');
    writeFileSync(file, Buffer.from('caf\xe9 cr\xe8me br\xfbl\xe9e\n', 'latin1'));
    const result = runTokenwise(['count', '--json', file]);
    assert.equal(result.code, 0);
    const parsed = JSON.parse(result.stdout) as { files: { chars: number; tokens: number }[] };
    assert.equal(parsed.files[0].chars, 'café crème brûlée\n'.length);
    assert.ok(parsed.files[0].tokens > 0);
  });

  it('a 20 MB file is counted, exit 0 (a hang guard, not a speed claim: see npm run bench)', () => {
    const file = path.join(dir, 'big.md');
    const paragraph = 'The quick brown fox jumps over the lazy dog; function add(a, b) { return a + b; } // 42 tokens?\n';
    writeFileSync(file, paragraph.repeat(Math.ceil((20 << 20) / paragraph.length)));
    const result = runTokenwise(['count', '--json', file]);
    assert.equal(result.code, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as { files: { chars: number; tokens: number }[] };
    assert.ok(parsed.files[0].chars >= 20 << 20);
    assert.ok(parsed.files[0].tokens > parsed.files[0].chars / 10, `${parsed.files[0].tokens} tokens`);
  });
});
