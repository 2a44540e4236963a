// Build step: turns js-tiktoken's BPE rank files (a devDependency, never shipped) into compact binary rank
// tables under dist/data/, which the token engine (src/core/tokenizer/rankTable.ts) maps in a few milliseconds.
// Parsing js-tiktoken's base64 text takes ~0.3 s, so it happens here, once, instead of in every process.
//
// File layout (little-endian), "TWRK" format version 1:
//   bytes 0..3   magic "TWRK"
//   u32          format version (1)
//   u32          tokenCount  = highest rank + 1
//   u32          blobLength  = total bytes of all tokens
//   u32[tokenCount + 1]  offsets: token with rank r is blob[offsets[r] .. offsets[r + 1]] (empty = no such rank)
//   u8[blobLength]       blob
import { mkdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FORMAT_VERSION = 1;
const ENCODINGS = ['o200k_base', 'cl100k_base'];
const require = createRequire(import.meta.url);
const thisScript = fileURLToPath(import.meta.url);

/** Rank → token bytes, from js-tiktoken's `bpe_ranks` text ("<marker> <firstRank> <base64> <base64> …" per line). */
function parseRanks(bpeRanks) {
  const tokens = [];
  for (const line of bpeRanks.split('\n')) {
    if (line === '') continue;
    const [, firstRankText, ...encoded] = line.split(' ');
    const firstRank = Number.parseInt(firstRankText, 10);
    encoded.forEach((token, index) => {
      tokens[firstRank + index] = Buffer.from(token, 'base64');
    });
  }
  return tokens;
}

function serialise(tokens) {
  const tokenCount = tokens.length;
  const blobLength = tokens.reduce((sum, token) => sum + (token ? token.length : 0), 0);
  const headerBytes = 16;
  const offsetsBytes = (tokenCount + 1) * 4;
  const out = Buffer.alloc(headerBytes + offsetsBytes + blobLength);
  out.write('TWRK', 0, 'latin1');
  out.writeUInt32LE(FORMAT_VERSION, 4);
  out.writeUInt32LE(tokenCount, 8);
  out.writeUInt32LE(blobLength, 12);
  let blobCursor = 0;
  const blobStart = headerBytes + offsetsBytes;
  for (let rank = 0; rank < tokenCount; rank++) {
    out.writeUInt32LE(blobCursor, headerBytes + rank * 4);
    const token = tokens[rank];
    if (token) {
      token.copy(out, blobStart + blobCursor);
      blobCursor += token.length;
    }
  }
  out.writeUInt32LE(blobCursor, headerBytes + tokenCount * 4);
  return out;
}

function isUpToDate(target, sources) {
  if (!existsSync(target)) return false;
  const built = statSync(target).mtimeMs;
  return sources.every((source) => statSync(source).mtimeMs <= built);
}

/** Writes `<outDir>/<encoding>.ranks` for every encoding whose file is missing or older than its inputs. */
export async function buildRankTables(outDir) {
  mkdirSync(outDir, { recursive: true });
  for (const name of ENCODINGS) {
    const source = require.resolve(`js-tiktoken/ranks/${name}`);
    const target = path.join(outDir, `${name}.ranks`);
    if (isUpToDate(target, [source, thisScript])) continue;
    const { default: ranks } = await import(`js-tiktoken/ranks/${name}`);
    writeFileSync(target, serialise(parseRanks(ranks.bpe_ranks)));
  }
}

if (process.argv[1] === thisScript) {
  await buildRankTables(process.argv[2] ?? 'dist/data');
}
