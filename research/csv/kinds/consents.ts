import type { Db } from '../../db';
import { KnownCodes } from '../references';
import {
  type Column,
  KeyTracker,
  upsertSql,
  defineColumns,
  type Writer,
  type WriterOptions,
  updatable,
  type RowOf,
} from '../columns';
import { bool, date, pseudonym } from '../values';

const flag = <const N extends string>(name: N, doc: string): Column<N, 0 | 1> & { required: true } => ({
  name,
  required: true,
  parse: bool,
  example: 'yes',
  doc,
  json: 'boolean',
});

/** Natural key: participant and given_on, so a renewed consent is a new record, not an overwrite. */
export const columns = defineColumns([
  {
    name: 'participant',
    required: true,
    parse: pseudonym,
    example: 'P-014',
    doc: 'participant code (from the participants file)',
  },
  { name: 'given_on', required: true, parse: date, date: true, example: '2026-03-02', doc: 'date consent was given' },
  flag('analysis', 'observations may be analysed'),
  flag('quote_internal', 'quotes may be shown to the team'),
  flag('quote_public', 'quotes may be published'),
  flag('recording', 'the session may be recorded'),
  {
    name: 'retain_until',
    parse: date,
    date: true,
    example: '2028-03-02',
    doc: 'erase after this date (`drempel purge --expired`)',
  },
  { name: 'withdrawn_on', parse: date, date: true, example: '', doc: 'date consent was withdrawn' },
]);

const consentColumns = ['analysis', 'quote_internal', 'quote_public', 'recording', 'retain_until', 'withdrawn_on'];

export function writer(db: Db, opts: WriterOptions): Writer<RowOf<typeof columns>> {
  const participant = db.prepare<[string], number>('SELECT id FROM participants WHERE code = ?').pluck();
  const upsert = db.prepare(
    upsertSql('consents', ['participant_id', 'given_on'], consentColumns, updatable(consentColumns, opts.present)),
  );
  const keys = new KeyTracker();
  const today = db.prepare<[], string>('SELECT drempel_today()').pluck();
  const knownParticipants = new KnownCodes(db, 'participants');
  const existing = db.prepare<[number, string], Record<string, number | string | null>>(
    `SELECT analysis, quote_internal, quote_public, recording, withdrawn_on FROM consents
     WHERE participant_id = ? AND given_on = ?`,
  );
  return {
    write(v, ctx) {
      const first = keys.check(`${v.participant}\u0000${v.given_on}`, ctx.row);
      if (first !== undefined)
        ctx.problem('given_on', v.given_on, `is a duplicate of row ${first} for ${v.participant}`);
      const id = participant.get(v.participant);
      if (id === undefined) ctx.problem('participant', v.participant, knownParticipants.unknown(v.participant));
      if (v.withdrawn_on && v.withdrawn_on < v.given_on)
        ctx.problem('withdrawn_on', v.withdrawn_on, 'is before given_on');
      if (v.retain_until && v.retain_until < v.given_on)
        ctx.problem('retain_until', v.retain_until, 'is before given_on');
      if (id === undefined || first !== undefined) return false;
      // A recorded consent can be narrowed or withdrawn by editing it, never widened or
      // un-withdrawn: re-importing an old file must not undo what a participant asked.
      const old = existing.get(id, v.given_on);
      if (old) {
        if (
          opts.present.has('withdrawn_on') &&
          old.withdrawn_on &&
          v.withdrawn_on !== old.withdrawn_on &&
          (!v.withdrawn_on || v.withdrawn_on > (old.withdrawn_on as string))
        ) {
          ctx.problem(
            'withdrawn_on',
            v.withdrawn_on ?? '',
            `would undo or postpone the withdrawal of ${old.withdrawn_on} recorded for ${v.participant} on ${v.given_on}; a withdrawal stands (record a new consent with the date it was given)`,
          );
          return false;
        }
        for (const scope of ['analysis', 'quote_internal', 'quote_public', 'recording'] as const) {
          if (old[scope] === 0 && v[scope] === 1) {
            ctx.problem(
              scope,
              'yes',
              `would widen the consent ${v.participant} gave on ${v.given_on} (recorded as no); record a new consent with the date it was given`,
            );
            return false;
          }
        }
      }
      if (v.withdrawn_on && v.withdrawn_on <= (today.get() ?? ''))
        ctx.warn(
          'withdrawn_on',
          v.withdrawn_on,
          `means ${v.participant} withdrew consent: erase everything held about them with \`drempel consent withdraw ${v.participant}\` (\`drempel check\` lists who is still to be erased)`,
        );
      return upsert.run({ ...v, participant_id: id }).changes > 0;
    },
  };
}

export const exportSql = `
  SELECT p.code AS participant, c.given_on,
    CASE c.analysis WHEN 1 THEN 'yes' ELSE 'no' END AS analysis,
    CASE c.quote_internal WHEN 1 THEN 'yes' ELSE 'no' END AS quote_internal,
    CASE c.quote_public WHEN 1 THEN 'yes' ELSE 'no' END AS quote_public,
    CASE c.recording WHEN 1 THEN 'yes' ELSE 'no' END AS recording,
    c.retain_until, c.withdrawn_on
  FROM consents c JOIN participants p ON p.id = c.participant_id ORDER BY p.code, c.given_on`;

/** The rows of one study (`export --study`), as a condition on exportSql's tables. */
export const studyFilter =
  'c.participant_id IN (SELECT participant_id FROM sessions WHERE study_id = (SELECT id FROM studies WHERE code = @study))';
