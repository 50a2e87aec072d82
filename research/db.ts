/**
 * Open the research store: one SQLite file (WAL, foreign keys on, busy timeout), migrated to the
 * latest schema. `./data/drempel.db` unless `DREMPEL_DB` or `--db` names another.
 *
 * drempel's databases carry `PRAGMA application_id` (the SQLite header field made for this), so
 * a file that is someone else's SQLite database is refused, never migrated in place. Only
 * callers that mean to create a database (`init`, `demo`, tests, benchmarks) pass `create`.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DrempelError } from './errors';
import { migrate } from './migrations/index';
import { messageOf } from '../procedures/errors';

export type Db = Database.Database;

/** 'DRMP' as a 32-bit integer: what `PRAGMA application_id` holds in every drempel database. */
export const applicationId = 0x44524d50;

export interface OpenOptions {
  /** Create a missing file (default false: a missing file is an error with a hint). */
  create?: boolean;
  readonly?: boolean;
}

export function defaultDbPath(): string {
  return resolve(process.env.DREMPEL_DB ?? 'data/drempel.db');
}

const sqliteMagic = 'SQLite format 3\u0000';

/** The first 16 bytes of a file: SQLite's header starts with "SQLite format 3\0". */
export function isSqliteFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(16);
    return readSync(fd, buf, 0, 16, 0) === 16 && buf.toString('latin1') === sqliteMagic;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether the file is a SQLite database marked as drempel's (or an unmarked one made by an early drempel). */
export function isDrempelDatabase(path: string): boolean {
  if (!isSqliteFile(path)) return false;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    return ownership(db) === 'drempel';
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** Tables only a drempel store has: an unmarked file holding them was made before the mark existed. */
const ownTables = ['participants', 'consents', 'observations', 'audit_log', 'procedure_versions'];

function ownership(db: Database.Database): 'drempel' | 'empty' | 'other' {
  const id = db.pragma('application_id', { simple: true }) as number;
  if (id === applicationId) return 'drempel';
  if (id !== 0) return 'other';
  const tables = db.prepare<unknown[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
  if (tables.length === 0) return 'empty';
  const version = db.pragma('user_version', { simple: true }) as number;
  return version >= 1 && ownTables.every((t) => tables.includes(t)) ? 'drempel' : 'other';
}

const todays = new WeakMap<Database.Database, string>();

/**
 * The date consent is judged at (the moment of use): SQL reads it as `drempel_today()`. The CLI
 * sets it from its clock; tests inject a fixed date. Default: today in UTC.
 */
export function setToday(db: Db, isoDate: string): void {
  todays.set(db, isoDate.slice(0, 10));
}

function registerFunctions(db: Database.Database): void {
  db.function('drempel_today', { deterministic: false }, () => todays.get(db) ?? new Date().toISOString().slice(0, 10));
}

/**
 * Every commit on this connection reaches the disk before it returns (`synchronous = FULL`): the
 * studio's taps survive a power cut or an empty laptop battery too, not only a killed process
 * (which WAL with `NORMAL`, the default here, already survives). Costs an fsync per commit.
 */
export function durableCommits(db: Db): void {
  db.pragma('synchronous = FULL');
}

/** Check that `path` may be opened as a drempel database, with one clear error if not. */
function checkPath(path: string, create: boolean): void {
  if (!existsSync(path)) {
    if (create) return;
    throw new DrempelError(
      `no drempel database at ${path}`,
      'Create one with `drempel init` (add --db FILE for another place), or check the --db path or DREMPEL_DB.',
    );
  }
  if (statSync(path).isDirectory())
    throw new DrempelError(
      `${path} is a folder, not a database file`,
      'Name the database file itself, e.g. --db data/drempel.db.',
    );
  if (statSync(path).size === 0) {
    if (create) return;
    throw new DrempelError(
      `${path} is an empty file, not a drempel database`,
      'Create a database with `drempel init --db FILE`.',
    );
  }
  if (!isSqliteFile(path))
    throw new DrempelError(
      `${path} is not a SQLite database`,
      'Check the --db path or DREMPEL_DB: it should name a file made by `drempel init`.',
    );
}

/**
 * Open (and migrate) a database file; `:memory:` gives a fresh in-memory store.
 * @example openDatabase('data/drempel.db')                  // must exist and be drempel's
 * @example openDatabase('data/new.db', { create: true })    // `drempel init`
 */
export function openDatabase(
  path: string = defaultDbPath(),
  { create = false, readonly = false }: OpenOptions = {},
): Db {
  const memory = path === ':memory:';
  if (!memory) {
    checkPath(path, create && !readonly);
    if (create && !readonly) {
      try {
        mkdirSync(dirname(resolve(path)), { recursive: true });
      } catch (e) {
        throw new DrempelError(
          `cannot create the folder for ${path}: ${(e as NodeJS.ErrnoException).code ?? messageOf(e)}`,
          'Choose a --db path in a folder you can write to.',
        );
      }
    }
  }
  // A new database is readable by its owner only, as exports and backups are: it holds
  // everything. SQLite gives its -wal and -shm files the same mode.
  if (!memory && create && !readonly && !existsSync(path)) {
    try {
      writeFileSync(path, '', { mode: 0o600, flag: 'wx' });
    } catch {
      // Another process made it meanwhile: open what is there.
    }
  }
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: !memory && !(create && !readonly), readonly });
  } catch (e) {
    throw new DrempelError(`cannot open ${path}: ${messageOf(e)}`);
  }
  try {
    // Before anything reads the file: another process may hold it for a moment (an import's
    // transaction, a checkpoint); readers and writers wait instead of failing with SQLITE_BUSY.
    db.pragma('busy_timeout = 600000');
    const owner = ownership(db);
    if (owner === 'other') {
      throw new DrempelError(
        `${path} is a SQLite database, but not drempel's: it is left untouched`,
        'Name a database made by `drempel init` with --db.',
      );
    }
    if (owner === 'empty' && !(create || memory)) {
      throw new DrempelError(`${path} holds no drempel database yet`, 'Create it with `drempel init --db FILE`.');
    }
    registerFunctions(db);
    db.pragma('foreign_keys = ON');
    // Every delete and every update overwrites the text it frees, on every connection: an import
    // that corrects a note, a --replace, an erasure. Otherwise a name once typed in a note would
    // stay readable in free pages of the file after the row was changed or erased.
    db.pragma('secure_delete = ON');
    if (!readonly) {
      if (!memory) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      if ((db.pragma('application_id', { simple: true }) as number) !== applicationId)
        db.pragma(`application_id = ${applicationId}`);
      migrate(db);
    }
  } catch (e) {
    db.close();
    if (e instanceof DrempelError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
      throw new DrempelError(
        `${path} is damaged or not a SQLite database (${code})`,
        'Restore it from a backup with `drempel restore FILE`.',
      );
    throw e;
  }
  return db;
}
