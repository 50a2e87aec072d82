/**
 * The erasure ledger, and the store's own facts.
 *
 * `erasures` remembers that a participant was erased without keeping who: a keyed hash
 * (HMAC-SHA256 of the participant code, with a random key kept in `erasure_keys`) and the date.
 * `restore` re-applies every erasure a backup does not know yet, an import refuses a code that
 * was erased, and `check` reports a ledger entry whose participant is present. Like the audit
 * log, the ledger is append-only.
 *
 * `store_facts` holds facts about the file itself, such as that `drempel demo` made it (so demo
 * may replace it, and nothing else).
 */
import type Database from 'better-sqlite3';

export default function migrate(db: Database.Database): void {
  db.exec(`
    CREATE TABLE erasure_keys (
      id INTEGER PRIMARY KEY,
      secret BLOB NOT NULL UNIQUE
    ) STRICT;

    CREATE TABLE erasures (
      id INTEGER PRIMARY KEY,
      key_id INTEGER NOT NULL REFERENCES erasure_keys(id),
      digest TEXT NOT NULL,               -- hex HMAC-SHA256(secret, participant code)
      erased_at TEXT NOT NULL,
      reason TEXT NOT NULL,
      UNIQUE (key_id, digest)
    ) STRICT;

    CREATE TRIGGER erasures_no_update BEFORE UPDATE ON erasures
      BEGIN SELECT RAISE(ABORT, 'the erasure ledger is append-only'); END;
    CREATE TRIGGER erasures_no_delete BEFORE DELETE ON erasures
      BEGIN SELECT RAISE(ABORT, 'the erasure ledger is append-only'); END;

    CREATE TABLE store_facts (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
  `);
}
