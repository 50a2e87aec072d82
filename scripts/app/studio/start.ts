/**
 * Starting a session in the studio, and adding a participant with their consent. Both write
 * through the CSV kinds' writers (sessions, participants, consents), so the studio refuses what
 * an import refuses, in the same words: a participant without analysis consent covering the
 * session's date gets no session, a code that could be a name is not a participant code.
 */
import type { Db } from '../../../research/db';
import { writeRecords } from '../../../research/csv/record';
import {
  immediately,
  nextCode,
  studioParticipants,
  studioSessions,
  studioStudies,
  tagNames,
} from '../../../research/repositories/studio';
import { openSession, StudioError, type Clock, type StudioState } from './session';

export interface Home {
  today: string;
  studies: ReturnType<typeof studioStudies>;
  participants: ReturnType<typeof studioParticipants>;
  sessions: {
    code: string;
    study: string;
    participant: string | null;
    kind: string;
    date: string;
    ended: string | null;
    visits: number;
  }[];
  tags: string[];
  /** A free participant code to suggest. */
  nextParticipant: string;
}

export function home(db: Db, today: string): Home {
  const participants = studioParticipants(db);
  const taken = new Set(participants.map((p) => p.code));
  let n = participants.length + 1;
  while (taken.has(`P-${String(n).padStart(3, '0')}`)) n++;
  return {
    today,
    studies: studioStudies(db),
    participants,
    sessions: studioSessions(db).map((s) => {
      const state = JSON.parse(s.state) as StudioState;
      return {
        code: s.code,
        study: s.study,
        participant: s.participant,
        kind: s.kind,
        date: s.date,
        ended: state.ended,
        visits: state.visits.length,
      };
    }),
    tags: tagNames(db),
    nextParticipant: `P-${String(n).padStart(3, '0')}`,
  };
}

export interface StartInput {
  study: string;
  participant?: string | null;
  kind: string;
  researcher?: string | null;
  mode?: string | null;
}

/** Record a new session dated today; returns its code and what the sessions writer had to say. */
export function startSession(
  db: Db,
  input: StartInput,
  today: string,
  clock: Clock,
  scanText?: (text: string) => string[],
): { code: string; messages: string[] } {
  return immediately(db, () => {
    const compact = today.replaceAll('-', '');
    const code = nextCode(db, 'sessions', `S-${compact}-`);
    const { messages } = writeRecords(
      db,
      'sessions',
      [
        {
          session: code,
          study: input.study ?? '',
          participant: input.participant ?? '',
          kind: input.kind ?? '',
          date: today,
          researcher: input.researcher ?? '',
          mode: input.mode ?? '',
        },
      ],
      { source: 'studio', scanText },
    );
    openSession(db, code, clock);
    return { code, messages };
  });
}

export interface ParticipantInput {
  participant: string;
  age_band?: string | null;
  household?: string | null;
  digital_skills?: string | null;
  language?: string | null;
  consent: {
    analysis: boolean;
    quote_internal: boolean;
    quote_public: boolean;
    recording: boolean;
    retain_until?: string | null;
  };
}

/** A new participant with the consent they gave today; an existing code is refused, never overwritten. */
export function addParticipant(
  db: Db,
  input: ParticipantInput,
  today: string,
  scanText?: (text: string) => string[],
): { messages: string[] } {
  return immediately(db, () => {
    const code = String(input.participant ?? '').trim();
    if (studioParticipants(db).some((p) => p.code.toUpperCase() === code.toUpperCase()))
      throw new StudioError(
        `participant: "${code}" is already a participant: choose it in the list`,
        422,
        'participant',
      );
    const yes = (b: unknown) => (b ? 'yes' : 'no');
    const a = writeRecords(
      db,
      'participants',
      [
        {
          participant: code,
          age_band: input.age_band ?? '',
          household: input.household ?? '',
          digital_skills: input.digital_skills ?? '',
          language: input.language ?? '',
        },
      ],
      { source: 'studio', scanText },
    );
    const c = input.consent ?? {};
    const b = writeRecords(
      db,
      'consents',
      [
        {
          participant: code,
          given_on: today,
          analysis: yes(c.analysis),
          quote_internal: yes(c.quote_internal),
          quote_public: yes(c.quote_public),
          recording: yes(c.recording),
          retain_until: c.retain_until ?? '',
          withdrawn_on: '',
        },
      ],
      { source: 'studio', scanText },
    );
    return { messages: [...a.messages, ...b.messages] };
  });
}
