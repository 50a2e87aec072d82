/**
 * Open the research store: one SQLite file (WAL, foreign keys on, busy timeout), migrated to the
 * latest schema. `./data/drempel.db` unless `DREMPEL_DB` or `--db` names another.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrations/index';

export type Db = Database.Database;

export interface OpenOptions {
  /** Create and migrate (default true). With false, a missing file is an error. */
  create?: boolean;
  readonly?: boolean;
}

export function defaultDbPath(): string {
  return resolve(process.env.DREMPEL_DB ?? 'data/drempel.db');
}

/** Open (and migrate) a database file; `:memory:` gives a fresh in-memory store. */
export function openDatabase(path: string = defaultDbPath(), { create = true, readonly = false }: OpenOptions = {}): Db {
  if (path !== ':memory:' && create && !readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { fileMustExist: !create || readonly, readonly });
  // Writers wait for each other instead of failing with SQLITE_BUSY: a long import holds the
  // write lock for its whole (all-or-nothing) transaction.
  db.pragma('busy_timeout = 600000');
  db.pragma('foreign_keys = ON');
  if (!readonly) {
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
  }
  return db;
}
