/** Facts about the database file itself (`store_facts`), such as which command made it. */
import Database from 'better-sqlite3';
import { isDrempelDatabase, type Db } from '../db';
import { upsertSql } from '../sql';

export function setFact(db: Db, key: string, value: string): void {
  db.prepare(upsertSql('store_facts', ['key'], ['value'], ['value'], { positional: true })).run(key, value);
}

export function getFact(db: Db, key: string): string | undefined {
  return db.prepare<unknown[], string>('SELECT value FROM store_facts WHERE key = ?').pluck().get(key);
}

/** Whether `path` is a database `drempel demo` made (and so may replace). */
export function isDemoDatabase(path: string): boolean {
  if (!isDrempelDatabase(path)) return false;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'store_facts'").get();
    return !!table && db.prepare("SELECT value FROM store_facts WHERE key = 'made_by'").pluck().get() === 'demo';
  } finally {
    db.close();
  }
}
