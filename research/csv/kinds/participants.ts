import type { Db } from '../../db';
import { KnownCodes } from '../references';
import { erasedCodes } from '../../repositories/participants';
import {
  KeyTracker,
  upsertSql,
  defineColumns,
  type Writer,
  type WriterOptions,
  updatable,
  type RowOf,
} from '../columns';
import { pseudonym, text } from '../values';

export const columns = defineColumns([
  {
    name: 'participant',
    required: true,
    parse: pseudonym,
    example: 'P-014',
    doc: 'pseudonymous code (natural key); never a name',
  },
  {
    name: 'age_band',
    parse: text(20),
    example: '27-44',
    doc: 'age band, e.g. 18-26, 27-44, 45-66, 67+',
    noPersonalData: true,
  },
  { name: 'household', parse: text(40), example: 'alleenstaand', doc: 'household type', noPersonalData: true },
  { name: 'digital_skills', parse: text(20), example: 'laag', doc: 'self-rated digital skills', noPersonalData: true },
  { name: 'language', parse: text(20), example: 'nl', doc: 'language of the session', noPersonalData: true },
]);

export function writer(db: Db, opts: WriterOptions): Writer<RowOf<typeof columns>> {
  const stored = ['age_band', 'household', 'digital_skills', 'language'];
  const upsert = db.prepare(upsertSql('participants', ['code'], stored, updatable(stored, opts.present)));
  const keys = new KeyTracker();
  const erased = erasedCodes(db);
  const storedCodes = new KnownCodes(db, 'participants');
  const inFile = new Map<string, string>();
  return {
    write(v, ctx) {
      const first = keys.check(v.participant, ctx.row);
      if (first !== undefined) {
        ctx.problem('participant', v.participant, `is a duplicate of row ${first}`);
        return false;
      }
      const erasedAt = erased(v.participant);
      if (erasedAt) {
        ctx.problem(
          'participant',
          v.participant,
          `was erased on ${erasedAt.slice(0, 10)} (consent withdrawn or retention ended) and is never imported again; remove the row (a person who consents anew gets a new code)`,
        );
        return false;
      }
      // P501 next to P-501: probably one person typed two ways. Codes are compared exactly, so say it.
      const code = v.participant;
      const folded = code.replace(/[^\p{L}\p{N}]/gu, '');
      const twin = storedCodes.similar(code) ?? (inFile.get(folded) !== code ? inFile.get(folded) : undefined);
      if (twin)
        ctx.warn(
          'participant',
          code,
          `differs from ${twin} only in punctuation: one person typed two ways? Both are stored`,
        );
      if (!inFile.has(folded)) inFile.set(folded, code);
      return upsert.run({ ...v, code }).changes > 0;
    },
  };
}

export const exportSql = `SELECT code AS participant, age_band, household, digital_skills, language FROM participants ORDER BY code`;

/** The rows of one study (`export --study`), as a condition on exportSql's tables. */
export const studyFilter =
  'id IN (SELECT participant_id FROM sessions WHERE study_id = (SELECT id FROM studies WHERE code = @study))';
