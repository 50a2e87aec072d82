/**
 * Findings and fixes as designers use them: a finding names the step(s) it is about, its evidence
 * (quotes, observations) and the score components that drive it, and counts evidence that was
 * erased since (a consent withdrawn, a quote deleted), so it can say so; a fix answers one or more
 * findings, says what kind of thing changes and which role owns it (never a person), names the
 * round that will measure it, and keeps the verification made once that round is in. The old
 * single-step and single-finding columns are copied into the link tables and no longer read.
 */
import type Database from 'better-sqlite3';

export default function migrate(db: Database.Database): void {
  db.exec(`
    CREATE TABLE finding_steps (
      finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
      step_id INTEGER NOT NULL REFERENCES steps(id),
      PRIMARY KEY (finding_id, step_id)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO finding_steps (finding_id, step_id) SELECT id, step_id FROM findings WHERE step_id IS NOT NULL;

    CREATE TABLE finding_observations (
      finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
      observation_id INTEGER NOT NULL REFERENCES observations(id) ON DELETE CASCADE,
      PRIMARY KEY (finding_id, observation_id)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE finding_components (
      finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
      component TEXT NOT NULL,
      PRIMARY KEY (finding_id, component)
    ) STRICT, WITHOUT ROWID;

    ALTER TABLE findings ADD COLUMN evidence_erased INTEGER NOT NULL DEFAULT 0 CHECK (evidence_erased >= 0);
    -- Evidence that goes (a withdrawal erases a participant's quotes and observations; a researcher
    -- deletes a quote) leaves a count on the finding, never the evidence itself.
    CREATE TRIGGER findings_quote_erased BEFORE DELETE ON quotes BEGIN
      UPDATE findings SET evidence_erased = evidence_erased + 1
      WHERE id IN (SELECT finding_id FROM finding_evidence WHERE quote_id = OLD.id);
    END;
    CREATE TRIGGER findings_observation_erased BEFORE DELETE ON observations BEGIN
      UPDATE findings SET evidence_erased = evidence_erased + 1
      WHERE id IN (SELECT finding_id FROM finding_observations WHERE observation_id = OLD.id);
    END;

    CREATE TABLE fix_findings (
      fix_id INTEGER NOT NULL REFERENCES fixes(id) ON DELETE CASCADE,
      finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
      PRIMARY KEY (fix_id, finding_id)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO fix_findings (fix_id, finding_id) SELECT id, finding_id FROM fixes WHERE finding_id IS NOT NULL;

    ALTER TABLE fixes ADD COLUMN change_kind TEXT CHECK (change_kind IN ('procedure', 'letter', 'form', 'chain', 'other'));
    ALTER TABLE fixes ADD COLUMN owner_role TEXT;
    ALTER TABLE fixes ADD COLUMN measure_study_id INTEGER REFERENCES studies(id);

    CREATE TABLE fix_verifications (
      fix_id INTEGER NOT NULL REFERENCES fixes(id) ON DELETE CASCADE,
      step_id INTEGER NOT NULL REFERENCES steps(id),
      before_study_id INTEGER NOT NULL REFERENCES studies(id),
      after_study_id INTEGER NOT NULL REFERENCES studies(id),
      verified_at TEXT NOT NULL,
      friction_before REAL,
      friction_after REAL,
      change REAL,
      change_low REAL,
      change_high REAL,
      residents_before INTEGER NOT NULL,
      residents_after INTEGER NOT NULL,
      result TEXT NOT NULL CHECK (result IN ('improved', 'no measurable change yet', 'worse', 'too few residents')),
      confidence REAL NOT NULL CHECK (confidence > 0 AND confidence < 1),
      indicative INTEGER NOT NULL CHECK (indicative IN (0, 1)),
      PRIMARY KEY (fix_id, step_id)
    ) STRICT, WITHOUT ROWID;
    -- A verdict stands on the observations it was computed from: any change to them (an import, a
    -- correction, an erasure) withdraws every verdict until \`drempel fixes verify\` runs again.
    CREATE TRIGGER verifications_stale_insert AFTER INSERT ON observations BEGIN DELETE FROM fix_verifications; END;
    CREATE TRIGGER verifications_stale_update AFTER UPDATE ON observations BEGIN DELETE FROM fix_verifications; END;
    CREATE TRIGGER verifications_stale_delete AFTER DELETE ON observations BEGIN DELETE FROM fix_verifications; END;
  `);
}
