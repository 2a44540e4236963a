// Public API of the token engine: exact, fast token counts for OpenAI's o200k_base and cl100k_base, identical
// to the `tiktoken` package's `encode_ordinary(text).length` (special-token text is counted as plain text).
import { BytePairEncoding, type Encoding } from './encoding';
import type { EncodingName } from './encodingSpecs';
import { loadRankTable } from './rankTable';

export type { EncodingName } from './encodingSpecs';
export { ENCODING_NAMES } from './encodingSpecs';
export type { Encoding, TokenCount } from './encoding';
export { estimateFromBase, LONG_PIECE_CHARS } from './encoding';
export { RankTableError, setRankDataDirectory } from './rankTable';

const loaded = new Map<EncodingName, BytePairEncoding>();

/** The encoding, loaded on first use (a few ms from the built rank table) and shared afterwards. */
export function getEncoding(name: EncodingName): Encoding {
  let encoding = loaded.get(name);
  if (encoding === undefined) {
    encoding = new BytePairEncoding(name, loadRankTable(name));
    loaded.set(name, encoding);
  }
  return encoding;
}
export { IncrementalCounter, type TextChange, type IncrementalCounterOptions } from './incrementalCounter';
export { DEFAULT_CHUNK_SIZES, type ChunkSizes } from './chunking';
