/**
 * The researcher's own timestamped notes of a session (the notes file, written by the studio
 * during an interview): never a resident's words, never published; they go with their session.
 * (A migration of its own: 0007 had landed without it, and a landed migration is never changed.)
 */
import type Database from 'better-sqlite3';

export default function migrate(db: Database.Database): void {
  db.exec(`
    CREATE TABLE session_notes (
      id INTEGER PRIMARY KEY,
      code TEXT NOT NULL UNIQUE,
      session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      at REAL CHECK (at >= 0),
      step_id INTEGER REFERENCES steps(id),
      text TEXT NOT NULL
    ) STRICT;
    CREATE INDEX session_notes_session ON session_notes(session_id);
  `);
}
