/**
 * A fast, well-mixed 64-bit hash of dedup keys. The ledger stores this hash instead of the key itself, so a
 * million records cost 8 bytes of identity each instead of ~60; two different keys colliding in 64 bits is a
 * ~3·10⁻⁸ chance at a million records.
 */

/** A 64-bit hash as two unsigned 32-bit halves. */
export interface Hash64 {
  hi: number;
  lo: number;
}

/** Murmur3's finaliser: spreads every input bit over the whole word. */
function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Two independent 32-bit lanes (FNV-1a and a multiply-xorshift lane), cross-mixed at the end. */
export function hashKey(key: string): Hash64 {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
    b ^= b >>> 15;
  }
  const hi = finalMix(a ^ Math.imul(b, 0x27d4eb2d));
  const lo = finalMix(b ^ Math.imul(a, 0x165667b1));
  return { hi, lo };
}

/** Orders hashes as unsigned 64-bit numbers. */
export function compareHash(aHi: number, aLo: number, bHi: number, bLo: number): number {
  if (aHi !== bHi) return aHi < bHi ? -1 : 1;
  if (aLo !== bLo) return aLo < bLo ? -1 : 1;
  return 0;
}

const hashedKeyPattern = /^#[0-9a-f]{16}$/;

/** The text form a materialised record carries as its dedupKey once only the hash is stored. */
export function hashToKey(hi: number, lo: number): string {
  return `#${hi.toString(16).padStart(8, '0')}${lo.toString(16).padStart(8, '0')}`;
}

/** The hash of a dedup key; a key already in {@link hashToKey} form maps back to its own hash (round trip). */
export function hashOfDedupKey(key: string): Hash64 {
  if (hashedKeyPattern.test(key)) return { hi: parseInt(key.slice(1, 9), 16), lo: parseInt(key.slice(9, 17), 16) };
  return hashKey(key);
}
