import type { Db } from '../../db';
import { sessionStep } from './session-step';
import {
  KeyTracker,
  upsertSql,
  defineColumns,
  type Writer,
  type WriterOptions,
  updatable,
  type RowOf,
} from '../columns';
import { code, duration, Invalid, reference, text } from '../values';
import { deleteUnusedTags, tagsOf } from '../../repositories/tags';
import { getOrInit } from '../../maps';

/**
 * `a | b|c` → ['a', 'b', 'c']; tags are codebook names, created on first use. A cell without a
 * bar is split on commas or semicolons, as other tools write tag lists ("wachten, hulp"); the
 * importer says so in a note.
 */
export const tagList = (raw: string): string[] => {
  const separator = raw.includes('|') ? '|' : raw.includes(';') ? ';' : ',';
  const tags = raw
    .split(separator)
    .map((t) => t.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  for (const t of tags)
    if (t.length > 60)
      throw new Invalid(
        `has a tag longer than 60 characters (tags are separated by |${separator === '|' ? '' : ` or ${separator}`})`,
      );
  return [...new Set(tags)];
};

export const columns = defineColumns([
  { name: 'quote', required: true, parse: code('quote'), example: 'Q-001', doc: 'quote code (natural key)' },
  { name: 'session', required: true, parse: code('session'), example: 'S-001', doc: 'session code' },
  {
    name: 'step',
    parse: reference,
    example: 'aanvraag',
    doc: "step slug (or title) of the session's procedure version (optional)",
  },
  {
    name: 'text',
    required: true,
    parse: text(),
    example: 'Ik moest mijn verhaal drie keer vertellen.',
    doc: 'what was said',
    freeText: true,
  },
  {
    name: 'tags',
    parse: tagList,
    example: 'opnieuw vertellen|wachten',
    doc: 'codebook tags, separated by vertical bars (or commas)',
    freeText: true,
    noteFor: (raw) =>
      !raw.includes('|') && /[,;]/.test(raw)
        ? 'tags: cells without "|" were split on commas or semicolons into separate tags'
        : undefined,
  },
  { name: 'note', parse: text(), example: '', doc: 'internal note', freeText: true },
  {
    name: 'at',
    parse: duration(0),
    example: '12:30',
    doc: "when in the session it was said, from the session's start (seconds, m:ss or h:mm:ss; the studio writes it)",
    json: 'number',
  },
]);

export const replaceable = true;

/** A tag as a codebook compares it: "Wachten", "wachten " and "wächten" are one spelling apart. */
const foldTag = (t: string) =>
  t
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();

export function writer(db: Db, opts: WriterOptions): Writer<RowOf<typeof columns>> {
  const sessionOf = sessionStep(db);
  const stored = ['session_id', 'step_id', 'text', 'note', 'at'];
  const upsert = db.prepare(
    upsertSql('quotes', ['code'], stored, updatable(stored, opts.present, { session_id: 'session', step_id: 'step' })),
  );
  const quoteId = db.prepare<[string], number>('SELECT id FROM quotes WHERE code = ?').pluck();
  const currentTags = db.prepare<[number], string | null>(`SELECT ${tagsOf('?')}`).pluck();
  const clearTags = db.prepare('DELETE FROM quote_tags WHERE quote_id = ?');
  const addTag = db.prepare('INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING');
  const tagId = db.prepare('SELECT id FROM tags WHERE name = ?').pluck();
  const linkTag = db.prepare('INSERT INTO quote_tags (quote_id, tag_id, position) VALUES (?, ?, ?)');
  const knownTags = new Set(db.prepare<[], string>('SELECT name FROM tags').pluck().all());
  const newTags: string[] = [];
  const keys = new KeyTracker();
  /** Sessions in the file and the quote codes it holds for each (for `replace`). */
  const inFile = new Map<number, string[]>();
  return {
    write(v, ctx) {
      const first = keys.check(v.quote, ctx.row);
      if (first !== undefined) ctx.problem('quote', v.quote, `is a duplicate of row ${first}`);
      const found = sessionOf(v.session, v.step, ctx);
      if (!found || first !== undefined) return false;
      getOrInit(inFile, found.id, () => []).push(v.quote);
      let changed =
        upsert.run({ code: v.quote, session_id: found.id, step_id: found.stepId, text: v.text, note: v.note, at: v.at })
          .changes > 0;
      const id = quoteId.get(v.quote);
      if (id === undefined) return changed; // the upsert above always leaves the quote
      if (!opts.present.has('tags')) return changed; // a file without a tags column leaves tags as they are
      const tags = v.tags ?? [];
      for (const t of tags) {
        if (knownTags.has(t)) continue;
        const near = [...knownTags].find((k) => foldTag(k) === foldTag(t));
        if (near) ctx.note(`tag "${t}" is new, while the codebook has "${near}": one tag in two spellings?`);
        else newTags.push(t);
        knownTags.add(t);
      }
      if ((currentTags.get(id) ?? '') !== tags.join('|')) {
        changed = true;
        clearTags.run(id);
        tags.forEach((t, i) => {
          addTag.run(t);
          linkTag.run(id, tagId.get(t), i);
        });
      }
      return changed;
    },
    finish() {
      let removed = 0;
      let links = 0;
      if (opts.replace) {
        // The file holds every quote of its sessions: the others of those sessions go (and with
        // them their place as a finding's evidence, which the import says).
        const gone = 'FROM quotes WHERE session_id = ? AND code NOT IN (SELECT value FROM json_each(?))';
        const evidence = db
          .prepare<[number, string], number>(
            `SELECT count(*) FROM finding_evidence WHERE quote_id IN (SELECT id ${gone})`,
          )
          .pluck();
        const remove = db.prepare(`DELETE ${gone}`);
        for (const [sessionId, codes] of inFile) {
          links += evidence.get(sessionId, JSON.stringify(codes)) ?? 0;
          removed += remove.run(sessionId, JSON.stringify(codes)).changes;
        }
        if (removed) deleteUnusedTags(db);
      }
      const notes: string[] = [];
      if (newTags.length) {
        const shown =
          newTags
            .slice(0, 12)
            .map((t) => `"${t}"`)
            .join(', ') + (newTags.length > 12 ? `, and ${newTags.length - 12} more` : '');
        notes.push(`${newTags.length} tag${newTags.length === 1 ? '' : 's'} new to the codebook: ${shown}`);
      }
      return {
        changed: 0,
        removed,
        notes: links
          ? [
              ...notes,
              `${links} removed quote${links === 1 ? ' was' : 's were'} evidence for a finding: the finding${links === 1 ? '' : 's'} lost ${links === 1 ? 'it' : 'them'}`,
            ]
          : notes,
      };
    },
  };
}

export const exportSql = `
  SELECT q.code AS quote, s.code AS session, st.slug AS step, q.text,
    ${tagsOf('q.id')} AS tags,
    q.note, q.at
  FROM quotes q JOIN sessions s ON s.id = q.session_id LEFT JOIN steps st ON st.id = q.step_id
  ORDER BY q.code`;

/** The rows of one study (`export --study`), as a condition on exportSql's tables. */
export const studyFilter = 's.study_id = (SELECT id FROM studies WHERE code = @study)';
