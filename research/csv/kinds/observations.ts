import type { Db } from '../../db';
import { KnownCodes } from '../references';
import { consentCovers } from '../../consent-sql';
import { versionLookup, type VersionLookup } from '../../repositories/procedures';
import {
  BatchUpsert,
  type Column,
  resolveRef,
  defineColumns,
  type Writer,
  type WriterOptions,
  updatable,
  type RowOf,
} from '../columns';
import { code, decimal, duration, int, oneOf, reference, text } from '../values';
import { getOrInit } from '../../maps';

export const outcomes = ['completed', 'helped', 'failed', 'abandoned', 'skipped'] as const;

/** The words researchers write for an outcome, in Dutch and in plain English. */
export const outcomeWords: Record<string, (typeof outcomes)[number]> = {
  gelukt: 'completed',
  'zelf gelukt': 'completed',
  'zonder hulp': 'completed',
  voltooid: 'completed',
  done: 'completed',
  'hulp nodig': 'helped',
  'gelukt met hulp': 'helped',
  'met hulp gelukt': 'helped',
  'completed with help': 'helped',
  'met hulp': 'helped',
  geholpen: 'helped',
  'met ondersteuning': 'helped',
  'with help': 'helped',
  'niet gelukt': 'failed',
  mislukt: 'failed',
  'lukte niet': 'failed',
  fail: 'failed',
  afgehaakt: 'abandoned',
  gestopt: 'abandoned',
  opgegeven: 'abandoned',
  'gave up': 'abandoned',
  overgeslagen: 'skipped',
  nvt: 'skipped',
  'n.v.t.': 'skipped',
  'n.v.t': 'skipped',
  'niet van toepassing': 'skipped',
  skip: 'skipped',
};

const count = <const N extends string>(name: N, doc: string): Column<N, number> => ({
  name,
  parse: int(0),
  example: '0',
  doc,
  json: 'number',
});

export const columns = defineColumns([
  {
    name: 'session',
    required: true,
    parse: code('session'),
    example: 'S-001',
    doc: 'session code (from the sessions file)',
  },
  {
    name: 'step',
    required: true,
    parse: reference,
    example: 'aanvraag',
    doc: "step slug of the session's procedure version (or the step's title)",
  },
  {
    name: 'visit',
    parse: int(1, 100_000),
    example: '1',
    doc: 'order within the session, 1, 2, …; defaults to file order',
    json: 'number',
  },
  {
    name: 'outcome',
    required: true,
    parse: oneOf(outcomes, outcomeWords),
    example: 'helped',
    doc: `${outcomes.join(', ')} (helped = completed with help; also gelukt, hulp nodig, niet gelukt, afgehaakt, overgeslagen)`,
  },
  {
    name: 'seconds',
    parse: duration(0),
    example: '540',
    doc: 'time on the step in seconds, ≥ 0 (also 12:30, 1:05:00, 15 min, 90 sec, 1,5 uur)',
    json: 'number',
    // 0:12 is twelve minutes to someone who typed hours:minutes: say how it was read.
    noteFor: (raw) =>
      /^\d+:\d{2}$/.test(raw.trim())
        ? 'seconds: times like 12:30 were read as minutes:seconds (12 min 30 s); write 0:12:00 or 12 min for twelve minutes'
        : undefined,
  },
  count('errors', 'errors made, integer ≥ 0'),
  {
    name: 'ease',
    parse: int(1, 7),
    example: '4',
    doc: 'Single Ease Question, 1 (very difficult) … 7 (very easy)',
    json: 'number',
  },
  count('retold', 'times information already given had to be given again'),
  count('handoffs', 'times sent to another desk, department or organisation'),
  {
    name: 'handoff_to',
    parse: reference,
    example: 'inkomensconsulent',
    doc: 'actor slug (or name) the resident was sent to',
  },
  {
    name: 'wait_days',
    parse: decimal(0),
    example: '2',
    doc: 'days waited before the step could go on, ≥ 0',
    json: 'number',
  },
  { name: 'channel', parse: reference, example: 'online', doc: 'channel slug (or name)' },
  count('channel_switches', 'times the resident had to switch channel'),
  {
    name: 'blocked_by',
    parse: reference,
    example: 'vermogensgrens',
    doc: 'policy-limit slug (or title) that stopped or slowed the resident',
  },
  {
    name: 'note',
    parse: text(),
    example: 'Wist niet welke bankafschriften nodig waren',
    doc: 'free text, internal',
    freeText: true,
  },
]);

const stored = [
  'step_id',
  'outcome',
  'seconds',
  'errors',
  'ease',
  'retold',
  'handoffs',
  'handoff_to',
  'wait_days',
  'channel_id',
  'channel_switches',
  'blocked_by',
  'note',
];

interface SessionRef {
  id: number;
  versionId: number;
  consented: number;
  withdrawnOn: string | null;
  /** Visits seen in this file and their rows, interleaved: read only when a visit comes out of order. */
  seen?: number[];
  lastVisit?: number;
}

export const replaceable = true;

