import type { Db } from '../../db';
import { versionLookup, type VersionLookup } from '../../repositories/procedures';
import { KeyTracker, upsertSql, type Column, type Writer } from '../columns';
import { code, Invalid, slug, text } from '../values';

/** `a | b|c` → ['a', 'b', 'c']; tags are codebook names, created on first use. */
const tagList = (raw: string): string[] => {
  const tags = raw.split('|').map((t) => t.trim()).filter(Boolean);
  for (const t of tags) if (t.length > 60) throw new Invalid('has a tag longer than 60 characters');
  return [...new Set(tags)];
};

export const columns: Column[] = [
  { name: 'quote', required: true, parse: code('quote'), example: 'Q-001', doc: 'quote code (natural key)' },
  { name: 'session', required: true, parse: code('session'), example: 'S-001', doc: 'session code' },
  { name: 'step', parse: slug, example: 'aanvraag', doc: "step slug of the session's procedure version (optional)" },
  { name: 'text', required: true, parse: text(), example: 'Ik moest mijn verhaal drie keer vertellen.', doc: 'what was said', freeText: true },
  { name: 'tags', parse: tagList, example: 'opnieuw vertellen|wachten', doc: 'codebook tags separated by |', freeText: true },
  { name: 'note', parse: text(), example: '', doc: 'internal note', freeText: true },
];

export function writer(db: Db): Writer {
  const session = db.prepare('SELECT s.id, st.version_id AS versionId FROM sessions s JOIN studies st ON st.id = s.study_id WHERE s.code = ?');
  const upsert = db.prepare(upsertSql('quotes', ['code'], ['session_id', 'step_id', 'text', 'note']));
  const quoteId = db.prepare('SELECT id FROM quotes WHERE code = ?').pluck();
  const currentTags = db.prepare('SELECT group_concat(t.name, \'|\') FROM (SELECT t.name FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id WHERE qt.quote_id = ? ORDER BY qt.position) t').pluck();
  const clearTags = db.prepare('DELETE FROM quote_tags WHERE quote_id = ?');
  const addTag = db.prepare('INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING');
  const tagId = db.prepare('SELECT id FROM tags WHERE name = ?').pluck();
  const linkTag = db.prepare('INSERT INTO quote_tags (quote_id, tag_id, position) VALUES (?, ?, ?)');
  const lookups = new Map<number, VersionLookup>();
  const keys = new KeyTracker();
  return {
    write(v, ctx) {
      const first = keys.check(v.quote as string, ctx.row);
      if (first !== undefined) ctx.problem('quote', v.quote as string, `is a duplicate of row ${first}`);
      const s = session.get(v.session) as { id: number; versionId: number } | undefined;
      if (!s) ctx.problem('session', v.session as string, 'is not a known session (import sessions first)');
      let stepId: number | null = null;
      if (s && v.step) {
        const l = lookups.get(s.versionId) ?? lookups.set(s.versionId, versionLookup(db, s.versionId)).get(s.versionId)!;
        stepId = l.steps.get(v.step as string) ?? null;
        if (stepId === null) ctx.problem('step', v.step as string, "is not a step of the session's procedure version");
      }
      if (!s || first !== undefined || (v.step && stepId === null)) return false;
      let changed = upsert.run({ code: v.quote, session_id: s.id, step_id: stepId, text: v.text, note: v.note }).changes > 0;
      const id = quoteId.get(v.quote) as number;
      const tags = (v.tags as string[] | null) ?? [];
      if (((currentTags.get(id) as string | null) ?? '') !== tags.join('|')) {
        changed = true;
        clearTags.run(id);
        tags.forEach((t, i) => {
          addTag.run(t);
          linkTag.run(id, tagId.get(t), i);
        });
      }
      return changed;
    },
  };
}

export const exportSql = `
  SELECT q.code AS quote, s.code AS session, st.slug AS step, q.text,
    (SELECT group_concat(name, '|') FROM (SELECT t.name FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id WHERE qt.quote_id = q.id ORDER BY qt.position)) AS tags,
    q.note
  FROM quotes q JOIN sessions s ON s.id = q.session_id LEFT JOIN steps st ON st.id = q.step_id
  ORDER BY q.code`;
