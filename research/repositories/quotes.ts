/** Quotes as evidence, filtered by what consent allows for the audience. */
import { consentCovers } from '../consent-sql';
import type { Db } from '../db';
import { NotFoundError } from '../errors';
import { appendAudit } from './audit';

export interface EvidenceQuote {
  quote: string;
  session: string;
  kind: string;
  step: string | null;
  text: string;
  tags: string[];
}

/**
 * Quotes of a study's sessions that consent allows for `scope`: `quote_internal` for the team,
 * `quote_public` for the public site. A staff role-play has no participant: its quotes are
 * internal by default and never public.
 */
export function evidenceQuotes(db: Db, studyId: number, scope: 'quote_internal' | 'quote_public'): EvidenceQuote[] {
  const roleplay = scope === 'quote_public' ? 's.participant_id IS NOT NULL AND ' : '';
  const rows = db
    .prepare(
      `SELECT q.code AS quote, s.code AS session, s.kind, st.slug AS step, q.text,
         (SELECT group_concat(name, '|') FROM (SELECT t.name FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id WHERE qt.quote_id = q.id ORDER BY qt.position)) AS tags
       FROM quotes q JOIN sessions s ON s.id = q.session_id LEFT JOIN steps st ON st.id = q.step_id
       WHERE s.study_id = ? AND ${roleplay}${consentCovers(scope, 's')} AND ${consentCovers('analysis', 's')}
       ORDER BY q.code`,
    )
    .all(studyId) as (Omit<EvidenceQuote, 'tags'> & { tags: string | null })[];
  return rows.map((r) => ({ ...r, tags: r.tags ? r.tags.split('|') : [] }));
}

export interface QuoteText {
  id: number;
  code: string;
  text: string;
  note: string | null;
}

/** The free text of one quote (by code) or of every quote, for `drempel quotes redact`. */
export function quoteTexts(db: Db, code?: string): QuoteText[] {
  if (code === undefined)
    return db.prepare('SELECT id, code, text, note FROM quotes ORDER BY code').all() as QuoteText[];
  const q = db.prepare('SELECT id, code, text, note FROM quotes WHERE code = ?').get(code.toUpperCase()) as
    QuoteText | undefined;
  if (!q) throw new NotFoundError('quote', code, 'See `drempel export quotes`.');
  return [q];
}

/**
 * Store redacted text for quotes, in one transaction, audited by count. Freed pages are
 * overwritten and the WAL checkpointed, so the original text does not linger in the file.
 */
export function saveRedactedQuotes(db: Db, quotes: QuoteText[], at: string): void {
  db.pragma('secure_delete = ON');
  const update = db.prepare('UPDATE quotes SET text = ?, note = ? WHERE id = ?');
  db.transaction(() => {
    for (const q of quotes) update.run(q.text, q.note, q.id);
    appendAudit(db, { at, action: 'redact', kind: 'quotes', updated: quotes.length });
  }).immediate();
  db.pragma('wal_checkpoint(TRUNCATE)');
}
