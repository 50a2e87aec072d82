/**
 * What scoring reads: per step of a study, the sufficient statistics of its observations,
 * aggregated in SQLite so a million rows never cross into JavaScript. Only sessions whose
 * participant's analysis consent covers the session date count (role-plays need none).
 * The event definitions mirror analysis/friction.ts `addObservation`; a test checks that both
 * give the same statistics on the sample study.
 */
import { consentCovers } from '../consent-sql';
import type { Db } from '../db';
import { NotFoundError } from '../errors';

export interface StudyRef {
  id: number;
  study: string;
  title: string;
  round: number;
  startedOn: string;
  procedure: string;
  version: string;
  versionId: number;
  applicantsPerYear: number;
}

const studySql = `SELECT st.id, st.code AS study, st.title, st.round, st.started_on AS startedOn, p.slug AS procedure, v.version,
  v.id AS versionId, v.applicants_per_year AS applicantsPerYear
  FROM studies st JOIN procedure_versions v ON v.id = st.version_id JOIN procedures p ON p.id = v.procedure_id`;

export function listStudies(db: Db, procedure?: string): StudyRef[] {
  return db.prepare(`${studySql} ${procedure ? 'WHERE p.slug = ?' : ''} ORDER BY p.slug, st.started_on, st.code`).all(...(procedure ? [procedure] : [])) as StudyRef[];
}

export function getStudy(db: Db, code: string): StudyRef {
  const s = db.prepare(`${studySql} WHERE st.code = ?`).get(code) as StudyRef | undefined;
  if (!s) throw new NotFoundError('study', code, `Known studies: ${listStudies(db).map((x) => x.study).join(', ') || 'none (import studies first)'}.`);
  return s;
}

/** The study to report on: the one named, or the latest of the procedure (or of the only procedure with studies). */
export function chooseStudy(db: Db, { procedure, study }: { procedure?: string; study?: string }): StudyRef {
  if (study) {
    const s = getStudy(db, study);
    if (procedure && s.procedure !== procedure) throw new NotFoundError('study', `${study} of procedure ${procedure}`, `${study} studies ${s.procedure}.`);
    return s;
  }
  const studies = listStudies(db, procedure);
  if (!studies.length) throw new NotFoundError('study', procedure ? `for procedure ${procedure}` : '(none imported)', 'Import a studies file first.');
  const procedures = [...new Set(studies.map((s) => s.procedure))];
  if (procedures.length > 1) throw new NotFoundError('procedure', '(several have studies)', `Choose one with --procedure: ${procedures.join(', ')}.`);
  return studies[studies.length - 1];
}

export interface StepRow {
  id: number;
  step: string;
  title: string;
  position: number;
  actor: string;
  department: string;
  targetSeconds: number | null;
  waitNormDays: number;
  reach: number;
}

export function stepsOfVersion(db: Db, versionId: number): StepRow[] {
  return db
    .prepare(
      `SELECT s.id, s.slug AS step, s.title, s.position, a.slug AS actor, a.department, s.target_seconds AS targetSeconds,
        s.wait_norm_days AS waitNormDays, s.reach FROM steps s JOIN actors a ON a.id = s.actor_id WHERE s.version_id = ? ORDER BY s.position`,
    )
    .all(versionId) as StepRow[];
}

/** Thresholds of the event definitions, passed in from analysis/ so they are written once. */
export interface EventThresholds {
  hardEase: number;
  defaultWaitNorm: number;
}

export interface StepStatsRow {
  n: number;
  /**
   * Distinct residents (participants) behind the step's observations, which the public minimum
   * group size applies to; counted only when asked for (it costs a distinct count per step).
   */
  residents?: number;
  events: Record<string, { x: number; n: number }>;
  logTime: { n: number; sum: number; sumSquares: number };
  seconds: { n: number; sum: number };
  waitDays: { n: number; sum: number };
  ease: { n: number; sum: number; sumSquares: number };
  blockedBy: Record<string, number>;
}

/**
 * Sessions of a study that analysis may use: consent covers the session date. Scores are about
 * residents, so staff role-plays count only where `roleplays` is asked for (journeys).
 */
function countedSessions(study: string, roleplays = false): string {
  return `SELECT s.id, s.participant_id FROM sessions s WHERE s.study_id = ${study} AND ${consentCovers('analysis', 's')}${roleplays ? '' : " AND s.kind != 'roleplay'"}`;
}

