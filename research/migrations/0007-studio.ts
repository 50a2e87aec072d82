/**
 * The session studio (`drempel studio`): what a live session needs beyond the rows it records.
 *
 * - `studio_state` holds one session's place in the studio: the step being recorded, its clock,
 *   the draft of a step not yet given an outcome, and the undo history. It is written in the same
 *   transaction as every row a tap records, so a reload, a closed laptop or a killed server
 *   resumes exactly where the session was. It belongs to its session: deleting the session (an
 *   erasure, a withdrawn consent, `drempel delete session`) deletes it, drafts and undo history
 *   with it.
 * - `quotes.at`: when in the session a quote was said, in seconds from the session's start (an
 *   interview's timeline); empty for quotes typed in afterwards.
 */
import type Database from 'better-sqlite3';

export default function migrate(db: Database.Database): void {
  db.exec(`
    CREATE TABLE studio_state (
      session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
      state TEXT NOT NULL,                -- JSON, see scripts/app/studio/session.ts
      updated_at TEXT NOT NULL
    ) STRICT;
    ALTER TABLE quotes ADD COLUMN at REAL CHECK (at >= 0);
  `);
}
