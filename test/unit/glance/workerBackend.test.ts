import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fixedText, PIECE_CHARS, WorkerBackend, type PiecewiseText } from '../../../src/host/counting/workerBackend';
import { getEncoding } from '../../../src/core/tokenizer';

const script = path.resolve(__dirname, '..', '..', '..', 'dist', 'worker', 'countWorker.js');

describe('counting worker (built dist/worker/countWorker.js)', () => {
  const lost: string[] = [];
  let backend: WorkerBackend;

  before(function () {
    if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first`);
    backend = new WorkerBackend(script, (key) => lost.push(key));
  });
  after(() => backend.dispose());

  const text = 'function add(a, b) {\n  return a + b;\n}\n'.repeat(500);
  const o200k = getEncoding('o200k_base');
  /** A count with the characters it covered, as the worker answers. */
  const counted = (text: string) => ({ ...o200k.count(text), characters: text.length });

  it('counts a whole document and spans of it exactly like the encoder', async () => {
    assert.equal(await backend.open('doc', 'o200k_base', fixedText(text)), true);
    assert.deepEqual(await backend.count('doc', 'o200k_base', null, 0), counted(text));
    const spans = [[0, 40], [100, 900]] as const;
    const expected = o200k.count(text.slice(0, 40)).tokens + o200k.count(text.slice(100, 900)).tokens;
    assert.deepEqual(await backend.count('doc', 'o200k_base', spans, 0), { tokens: expected, exact: true, characters: 840 });
    const byLine = [{ startLine: 1, startCharacter: 2, endLine: 4, endCharacter: 0 }];
    const lineStart = (line: number): number => text.split('\n').slice(0, line).join('\n').length + (line > 0 ? 1 : 0);
    assert.deepEqual(await backend.count('doc', 'o200k_base', byLine, 0), counted(text.slice(lineStart(1) + 2, lineStart(4))), 'line and character spans are turned into offsets by the worker');
  });

  it('follows edits sent before a count, in order', async () => {
    backend.applyChanges('doc', [{ rangeOffset: 0, rangeLength: 8, text: 'async function' }, { rangeOffset: text.length + 6, rangeLength: 0, text: '\n// end' }]);
    const edited = 'async function' + text.slice(8) + '\n// end';
    assert.deepEqual(await backend.count('doc', 'o200k_base', null, 0), counted(edited));
  });

  it('skips a request whose generation is older than the newest one', async () => {
    backend.setGeneration(5);
    assert.equal(await backend.count('doc', 'o200k_base', null, 4), undefined);
    assert.ok(await backend.count('doc', 'o200k_base', null, 5));
  });

  it('reports a change that does not fit the document as lost, and forgets it', async () => {
    backend.applyChanges('doc', [{ rangeOffset: 10_000_000, rangeLength: 1, text: '' }]);
    await assert.rejects(backend.count('doc', 'o200k_base', null, 5), /not open in the counting worker/);
    assert.deepEqual(lost, ['doc']);
    assert.equal(backend.has('doc', 'o200k_base'), false);
  });

  it('sends a large text in pieces and counts it exactly; an edit while sending sends it again', async () => {
    const big = 'const answer = 42; // the reply\n'.repeat(Math.ceil((3 * PIECE_CHARS) / 32));
    let version = 1;
    let sentPieces = 0;
    const changing: PiecewiseText = {
      get version() {
        return version;
      },
      isClosed: false,
      *pieces(size) {
        for (const piece of fixedText(big).pieces(size)) {
          sentPieces += 1;
          // The first attempt is edited under way: its pieces are not one version of the text.
          if (sentPieces === 2) version += 1;
          yield piece;
        }
      },
    };
    assert.equal(await backend.open('big', 'o200k_base', changing), true);
    assert.equal(sentPieces, 6, "three pieces, sent twice: again after the edit");
    assert.deepEqual(await backend.count('big', 'o200k_base', null, 5), counted(big));
  });

  it('gives up on a text whose document closed while it was sent, keeping nothing', async () => {
    let closed = false;
    const closing: PiecewiseText = {
      version: 0,
      get isClosed() {
        return closed;
      },
      *pieces(size) {
        for (const piece of fixedText('x'.repeat(3 * size)).pieces(size)) {
          yield piece;
          closed = true;
        }
      },
    };
    assert.equal(await backend.open('closing', 'o200k_base', closing), false);
    assert.equal(backend.has('closing', 'o200k_base'), false);
  });

  it('reports its heap for the memory budget', async () => {
    assert.ok((await backend.heapUsedBytes()) > 0);
  });
});
