/**
 * What a format-2 procedure file can say about its route, kept beside the steps the research
 * hangs on: a step's condition and whether it is optional, automatic, anonymous (shares no data
 * with the organisation) or part of the objection route; the other actors taking part in a step;
 * the outcomes (end states) and the transitions that lead to them. Format-1 versions leave these
 * empty. Contact, start, costs and terms stay in the files: no research figure joins on them.
 */
import type Database from 'better-sqlite3';

export default function migrate(db: Database.Database): void {
  db.exec(`
    ALTER TABLE steps ADD COLUMN condition TEXT;
    ALTER TABLE steps ADD COLUMN optional INTEGER NOT NULL DEFAULT 0 CHECK (optional IN (0, 1));
    ALTER TABLE steps ADD COLUMN automatic INTEGER NOT NULL DEFAULT 0 CHECK (automatic IN (0, 1));
    ALTER TABLE steps ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1));
    ALTER TABLE steps ADD COLUMN objection TEXT;

    CREATE TABLE step_actors (
      step_id INTEGER NOT NULL REFERENCES steps(id),
      actor_id INTEGER NOT NULL REFERENCES actors(id),
      PRIMARY KEY (step_id, actor_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE outcomes (
      id INTEGER PRIMARY KEY,
      version_id INTEGER NOT NULL REFERENCES procedure_versions(id),
      slug TEXT NOT NULL,
      kind TEXT NOT NULL,
      title TEXT NOT NULL,
      UNIQUE (version_id, slug)
    ) STRICT;

    CREATE TABLE outcome_transitions (
      id INTEGER PRIMARY KEY,
      version_id INTEGER NOT NULL REFERENCES procedure_versions(id),
      from_step_id INTEGER NOT NULL REFERENCES steps(id),
      outcome_id INTEGER NOT NULL REFERENCES outcomes(id),
      kind TEXT NOT NULL CHECK (kind IN ('next', 'branch', 'return', 'handoff')),
      condition TEXT
    ) STRICT;
  `);
}
