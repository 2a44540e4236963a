// The libraries the tokenizer benchmark compares, behind one interface. Competitors are loaded lazily with a
// runtime require (they are external to the bundle), so a load-time probe only pays for the library it measures.
import { createRequire } from 'node:module';
import type * as GptTokenizerO200k from 'gpt-tokenizer/cjs/encoding/o200k_base';
import type * as JsTiktokenLite from 'js-tiktoken/lite';
import type * as Tiktoken from 'tiktoken';
import { getEncoding, type EncodingName } from '../src/core/tokenizer';
import { BytePairEncoding } from '../src/core/tokenizer/encoding';

export const LIBRARIES = ['tokenwise', 'js-tiktoken', 'gpt-tokenizer', 'tiktoken'] as const;
export type LibraryName = (typeof LIBRARIES)[number];

export interface BenchCounter {
  /** Token count of `text`, special-token text counted as plain text. */
  count(text: string): number;
  /** Drops any cache of earlier pieces, so the next count is a first count of fresh text. */
  clearCache(): void;
}

const runtimeRequire = createRequire(__filename);
const NO_SPECIAL = new Set<string>();

export function loadLibrary(library: LibraryName, encoding: EncodingName): BenchCounter {
  switch (library) {
    case 'tokenwise': {
      const engine = getEncoding(encoding);
      return {
        count: (text) => engine.count(text).tokens,
        clearCache: () => {
          if (engine instanceof BytePairEncoding) engine.clearCache();
        },
      };
    }
    case 'js-tiktoken': {
      const { Tiktoken: JsTiktoken } = runtimeRequire('js-tiktoken/lite') as typeof JsTiktokenLite;
      const ranks = runtimeRequire(`js-tiktoken/ranks/${encoding}`) as JsTiktokenLite.TiktokenBPE;
      const engine = new JsTiktoken(ranks);
      return { count: (text) => engine.encode(text, [], []).length, clearCache: () => undefined };
    }
    case 'gpt-tokenizer': {
      const engine = runtimeRequire(`gpt-tokenizer/cjs/encoding/${encoding}`) as typeof GptTokenizerO200k;
      return { count: (text) => engine.countTokens(text, { disallowedSpecial: NO_SPECIAL }), clearCache: () => engine.clearMergeCache() };
    }
    case 'tiktoken': {
      const { get_encoding } = runtimeRequire('tiktoken') as typeof Tiktoken;
      const engine = get_encoding(encoding);
      return { count: (text) => engine.encode_ordinary(text).length, clearCache: () => undefined };
    }
  }
}
