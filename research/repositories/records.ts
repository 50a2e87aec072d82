/**
 * Deleting what an import put in by mistake: a study, a session, one observation or a quote,
 * with everything that hangs on it, in one transaction, audited by counts (never by code: a
 * session code outlives its participant in an append-only log). Freed pages are overwritten
 * (secure_delete) and the WAL is checkpointed, as with an erasure, because a session imported
 * for the wrong person is personal data that should not linger in the file.
 *
 * This is not an erasure: the participant stays, and a backup restored later brings the rows
 * back. To remove a person, withdraw their consent (participants.ts), which the ledger remembers.
 */
import type { Db } from '../db';
import { NotFoundError } from '../errors';
import { appendAudit } from './audit';
import { deleteUnusedTags } from './tags';

export const deletableKinds = ['study', 'session', 'observation', 'quote'] as const;
export type DeletableKind = (typeof deletableKinds)[number];

export interface DeleteCounts {
  studies: number;
  sessions: number;
  observations: number;
  quotes: number;
  /** Findings of a deleted study, and evidence links of deleted quotes. */
  findings: number;
  evidence: number;
  /** Events of re-imported event logs whose case is a deleted session. */
  events: number;
}

/** Where the rows to delete are: one WHERE clause per table, all keyed on the target's ids. */
interface Target {
  studies: string;
  sessions: string;
  observations: string;
  quotes: string;
}

function target(db: Db, kind: DeletableKind, key: string, visit?: number): { where: Target; params: unknown[] } {
  const one = (sql: string, ...params: unknown[]) =>
    db
      .prepare<unknown[], number>(sql)
      .pluck()
      .get(...params);
  switch (kind) {
    case 'study': {
      const id = one('SELECT id FROM studies WHERE code = ?', key);
      if (id === undefined) throw new NotFoundError('study', key, 'See `drempel export studies`.');
      const sessions = 'session_id IN (SELECT id FROM sessions WHERE study_id = ?)';
      return {
        where: { studies: 'id = ?', sessions: 'study_id = ?', observations: sessions, quotes: sessions },
        params: [id],
      };
    }
    case 'session': {
      const id = one('SELECT id FROM sessions WHERE code = ?', key);
      if (id === undefined) throw new NotFoundError('session', key, 'See `drempel export sessions`.');
      return {
        where: {
          studies: '0 AND ? IS NULL',
          sessions: 'id = ?',
          observations: 'session_id = ?',
          quotes: 'session_id = ?',
        },
        params: [id],
      };
    }
    case 'observation': {
      const id = one(
        'SELECT o.id FROM observations o JOIN sessions s ON s.id = o.session_id WHERE s.code = ? AND o.visit = ?',
        key,
        visit,
      );
      if (id === undefined)
        throw new NotFoundError(
          'observation',
          `${key} visit ${visit}`,
          `See \`drempel export observations\` for the visits of ${key}.`,
        );
      return {
        where: {
          studies: '0 AND ? IS NULL',
          sessions: '0 AND ? IS NULL',
          observations: 'id = ?',
          quotes: '0 AND ? IS NULL',
        },
        params: [id],
      };
    }
    case 'quote': {
      const id = one('SELECT id FROM quotes WHERE code = ?', key);
      if (id === undefined) throw new NotFoundError('quote', key, 'See `drempel export quotes`.');
      return {
        where: {
          studies: '0 AND ? IS NULL',
          sessions: '0 AND ? IS NULL',
          observations: '0 AND ? IS NULL',
          quotes: 'id = ?',
        },
        params: [id],
      };
    }
  }
}

