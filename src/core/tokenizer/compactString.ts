// Chunk strings are cut from the document with `slice`, and V8 represents a slice as a view that keeps the
// whole parent alive — in two-byte form if the parent holds a single character above U+00FF, so one emoji in a
// 10 MB file would cost 20 MB for as long as any chunk of the original survives. Copying each chunk into a
// string of its own lets V8 store the (usually pure-ASCII) chunks one byte per character and frees the parent.

const ABOVE_LATIN1 = /[\u0100-\uffff]/;

/** An independent copy of `text`, one byte per character when every character is <= U+00FF. */
export function compactCopy(text: string): string {
  if (!ABOVE_LATIN1.test(text)) return Buffer.from(text, 'latin1').toString('latin1');
  // Flattening a fresh concatenation allocates a new two-byte string of just this length.
  const copy = ` ${text}`;
  return copy.slice(1);
}
