/**
 * A researcher's own notes of a session, with the time in the session they were made (an
 * interview's timeline, as the studio records it) and the step they are about. Not a resident's
 * words — those are quotes — so a note is never published and carries no codes; it is free text,
 * scanned for personal data as every free text is, and goes with its session when consent does.
 */
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
import { code, duration, reference, text } from '../values';
import { getOrInit } from '../../maps';

export const columns = defineColumns([
  { name: 'note', required: true, parse: code('note'), example: 'S-001-N01', doc: 'note code (natural key)' },
  { name: 'session', required: true, parse: code('session'), example: 'S-001', doc: 'session code' },
  {
    name: 'at',
    parse: duration(0),
    example: '14:05',
    doc: "when in the session it was made, from the session's start (seconds, m:ss or h:mm:ss)",
    json: 'number',
  },
  {
    name: 'step',
    parse: reference,
    example: 'aanvraag',
    doc: "step slug (or title) of the session's procedure version it is about (optional)",
  },
  {
    name: 'text',
    required: true,
    parse: text(),
    example: 'Pakt de envelop met brieven erbij; zoekt lang naar het kenmerk.',
    doc: "the researcher's note (internal, never published)",
    freeText: true,
  },
]);

export const replaceable = true;

export function writer(db: Db, opts: WriterOptions): Writer<RowOf<typeof columns>> {
  const sessionOf = sessionStep(db);
  const stored = ['session_id', 'at', 'step_id', 'text'];
  const upsert = db.prepare(
    upsertSql(
      'session_notes',
      ['code'],
      stored,
      updatable(stored, opts.present, { session_id: 'session', step_id: 'step' }),
    ),
  );
  const keys = new KeyTracker();
  const inFile = new Map<number, string[]>();
  return {
    write(v, ctx) {
      const first = keys.check(v.note, ctx.row);
      if (first !== undefined) ctx.problem('note', v.note, `is a duplicate of row ${first}`);
      const found = sessionOf(v.session, v.step, ctx);
      if (!found || first !== undefined) return false;
      getOrInit(inFile, found.id, () => []).push(v.note);
      return (
        upsert.run({ code: v.note, session_id: found.id, at: v.at, step_id: found.stepId, text: v.text }).changes > 0
      );
    },
    finish() {
      let removed = 0;
      if (opts.replace) {
        const remove = db.prepare(
          'DELETE FROM session_notes WHERE session_id = ? AND code NOT IN (SELECT value FROM json_each(?))',
        );
        for (const [sessionId, codes] of inFile) removed += remove.run(sessionId, JSON.stringify(codes)).changes;
      }
      return { changed: 0, removed };
    },
  };
}

export const exportSql = `
  SELECT n.code AS note, s.code AS session, n.at, st.slug AS step, n.text
  FROM session_notes n JOIN sessions s ON s.id = n.session_id LEFT JOIN steps st ON st.id = n.step_id
  ORDER BY n.code`;

/** The rows of one study (`export --study`), as a condition on exportSql's tables. */
export const studyFilter = 's.study_id = (SELECT id FROM studies WHERE code = @study)';
