/**
 * A participant's rights: erasure on withdrawal or when retention ends, and access (everything
 * held about one participant). Erasure deletes the participant, their consents, sessions,
 * observations and quotes in one transaction, overwrites the freed pages (secure_delete) and
 * writes an audit entry with counts only: no code, no text.
 */
import type { Db } from '../db';
import { NotFoundError } from '../errors';
import { appendAudit } from './audit';

export interface ErasureCounts {
  participants: number;
  consents: number;
  sessions: number;
  observations: number;
  quotes: number;
}

function participantId(db: Db, code: string): number {
  const id = db.prepare('SELECT id FROM participants WHERE code = ?').pluck().get(code.toUpperCase()) as number | undefined;
  if (id === undefined) throw new NotFoundError('participant', code, 'Participant codes look like P-014; `drempel export participants` lists them.');
  return id;
}

function countsFor(db: Db, ids: number[]): ErasureCounts {
  const list = ids.join(',') || 'NULL';
  const one = (sql: string) => db.prepare(sql).pluck().get() as number;
  return {
    participants: ids.length,
    consents: one(`SELECT count(*) FROM consents WHERE participant_id IN (${list})`),
    sessions: one(`SELECT count(*) FROM sessions WHERE participant_id IN (${list})`),
    observations: one(`SELECT count(*) FROM observations WHERE session_id IN (SELECT id FROM sessions WHERE participant_id IN (${list}))`),
    quotes: one(`SELECT count(*) FROM quotes WHERE session_id IN (SELECT id FROM sessions WHERE participant_id IN (${list}))`),
  };
}

function erase(db: Db, ids: number[], at: string, reason: string): ErasureCounts {
  db.pragma('secure_delete = ON'); // freed pages are overwritten, not left readable in the file
  const counts = db.transaction(() => {
    const c = countsFor(db, ids);
    const del = db.prepare('DELETE FROM participants WHERE id = ?'); // consents, sessions, observations, quotes cascade
    for (const id of ids) del.run(id);
    appendAudit(db, {
      at, action: 'erase', kind: 'participants', deleted: c.participants,
      detail: `${reason}: ${c.consents} consents, ${c.sessions} sessions, ${c.observations} observations, ${c.quotes} quotes`,
    });
    return c;
  }).immediate();
  db.pragma('wal_checkpoint(TRUNCATE)'); // the WAL would otherwise still hold the erased pages
  return counts;
}

/** Consent withdrawn: erase everything about one participant. */
export function withdrawConsent(db: Db, code: string, at: string): ErasureCounts {
  return erase(db, [participantId(db, code)], at, 'consent withdrawn');
}

/** Participants whose retention has ended on `today`: every consent has a retain_until before it. */
export function expiredParticipants(db: Db, today: string): string[] {
  return db
    .prepare(
      `SELECT p.code FROM participants p WHERE EXISTS (SELECT 1 FROM consents c WHERE c.participant_id = p.id)
       AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.participant_id = p.id AND (c.retain_until IS NULL OR c.retain_until >= ?))
       ORDER BY p.code`,
    )
    .pluck()
    .all(today) as string[];
}

export function purgeExpired(db: Db, today: string, at: string): ErasureCounts {
  const codes = expiredParticipants(db, today);
  if (!codes.length) return { participants: 0, consents: 0, sessions: 0, observations: 0, quotes: 0 };
  return erase(db, codes.map((c) => participantId(db, c)), at, `retention ended before ${today}`);
}

/** Everything held about one participant, for an access request (AVG art. 15). */
export function participantRecord(db: Db, code: string): Record<string, unknown> {
  const id = participantId(db, code);
  const participant = db.prepare('SELECT code AS participant, age_band, household, digital_skills, language FROM participants WHERE id = ?').get(id);
  const consents = db.prepare('SELECT given_on, analysis, quote_internal, quote_public, recording, retain_until, withdrawn_on FROM consents WHERE participant_id = ? ORDER BY given_on').all(id);
  const sessions = (db
    .prepare(
      `SELECT s.id, s.code AS session, st.code AS study, st.title AS study_title, s.kind, s.date, s.researcher, s.mode
       FROM sessions s JOIN studies st ON st.id = s.study_id WHERE s.participant_id = ? ORDER BY s.date, s.code`,
    )
    .all(id) as { id: number }[]).map(({ id: sid, ...s }) => ({
    ...s,
    observations: db
      .prepare(
        `SELECT o.visit, sp.slug AS step, sp.title AS step_title, o.outcome, o.seconds, o.errors, o.ease, o.retold, o.handoffs,
           a.slug AS handoff_to, o.wait_days, c.slug AS channel, o.channel_switches, l.slug AS blocked_by, o.note
         FROM observations o JOIN steps sp ON sp.id = o.step_id LEFT JOIN actors a ON a.id = o.handoff_to
         LEFT JOIN channels c ON c.id = o.channel_id LEFT JOIN policy_limits l ON l.id = o.blocked_by
         WHERE o.session_id = ? ORDER BY o.visit`,
      )
      .all(sid),
    quotes: (db
      .prepare(
        `SELECT q.code AS quote, sp.slug AS step, q.text, q.note,
           (SELECT group_concat(t.name, '|') FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id WHERE qt.quote_id = q.id) AS tags
         FROM quotes q LEFT JOIN steps sp ON sp.id = q.step_id WHERE q.session_id = ? ORDER BY q.code`,
      )
      .all(sid) as { tags: string | null }[]).map((q) => ({ ...q, tags: q.tags ? q.tags.split('|') : [] })),
  }));
  return { participant, consents, sessions };
}
