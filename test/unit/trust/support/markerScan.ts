/**
 * Looks for marker strings in every byte of a folder: every file at any depth (hidden ones, temp files, locks,
 * binary segments), as UTF-8, UTF-16 (both byte orders) and Base64, ignoring case, and also inside any gzip,
 * zlib or Brotli stream found in a file, so compressing the ledger could not hide text from the test.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface MarkerFinding {
  file: string;
  marker: string;
  /** How it was found: the encoding, and `gzip@offset` / `zlib@offset` / `brotli` when inside a stream. */
  form: string;
}

function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesBelow(full);
    return entry.isFile() ? [full] : [];
  });
}

/** ASCII letters lowered; other bytes as they are (so UTF-16 code units of ASCII letters are lowered too). */
function lowerAscii(bytes: Buffer): Buffer {
  const lowered = Buffer.from(bytes);
  for (let i = 0; i < lowered.length; i++) if (lowered[i] >= 0x41 && lowered[i] <= 0x5a) lowered[i] += 0x20;
  return lowered;
}

function utf16be(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf16le');
  return bytes.swap16();
}

/**
 * The marker's Base64 at each of the three alignments it can have inside a longer encoded text: only the
 * characters that depend on the marker's bytes alone (the first and last groups may mix in neighbouring bytes).
 */
function base64Forms(marker: string): string[] {
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), Buffer.from(marker)]).toString('base64');
    const start = [0, 2, 3][shift];
    const end = Math.floor((shift + marker.length) / 3) * 4;
    return encoded.slice(start, end);
  });
}

interface Needle {
  marker: string;
  form: string;
  bytes: Buffer;
  /** Compared with the lowered haystack. */
  ignoreCase: boolean;
}

function needlesFor(markers: readonly string[]): Needle[] {
  return markers.flatMap((marker) => {
    const lower = marker.toLowerCase();
    return [
      { marker, form: 'UTF-8, any case', bytes: Buffer.from(lower, 'utf8'), ignoreCase: true },
      { marker, form: 'UTF-16LE, any case', bytes: Buffer.from(lower, 'utf16le'), ignoreCase: true },
      { marker, form: 'UTF-16BE, any case', bytes: utf16be(lower), ignoreCase: true },
      ...base64Forms(marker).map((form) => ({ marker, form: 'Base64', bytes: Buffer.from(form), ignoreCase: false })),
    ];
  });
}

/** Every gzip, zlib or Brotli stream in the bytes that decompresses to something. */
function decompressedStreams(bytes: Buffer): { where: string; bytes: Buffer }[] {
  const found: { where: string; bytes: Buffer }[] = [];
  const attempt = (where: string, inflate: () => Buffer): void => {
    try {
      const result = inflate();
      if (result.length > 0) found.push({ where, bytes: result });
    } catch {
      // not a stream here
    }
  };
  for (let offset = 0; offset < bytes.length - 2; offset++) {
    const first = bytes[offset];
    const second = bytes[offset + 1];
    if (first === 0x1f && second === 0x8b) attempt(`gzip@${offset}`, () => zlib.gunzipSync(bytes.subarray(offset)));
    else if (first === 0x78 && (second === 0x01 || second === 0x5e || second === 0x9c || second === 0xda)) attempt(`zlib@${offset}`, () => zlib.inflateSync(bytes.subarray(offset)));
  }
  attempt('brotli', () => zlib.brotliDecompressSync(bytes));
  return found;
}

/** Every marker found anywhere under `dir`. */
export function findMarkers(dir: string, markers: readonly string[]): MarkerFinding[] {
  const needles = needlesFor(markers);
  const findings: MarkerFinding[] = [];
  for (const file of filesBelow(dir)) {
    let raw: Buffer;
    try {
      raw = fs.readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // removed since it was listed (a temp file)
      throw error;
    }
    const haystacks = [{ where: '', bytes: raw }, ...decompressedStreams(raw)];
    for (const haystack of haystacks) {
      const lowered = lowerAscii(haystack.bytes);
      for (const needle of needles) {
        if ((needle.ignoreCase ? lowered : haystack.bytes).includes(needle.bytes)) {
          findings.push({ file: path.relative(dir, file), marker: needle.marker, form: haystack.where === '' ? needle.form : `${needle.form} in ${haystack.where}` });
        }
      }
    }
  }
  return findings;
}

/** Counts the files and bytes a scan covers, for the test's report. */
export function folderSize(dir: string): { files: number; bytes: number } {
  const files = filesBelow(dir);
  return { files: files.length, bytes: files.reduce((sum, file) => sum + fs.statSync(file).size, 0) };
}
