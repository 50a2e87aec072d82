/** Quotes as evidence, filtered by what consent allows for the audience. */
import { consentCovers } from '../consent-sql';
import type { Db } from '../db';
import { NotFoundError } from '../errors';
import { appendAudit } from './audit';
import { forgetStudioUndo } from './studio';
import { deleteUnusedTags, splitTags, tagIds, tagsOf } from './tags';

export interface EvidenceQuote {
  quote: string;
  session: string;
  kind: string;
  step: string | null;
  text: string;
  tags: string[];
  /** The participant's internal id (never published): to find how that resident fared at the step. */
  participant: number | null;
}

/**
 * Quotes of a study's sessions that consent allows for `scope`: `quote_internal` for the team,
 * `quote_public` for the public site. A staff role-play has no participant: its quotes are
 * internal by default and never public.
 */
export function evidenceQuotes(db: Db, studyId: number, scope: 'quote_internal' | 'quote_public'): EvidenceQuote[] {
  const roleplay = scope === 'quote_public' ? 's.participant_id IS NOT NULL AND ' : '';
  const rows = db
    .prepare<unknown[], Omit<EvidenceQuote, 'tags'> & { tags: string | null }>(
      `SELECT q.code AS quote, s.code AS session, s.kind, st.slug AS step, q.text, s.participant_id AS participant,
         ${tagsOf('q.id')} AS tags
       FROM quotes q JOIN sessions s ON s.id = q.session_id LEFT JOIN steps st ON st.id = q.step_id
       WHERE s.study_id = ? AND ${roleplay}${consentCovers(scope, 's')} AND ${consentCovers('analysis', 's')}
       ORDER BY q.code`,
    )
    .all(studyId);
  return rows.map((r) => ({ ...r, tags: splitTags(r.tags) }));
}

/** How one resident fared at one step of a study: their observed visits, as scoring reads them. */
export interface ResidentVisit {
  participant: number;
  step: string;
  outcome: 'completed' | 'helped' | 'failed' | 'abandoned' | 'skipped';
  errors: number | null;
  ease: number | null;
}

/** Every visit of a step by a participant in the study's sessions (staff role-plays have none). */
export function residentVisits(db: Db, studyId: number): ResidentVisit[] {
  return db
    .prepare<[number], ResidentVisit>(
      `SELECT s.participant_id AS participant, st.slug AS step, o.outcome, o.errors, o.ease
       FROM observations o JOIN sessions s ON s.id = o.session_id JOIN steps st ON st.id = o.step_id
       WHERE s.study_id = ? AND s.participant_id IS NOT NULL AND ${consentCovers('analysis', 's')}
       ORDER BY o.id`,
    )
    .all(studyId);
}

export interface QuoteText {
  id: number;
  code: string;
  text: string;
  note: string | null;
  /** Its tags, in order. */
  tags: string[];
}

const quoteTextSql = `SELECT q.id, q.code, q.text, q.note,
  ${tagsOf('q.id', 'json')} AS tags
  FROM quotes q`;
const quoteText = (r: Omit<QuoteText, 'tags'> & { tags: string }): QuoteText => ({
  ...r,
  tags: JSON.parse(r.tags) as string[],
});

/** The free text of one quote (by code) or of every quote, for `drempel quotes redact`. */
export function quoteTexts(db: Db, code?: string): QuoteText[] {
  type Row = Omit<QuoteText, 'tags'> & { tags: string };
  if (code === undefined) return db.prepare<[], Row>(`${quoteTextSql} ORDER BY q.code`).all().map(quoteText);
  const q = db.prepare<[string], Row>(`${quoteTextSql} WHERE q.code = ?`).get(code.toUpperCase());
  if (!q) throw new NotFoundError('quote', code, 'See `drempel export quotes`.');
  return [quoteText(q)];
}

