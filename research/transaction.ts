/** The one place drempel opens a transaction by hand. */
import type { Db } from './db';

/**
 * One IMMEDIATE transaction around asynchronous work. better-sqlite3's `db.transaction()` runs a
 * synchronous function only, and an import streams its file (it awaits between batches of rows),
 * so the imports hold their transaction here: committed when `work` says `keep`, rolled back when
 * it does not (a dry run) or when it throws. Everything else uses `db.transaction()`.
 */
export async function asyncTransaction<T>(db: Db, work: () => Promise<{ result: T; keep: boolean }>): Promise<T> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const { result, keep } = await work();
    db.exec(keep ? 'COMMIT' : 'ROLLBACK');
    return result;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}
