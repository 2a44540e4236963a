/**
 * The file-system operations the log readers need, behind an interface so tests can record every path a
 * reader touches (and so prove that credential files beside the logs are never listed or opened).
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';

export type PathKind = 'file' | 'directory' | 'missing' | 'other';

export interface DirectoryEntry {
  name: string;
  kind: PathKind;
}

export interface OpenFile {
  readonly size: number;
  /** Reads into `buffer` from byte `position`; returns the number of bytes read (0 at end of file). */
  read(buffer: Buffer, position: number): Promise<number>;
  close(): Promise<void>;
}

export interface FileAccess {
  /** What is at a path (following symbolic links); 'missing' for anything that cannot be stat'ed. */
  kindOf(target: string): Promise<PathKind>;
  /** The entries of a directory, symbolic links resolved to what they point at. Throws if unreadable. */
  listDirectory(directory: string): Promise<DirectoryEntry[]>;
  /** Opens a file for reading. Throws if it cannot be opened or is not a regular file. */
  open(file: string): Promise<OpenFile>;
  /** The canonical path (symbolic links resolved), so a folder reached twice through a link loop is seen once. */
  realPath(target: string): Promise<string>;
}

/** Thrown instead of opening a FIFO, socket or device: reading one would block (a FIFO) or never end (a device). */
export class NotARegularFileError extends Error {
  readonly code = 'ENOTREG';
  constructor(readonly file: string) {
    super(`${file} is not a regular file`);
  }
}

/**
 * Opens a regular file for reading. Non-blocking open, so a FIFO left where a log was expected cannot stall the
 * read (a blocking open waits for a writer forever, holding one of Node's few I/O threads); anything that is not
 * a regular file is refused with {@link NotARegularFileError}.
 */
export async function openRegularFile(file: string): Promise<fs.FileHandle> {
  const handle = await fs.open(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  try {
    if (!(await handle.stat()).isFile()) throw new NotARegularFileError(file);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** A whole regular file's bytes (see {@link openRegularFile}). */
export async function readRegularFile(file: string): Promise<Buffer> {
  const handle = await openRegularFile(file);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

async function kindOf(target: string): Promise<PathKind> {
  try {
    const stats = await fs.stat(target);
    if (stats.isFile()) return 'file';
    if (stats.isDirectory()) return 'directory';
    return 'other';
  } catch {
    return 'missing';
  }
}

/** The real file system. */
export const nodeFileAccess: FileAccess = {
  kindOf,
  async listDirectory(directory) {
    const entries = await fs.readdir(directory, { withFileTypes: true });
    return Promise.all(
      entries.map(async (entry): Promise<DirectoryEntry> => {
        if (entry.isFile()) return { name: entry.name, kind: 'file' };
        if (entry.isDirectory()) return { name: entry.name, kind: 'directory' };
        if (entry.isSymbolicLink()) return { name: entry.name, kind: await kindOf(path.join(directory, entry.name)) };
        return { name: entry.name, kind: 'other' };
      }),
    );
  },
  realPath: (target) => fs.realpath(target),
  async open(file) {
    const handle = await openRegularFile(file);
    try {
      const { size } = await handle.stat();
      return {
        size,
        read: async (buffer, position) => (await handle.read(buffer, 0, buffer.length, position)).bytesRead,
        close: () => handle.close(),
      };
    } catch (error) {
      await handle.close();
      throw error;
    }
  },
};

/** Thrown by {@link readWholeFile} when a file is larger than the caller is willing to hold in memory. */
export class FileTooLargeError extends Error {
  constructor(readonly file: string, readonly size: number, readonly limit: number) {
    super(`${file} is ${size} bytes, more than the ${limit}-byte limit for whole-file reads`);
  }
}

/** Reads a whole (small) file as UTF-8. Throws when unreadable or larger than `maxBytes`. */
export async function readWholeFile(access: FileAccess, file: string, maxBytes: number): Promise<string> {
  const handle = await access.open(file);
  try {
    if (handle.size > maxBytes) throw new FileTooLargeError(file, handle.size, maxBytes);
    const buffer = Buffer.alloc(handle.size);
    let filled = 0;
    while (filled < buffer.length) {
      const chunk = buffer.subarray(filled);
      const bytesRead = await handle.read(chunk, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled).toString('utf8');
  } finally {
    await handle.close();
  }
}
