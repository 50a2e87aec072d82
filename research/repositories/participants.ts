/**
 * A participant's rights: erasure on withdrawal or when retention ends, and access (everything
 * held about one participant). Erasure deletes the participant, their consents, sessions,
 * observations, quotes and the tags only their quotes used, in one transaction; overwrites the
 * freed pages (secure_delete); writes an audit entry with counts only (no code, no text); and
 * adds the participant to the erasure ledger (a keyed hash of the code, never the code), which
 * `restore` re-applies and imports consult.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { DrempelError, NotFoundError } from '../errors';
import { appendLedgerFile, type LedgerLine } from '../ledger-file';
import { appendAudit } from './audit';
import { deleteUnusedTags, splitTags, tagsOf } from './tags';

export interface ErasureCounts {
  participants: number;
  consents: number;
  sessions: number;
  observations: number;
  quotes: number;
  /** The researchers' notes of their sessions. */
  notes: number;
  /** Codebook tags that only the erased participants' quotes used. */
  tags: number;
  /** Events of imported event logs whose case is one of their sessions (a log exported and imported again). */
  events: number;
}

function participantId(db: Db, code: string): number {
  const id = db
    .prepare<unknown[], number>('SELECT id FROM participants WHERE code = ?')
    .pluck()
    .get(code.toUpperCase());
  if (id === undefined) {
    const erasedAt = erasedCodes(db)(code);
    if (erasedAt)
      throw new DrempelError(
        `participant ${code.toUpperCase()} was already erased on ${erasedAt.slice(0, 10)}: nothing about them is held`,
      );
    throw new NotFoundError(
      'participant',
      code,
      'Participant codes look like P-014; `drempel export participants` lists them.',
    );
  }
  return id;
}

function countsFor(db: Db, ids: number[]): ErasureCounts {
  const list = ids.join(',') || 'NULL';
  const one = (sql: string) => db.prepare(sql).pluck().get() as number;
  return {
    participants: ids.length,
    consents: one(`SELECT count(*) FROM consents WHERE participant_id IN (${list})`),
    sessions: one(`SELECT count(*) FROM sessions WHERE participant_id IN (${list})`),
    observations: one(
      `SELECT count(*) FROM observations WHERE session_id IN (SELECT id FROM sessions WHERE participant_id IN (${list}))`,
    ),
    quotes: one(
      `SELECT count(*) FROM quotes WHERE session_id IN (SELECT id FROM sessions WHERE participant_id IN (${list}))`,
    ),
    notes: one(
      `SELECT count(*) FROM session_notes WHERE session_id IN (SELECT id FROM sessions WHERE participant_id IN (${list}))`,
    ),
    // The tags that would go with them: used only by their quotes, and not the team's own codes
    // (described, or with codes under them), as deleteUnusedTags decides.
    tags: one(
      `SELECT count(DISTINCT qt.tag_id) FROM quote_tags qt JOIN quotes q ON q.id = qt.quote_id
       JOIN sessions s ON s.id = q.session_id JOIN tags t ON t.id = qt.tag_id
       WHERE s.participant_id IN (${list}) AND t.description IS NULL
         AND NOT EXISTS (SELECT 1 FROM tags c WHERE c.parent_id = t.id)
         AND NOT EXISTS (SELECT 1 FROM quote_tags o JOIN quotes q2 ON q2.id = o.quote_id JOIN sessions s2 ON s2.id = q2.session_id
           WHERE o.tag_id = t.id AND (s2.participant_id IS NULL OR s2.participant_id NOT IN (${list})))`,
    ),
    events: one(
      `SELECT count(*) FROM events WHERE case_id IN (SELECT code FROM sessions WHERE participant_id IN (${list}))`,
    ),
  };
}

/** The ledger's key, made on first use: 32 random bytes kept in the store (and in its backups). */
function ledgerKey(db: Db): { id: number; secret: Buffer } {
  const key = db
    .prepare<unknown[], { id: number; secret: Buffer }>('SELECT id, secret FROM erasure_keys ORDER BY id LIMIT 1')
    .get();
  if (key) return key;
  const secret = randomBytes(32);
  const id = Number(db.prepare('INSERT INTO erasure_keys (secret) VALUES (?)').run(secret).lastInsertRowid);
  return { id, secret };
}

