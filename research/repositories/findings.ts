/**
 * Findings (an insight backed by evidence) and fixes (a proposed change to a step, with its
 * status). Findings link to the quotes that support them; erasing a participant removes those
 * links with the quotes.
 */
import type { Db } from '../db';
import { DrempelError, NotFoundError } from '../errors';
import { upsertSql } from '../sql';

export const findingStatuses = ['open', 'accepted', 'rejected'] as const;
export const fixStatuses = ['proposed', 'planned', 'in progress', 'done', 'dropped'] as const;
export type FindingStatus = (typeof findingStatuses)[number];
export type FixStatus = (typeof fixStatuses)[number];

export interface Finding {
  finding: string;
  study: string | null;
  step: string | null;
  statement: string;
  status: FindingStatus;
  evidence: string[];
}

export interface Fix {
  fix: string;
  finding: string | null;
  step: string | null;
  proposal: string;
  status: FixStatus;
}

/** The step of a study's procedure version with this slug, or an error naming the known ones. */
function stepId(db: Db, study: string | null, step: string | null): number | null {
  if (!step) return null;
  if (!study) throw new DrempelError(`a finding or fix at step "${step}" needs a study, to know the procedure version`);
  const id = db
    .prepare<unknown[], number>(
      'SELECT sp.id FROM steps sp JOIN studies st ON st.version_id = sp.version_id WHERE st.code = ? AND sp.slug = ?',
    )
    .pluck()
    .get(study, step);
  if (id === undefined) throw new NotFoundError('step', `${step} (in the procedure of study ${study})`);
  return id;
}

function studyId(db: Db, study: string | null): number | null {
  if (!study) return null;
  const id = db.prepare<unknown[], number>('SELECT id FROM studies WHERE code = ?').pluck().get(study);
  if (id === undefined) throw new NotFoundError('study', study);
  return id;
}

/** Record a finding (or update it by code), with the quotes that are its evidence. */
export function saveFinding(db: Db, f: Omit<Finding, 'evidence'> & { evidence?: string[] }): void {
  db.transaction(() => {
    db.prepare(
      upsertSql('findings', ['code'], ['study_id', 'step_id', 'statement', 'status'], undefined, { positional: true }),
    ).run(f.finding, studyId(db, f.study), stepId(db, f.study, f.step), f.statement, f.status);
    const id = db.prepare('SELECT id FROM findings WHERE code = ?').pluck().get(f.finding) as number;
    if (f.evidence) {
      db.prepare('DELETE FROM finding_evidence WHERE finding_id = ?').run(id);
      const link = db.prepare('INSERT INTO finding_evidence (finding_id, quote_id) VALUES (?, ?)');
      for (const q of f.evidence) {
        const quote = db.prepare<unknown[], number>('SELECT id FROM quotes WHERE code = ?').pluck().get(q);
        if (quote === undefined) throw new NotFoundError('quote', q);
        link.run(id, quote);
      }
    }
  })();
}

export function listFindings(db: Db): Finding[] {
  const rows = db
    .prepare<unknown[], Omit<Finding, 'evidence'> & { id: number }>(
      `SELECT f.id, f.code AS finding, st.code AS study, sp.slug AS step, f.statement, f.status FROM findings f
       LEFT JOIN studies st ON st.id = f.study_id LEFT JOIN steps sp ON sp.id = f.step_id ORDER BY f.code`,
    )
    .all();
  const evidence = db
    .prepare(
      'SELECT q.code FROM finding_evidence e JOIN quotes q ON q.id = e.quote_id WHERE e.finding_id = ? ORDER BY q.code',
    )
    .pluck();
  return rows.map(({ id, ...f }) => ({ ...f, evidence: evidence.all(id) as string[] }));
}

/** Propose a fix (or update it by code). */
export function saveFix(db: Db, fix: Fix & { study?: string | null }): void {
  const finding = fix.finding
    ? db.prepare<unknown[], number>('SELECT id FROM findings WHERE code = ?').pluck().get(fix.finding)
    : null;
  if (fix.finding && finding === undefined) throw new NotFoundError('finding', fix.finding);
  const study =
    fix.study ??
    (fix.finding
      ? (db
          .prepare('SELECT st.code FROM findings f JOIN studies st ON st.id = f.study_id WHERE f.code = ?')
          .pluck()
          .get(fix.finding) as string | null)
      : null);
  db.prepare(
    upsertSql('fixes', ['code'], ['finding_id', 'step_id', 'proposal', 'status'], undefined, { positional: true }),
  ).run(fix.fix, finding ?? null, stepId(db, study ?? null, fix.step), fix.proposal, fix.status);
}

export function setFixStatus(db: Db, code: string, status: FixStatus): void {
  if (db.prepare('UPDATE fixes SET status = ? WHERE code = ?').run(status, code).changes === 0)
    throw new NotFoundError('fix', code);
}

export function listFixes(db: Db): Fix[] {
  return db
    .prepare<unknown[], Fix>(
      `SELECT x.code AS fix, f.code AS finding, sp.slug AS step, x.proposal, x.status FROM fixes x
       LEFT JOIN findings f ON f.id = x.finding_id LEFT JOIN steps sp ON sp.id = x.step_id ORDER BY x.code`,
    )
    .all();
}
