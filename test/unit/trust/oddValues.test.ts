/**
 * Values the fuzzer found that readers used to accept or choke on: moments beyond a Date's range and absurd token
 * counts. Each is now "no value" (a malformed line, or 0 tokens), and never costs the rest of the file.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ClaudeCodeReader } from '../../../src/core/sources/claudeCode';
import { CLINE, createClineFamilyReader } from '../../../src/core/sources/clineFamily';
import { createContinueReader } from '../../../src/core/sources/continueDev';
import { createOpenCodeReader } from '../../../src/core/sources/opencode';
import { toEpochMs } from '../../../src/core/sources/timestamps';
import { tokenCount } from '../../../src/core/sources/sourceFs';
import { countField } from '../../../src/core/sources/values';
import { makeTempDir } from '../sources/helpers';

const GOOD_CONTINUE_LINE = '{"timestamp":"2025-10-06T07:30:00.000Z","model":"gpt-4o","promptTokens":5,"generatedTokens":1}';

describe('trust: out-of-range values in logs', () => {
  let temp: { dir: string; cleanup: () => Promise<void> };
  beforeEach(async () => (temp = await makeTempDir()));
  afterEach(async () => temp.cleanup());

  it('Continue: a timestamp beyond the range of a Date is one malformed line, not an unreadable file', async () => {
    // It used to throw "Invalid time value" while naming the day's session, losing the whole file on every read.
    const file = path.join(temp.dir, 'tokensGenerated.jsonl');
    await fs.writeFile(file, `{"timestamp":1e308,"model":"m","promptTokens":5,"generatedTokens":1}\n${GOOD_CONTINUE_LINE}\n`);
    const result = await createContinueReader().read(file, undefined);
    assert.deepEqual(result.warnings, []);
    assert.equal(result.malformed, 1);
    assert.deepEqual(result.records.map((record) => [record.timestampMs, record.inputUncached, record.output]), [[Date.parse('2025-10-06T07:30:00.000Z'), 5, 1]]);
    assert.equal(result.cursor.offset, (await fs.stat(file)).size, 'the cursor moves past the bad line');
  });

  it('Claude Code: a numeric timestamp beyond a Date is malformed, not a record dated in year 10^292', async () => {
    const file = path.join(temp.dir, 's.jsonl');
    const line = (timestamp: string, id: string): string =>
      `{"type":"assistant","timestamp":${timestamp},"sessionId":"s","requestId":"r-${id}","message":{"id":"${id}","model":"claude-sonnet-4-5","usage":{"input_tokens":5,"output_tokens":2}}}`;
    await fs.writeFile(file, `${line('1e300', 'm1')}\n${line('"2025-10-02T10:00:00Z"', 'm2')}\n`);
    const result = await new ClaudeCodeReader().read(file, undefined);
    assert.equal(result.malformed, 1);
    assert.deepEqual(result.records.map((record) => record.dedupKey), ['msg:m2']);
  });

  it('Cline: a request stamped beyond a Date is malformed', async () => {
    const taskDir = path.join(temp.dir, 'tasks', 't1');
    await fs.mkdir(taskDir, { recursive: true });
    const request = (ts: string): string => `{"type":"say","say":"api_req_started","ts":${ts},"text":"{\\"tokensIn\\":5,\\"tokensOut\\":1}"}`;
    await fs.writeFile(path.join(taskDir, 'ui_messages.json'), `[${request('1e300')},${request('1759572000123')}]`);
    const result = await createClineFamilyReader(CLINE).read(path.join(taskDir, 'ui_messages.json'), undefined);
    assert.equal(result.malformed, 1);
    assert.deepEqual(result.records.map((record) => record.timestampMs), [1759572000123]);
  });

  it('OpenCode: a message created beyond a Date is malformed', async () => {
    const file = path.join(temp.dir, 'storage', 'message', 'ses', 'msg_1.json');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, JSON.stringify({ role: 'assistant', time: { created: 1e300 }, tokens: { input: 1, output: 1 } }));
    const result = await createOpenCodeReader().read(file, undefined);
    assert.deepEqual([result.records.length, result.malformed], [0, 1]);
  });

  it('moments: only 1970 … year 275760 are usable, in any of the units logs use', () => {
    assert.equal(toEpochMs(1759572000), 1759572000000);
    assert.equal(toEpochMs('2025-10-06T07:30:00Z'), 1759735800000);
    for (const odd of [1e300, -5, 0, '1e400', [1e300, 0], Number.MAX_VALUE]) assert.equal(toEpochMs(odd), undefined, String(odd));
  });

  it('token counts: anything above 2^48 is corrupt and reads as 0, like a negative or a word', () => {
    assert.equal(tokenCount(2 ** 48), 2 ** 48);
    assert.equal(countField({ n: 2 ** 48 }, 'n'), 2 ** 48);
    for (const odd of [2 ** 48 + 1, 1e300, '1e300', -1, 'many', null]) {
      assert.equal(tokenCount(odd), 0, String(odd));
      assert.equal(countField({ n: odd }, 'n'), 0, String(odd));
    }
  });
});