export const codeDigest = (secret: Buffer, code: string) =>
  createHmac('sha256', secret).update(code.toUpperCase()).digest('hex');

/** A lookup: the date a participant code was erased, or undefined. Build it once per import. */
export function erasedCodes(db: Db): (code: string) => string | undefined {
  const keys = db.prepare<unknown[], { id: number; secret: Buffer }>('SELECT id, secret FROM erasure_keys').all();
  const find = db.prepare('SELECT erased_at FROM erasures WHERE key_id = ? AND digest = ?').pluck();
  return (code) => {
    for (const k of keys) {
      const at = find.get(k.id, codeDigest(k.secret, code)) as string | undefined;
      if (at) return at;
    }
    return undefined;
  };
}

/** Participants present although the ledger says they were erased (a restore gone wrong, or a hand edit). */
export function erasedButPresent(db: Db): { participantId: number; erasedAt: string }[] {
  const isErased = erasedCodes(db);
  return db
    .prepare<unknown[], { id: number; code: string }>('SELECT id, code FROM participants ORDER BY code')
    .all()
    .flatMap((p) => {
      const at = isErased(p.code);
      return at ? [{ participantId: p.id, erasedAt: at }] : [];
    });
}

function erase(db: Db, ids: number[], at: string, reason: string): ErasureCounts {
  const lines: LedgerLine[] = [];
  const counts = db
    .transaction(() => {
      const c = countsFor(db, ids);
      const list = ids.join(',') || 'NULL';
      const codes = db.prepare<unknown[], string>(`SELECT code FROM participants WHERE id IN (${list})`).pluck().all();
      // Tags their quotes used: a tag is free text too, so one that nobody else uses goes with them.
      const tags = db
        .prepare<unknown[], number>(
          `SELECT DISTINCT qt.tag_id FROM quote_tags qt JOIN quotes q ON q.id = qt.quote_id JOIN sessions s ON s.id = q.session_id WHERE s.participant_id IN (${list})`,
        )
        .pluck()
        .all();
      // An event log exported from drempel and imported again names sessions as its cases: those go too.
      const logs = db
        .prepare<unknown[], number>(
          `SELECT DISTINCT log_id FROM events WHERE case_id IN (SELECT code FROM sessions WHERE participant_id IN (${list}))`,
        )
        .pluck()
        .all();
      db.prepare(
        `DELETE FROM events WHERE case_id IN (SELECT code FROM sessions WHERE participant_id IN (${list}))`,
      ).run();
      const recount = db.prepare(
        'UPDATE event_logs SET events = (SELECT count(*) FROM events WHERE log_id = ?), cases = (SELECT count(DISTINCT case_id) FROM events WHERE log_id = ?) WHERE id = ?',
      );
      for (const log of logs) recount.run(log, log, log);
      const del = db.prepare('DELETE FROM participants WHERE id = ?'); // consents, sessions, observations, quotes cascade
      for (const id of ids) del.run(id);
      c.tags = deleteUnusedTags(db, tags);
      const key = ledgerKey(db);
      const ledger = db.prepare(
        'INSERT INTO erasures (key_id, digest, erased_at, reason) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      );
      for (const code of codes) ledger.run(key.id, codeDigest(key.secret, code), at, reason);
      lines.push(
        ...codes.map((code) => ({
          key: key.secret.toString('hex'),
          digest: codeDigest(key.secret, code),
          erasedAt: at,
          reason,
        })),
      );
      appendAudit(db, {
        at,
        action: 'erase',
        kind: 'participants',
        deleted: c.participants,
        detail: `${reason}: ${c.consents} consents, ${c.sessions} sessions, ${c.observations} observations, ${c.quotes} quotes, ${c.notes} notes, ${c.tags} tags, ${c.events} log events`,
      });
      return c;
    })
    .immediate();
  // The whole file rebuilt: free pages of a file written before every connection overwrote what
  // it freed (or by another tool) may still hold their old text. Then the WAL, which would
  // otherwise keep the erased pages, is emptied.
  if (!db.memory) db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  appendLedgerFile(db.name, lines);
  return counts;
}

/** Consent withdrawn: erase everything about one participant. */
export function withdrawConsent(db: Db, code: string, at: string): ErasureCounts {
  return erase(db, [participantId(db, code)], at, 'consent withdrawn');
}

/** What `withdrawConsent` would erase, without erasing (a dry run). */
export function erasureCounts(db: Db, code: string): ErasureCounts {
  return countsFor(db, [participantId(db, code)]);
}

/** Erase participants by id (restore re-applying the ledger). */
export function eraseParticipants(db: Db, ids: number[], at: string, reason: string): ErasureCounts {
  return erase(db, ids, at, reason);
}

/** Participants whose retention has ended on `today`: every consent has a retain_until before it. */
export function expiredParticipants(db: Db, today: string): string[] {
  return db
    .prepare<unknown[], string>(
      `SELECT p.code FROM participants p WHERE EXISTS (SELECT 1 FROM consents c WHERE c.participant_id = p.id)
       AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.participant_id = p.id AND (c.retain_until IS NULL OR c.retain_until >= ?))
       ORDER BY p.code`,
    )
    .pluck()
    .all(today);
}

export function purgeExpired(db: Db, today: string, at: string): ErasureCounts {
  const codes = expiredParticipants(db, today);
  if (!codes.length)
    return { participants: 0, consents: 0, sessions: 0, observations: 0, quotes: 0, notes: 0, tags: 0, events: 0 };
  return erase(
    db,
    codes.map((c) => participantId(db, c)),
    at,
    `retention ended before ${today}`,
  );
}

/** Everything held about one participant, for an access request (AVG art. 15). */
export function participantRecord(db: Db, code: string): Record<string, unknown> {
  const id = participantId(db, code);
  const participant = db
    .prepare('SELECT code AS participant, age_band, household, digital_skills, language FROM participants WHERE id = ?')
    .get(id);
  const consents = db
    .prepare(
      'SELECT given_on, analysis, quote_internal, quote_public, recording, retain_until, withdrawn_on FROM consents WHERE participant_id = ? ORDER BY given_on',
    )
    .all(id);
  const sessions = db
    .prepare<unknown[], { id: number }>(
      `SELECT s.id, s.code AS session, st.code AS study, st.title AS study_title, s.kind, s.date, s.researcher, s.mode
       FROM sessions s JOIN studies st ON st.id = s.study_id WHERE s.participant_id = ? ORDER BY s.date, s.code`,
    )
    .all(id)
    .map(({ id: sid, ...s }) => ({
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
      quotes: db
        .prepare<unknown[], { tags: string | null }>(
          `SELECT q.code AS quote, sp.slug AS step, q.text, q.note,
           ${tagsOf('q.id')} AS tags, q.at
         FROM quotes q LEFT JOIN steps sp ON sp.id = q.step_id WHERE q.session_id = ? ORDER BY q.code`,
        )
        .all(sid)
        .map((q) => ({ ...q, tags: splitTags(q.tags) })),
      notes: db
        .prepare(
          `SELECT n.code AS note, n.at, sp.slug AS step, n.text
         FROM session_notes n LEFT JOIN steps sp ON sp.id = n.step_id WHERE n.session_id = ? ORDER BY n.code`,
        )
        .all(sid),
    }));
  const events = db
    .prepare<unknown[], { ts_ms: number }>(
      `SELECT l.name AS log, e.case_id AS "case", e.activity, e.ts_ms, e.resource, e.grp AS "group" FROM events e JOIN event_logs l ON l.id = e.log_id
       WHERE e.case_id IN (SELECT code FROM sessions WHERE participant_id = ?) ORDER BY l.name, e.position`,
    )
    .all(id);
  return {
    participant,
    consents,
    sessions,
    eventLogEvents: events.map(({ ts_ms, ...e }) => ({ ...e, timestamp: new Date(ts_ms).toISOString() })),
  };
}
