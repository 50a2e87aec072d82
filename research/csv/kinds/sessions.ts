import type { Db } from '../../db';
import { KnownCodes } from '../references';
import { consentCovers } from '../../consent-sql';
import {
  KeyTracker,
  upsertSql,
  defineColumns,
  type Writer,
  type WriterOptions,
  updatable,
  type RowOf,
} from '../columns';
import { code, date, oneOf, pseudonym, text } from '../values';

export const sessionKinds = ['interview', 'walkthrough', 'roleplay'] as const;
export const modes = ['in person', 'phone', 'video'] as const;

/** How researchers write the kind of a session. */
export const kindWords: Record<string, (typeof sessionKinds)[number]> = {
  gesprek: 'interview',
  diepte_interview: 'interview',
  'diepte-interview': 'interview',
  diepteinterview: 'interview',
  vraaggesprek: 'interview',
  doorloop: 'walkthrough',
  'walk-through': 'walkthrough',
  'walk through': 'walkthrough',
  meekijken: 'walkthrough',
  hardopdenken: 'walkthrough',
  'hardop denken': 'walkthrough',
  usabilitytest: 'walkthrough',
  'usability test': 'walkthrough',
  rollenspel: 'roleplay',
  'role-play': 'roleplay',
  'role play': 'roleplay',
  naspelen: 'roleplay',
};

/** How researchers write the mode of a session. */
export const modeWords: Record<string, (typeof modes)[number]> = {
  'op locatie': 'in person',
  locatie: 'in person',
  'op kantoor': 'in person',
  'aan huis': 'in person',
  huisbezoek: 'in person',
  'bij de balie': 'in person',
  persoonlijk: 'in person',
  fysiek: 'in person',
  'face to face': 'in person',
  'face-to-face': 'in person',
  'in persoon': 'in person',
  live: 'in person',
  telefonisch: 'phone',
  telefoon: 'phone',
  bellen: 'phone',
  gebeld: 'phone',
  teams: 'video',
  zoom: 'video',
  videobellen: 'video',
  beeldbellen: 'video',
  'video call': 'video',
  videogesprek: 'video',
};

export const columns = defineColumns([
  { name: 'session', required: true, parse: code('session'), example: 'S-001', doc: 'session code (natural key)' },
  {
    name: 'study',
    required: true,
    parse: code('study'),
    example: 'bijstand-2026-r1',
    doc: 'study code (from the studies file)',
  },
  { name: 'participant', parse: pseudonym, example: 'P-014', doc: 'participant code; empty for a staff role-play' },
  {
    name: 'kind',
    required: true,
    parse: oneOf(sessionKinds, kindWords),
    example: 'walkthrough',
    doc: `${sessionKinds.join(', ')} (also gesprek, doorloop, rollenspel)`,
  },
  { name: 'date', required: true, parse: date, date: true, example: '2026-03-04', doc: 'date of the session' },
  {
    name: 'researcher',
    parse: text(40),
    example: 'onderzoeker-a',
    doc: 'a role or initials, not a name',
    noPersonalData: true,
  },
  {
    name: 'mode',
    parse: oneOf(modes, modeWords),
    example: 'in person',
    doc: `${modes.join(', ')} (also op locatie, telefonisch, Teams)`,
  },
]);

export function writer(db: Db, opts: WriterOptions): Writer<RowOf<typeof columns>> {
  const study = db.prepare<[string], number>('SELECT id FROM studies WHERE code = ?').pluck();
  const period = db.prepare<[number], { started_on: string; ended_on: string | null }>(
    'SELECT started_on, ended_on FROM studies WHERE id = ?',
  );
  const participant = db.prepare<[string], number>('SELECT id FROM participants WHERE code = ?').pluck();
  const consented = db
    .prepare(`SELECT ${consentCovers('analysis', 's')} FROM (SELECT ? AS participant_id, ? AS date) s`)
    .pluck();
  const withdrawal = db
    .prepare<[number], string | null>('SELECT max(withdrawn_on) FROM consents WHERE participant_id = ?')
    .pluck();
  const stored = ['study_id', 'participant_id', 'kind', 'date', 'researcher', 'mode'];
  const upsert = db.prepare(
    upsertSql(
      'sessions',
      ['code'],
      stored,
      updatable(stored, opts.present, { study_id: 'study', participant_id: 'participant' }),
    ),
  );
  const keys = new KeyTracker();
  const knownStudies = new KnownCodes(db, 'studies');
  const knownParticipants = new KnownCodes(db, 'participants');
  return {
    write(v, ctx) {
      const first = keys.check(v.session, ctx.row);
      if (first !== undefined) ctx.problem('session', v.session, `is a duplicate of row ${first}`);
      const studyId = study.get(v.study);
      if (studyId === undefined) ctx.problem('study', v.study, knownStudies.unknown(v.study));
      let participantId: number | null = null;
      if (v.participant) {
        participantId = participant.get(v.participant) ?? null;
        if (participantId === null) ctx.problem('participant', v.participant, knownParticipants.unknown(v.participant));
        else if (!consented.get(participantId, v.date)) {
          const withdrawn = withdrawal.get(participantId) ?? null;
          ctx.problem(
            'participant',
            v.participant,
            withdrawn
              ? `withdrew consent on ${withdrawn}: nothing about them is imported (erase what is held with \`drempel consent withdraw ${v.participant}\`)`
              : `has no analysis consent covering ${v.date} (import consents first)`,
          );
          participantId = null;
        }
      } else if (v.kind !== 'roleplay') {
        ctx.problem(
          'participant',
          '',
          `is required for ${v.kind === 'interview' ? 'an' : 'a'} ${v.kind} (only a staff role-play has none)`,
        );
      }
      if (studyId !== undefined) {
        const p = period.get(studyId);
        if (p && (v.date < p.started_on || (p.ended_on && v.date > p.ended_on))) {
          ctx.warn(
            'date',
            v.date,
            `is outside study ${v.study} (${p.started_on} to ${p.ended_on ?? 'open'}): a typo, or a session of another round? \`drempel check\` keeps saying so`,
          );
        }
      }
      if (studyId === undefined || first !== undefined || (v.participant && participantId === null)) return false;
      if (!v.participant && v.kind !== 'roleplay') return false;
      return upsert.run({ ...v, code: v.session, study_id: studyId, participant_id: participantId }).changes > 0;
    },
  };
}

export const exportSql = `
  SELECT s.code AS session, st.code AS study, p.code AS participant, s.kind, s.date, s.researcher, s.mode
  FROM sessions s JOIN studies st ON st.id = s.study_id LEFT JOIN participants p ON p.id = s.participant_id
  ORDER BY s.code`;

/** The rows of one study (`export --study`), as a condition on exportSql's tables. */
export const studyFilter = 'st.code = @study';
