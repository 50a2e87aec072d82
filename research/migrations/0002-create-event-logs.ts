/**
 * Event logs imported from process-mining tools (PM4Py, Disco, ProM, Celonis): one row per
 * event, timestamps normalised to UTC, the source order kept so ties stay stable.
 */
import type Database from 'better-sqlite3';

export default function migrate(db: Database.Database): void {
  db.exec(`
    CREATE TABLE event_logs (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      source TEXT NOT NULL,
      format TEXT NOT NULL CHECK (format IN ('csv', 'xes')),
      imported_at TEXT NOT NULL,
      cases INTEGER NOT NULL,
      events INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE events (
      id INTEGER PRIMARY KEY,
      log_id INTEGER NOT NULL REFERENCES event_logs(id) ON DELETE CASCADE,
      case_id TEXT NOT NULL,
      activity TEXT NOT NULL,
      ts_ms INTEGER NOT NULL,             -- the instant in milliseconds since the epoch (UTC)
      resource TEXT,
      grp TEXT,                           -- org:group, the department
      lifecycle TEXT,
      position INTEGER NOT NULL,          -- order in the source file: ties in time keep it
      attributes TEXT                     -- JSON object of the other columns, if any
    ) STRICT;
    CREATE INDEX events_log ON events(log_id);
  `);
}
