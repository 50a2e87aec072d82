/**
 * Full-text search over quotes and observation notes (SQLite FTS5). A text is indexed as its
 * words and as their Dutch stems (analysis/words.ts): a query word matches by its stem, so
 * "aanvragen" finds "aanvraag" and "formulier" finds "formulieren" (an English or misspelt word
 * stems to itself or alike, and still finds itself); `word*` matches the words as written.
 * Writes only mark texts as pending (triggers of migration 0006); `refreshSearch` indexes them
 * before each search. Only what consent allows the team to read is ever returned.
 */
import type { Db } from '../db';
import { consentCovers } from '../consent-sql';
import { DrempelError } from '../errors';
import { tagsOf } from '../repositories/tags';
import { stemOf, wordsOf } from '../../analysis/words';

export { stemOf, wordsOf };

/** Index every pending quote and note; returns how many texts were indexed. */
export function refreshSearch(db: Db): number {
  const pending = db.prepare<[], { kind: 'quote' | 'note'; id: number }>('SELECT kind, id FROM search_pending');
  const rows = pending.all();
  if (rows.length === 0) return 0;
  const quoteText = db
    .prepare<[number], string>("SELECT text || ' ' || coalesce(note, '') FROM quotes WHERE id = ?")
    .pluck();
  const noteText = db.prepare<[number], string | null>('SELECT note FROM observations WHERE id = ?').pluck();
  const put = {
    quote: db.prepare('INSERT OR REPLACE INTO quote_search (rowid, words, stems) VALUES (?, ?, ?)'),
    note: db.prepare('INSERT OR REPLACE INTO note_search (rowid, words, stems) VALUES (?, ?, ?)'),
  };
  const done = db.prepare('DELETE FROM search_pending WHERE kind = ? AND id = ?');
  db.transaction(() => {
    for (const { kind, id } of rows) {
      const text = kind === 'quote' ? quoteText.get(id) : noteText.get(id);
      if (text) {
        const words = wordsOf(text);
        put[kind].run(id, words.join(' '), words.map(stemOf).join(' '));
      }
      done.run(kind, id);
    }
  }).immediate();
  return rows.length;
}

export interface SearchFilters {
  /** Codebook codes; a code includes its child codes. */
  tags?: string[];
  /** Step slugs. */
  steps?: string[];
  study?: string;
  /** `team` (default): what consent lets the team read; `public`: only what may be published. */
  scope?: 'team' | 'public';
  limit?: number;
}

export interface QuoteHit {
  kind: 'quote';
  code: string;
  session: string;
  study: string;
  step: string | null;
  tags: string[];
  text: string;
  note: string | null;
  scope: 'public' | 'team';
}

export interface NoteHit {
  kind: 'note';
  session: string;
  visit: number;
  study: string;
  step: string;
  text: string;
}

/**
 * An FTS5 query from what a researcher types: words (all must occur), "phrases", `word*` for
 * words that begin so, and OR between two parts. Every word is quoted, so no input is FTS5 syntax.
 */
export function matchExpression(query: string): string {
  const parts: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(query); m; m = re.exec(query)) {
    if (m[2] === 'OR') {
      if (parts.length && parts[parts.length - 1] !== 'OR') parts.push('OR');
      continue;
    }
    const prefix = m[2]?.endsWith('*') ?? false;
    const words = wordsOf(m[1] ?? m[2]);
    if (words.length === 0) continue;
    const quoted = (ws: string[]) => `"${ws.join(' ')}"`;
    // A word is found by its stem (every word of a text is indexed as its stem too); a prefix by
    // the words as written.
    parts.push(prefix ? `(words : ${quoted(words)} *)` : `(stems : ${quoted(words.map(stemOf))})`);
  }
  while (parts[parts.length - 1] === 'OR') parts.pop();
  if (parts[0] === 'OR') parts.shift();
  if (parts.length === 0)
    throw new DrempelError(
      'nothing to search for',
      'Give one or more words, such as: drempel quotes search "loonstrook"',
    );
  // FTS5 joins parenthesised groups only with an explicit operator.
  return parts.reduce(
    (q, p, i) => (i === 0 ? p : p === 'OR' || parts[i - 1] === 'OR' ? `${q} ${p}` : `${q} AND ${p}`),
    '',
  );
}

