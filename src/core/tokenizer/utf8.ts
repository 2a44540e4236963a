// UTF-8 encoding of one piece into a reusable buffer, with no allocation per call. Lone surrogates become
// U+FFFD (EF BF BD), exactly as TextEncoder — and therefore tiktoken, which receives its text through it — does.

export class Utf8Scratch {
  bytes = new Uint8Array(1024);

  /** Encodes `text[start..end)` and returns the number of bytes written to `this.bytes`. */
  encode(text: string, start: number, end: number): number {
    if ((end - start) * 3 > this.bytes.length) this.bytes = new Uint8Array((end - start) * 3 * 2);
    const out = this.bytes;
    let length = 0;
    for (let i = start; i < end; i++) {
      let code = text.charCodeAt(i);
      if (code < 0x80) {
        out[length++] = code;
      } else if (code < 0x800) {
        out[length++] = 0xc0 | (code >> 6);
        out[length++] = 0x80 | (code & 0x3f);
      } else if (code >= 0xd800 && code <= 0xdfff) {
        const next = i + 1 < end ? text.charCodeAt(i + 1) : 0;
        if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
          i++;
          out[length++] = 0xf0 | (code >> 18);
          out[length++] = 0x80 | ((code >> 12) & 0x3f);
          out[length++] = 0x80 | ((code >> 6) & 0x3f);
          out[length++] = 0x80 | (code & 0x3f);
        } else {
          out[length++] = 0xef;
          out[length++] = 0xbf;
          out[length++] = 0xbd;
        }
      } else {
        out[length++] = 0xe0 | (code >> 12);
        out[length++] = 0x80 | ((code >> 6) & 0x3f);
        out[length++] = 0x80 | (code & 0x3f);
      }
    }
    return length;
  }
}
