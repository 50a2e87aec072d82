import type { Db } from '../../db';
import { findVersion } from '../../repositories/procedures';
import {
  defineColumns,
  KeyTracker,
  upsertSql,
  type RowOf,
  type Writer,
  type WriterOptions,
  updatable,
} from '../columns';
import { code, date, int, slug, text } from '../values';

export const columns = defineColumns([
  { name: 'study', required: true, parse: code('study'), example: 'bijstand-2026-r1', doc: 'study code (natural key)' },
  {
    name: 'title',
    required: true,
    parse: text(200),
    example: 'Bijstand 2026 ronde 1',
    doc: 'title of the research round',
    noPersonalData: true,
  },
  { name: 'procedure', required: true, parse: slug, example: 'bijstand', doc: 'procedure slug (procedures/<slug>/)' },
  {
    name: 'version',
    parse: text(40),
    example: '2026.1',
    doc: 'procedure version studied; empty = the newest synced version',
  },
  { name: 'round', required: true, parse: int(1), example: '1', doc: 'round number, 1, 2, …', json: 'number' },
  { name: 'started_on', required: true, parse: date, date: true, example: '2026-03-02', doc: 'first day of the round' },
  { name: 'ended_on', parse: date, date: true, example: '2026-03-27', doc: 'last day of the round' },
  {
    name: 'question',
    parse: text(2000),
    example: 'Waar lopen aanvragers vast?',
    doc: 'the research question',
    noPersonalData: true,
  },
]);

export function writer(db: Db, opts: WriterOptions): Writer<RowOf<typeof columns>> {
  const stored = ['title', 'version_id', 'round', 'started_on', 'ended_on', 'question'];
  const upsert = db.prepare(
    upsertSql('studies', ['code'], stored, updatable(stored, opts.present, { version_id: 'version' })),
  );
  const keys = new KeyTracker();
  return {
    write(v, ctx) {
      const first = keys.check(v.study, ctx.row);
      if (first !== undefined) ctx.problem('study', v.study, `is a duplicate of row ${first}`);
      const version = findVersion(db, v.procedure, v.version ?? undefined);
      if (!version) {
        const known = findVersion(db, v.procedure);
        if (known)
          ctx.problem('version', v.version ?? undefined, `is not a synced version of procedure ${v.procedure}`);
        else ctx.problem('procedure', v.procedure, 'is not a known procedure (run `drempel procedures sync`)');
      }
      if (v.ended_on && v.ended_on < v.started_on) ctx.problem('ended_on', v.ended_on, 'is before started_on');
      if (!version || first !== undefined) return false;
      return upsert.run({ ...v, code: v.study, version_id: version.id }).changes > 0;
    },
  };
}

export const exportSql = `
  SELECT s.code AS study, s.title, p.slug AS procedure, v.version, s.round, s.started_on, s.ended_on, s.question
  FROM studies s JOIN procedure_versions v ON v.id = s.version_id JOIN procedures p ON p.id = v.procedure_id
  ORDER BY s.code`;

/** The rows of one study (`export --study`), as a condition on exportSql's tables. */
export const studyFilter = 's.code = @study';
