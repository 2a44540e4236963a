import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRankTable, NO_RANK, RankTable, RankTableError, rankFileCandidates, setRankDataDirectory } from '../../../src/core/tokenizer/rankTable';

describe('rank table files', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'tokenwise-ranks-'));
  });
  afterEach(() => {
    setRankDataDirectory(undefined);
    rmSync(directory, { recursive: true, force: true });
  });

  it('finds the built table and answers ranks for single bytes, pairs and longer tokens', () => {
    const table = loadRankTable('cl100k_base');
    const bytes = new TextEncoder().encode(' hello!');
    assert.equal(table.rankOf(bytes, 1, 2), 71); // "h" — single bytes are ranks 0..255 in byte-level order
    assert.notEqual(table.rankOf(bytes, 0, 6), NO_RANK); // " hello"
    assert.equal(table.rankOf(bytes, 0, 7), NO_RANK); // " hello!" is not one token
    assert.ok(table.maxTokenBytes >= 64);
  });

  it('says clearly when the table is missing, naming where it looked', () => {
    setRankDataDirectory(directory);
    assert.deepEqual(rankFileCandidates('o200k_base'), [path.join(directory, 'o200k_base.ranks')]);
    assert.throws(() => loadRankTable('o200k_base'), (error: Error) => error instanceof RankTableError && /not found.*npm run build/.test(error.message));
  });

  it('rejects a file that is not a rank table', () => {
    setRankDataDirectory(directory);
    writeFileSync(path.join(directory, 'o200k_base.ranks'), 'definitely not ranks');
    assert.throws(() => loadRankTable('o200k_base'), (error: Error) => error instanceof RankTableError && /not a Tokenwise rank table/.test(error.message));
  });

  it('rejects a table whose hash index was built with another hash function', () => {
    const built = readFileSync(rankFileCandidates('cl100k_base').find((file) => existsSync(file)) ?? '');
    const slotsStart = 32 + (built.readUInt32LE(8) + 1) * 4;
    const tampered = Buffer.from(built);
    tampered.fill(0, slotsStart, slotsStart + built.readUInt32LE(16) * 4);
    assert.throws(() => RankTable.fromFileBytes(tampered, 'x.ranks'), (error: Error) => error instanceof RankTableError && /hash index/.test(error.message));
  });

  it('rejects a truncated table', () => {
    const header = Buffer.alloc(32);
    header.write('TWRK', 0, 'latin1');
    header.writeUInt32LE(2, 4);
    header.writeUInt32LE(1000, 8);
    header.writeUInt32LE(5000, 12);
    header.writeUInt32LE(2048, 16);
    assert.throws(() => RankTable.fromFileBytes(header, 'x.ranks'), (error: Error) => error instanceof RankTableError && /truncated or corrupt/.test(error.message));
  });
});