/** step id → statistics of the study's counted observations at that step (steps without any are absent). */
export function stepStatistics(db: Db, studyId: number, t: EventThresholds, { residents = false } = {}): Map<number, StepStatsRow> {
  const rows = db
    .prepare(
      `WITH counted AS (${countedSessions('@study')})
       SELECT o.step_id AS stepId, count(*) AS n, ${residents ? 'count(DISTINCT c.participant_id)' : 'NULL'} AS residents,
         sum(o.outcome IN ('helped', 'failed', 'abandoned')) AS notCompletedX, count(*) AS notCompletedN,
         coalesce(sum(o.seconds > st.target_seconds), 0) AS overTimeX, sum(o.seconds IS NOT NULL AND st.target_seconds IS NOT NULL) AS overTimeN,
         coalesce(sum(o.errors >= 1), 0) AS errorsX, count(o.errors) AS errorsN,
         coalesce(sum(o.ease <= @hardEase), 0) AS hardRatingX, count(o.ease) AS hardRatingN,
         coalesce(sum(o.retold >= 1), 0) AS retoldX, count(o.retold) AS retoldN,
         coalesce(sum(o.handoffs >= 1), 0) AS handoffX, count(o.handoffs) AS handoffN,
         coalesce(sum(o.wait_days > coalesce(st.wait_norm_days, @defaultWaitNorm)), 0) AS longWaitX, count(o.wait_days) AS longWaitN,
         coalesce(sum(o.channel_switches >= 1), 0) AS channelSwitchX, count(o.channel_switches) AS channelSwitchN,
         sum(o.seconds > 0) AS logN, total(CASE WHEN o.seconds > 0 THEN ln(o.seconds) END) AS logSum,
         total(CASE WHEN o.seconds > 0 THEN ln(o.seconds) * ln(o.seconds) END) AS logSquares,
         count(o.seconds) AS secondsN, total(o.seconds) AS secondsSum,
         count(o.wait_days) AS waitN, total(o.wait_days) AS waitSum,
         count(o.ease) AS easeN, total(o.ease) AS easeSum, total(o.ease * o.ease) AS easeSquares
       FROM observations o JOIN counted c ON c.id = o.session_id JOIN steps st ON st.id = o.step_id
       WHERE o.outcome != 'skipped'
       GROUP BY o.step_id`,
    )
    .all({ study: studyId, ...t }) as Record<string, number>[];
  const keys = ['notCompleted', 'overTime', 'errors', 'hardRating', 'retold', 'handoff', 'longWait', 'channelSwitch'];
  const stats = new Map<number, StepStatsRow>();
  for (const r of rows) {
    stats.set(r.stepId, {
      n: r.n,
      ...(residents ? { residents: r.residents } : {}),
      events: Object.fromEntries(keys.map((k) => [k, { x: r[`${k}X`], n: r[`${k}N`] }])),
      logTime: { n: r.logN, sum: r.logSum, sumSquares: r.logSquares },
      seconds: { n: r.secondsN, sum: r.secondsSum },
      waitDays: { n: r.waitN, sum: r.waitSum },
      ease: { n: r.easeN, sum: r.easeSum, sumSquares: r.easeSquares },
      blockedBy: {},
    });
  }
  const blocked = db
    .prepare(
      `WITH counted AS (${countedSessions('?')})
       SELECT o.step_id AS stepId, l.slug AS limitSlug, count(*) AS n FROM observations o JOIN counted c ON c.id = o.session_id
       JOIN policy_limits l ON l.id = o.blocked_by WHERE o.blocked_by IS NOT NULL AND o.outcome != 'skipped' GROUP BY o.step_id, l.slug`,
    )
    .all(studyId) as { stepId: number; limitSlug: string; n: number }[];
  for (const b of blocked) stats.get(b.stepId)!.blockedBy[b.limitSlug] = b.n;
  return stats;
}

export interface ObservationRow {
  session: string;
  kind: string;
  visit: number;
  stepId: number;
  step: string;
  outcome: 'completed' | 'helped' | 'failed' | 'abandoned' | 'skipped';
  seconds: number | null;
  errors: number | null;
  ease: number | null;
  retold: number | null;
  handoffs: number | null;
  handoff_to: string | null;
  wait_days: number | null;
  channel: string | null;
  channel_switches: number | null;
  blocked_by: string | null;
  department: string;
  actor: string;
  date: string;
}

/** The counted observations of a study, role-plays included, in session and visit order (for journeys and checks). */
export function observationRows(db: Db, studyId: number): ObservationRow[] {
  return db
    .prepare(
      `WITH counted AS (${countedSessions('?', true)})
       SELECT se.code AS session, se.kind, se.date, o.visit, o.step_id AS stepId, st.slug AS step, o.outcome, o.seconds, o.errors, o.ease,
         o.retold, o.handoffs, ha.slug AS handoff_to, o.wait_days, ch.slug AS channel, o.channel_switches, l.slug AS blocked_by,
         a.department, a.slug AS actor
       FROM observations o JOIN counted c ON c.id = o.session_id JOIN sessions se ON se.id = o.session_id
       JOIN steps st ON st.id = o.step_id JOIN actors a ON a.id = st.actor_id
       LEFT JOIN actors ha ON ha.id = o.handoff_to LEFT JOIN channels ch ON ch.id = o.channel_id
       LEFT JOIN policy_limits l ON l.id = o.blocked_by
       ORDER BY se.code, o.visit`,
    )
    .all(studyId) as ObservationRow[];
}
