// Build step: turns js-tiktoken's BPE rank files (a devDependency, never shipped) into compact binary rank
// tables under dist/data/, which the token engine (src/core/tokenizer/rankTable.ts) maps in a few milliseconds.
// Parsing js-tiktoken's base64 text takes ~0.3 s, so it happens here, once, instead of in every process.
//
// File layout (little-endian), "TWRK" format version 2:
//   bytes 0..3   magic "TWRK"
//   u32          format version (2)
//   u32          tokenCount  = highest rank + 1
//   u32          blobLength  = total bytes of all tokens
//   u32          slotCount   = size of the hash index (a power of two, >= 2 * tokenCount)
//   12 bytes     zero padding (header is 32 bytes)
//   u32[tokenCount + 1]  offsets: token with rank r is blob[offsets[r] .. offsets[r + 1]] (empty = no such rank)
//   i32[slotCount]       hash index: rank + 1, or 0 for an empty slot; open addressing with linear probing,
//                        slot = hashTokenBytes(token) & (slotCount - 1) — the same function as rankTable.ts,
//                        which checks the index against every single-byte token when it loads the file
//   u8[blobLength]       blob
import { mkdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FORMAT_VERSION = 2;
const HEADER_BYTES = 32;
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

/** FNV-1a with a final mix; must stay identical to hashBytes() in src/core/tokenizer/rankTable.ts. */
function hashTokenBytes(bytes) {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
  return (hash ^ (hash >>> 15)) >>> 0;
}

function serialise(tokens) {
  const tokenCount = tokens.length;
  const blobLength = tokens.reduce((sum, token) => sum + (token ? token.length : 0), 0);
  let slotCount = 1;
  while (slotCount < tokenCount * 2) slotCount *= 2;
  const offsetsStart = HEADER_BYTES;
  const slotsStart = offsetsStart + (tokenCount + 1) * 4;
  const blobStart = slotsStart + slotCount * 4;
  const out = Buffer.alloc(blobStart + blobLength);
  out.write('TWRK', 0, 'latin1');
  out.writeUInt32LE(FORMAT_VERSION, 4);
  out.writeUInt32LE(tokenCount, 8);
  out.writeUInt32LE(blobLength, 12);
  out.writeUInt32LE(slotCount, 16);
  const slots = new Int32Array(slotCount);
  let blobCursor = 0;
  for (let rank = 0; rank < tokenCount; rank++) {
    out.writeUInt32LE(blobCursor, offsetsStart + rank * 4);
    const token = tokens[rank];
    if (!token) continue;
    token.copy(out, blobStart + blobCursor);
    blobCursor += token.length;
    let slot = hashTokenBytes(token) & (slotCount - 1);
    while (slots[slot] !== 0) slot = (slot + 1) & (slotCount - 1);
    slots[slot] = rank + 1;
  }
  out.writeUInt32LE(blobCursor, offsetsStart + tokenCount * 4);
  Buffer.from(slots.buffer).copy(out, slotsStart);
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
