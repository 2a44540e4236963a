/**
 * Read-only SQLite access through sql.js (SQLite compiled to WebAssembly: no native module, so it works in
 * the bundled extension and CLI on every platform). The database file's bytes are copied into memory and
 * queried there, so the tool's own database is never opened for writing, locked or modified.
 *
 * The .wasm binary ships next to the bundles in `dist/data/` (esbuild.config.mjs copies it); when running
 * from sources (unit tests) it is found in `node_modules/sql.js/dist/`.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import initSqlJs from 'sql.js';
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import { readRegularFile } from './fileAccess';
import { applyWriteAheadLog } from './sqliteWal';

const WASM_FILE = 'sql-wasm.wasm';

/** Where the wasm binary may be: beside the bundle, or in node_modules above the source file. */
export function sqlWasmCandidates(fromDir: string): string[] {
  const candidates = [path.join(fromDir, 'data', WASM_FILE)];
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'node_modules', 'sql.js', 'dist', WASM_FILE));
    if (path.dirname(dir) === dir) break;
  }
  return candidates;
}

let engine: Promise<SqlJsStatic> | undefined;

/** The sql.js engine, loaded once per process (tests also use it to build fixture databases). */
export function loadEngine(): Promise<SqlJsStatic> {
  engine ??= (async () => {
    const wasmPath = sqlWasmCandidates(__dirname).find((candidate) => existsSync(candidate));
    if (wasmPath === undefined) throw new Error(`${WASM_FILE} was not found beside ${__dirname}; the build must copy it to dist/data.`);
    const wasmBinary = await fs.readFile(wasmPath);
    return initSqlJs({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer });
  })();
  // A failed load is not cached: the next read tries again.
  engine.catch(() => (engine = undefined));
  return engine;
}

/** One row as column name → value. */
export type SqlRow = Record<string, SqlValue>;

export interface SqliteSnapshot {
  tables(): Set<string>;
  columns(table: string): Set<string>;
  /** All rows of a query; the SQL is ours (never user text), values come back typed by SQLite. */
  rows(sql: string): SqlRow[];
  close(): void;
}

/** Size and modification time: unchanged before and after reading both files means a consistent pair. */
async function fingerprint(file: string): Promise<string> {
  try {
    const stats = await fs.stat(file);
    return `${stats.size}:${stats.mtimeMs}`;
  } catch {
    return 'absent';
  }
}

async function readIfPresent(file: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readRegularFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

const CONSISTENT_READ_ATTEMPTS = 3;

/**
 * The database file and its write-ahead log (`<file>-wal`, never the `-shm` index), read as a pair that did not
 * change in between (retried a few times while the tool is writing), with the log's committed frames applied.
 */
async function readDatabaseWithLog(file: string): Promise<Uint8Array> {
  let database = new Uint8Array();
  let wal: Uint8Array | undefined;
  for (let attempt = 0; attempt < CONSISTENT_READ_ATTEMPTS; attempt += 1) {
    const before = `${await fingerprint(file)}|${await fingerprint(`${file}-wal`)}`;
    wal = await readIfPresent(`${file}-wal`);
    database = new Uint8Array(await readRegularFile(file));
    const after = `${await fingerprint(file)}|${await fingerprint(`${file}-wal`)}`;
    if (before === after) break;
  }
  return wal === undefined ? database : applyWriteAheadLog(database, wal).bytes;
}

/**
 * An in-memory copy of a SQLite file, including transactions still in its write-ahead log. A database in WAL
 * mode has header bytes 18–19 set to 2, which makes SQLite look for a `-wal` file and shared memory that the
 * in-memory copy cannot have; the copy is switched to rollback-journal mode (1) after the log is folded in.
 * Throws when the bytes are not a SQLite database: callers report that as a warning.
 */
export async function openSqliteSnapshot(file: string): Promise<SqliteSnapshot> {
  const sql = await loadEngine();
  const bytes = await readDatabaseWithLog(file);
  if (bytes.length > 19 && bytes[18] === 2 && bytes[19] === 2) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  const database: Database = new sql.Database(bytes);
  const rows = (query: string): SqlRow[] => {
    const statement = database.prepare(query);
    try {
      const result: SqlRow[] = [];
      while (statement.step()) result.push(statement.getAsObject());
      return result;
    } finally {
      statement.free();
    }
  };
  try {
    rows('SELECT count(*) FROM sqlite_master'); // fails fast on a file that is not a database
  } catch (error) {
    database.close();
    throw error;
  }
  return {
    tables: () => new Set(rows("SELECT name FROM sqlite_master WHERE type = 'table'").map((row) => String(row.name))),
    columns: (table) => new Set(rows(`PRAGMA table_info("${table.replace(/"/g, '""')}")`).map((row) => String(row.name))),
    rows,
    close: () => database.close(),
  };
}
