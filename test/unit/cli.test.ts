import * as assert from 'node:assert/strict';
import { version } from '../../package.json';
import { runTokenwise } from './helpers/cli';

describe('tokenwise CLI', () => {
  it('prints its version', () => {
    const { code, stdout } = runTokenwise(['--version']);
    assert.equal(code, 0);
    assert.equal(stdout.trim(), version);
  });

  it('prints usage for --help and exits 0', () => {
    const { code, stdout } = runTokenwise(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /Usage: tokenwise <command>/);
  });

  it('rejects an unknown command with exit code 2 and a message on stderr', () => {
    const { code, stderr } = runTokenwise(['frobnicate']);
    assert.equal(code, 2);
    assert.match(stderr, /unknown command 'frobnicate'/);
  });
});
