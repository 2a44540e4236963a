/**
 * `tokenwise count` against bad input: every case ends with a clear message on stderr and the documented exit code
 * (0 ok, 1 an input could not be counted, 2 usage error), never a stack trace. Runs the built dist/cli.js.
 */
import * as assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * `tokenwise report` and `tokenwise calibrate` against bad arguments, bad folders and an empty machine. Every run
 * gets an empty HOME and its own data folder, so nothing of the test machine is read. Exit codes as documented
 * (docs/reliability.md, "Exit codes"): 0 ok (also "nothing found"), 1 a named folder or the data folder cannot be
 * used, 2 usage error (nothing read or written).
 */
describe('trust: tokenwise report and calibrate with bad input', function () {
  this.timeout(120_000);
  let dir: string;
  let home: string;
  let dataDir: string;
  // Permission errors are real only for a user other than root: as root, run the CLI as "nobody".
  const asUnprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tokenwise-cli-trust-'));
    chmodSync(dir, 0o755);
    home = path.join(dir, 'home');
    dataDir = path.join(dir, 'data');
    mkdirSync(home, { mode: 0o777 });
    chmodSync(home, 0o777);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  /** A machine with no AI tool at all: an empty HOME, no tool variables, only PATH. */
  const emptyMachine = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH ?? '', HOME: home, USERPROFILE: home, TOKENWISE_DATA_DIR: dataDir });
  const run = (args: string[], extra: { uid?: number; gid?: number } = {}): ReturnType<typeof runTokenwise> => {
    const result = runTokenwise(args, { env: emptyMachine(), ...extra });
    assert.doesNotMatch(result.stderr + result.stdout, STACK_TRACE, args.join(' '));
    return result;
  };

  it('report: unknown flags, bad dates, --since after --until, bad time zones: exit 2, one message, nothing written', () => {
    const cases: [string[], RegExp][] = [
      [['--frobnicate'], /Unknown option '--frobnicate'/],
      [['-x'], /Unknown option '-x'/],
      [['--json=yes'], /--json.* does not take an argument/],
      [['--since', 'yesterday'], /--since 'yesterday' is not a date \(expected YYYY-MM-DD/],
      [['--until', '2026-02-30'], /--until '2026-02-30' is not a date/],
      [['--since='], /--since '' is not a date/],
      [['--since', '2026-1-5'], /--since '2026-1-5' is not a date/],
      [['--since', '2026-03-02', '--until', '2026-03-01'], /--since 2026-03-02 is after --until 2026-03-01/],
      [['--timezone', 'Mars/Olympus'], /unknown time zone 'Mars\/Olympus'/],
      [['--timezone', ''], /unknown time zone ''/],
      [['--timezone', 'UTC+5'], /unknown time zone 'UTC\+5'/],
      [['--by', 'hour'], /--by must be one of/],
      [['--tool', 'vim'], /unknown tool 'vim'/],
    ];
    for (const [args, message] of cases) {
      const result = run(['report', ...args]);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stdout, '', args.join(' '));
      assert.match(result.stderr, /^tokenwise report: /, args.join(' '));
      assert.match(result.stderr, message, args.join(' '));
      assert.equal(existsSync(dataDir), false, `${args.join(' ')}: nothing is written`);
    }
  });

  it('report and calibrate: a missing folder, a file, a path through a file, an unreadable folder: exit 1 naming the flag', () => {
    const file = path.join(dir, 'a-file.txt');
    writeFileSync(file, 'not a folder');
    const locked = path.join(dir, 'locked');
    mkdirSync(locked, { recursive: true });
    chmodSync(locked, 0o000);
    const folders: [string, RegExp][] = [
      [path.join(dir, 'missing'), /cannot read --[a-z-]+ .*missing: ENOENT/],
      [file, /--[a-z-]+ .*a-file\.txt is not a folder/],
      [path.join(file, 'below'), /cannot read --[a-z-]+ .*below: ENOTDIR/],
      [locked, /cannot read --[a-z-]+ .*locked: EACCES/],
    ];
    const commands: [string, string[]][] = [
      ['report', ['claude-dir', 'codex-dir', 'gemini-dir', 'vscode-user-dir']],
      ['calibrate', ['claude-dir', 'gemini-dir']],
    ];
    for (const [command, flags] of commands) {
      for (const flag of flags) {
        for (const [folder, message] of folders) {
          const result = run([command, `--${flag}`, folder], asUnprivileged);
          const label = `${command} --${flag} ${path.basename(folder)}`;
          assert.equal(result.code, 1, `${label}: ${result.stderr}`);
          assert.equal(result.stdout, '', label);
          assert.match(result.stderr, new RegExp(`^tokenwise ${command}: `), label);
          assert.ok(result.stderr.includes(`--${flag}`), `${label}: the message names the flag`);
          assert.match(result.stderr, message, label);
        }
      }
    }
  });

  it('report: a data folder that is a file, or unwritable: exit 1, with --no-ledger as the way out', () => {
    const file = path.join(dir, 'data-file');
    writeFileSync(file, 'not a folder');
    const asFile = run(['report', '--data-dir', file]);
    assert.equal(asFile.code, 1);
    assert.match(asFile.stderr, /^tokenwise report: cannot use the data folder .*data-file \(ENOTDIR\); choose another with --data-dir, or use --no-ledger/);
    const readOnly = path.join(dir, 'read-only');
    mkdirSync(readOnly, { recursive: true });
    chmodSync(readOnly, 0o555);
    const unwritable = run(['report', '--data-dir', path.join(readOnly, 'data')], asUnprivileged);
    assert.equal(unwritable.code, 1, unwritable.stderr);
    assert.match(unwritable.stderr, /cannot use the data folder .*\(EACCES\)/);
    assert.equal(run(['report', '--no-ledger', '--data-dir', file]).code, 0, '--no-ledger never touches the data folder');
  });

  it('report: an unreadable log file inside a readable folder is a warning naming it; the rest is reported, exit 0', () => {
    const claude = path.join(dir, 'claude');
    cpSync(path.join(__dirname, '..', '..', 'fixtures', 'sources', 'claude-code', 'home', '.claude'), claude, { recursive: true });
    const project = path.join(claude, 'projects', '-home-ana-src-shop');
    const lockedLog = path.join(project, '7d2e9b10-3c4d-4e5f-8a6b-1c2d3e4f5a6b.jsonl');
    chmodSync(lockedLog, 0o000);
    // The unprivileged user must be able to walk the copy.
    for (const folder of [claude, path.join(claude, 'projects'), project]) chmodSync(folder, 0o755);
    const result = run(['report', '--no-ledger', '--json', '--by', 'tool', '--timezone', 'UTC', '--claude-dir', claude], asUnprivileged);
    assert.equal(result.code, 0, result.stderr);
    const parsed = JSON.parse(result.stdout) as { rows: { key: string; totalTokens: number }[]; warnings: string[] };
    assert.ok(parsed.warnings.some((warning) => warning.includes('7d2e9b10') && warning.includes('EACCES')), parsed.warnings.join('\n'));
    assert.equal(parsed.rows.length, 1);
    assert.ok(parsed.rows[0].totalTokens > 0, 'the readable transcripts are still reported');
  });

  it('an empty machine (no logs anywhere): report and calibrate say where they looked, exit 0', () => {
    const table = run(['report']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^No AI usage found yet\.\n/);
    for (const tool of ['Claude Code', 'OpenAI Codex|Codex', 'Gemini CLI', 'Cline', 'Roo Code', 'Kilo Code', 'OpenCode', 'Copilot', 'Continue']) {
      assert.match(table.stdout, new RegExp(`(${tool}).*: no log folder found`), tool);
    }
    const json = run(['report', '--json']);
    assert.equal(json.code, 0);
    const parsed = JSON.parse(json.stdout) as { rows: unknown[]; totals: { totalTokens: number }; warnings: string[] };
    assert.deepEqual(parsed.rows, []);
    assert.equal(parsed.totals.totalTokens, 0);
    assert.match(parsed.warnings[0], /^No AI usage found yet\./);

    const calibrate = run(['calibrate']);
    assert.equal(calibrate.code, 0, calibrate.stderr);
    assert.match(calibrate.stdout, /Read 0 transcript file\(s\)/);
    assert.match(calibrate.stdout, /Claude Code: no log folder found/);
    assert.match(calibrate.stdout, /Gemini CLI: no log folder found/);
    assert.match(calibrate.stdout, /not enough data: 0 usable responses/);
    const calibrateJson = JSON.parse(run(['calibrate', '--json']).stdout) as { filesRead: number; families: { factor: number | null }[] };
    assert.equal(calibrateJson.filesRead, 0);
    assert.ok(calibrateJson.families.every((family) => family.factor === null), 'no factor without data');
  });

  it('calibrate: unknown flags and a bad --min-samples: exit 2, one message', () => {
    const cases: [string[], RegExp][] = [
      [['--frobnicate'], /Unknown option '--frobnicate'/],
      [['--min-samples', '0'], /--min-samples must be a whole number ≥ 1 \(got '0'\)/],
      [['--min-samples', '-3'], /Option '--min-samples' argument is ambiguous/],
      [['--min-samples=-3'], /--min-samples must be a whole number/],
      [['--min-samples', '2.5'], /--min-samples must be a whole number/],
      [['--min-samples', 'many'], /--min-samples must be a whole number/],
      [['--min-samples', ''], /--min-samples must be a whole number/],
      [['stray-argument'], /Unexpected argument 'stray-argument'/],
    ];
    for (const [args, message] of cases) {
      const result = run(['calibrate', ...args]);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^tokenwise calibrate: /);
      assert.match(result.stderr, message, args.join(' '));
    }
  });
});
