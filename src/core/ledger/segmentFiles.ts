/**
 * Segment files: each writer process appends to its own `segments/<pid>-<startMs>-<random>.open.jsonl`
 * and renames it to `….jsonl` (sealed) when its write round ends. No two processes ever write one file,
 * so appends need no lock; a crash leaves at most one torn last line, which its checksum exposes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ReaderState } from '../usage/sources';
import { forEachLine, forEachLineAsync, type OnLine } from './lineFile';
import { LEDGER_VERSION, assertReadableVersion, migrateEntry, type LedgerMigration } from './migrations';
import { decodeEntry, encodeLine, SEGMENT_FORMAT, verifyLine, type SegmentEntry } from './segmentCodec';

const OPEN_SUFFIX = '.open.jsonl';
const SEALED_SUFFIX = '.jsonl';

export interface SegmentInfo {
  path: string;
  sealed: boolean;
  /** The writer's process id, from the file name. */
  pid: number;
  size: number;
}

/** The segment files present now (both open and sealed). */
export function listSegments(segmentsDir: string): SegmentInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(segmentsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const segments: SegmentInfo[] = [];
  for (const name of names.sort()) {
    if (!name.endsWith(SEALED_SUFFIX)) continue;
    const filePath = path.join(segmentsDir, name);
    let size: number;
    try {
      size = fs.statSync(filePath).size;
    } catch {
      continue; // folded away by a compaction meanwhile
    }
    segments.push({ path: filePath, sealed: !name.endsWith(OPEN_SUFFIX), pid: Number.parseInt(name, 10), size });
  }
  return segments;
}

export interface SegmentReadStats {
  entries: number;
  /** A last line cut short by a crash: expected after kill -9 or power loss, and harmless. */
  tornTail: boolean;
  /** Complete lines that failed their checksum or had an unknown shape (disk damage, not a crash). */
  damagedLines: number;
}

/** The name an open segment (`….open.jsonl`) gets when its writer seals it. */
function sealedPathOf(openPath: string): string {
  return openPath.slice(0, -OPEN_SUFFIX.length) + SEALED_SUFFIX;
}

/** ENOENT on an open segment means its writer sealed (renamed) it after it was listed: read it under that name. */
function sealedAfterListing(error: unknown, filePath: string): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' && filePath.endsWith(OPEN_SUFFIX);
}

/** Turns a segment's lines into entries (migrated to the current version), counting what it has to skip. */
function segmentLineHandler(filePath: string, migrations: readonly LedgerMigration[], onEntry: (entry: SegmentEntry) => void, stats: SegmentReadStats): OnLine {
  let version: number | undefined;
  return (line, complete) => {
    if (line === '') return;
    const payload = verifyLine(line);
    if (payload === undefined) {
      if (complete) stats.damagedLines++;
      else stats.tornTail = true;
      return;
    }
    if (version === undefined) {
      const header = decodeEntry(payload);
      if (header?.kind !== 'header') {
        stats.damagedLines++;
        return;
      }
      assertReadableVersion(header.header.version, filePath);
      version = header.header.version;
      return;
    }
    const upgraded: ReaderState | null = version === LEDGER_VERSION ? payload : migrateEntry(payload, version, migrations);
    if (upgraded === null) return;
    const entry = decodeEntry(upgraded);
    if (entry === undefined || entry.kind === 'header') {
      stats.damagedLines++;
      return;
    }
    stats.entries++;
    onEntry(entry);
  };
}

/**
 * Streams a segment's entries (migrated to the current version) to `onEntry`. A segment listed while open whose
 * writer sealed (renamed) it before it could be opened is read under its sealed name: the same entries. Missing
 * that rename made a compaction fold a ledger without the segment (and roll its old days up without them).
 * ENOENT comes from opening the file, before any entry was passed on, so the second read repeats none.
 * Throws ENOENT if the segment vanished (folded away by a compaction).
 */
export function readSegment(filePath: string, migrations: readonly LedgerMigration[], onEntry: (entry: SegmentEntry) => void): SegmentReadStats {
  const read = (file: string): SegmentReadStats => {
    const stats: SegmentReadStats = { entries: 0, tornTail: false, damagedLines: 0 };
    forEachLine(file, segmentLineHandler(file, migrations, onEntry, stats));
    return stats;
  };
  try {
    return read(filePath);
  } catch (error) {
    if (!sealedAfterListing(error, filePath)) throw error;
    return read(sealedPathOf(filePath));
  }
}

/** {@link readSegment} with asynchronous reads, for a process that must stay responsive while it loads. */
export async function readSegmentAsync(filePath: string, migrations: readonly LedgerMigration[], onEntry: (entry: SegmentEntry) => void): Promise<SegmentReadStats> {
  const read = async (file: string): Promise<SegmentReadStats> => {
    const stats: SegmentReadStats = { entries: 0, tornTail: false, damagedLines: 0 };
    await forEachLineAsync(file, segmentLineHandler(file, migrations, onEntry, stats));
    return stats;
  };
  try {
    return await read(filePath);
  } catch (error) {
    if (!sealedAfterListing(error, filePath)) throw error;
    return read(sealedPathOf(filePath));
  }
}

/** Appends entries to this process's own segment, created on the first write of a round. */
export class SegmentWriter {
  private fd: number | undefined;
  private openPath: string | undefined;

  constructor(
    private readonly segmentsDir: string,
    private readonly now: () => number,
  ) {}

  append(entries: readonly SegmentEntry[]): void {
    if (entries.length === 0) return;
    const fd = this.fd ?? this.open();
    const bytes = Buffer.from(entries.map(encodeLine).join(''), 'utf8');
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
  }

  /** Makes this round's entries durable, then marks the segment finished so compaction may fold it. */
  seal(): void {
    if (this.fd === undefined || this.openPath === undefined) return;
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    fs.renameSync(this.openPath, sealedPathOf(this.openPath));
    this.fd = undefined;
    this.openPath = undefined;
  }

  private open(): number {
    fs.mkdirSync(this.segmentsDir, { recursive: true });
    const name = `${process.pid}-${this.now()}-${randomBytes(4).toString('hex')}${OPEN_SUFFIX}`;
    this.openPath = path.join(this.segmentsDir, name);
    this.fd = fs.openSync(this.openPath, 'wx');
    const header: SegmentEntry = { kind: 'header', header: { format: SEGMENT_FORMAT, version: LEDGER_VERSION, pid: process.pid, createdAtMs: this.now() } };
    fs.writeSync(this.fd, encodeLine(header));
    return this.fd;
  }
}
