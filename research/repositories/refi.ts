/**
 * What REFI-QDA exchange (scripts/app/refi/) reads from and writes to the store.
 *
 * Consent is decided by the repository's own rules: sessions and observation notes with
 * `consentCovers('analysis')`; quotes through `evidenceQuotes(…, 'quote_internal')`, as the
 * publication gate gives the team its quotes.
 */
import { consentCovers } from '../consent-sql';
import type { Db } from '../db';

/** A session whose data consent lets the team analyse, with its participant's pseudonym and segments. */
export interface RefiSession {
  session: string;
  study: string;
  procedure: string;
  procedureTitle: string;
  versionId: number;
  kind: 'interview' | 'walkthrough' | 'roleplay';
  date: string;
  researcher: string | null;
  mode: string | null;
  /** The participant's pseudonymous code; null for a staff role-play. */
  participant: string | null;
  age_band: string | null;
  household: string | null;
  digital_skills: string | null;
  language: string | null;
}

/** Sessions (of one study, or all) that consent covers for analysis today, in code order. */
export function refiSessions(db: Db, studyId?: number): RefiSession[] {
  return db
    .prepare<unknown[], RefiSession>(
      `SELECT s.code AS session, st.code AS study, pr.slug AS procedure, v.title AS procedureTitle, st.version_id AS versionId, s.kind, s.date,
         s.researcher, s.mode, p.code AS participant, p.age_band, p.household, p.digital_skills, p.language
       FROM sessions s JOIN studies st ON st.id = s.study_id JOIN procedure_versions v ON v.id = st.version_id
       JOIN procedures pr ON pr.id = v.procedure_id LEFT JOIN participants p ON p.id = s.participant_id
       WHERE ${studyId === undefined ? '' : 's.study_id = ? AND '}${consentCovers('analysis', 's')}
       ORDER BY s.code`,
    )
    .all(...(studyId === undefined ? [] : [studyId]));
}

/** An observation's note, as a researcher wrote it during a walkthrough. */
export interface RefiNote {
  session: string;
  visit: number;
  step: string;
  note: string;
}

/** The observation notes of sessions consent covers for analysis, in session and visit order. */
export function refiNotes(db: Db, studyId?: number): RefiNote[] {
  return db
    .prepare<unknown[], RefiNote>(
      `SELECT s.code AS session, o.visit, sp.slug AS step, o.note
       FROM observations o JOIN sessions s ON s.id = o.session_id JOIN steps sp ON sp.id = o.step_id
       WHERE o.note IS NOT NULL AND trim(o.note) <> '' AND ${studyId === undefined ? '' : 's.study_id = ? AND '}${consentCovers('analysis', 's')}
       ORDER BY s.code, o.visit`,
    )
    .all(...(studyId === undefined ? [] : [studyId]));
}

/** A code of the codebook: a tag, with its description and the tag it sits under. */
export interface CodebookTag {
  id: number;
  name: string;
  description: string | null;
  parentId: number | null;
}

/** The whole codebook, by name. */
export function codebookTags(db: Db): CodebookTag[] {
  return db
    .prepare<[], CodebookTag>('SELECT id, name, description, parent_id AS parentId FROM tags ORDER BY name')
    .all();
}

/** The ids of quotes by code (codes not in the store are left out). */
export function quoteIds(db: Db, codes: readonly string[]): Map<string, number> {
  const id = db.prepare<[string], number>('SELECT id FROM quotes WHERE code = ?').pluck();
  return new Map(codes.flatMap((c) => (id.get(c) === undefined ? [] : [[c, id.get(c)!] as [string, number]])));
}

/** Add a code to the codebook; returns its id. */
export function insertTag(db: Db, name: string, description: string | null, parentId: number | null): number {
  return Number(
    db.prepare('INSERT INTO tags (name, description, parent_id) VALUES (?, ?, ?)').run(name, description, parentId)
      .lastInsertRowid,
  );
}

/** Set what a code of the codebook says about itself: its description and the code it sits under. */
export function updateTag(db: Db, id: number, description: string | null, parentId: number | null): void {
  db.prepare('UPDATE tags SET description = ?, parent_id = ? WHERE id = ?').run(description, parentId, id);
}

/** Tag a quote with a code, after its other tags; false when it had the code already. */
export function addQuoteTag(db: Db, quoteId: number, tagId: number): boolean {
  return (
    db
      .prepare(
        `INSERT INTO quote_tags (quote_id, tag_id, position)
         SELECT @quote, @tag, coalesce(max(position) + 1, 0) FROM quote_tags WHERE quote_id = @quote
         ON CONFLICT DO NOTHING`,
      )
      .run({ quote: quoteId, tag: tagId }).changes > 0
  );
}
