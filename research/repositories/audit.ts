/** The append-only audit log: what happened, when, to how many rows. Never personal data. */
import type { Db } from '../db';

export interface AuditEntry {
  at: string;
  action: string;
  kind?: string | null;
  source?: string | null;
  inserted?: number;
  updated?: number;
  unchanged?: number;
  deleted?: number;
  detail?: string | null;
}

export function appendAudit(db: Db, e: AuditEntry): void {
  db.prepare(
    `INSERT INTO audit_log (at, action, kind, source, inserted, updated, unchanged, deleted, detail)
     VALUES (@at, @action, @kind, @source, @inserted, @updated, @unchanged, @deleted, @detail)`,
  ).run({ kind: null, source: null, inserted: 0, updated: 0, unchanged: 0, deleted: 0, detail: null, ...e });
}

export function listAudit(db: Db, limit = 100): (AuditEntry & { id: number })[] {
  return db
    .prepare<unknown[], AuditEntry & { id: number }>('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?')
    .all(limit);
}
