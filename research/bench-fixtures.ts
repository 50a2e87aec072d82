/**
 * Databases for the benchmarks (scripts/bench/): filled with plain SQL for speed, and the
 * reference query the score benchmark measures itself against. SQL lives in research/ only.
 */
import type { Db } from './db';

/** A seeded source of the values `fillObservations` draws (the benchmark's own random generator). */
export interface Draw {
  pick<T>(list: T[]): T;
  int(min: number, max: number): number;
  chance(p: number): boolean;
  lognormal(median: number, sigma: number): number;
}

/**
 * One study of `observations` rows over the synced procedure's steps: ten visits per session, one
 * session per participant, every participant with full consent.
 */
export function fillObservations(db: Db, observations: number, steps: number, r: Draw): void {
  const perSession = 10;
  db.transaction(() => {
    db.prepare(
      "INSERT INTO studies (code, title, version_id, round, started_on) SELECT 'bench', 'Benchmark', id, 1, '2026-01-01' FROM procedure_versions",
    ).run();
    const participant = db.prepare('INSERT INTO participants (code) VALUES (?)');
    const consent = db.prepare(
      "INSERT INTO consents (participant_id, given_on, analysis, quote_internal, quote_public, recording) VALUES (?, '2026-01-01', 1, 1, 1, 0)",
    );
    const session = db.prepare(
      "INSERT INTO sessions (code, study_id, participant_id, kind, date) VALUES (?, 1, ?, 'walkthrough', '2026-02-01')",
    );
    const stepIds = db.prepare<unknown[], number>('SELECT id FROM steps ORDER BY position').pluck().all();
    const insert = db.prepare(
      `INSERT INTO observations (session_id, visit, step_id, outcome, seconds, errors, ease, retold, handoffs, wait_days, channel_switches)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const outcomes = ['completed', 'completed', 'completed', 'helped', 'failed', 'abandoned', 'skipped'];
    for (let s = 0; s * perSession < observations; s++) {
      const pid = Number(participant.run(`P-${s + 1}`).lastInsertRowid);
      consent.run(pid);
      const sid = Number(session.run(`S-${s + 1}`, pid).lastInsertRowid);
      for (let v = 1; v <= perSession && s * perSession + v <= observations; v++) {
        insert.run(
          sid,
          v,
          stepIds[(s * perSession + v) % steps],
          r.pick(outcomes),
          Math.round(r.lognormal(500, 0.6)),
          r.chance(0.3) ? 1 : 0,
          r.int(1, 7),
          r.chance(0.3) ? 1 : 0,
          r.chance(0.2) ? 1 : 0,
          r.int(0, 14),
          r.chance(0.2) ? 1 : 0,
        );
      }
    }
  })();
}

/**
 * The reference the score benchmark compares against: the same event counts per resident and then
 * per step, as one plain GROUP BY over the observations (no consent filter, no statistics).
 */
export const referenceStepCountsSql = `SELECT step_id, count(*), sum(nc), sum(ot), sum(er), sum(hr), sum(rt), sum(ho), sum(lw), sum(cs) FROM (
  SELECT o.step_id, s.participant_id,
    max(o.outcome IN ('helped','failed','abandoned')) AS nc, max(o.seconds > st.target_seconds) AS ot, max(o.errors >= 1) AS er, max(o.ease <= 4) AS hr,
    max(o.retold >= 1) AS rt, max(o.handoffs >= 1) AS ho, max(o.wait_days > st.wait_norm_days) AS lw, max(o.channel_switches >= 1) AS cs
  FROM observations o JOIN sessions s ON s.id = o.session_id JOIN steps st ON st.id = o.step_id WHERE o.outcome != 'skipped'
  GROUP BY o.step_id, s.participant_id) GROUP BY step_id;`;

/** Run the reference query in-process. */
export function referenceStepCounts(db: Db): unknown[] {
  return db.prepare(referenceStepCountsSql).all();
}

/**
 * `quotes` quotes, ten per session of fillObservations' sessions, each with one child code of a
 * two-level codebook (`children[i]` under `parents[i % parents.length]`); `text` writes each quote.
 */
export function fillQuotes(
  db: Db,
  quotes: number,
  codebook: { parents: string[]; children: string[] },
  text: (i: number) => string,
  r: Draw,
): void {
  db.transaction(() => {
    const tag = db.prepare('INSERT INTO tags (name, parent_id) VALUES (?, ?)');
    const parentIds = codebook.parents.map((p) => Number(tag.run(p, null).lastInsertRowid));
    const childIds = codebook.children.map((c, i) =>
      Number(tag.run(c, parentIds[i % parentIds.length]).lastInsertRowid),
    );
    const steps = db.prepare<[], number>('SELECT id FROM steps ORDER BY position').pluck().all();
    const quote = db.prepare('INSERT INTO quotes (code, session_id, step_id, text) VALUES (?, ?, ?, ?)');
    const coded = db.prepare('INSERT INTO quote_tags (quote_id, tag_id, position) VALUES (?, ?, ?)');
    for (let i = 0; i < quotes; i++) {
      const id = Number(
        quote.run(`Q-${i + 1}`, Math.floor(i / 10) + 1, steps[i % steps.length], text(i)).lastInsertRowid,
      );
      coded.run(id, r.pick(childIds), 1);
    }
  })();
}

/** The reference the search benchmark compares against: a plain scan of every quote's text. */
export function scanQuotes(db: Db): (pattern: string) => number {
  const scan = db.prepare<[string], number>('SELECT count(*) FROM quotes WHERE text LIKE ?').pluck();
  return (pattern) => scan.get(pattern) ?? 0;
}

/** The studio benchmark's read-back: the error count of a session's first visit, as another connection sees it. */
export function firstVisitErrors(db: Db, session: string): () => number | null {
  const read = db
    .prepare<[string], number | null>(
      'SELECT o.errors FROM observations o JOIN sessions s ON s.id = o.session_id WHERE s.code = ? AND o.visit = 1',
    )
    .pluck();
  return () => read.get(session) ?? null;
}

/** The studio benchmark's reference: the smallest write there is, one row in its own transaction. */
export function insertScratchRow(db: Db): (i: number) => void {
  db.exec('CREATE TABLE IF NOT EXISTS bench_scratch (i INTEGER) STRICT');
  const insert = db.prepare('INSERT INTO bench_scratch (i) VALUES (?)');
  return (i) => void insert.run(i);
}