function count(db: Db, t: { where: Target; params: unknown[] }): DeleteCounts {
  const n = (sql: string) =>
    db
      .prepare(sql)
      .pluck()
      .get(...t.params) as number;
  const quotes = `SELECT id FROM quotes WHERE ${t.where.quotes}`;
  return {
    studies: n(`SELECT count(*) FROM studies WHERE ${t.where.studies}`),
    sessions: n(`SELECT count(*) FROM sessions WHERE ${t.where.sessions}`),
    observations: n(`SELECT count(*) FROM observations WHERE ${t.where.observations}`),
    quotes: n(`SELECT count(*) FROM quotes WHERE ${t.where.quotes}`),
    findings: n(`SELECT count(*) FROM findings WHERE study_id IN (SELECT id FROM studies WHERE ${t.where.studies})`),
    evidence: n(`SELECT count(*) FROM finding_evidence WHERE quote_id IN (${quotes})`),
    events: n(`SELECT count(*) FROM events WHERE case_id IN (SELECT code FROM sessions WHERE ${t.where.sessions})`),
  };
}

/**
 * Delete one record and what hangs on it; with `dryRun`, only count. `visit` names an
 * observation within session `key`. Throws NotFoundError when there is no such record.
 */
export function deleteRecord(
  db: Db,
  kind: DeletableKind,
  key: string,
  opts: { at: string; dryRun?: boolean; visit?: number },
): DeleteCounts {
  const t = target(db, kind, key, opts.visit);
  if (opts.dryRun) return count(db, t);
  const counts = db
    .transaction(() => {
      const c = count(db, t);
      const run = (sql: string) => db.prepare(sql).run(...t.params);
      const logs = db
        .prepare<unknown[], number>(
          `SELECT DISTINCT log_id FROM events WHERE case_id IN (SELECT code FROM sessions WHERE ${t.where.sessions})`,
        )
        .pluck()
        .all(...t.params);
      run(`DELETE FROM events WHERE case_id IN (SELECT code FROM sessions WHERE ${t.where.sessions})`);
      const recount = db.prepare(
        'UPDATE event_logs SET events = (SELECT count(*) FROM events WHERE log_id = ?), cases = (SELECT count(DISTINCT case_id) FROM events WHERE log_id = ?) WHERE id = ?',
      );
      for (const log of logs) recount.run(log, log, log);
      const tags = db
        .prepare<unknown[], number>(
          `SELECT DISTINCT tag_id FROM quote_tags WHERE quote_id IN (SELECT id FROM quotes WHERE ${t.where.quotes})`,
        )
        .pluck()
        .all(...t.params);
      run(`DELETE FROM findings WHERE study_id IN (SELECT id FROM studies WHERE ${t.where.studies})`); // evidence cascades; fixes keep, without finding
      // A fix keeps its proposal; what a deleted study measured of it goes with the study.
      run(`DELETE FROM fix_verifications WHERE before_study_id IN (SELECT id FROM studies WHERE ${t.where.studies})`);
      run(`DELETE FROM fix_verifications WHERE after_study_id IN (SELECT id FROM studies WHERE ${t.where.studies})`);
      run(
        `UPDATE fixes SET measure_study_id = NULL WHERE measure_study_id IN (SELECT id FROM studies WHERE ${t.where.studies})`,
      );
      run(`DELETE FROM quotes WHERE ${t.where.quotes}`);
      run(`DELETE FROM observations WHERE ${t.where.observations}`);
      run(`DELETE FROM sessions WHERE ${t.where.sessions}`);
      run(`DELETE FROM studies WHERE ${t.where.studies}`);
      deleteUnusedTags(db, tags);
      appendAudit(db, {
        at: opts.at,
        action: 'delete',
        kind,
        deleted: c.studies + c.sessions + c.observations + c.quotes,
        detail: describeDelete(c),
      });
      return c;
    })
    .immediate();
  db.pragma('wal_checkpoint(TRUNCATE)');
  return counts;
}

export function describeDelete(c: DeleteCounts): string {
  const parts: string[] = [];
  const add = (n: number, one: string, many: string) => n && parts.push(`${n} ${n === 1 ? one : many}`);
  add(c.studies, 'study', 'studies');
  add(c.sessions, 'session', 'sessions');
  add(c.observations, 'observation', 'observations');
  add(c.quotes, 'quote', 'quotes');
  add(c.findings, 'finding', 'findings');
  add(c.evidence, "quote's place as evidence", "quotes' places as evidence");
  add(c.events, 'event-log event', 'event-log events');
  return parts.join(', ') || 'nothing';
}