/**
 * Store redacted quotes, in one transaction, audited by count: the text and note as given, and
 * without the tags in `dropTags` (a tag that is a name is no code; it goes from the codebook when
 * no other quote uses it). Freed pages are overwritten (secure_delete, on every connection) and
 * the WAL is checkpointed, so the original text does not linger in the file.
 */
export function saveRedactedQuotes(db: Db, quotes: (QuoteText & { dropTags?: string[] })[], at: string): void {
  const update = db.prepare('UPDATE quotes SET text = ?, note = ? WHERE id = ?');
  const unlink = db.prepare(
    'DELETE FROM quote_tags WHERE quote_id = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)',
  );
  db.transaction(() => {
    for (const q of quotes) {
      update.run(q.text, q.note, q.id);
      for (const t of q.dropTags ?? []) unlink.run(q.id, t);
    }
    // A tag that is a name goes from the codebook once no quote has it.
    const dropped = [...new Set(quotes.flatMap((q) => q.dropTags ?? []))];
    deleteUnusedTags(db, tagIds(db, dropped), { personalData: true });
    appendAudit(db, { at, action: 'redact', kind: 'quotes', updated: quotes.length });
    forgetStudioUndo(db);
  }).immediate();
  db.pragma('wal_checkpoint(TRUNCATE)');
}

export interface NoteText {
  id: number;
  session: string;
  visit: number;
  note: string;
}

/** The notes of every observation (or one session's), for `drempel notes redact`. */
export function observationNotes(db: Db, session?: string): NoteText[] {
  const sql = `SELECT o.id, s.code AS session, o.visit, o.note FROM observations o JOIN sessions s ON s.id = o.session_id
    WHERE o.note IS NOT NULL ${session === undefined ? '' : 'AND s.code = ?'} ORDER BY s.code, o.visit`;
  if (session !== undefined && !db.prepare('SELECT 1 FROM sessions WHERE code = ?').get(session))
    throw new NotFoundError('session', session, 'See `drempel export sessions`.');
  return db.prepare<unknown[], NoteText>(sql).all(...(session === undefined ? [] : [session]));
}

/** Store redacted observation notes, as saveRedactedQuotes does for quotes. */
export function saveRedactedNotes(db: Db, notes: NoteText[], at: string): void {
  const update = db.prepare('UPDATE observations SET note = ? WHERE id = ?');
  db.transaction(() => {
    for (const n of notes) update.run(n.note, n.id);
    appendAudit(db, { at, action: 'redact', kind: 'observations', updated: notes.length });
    forgetStudioUndo(db);
  }).immediate();
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/** A researcher's note of a session (the notes file), for `drempel notes redact`. */
export interface SessionNoteText {
  id: number;
  session: string;
  code: string;
  note: string;
}

/** The researchers' notes of every session (or of one), for `drempel notes redact`. */
export function sessionNoteTexts(db: Db, session?: string): SessionNoteText[] {
  const sql = `SELECT n.id, s.code AS session, n.code, n.text AS note FROM session_notes n JOIN sessions s ON s.id = n.session_id
    ${session === undefined ? '' : 'WHERE s.code = ?'} ORDER BY s.code, n.code`;
  return db.prepare<unknown[], SessionNoteText>(sql).all(...(session === undefined ? [] : [session]));
}

/** Store redacted session notes, as saveRedactedNotes does for observation notes. */
export function saveRedactedSessionNotes(db: Db, notes: SessionNoteText[], at: string): void {
  const update = db.prepare('UPDATE session_notes SET text = ? WHERE id = ?');
  db.transaction(() => {
    for (const n of notes) update.run(n.note, n.id);
    appendAudit(db, { at, action: 'redact', kind: 'notes', updated: notes.length });
    forgetStudioUndo(db);
  }).immediate();
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/** The words of a study's quotes the team may read today, by quote code: a finding's evidence as said. */
export function teamQuoteWords(db: Db, studyId: number): Map<string, string> {
  return new Map(evidenceQuotes(db, studyId, 'quote_internal').map((q) => [q.quote, q.text]));
}
