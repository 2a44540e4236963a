import { get_encoding, type Tiktoken, type TiktokenEncoding } from 'tiktoken';

const encoders = new Map<TiktokenEncoding, Tiktoken>();

/**
 * The token count OpenAI's own tiktoken (WASM) gives: an independent oracle for expected values in tests.
 * Encoders are loaded once per test process (each load takes most of a second) and live until it exits.
 */
export function tiktokenCount(encoding: TiktokenEncoding, text: string): number {
  let encoder = encoders.get(encoding);
  if (!encoder) {
    encoder = get_encoding(encoding);
    encoders.set(encoding, encoder);
  }
  return encoder.encode_ordinary(text).length;
}