export function writer(db: Db, opts: WriterOptions): Writer<RowOf<typeof columns>> {
  const sessions = new Map(
    db
      .prepare<unknown[], SessionRef & { code: string }>(
        `SELECT s.code, s.id, st.version_id AS versionId, ${consentCovers('analysis', 's')} AS consented,
             (SELECT max(withdrawn_on) FROM consents c WHERE c.participant_id = s.participant_id) AS withdrawnOn
           FROM sessions s JOIN studies st ON st.id = s.study_id
           ${opts.sessions ? 'WHERE s.code IN (SELECT value FROM json_each(?))' : ''}`,
      )
      .all(...(opts.sessions ? [JSON.stringify(opts.sessions)] : []))
      .map(({ code, ...s }) => [code, s]),
  );
  const lookups = new Map<number, VersionLookup>();
  const knownSessions = new KnownCodes(db, 'sessions');
  const lookup = (versionId: number) => getOrInit(lookups, versionId, () => versionLookup(db, versionId));
  const upsert = new BatchUpsert(
    db,
    'observations',
    ['session_id', 'visit'],
    stored,
    100,
    updatable(stored, opts.present, { step_id: 'step', channel_id: 'channel' }),
  );
  // Without a visit column, visits are numbered in file order: a file that holds other steps than
  // the database at the same visit would silently replace them. Compared per session, loaded once.
  const storedSteps = db.prepare<[number], { visit: number; step_id: number }>(
    'SELECT visit, step_id FROM observations WHERE session_id = ?',
  );
  const existing = new Map<number, Map<number, number>>();
  const stepAt = (sessionId: number, visit: number) => {
    let m = existing.get(sessionId);
    if (!m) existing.set(sessionId, (m = new Map(storedSteps.all(sessionId).map((r) => [r.visit, r.step_id]))));
    return m.get(visit);
  };

  return {
    write(v, ctx) {
      const code = v.session;
      const session = sessions.get(code);
      if (!session) {
        ctx.problem('session', code, knownSessions.unknown(code));
        return false;
      }
      // Natural key (session, visit): a visit defaults to file order within the session.
      const last = session.lastVisit ?? 0;
      const visit = v.visit ?? last + 1;
      let first: number | undefined;
      if (visit <= last) {
        const seen = session.seen!;
        for (let i = 0; i < seen.length; i += 2) if (seen[i] === visit) first = seen[i + 1];
      } else session.lastVisit = visit;
      if (first === undefined) (session.seen ??= []).push(visit, ctx.row);
      else
        ctx.problem(
          v.visit === null ? 'session' : 'visit',
          v.visit === null ? code : String(visit),
          `is a duplicate of row ${first} (session ${code}, visit ${visit})`,
        );
      if (!session.consented)
        ctx.problem(
          'session',
          code,
          session.withdrawnOn
            ? `belongs to a participant who withdrew consent on ${session.withdrawnOn}: nothing about them is imported`
            : "belongs to a participant without analysis consent covering the session's date",
        );
      const l = lookup(session.versionId);
      const step = resolveRef(l.steps, 'step', v.step, 'step', ctx);
      const handoffTo = resolveRef(l.actors, 'handoff_to', v.handoff_to, 'actor', ctx);
      const channel = resolveRef(l.channels, 'channel', v.channel, 'channel', ctx);
      const blocked = resolveRef(l.limits, 'blocked_by', v.blocked_by, 'policy limit', ctx);
      if (
        step === undefined ||
        handoffTo === undefined ||
        channel === undefined ||
        blocked === undefined ||
        first !== undefined ||
        !session.consented
      )
        return false;
      if (v.visit === null) {
        const before = stepAt(session.id, visit);
        if (before !== undefined && before !== step) {
          ctx.problem(
            'step',
            v.step,
            `would replace visit ${visit} of session ${code}, which is another step in the database; add a visit column (1, 2, …) to say which visit each row is`,
          );
          return false;
        }
      }
      upsert.add([
        session.id,
        visit,
        step,
        v.outcome,
        v.seconds,
        v.errors,
        v.ease,
        v.retold,
        v.handoffs,
        handoffTo,
        v.wait_days,
        channel,
        v.channel_switches,
        blocked,
        v.note,
      ]);
      return false;
    },
    finish() {
      upsert.flush();
      let removed = 0;
      if (opts.replace) {
        // The file holds every visit of its sessions: visits of those sessions it does not hold go.
        const remove = db.prepare(
          'DELETE FROM observations WHERE session_id = ? AND visit NOT IN (SELECT value FROM json_each(?))',
        );
        for (const s of sessions.values()) {
          if (!s.seen) continue;
          const visits = s.seen.filter((_, i) => i % 2 === 0);
          removed += remove.run(s.id, JSON.stringify(visits)).changes;
        }
      }
      return { changed: upsert.changes, removed };
    },
  };
}

export const exportSql = `
  SELECT s.code AS session, st.slug AS step, o.visit, o.outcome, o.seconds, o.errors, o.ease, o.retold, o.handoffs,
    a.slug AS handoff_to, o.wait_days, c.slug AS channel, o.channel_switches, l.slug AS blocked_by, o.note
  FROM observations o JOIN sessions s ON s.id = o.session_id JOIN steps st ON st.id = o.step_id
  LEFT JOIN actors a ON a.id = o.handoff_to LEFT JOIN channels c ON c.id = o.channel_id
  LEFT JOIN policy_limits l ON l.id = o.blocked_by
  ORDER BY s.code, o.visit`;

/** The rows of one study (`export --study`), as a condition on exportSql's tables. */
export const studyFilter = 's.study_id = (SELECT id FROM studies WHERE code = @study)';