/** SQL: the quote `q` has one of the codes in the JSON array `@tags` or one of their descendants. */
const tagFilter = `EXISTS (
  WITH RECURSIVE wanted(id) AS (
    SELECT id FROM tags WHERE name IN (SELECT value FROM json_each(@tags))
    UNION SELECT t.id FROM tags t JOIN wanted w ON t.parent_id = w.id)
  SELECT 1 FROM quote_tags qt WHERE qt.quote_id = q.id AND qt.tag_id IN (SELECT id FROM wanted))`;

/** SQL: the step (`st`) and study (`su`) filters quotes and notes share. */
const placeFilters = (filters: SearchFilters): string[] => [
  ...(filters.steps?.length ? ['st.slug IN (SELECT value FROM json_each(@steps))'] : []),
  ...(filters.study ? ['su.code = @study'] : []),
];

/** Quotes that match, best first (BM25), of sessions whose consent lets the team read them. */
export function searchQuotes(db: Db, query: string, filters: SearchFilters = {}): QuoteHit[] {
  refreshSearch(db);
  const where = [
    consentCovers('analysis', 's'),
    consentCovers(filters.scope === 'public' ? 'quote_public' : 'quote_internal', 's'),
  ];
  if (filters.tags?.length) where.push(tagFilter);
  where.push(...placeFilters(filters));
  const rows = db
    .prepare(
      `SELECT q.code, s.code AS session, su.code AS study, st.slug AS step, q.text, q.note,
              ${tagsOf('q.id', 'json')} AS tags,
              ${consentCovers('quote_public', 's')} AS public
         FROM quote_search f
         JOIN quotes q ON q.id = f.rowid
         JOIN sessions s ON s.id = q.session_id
         JOIN studies su ON su.id = s.study_id
         LEFT JOIN steps st ON st.id = q.step_id
        WHERE quote_search MATCH @match AND ${where.join(' AND ')}
        ORDER BY f.rank
        LIMIT @limit`,
    )
    .all({
      match: matchExpression(query),
      tags: JSON.stringify(filters.tags ?? []),
      steps: JSON.stringify(filters.steps ?? []),
      study: filters.study ?? null,
      limit: filters.limit ?? 20,
    }) as {
    code: string;
    session: string;
    study: string;
    step: string | null;
    text: string;
    note: string | null;
    tags: string;
    public: number;
  }[];
  return rows.map((r) => ({
    kind: 'quote',
    code: r.code,
    session: r.session,
    study: r.study,
    step: r.step,
    tags: JSON.parse(r.tags) as string[],
    text: r.text,
    note: r.note,
    scope: r.public ? 'public' : 'team',
  }));
}

/** Observation notes that match, best first, of sessions with analysis consent. */
export function searchNotes(db: Db, query: string, filters: SearchFilters = {}): NoteHit[] {
  refreshSearch(db);
  const where = [consentCovers('analysis', 's'), ...placeFilters(filters)];
  return db
    .prepare(
      `SELECT 'note' AS kind, s.code AS session, o.visit, su.code AS study, st.slug AS step, o.note AS text
         FROM note_search f
         JOIN observations o ON o.id = f.rowid
         JOIN sessions s ON s.id = o.session_id
         JOIN studies su ON su.id = s.study_id
         JOIN steps st ON st.id = o.step_id
        WHERE note_search MATCH @match AND ${where.join(' AND ')}
        ORDER BY f.rank
        LIMIT @limit`,
    )
    .all({
      match: matchExpression(query),
      steps: JSON.stringify(filters.steps ?? []),
      study: filters.study ?? null,
      limit: filters.limit ?? 20,
    }) as NoteHit[];
}

/** The step slugs of every synced procedure version, to check a `--step` filter against. */
export function knownSteps(db: Db): string[] {
  return db.prepare<[], string>('SELECT DISTINCT slug FROM steps ORDER BY slug').pluck().all();
}
