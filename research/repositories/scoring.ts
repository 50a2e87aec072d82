/**
 * What scoring reads: per step of a study, the sufficient statistics of its observations,
 * aggregated in SQLite so a million rows never cross into JavaScript. Only sessions consent
 * covers count (role-plays need none). The friction events are passed in as data from
 * analysis/friction.ts and turned into SQL here, so they are defined once.
 */
import type { EventRule } from '../../procedures/measures';
import { consentCovers } from '../consent-sql';
import type { Db } from '../db';
import { DrempelError, NotFoundError } from '../errors';

export interface StudyRef {
  id: number;
  study: string;
  title: string;
  round: number;
  startedOn: string;
  endedOn: string | null;
  procedure: string;
  version: string;
  versionId: number;
  applicantsPerYear: number;
}

const studySql = `SELECT st.id, st.code AS study, st.title, st.round, st.started_on AS startedOn, st.ended_on AS endedOn, p.slug AS procedure, v.version,
  v.id AS versionId, v.applicants_per_year AS applicantsPerYear
  FROM studies st JOIN procedure_versions v ON v.id = st.version_id JOIN procedures p ON p.id = v.procedure_id`;

export function listStudies(db: Db, procedure?: string): StudyRef[] {
  return db
    .prepare<unknown[], StudyRef>(
      `${studySql} ${procedure ? 'WHERE p.slug = ?' : ''} ORDER BY p.slug, st.started_on, st.code`,
    )
    .all(...(procedure ? [procedure] : []));
}

export function getStudy(db: Db, code: string): StudyRef {
  const s = db.prepare<unknown[], StudyRef>(`${studySql} WHERE st.code = ?`).get(code);
  if (!s)
    throw new NotFoundError(
      'study',
      code,
      `Known studies: ${
        listStudies(db)
          .map((x) => x.study)
          .join(', ') || 'none (import studies first)'
      }.`,
    );
  return s;
}

/** The study to report on: the one named, or the latest of the procedure (or of the only procedure with studies). */
export function chooseStudy(db: Db, { procedure, study }: { procedure?: string; study?: string }): StudyRef {
  if (study) {
    const s = getStudy(db, study);
    if (procedure && s.procedure !== procedure)
      throw new NotFoundError('study', `${study} of procedure ${procedure}`, `${study} studies ${s.procedure}.`);
    return s;
  }
  const studies = listStudies(db, procedure);
  if (!studies.length)
    throw new DrempelError(
      procedure ? `no study of procedure ${procedure} is imported` : 'no study is imported',
      'Import a studies file first.',
    );
  const procedures = [...new Set(studies.map((s) => s.procedure))];
  if (procedures.length > 1)
    throw new DrempelError(
      `studies of ${procedures.length} procedures are imported: which one?`,
      `Choose one with --procedure: ${procedures.join(', ')}.`,
    );
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
    .prepare<unknown[], StepRow>(
      `SELECT s.id, s.slug AS step, s.title, s.position, a.slug AS actor, a.department, s.target_seconds AS targetSeconds,
        s.wait_norm_days AS waitNormDays, s.reach FROM steps s JOIN actors a ON a.id = s.actor_id WHERE s.version_id = ? ORDER BY s.position`,
    )
    .all(versionId);
}

/** The friction events to count, keyed by component: analysis/friction.ts `frictionEvents`, passed in so they are defined once. */
export type EventRules = Record<string, EventRule>;

export interface StepStatsRow {
  /** Distinct residents (participants) with a counted visit. */
  n: number;
  visits: number;
  events: Record<string, { x: number; n: number }>;
  logTime: { n: number; sum: number; sumSquares: number };
  seconds: { n: number; sum: number; sumSquares: number };
  /** Residents' total waiting, and the values at the ranks the requested quantiles read. */
  waitDays: { n: number; sum: number; order: Record<number, number> };
  ease: { n: number; sum: number; sumSquares: number };
  blockedBy: Record<string, number>;
}

/** The participant attributes residents can be grouped by ("who struggles most"). */
export const segmentColumns = ['age_band', 'household', 'digital_skills', 'language'] as const;
export type SegmentColumn = (typeof segmentColumns)[number];

/**
 * A group of residents: those whose attribute holds `value` (null: not recorded), or with
 * `rest`, everyone else. Bound as @segment; the column comes from the fixed list above.
 */
export interface Segment {
  column: SegmentColumn;
  value: string | null;
  rest?: boolean;
}

function segmentSql(segment: Segment | undefined): string {
  if (!segment) return '';
  if (!(segmentColumns as readonly string[]).includes(segment.column))
    throw new Error(`not a segment column: ${segment.column}`);
  const match = `(SELECT p.${segment.column} FROM participants p WHERE p.id = s.participant_id) IS @segment`;
  return ` AND ${segment.rest ? 'NOT ' : ''}${match}`;
}

/**
 * Sessions of a study that analysis may use: consent covers them today. Scores are about
 * residents, so staff role-plays count only where `roleplays` is asked for (journeys).
 */
function countedSessions(study: string, roleplays = false, segment?: Segment): string {
  return `SELECT s.id, s.participant_id FROM sessions s WHERE s.study_id = ${study} AND ${consentCovers('analysis', 's')}${roleplays ? '' : " AND s.kind != 'roleplay'"}${segmentSql(segment)}`;
}

/** The values of a segment column among a study's counted residents, with how many residents hold each. */
export function segmentValues(
  db: Db,
  studyId: number,
  column: SegmentColumn,
): { value: string | null; residents: number }[] {
  if (!(segmentColumns as readonly string[]).includes(column)) throw new Error(`not a segment column: ${column}`);
  return db
    .prepare(
      `WITH counted AS (${countedSessions('@study')})
       SELECT p.${column} AS value, count(DISTINCT p.id) AS residents FROM counted c JOIN participants p ON p.id = c.participant_id
       GROUP BY p.${column} ORDER BY p.${column} IS NULL, p.${column}`,
    )
    .all({ study: studyId }) as { value: string | null; residents: number }[];
}

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** One rule as SQL over an observation `o` at step `st`: 1, 0, or NULL when the field was not recorded. */
export function eventSql(rule: EventRule): string {
  switch (rule.field) {
    case 'outcome':
      return `(o.outcome IN (${rule.in.map(quote).join(', ')}))`;
    case 'seconds':
      return '(CASE WHEN o.seconds IS NULL OR st.target_seconds IS NULL THEN NULL ELSE o.seconds > st.target_seconds END)';
    case 'wait_days':
      return '(o.wait_days > st.wait_norm_days)';
    case 'ease':
      return `(o.ease <= ${Number(rule.atMost)})`;
    default:
      return `(o.${rule.field} >= ${Number(rule.atLeast)})`;
  }
}

/**
 * One row per step and resident: their visits collapsed (an event on any visit counts; time and
 * waiting are totals; ease is their mean) — the same definitions as analysis/friction.ts `summarize`.
 */
function perResident(keys: string[], rules: EventRules, segment?: Segment): string {
  return `WITH counted AS (${countedSessions('@study', false, segment)}),
    per AS (
      SELECT o.step_id, c.participant_id, count(*) AS visits,
        ${keys.map((k, i) => `max(${eventSql(rules[k])}) AS e${i}`).join(', ')},
        sum(o.seconds) AS seconds, sum(o.wait_days) AS wait, avg(o.ease) AS ease
      FROM observations o JOIN counted c ON c.id = o.session_id JOIN steps st ON st.id = o.step_id
      WHERE o.outcome != 'skipped'
      GROUP BY o.step_id, c.participant_id
    )`;
}

/**
 * step id → statistics of the study's counted observations at that step, per resident (steps
 * without any are absent), summed over residents. For the waiting quantiles (`quantiles`, e.g.
 * [0.5, 0.9]) only the values at the ranks a type-7 quantile reads cross into JavaScript
 * (analysis/means.ts `quantileRanks`: ⌊(n − 1)p⌋ and the next), never every resident's value.
 */
export function stepStatistics(
  db: Db,
  studyId: number,
  rules: EventRules,
  quantiles: readonly number[],
  segment?: Segment,
): Map<number, StepStatsRow> {
  // Three queries read one snapshot: an import committing between them would add a step the
  // first did not see (a reader crashed so while two importers wrote).
  return db.transaction(() => readStepStatistics(db, studyId, rules, quantiles, segment))();
}

function readStepStatistics(
  db: Db,
  studyId: number,
  rules: EventRules,
  quantiles: readonly number[],
  segment?: Segment,
): Map<number, StepStatsRow> {
  const keys = Object.keys(rules);
  const params = { study: studyId, ...(segment ? { segment: segment.value } : {}) };
  const rows = db
    .prepare<unknown[], Record<string, number>>(
      `${perResident(keys, rules, segment)}
       SELECT step_id AS stepId, count(*) AS n, sum(visits) AS visits,
         ${keys.map((_, i) => `total(e${i}) AS x${i}, count(e${i}) AS n${i}`).join(', ')},
         sum(seconds > 0) AS logN, total(CASE WHEN seconds > 0 THEN ln(seconds) END) AS logSum,
         total(CASE WHEN seconds > 0 THEN ln(seconds) * ln(seconds) END) AS logSquares,
         count(seconds) AS secondsN, total(seconds) AS secondsSum, total(seconds * seconds) AS secondsSquares,
         count(wait) AS waitN, total(wait) AS waitSum,
         count(ease) AS easeN, total(ease) AS easeSum, total(ease * ease) AS easeSquares
       FROM per GROUP BY step_id`,
    )
    .all(params);
  const stats = new Map<number, StepStatsRow>();
  for (const r of rows) {
    stats.set(r.stepId, {
      n: r.n,
      visits: r.visits,
      events: Object.fromEntries(keys.map((k, i) => [k, { x: r[`x${i}`], n: r[`n${i}`] }])),
      logTime: { n: r.logN ?? 0, sum: r.logSum, sumSquares: r.logSquares },
      seconds: { n: r.secondsN, sum: r.secondsSum, sumSquares: r.secondsSquares },
      waitDays: { n: r.waitN, sum: r.waitSum, order: {} },
      ease: { n: r.easeN, sum: r.easeSum, sumSquares: r.easeSquares },
      blockedBy: {},
    });
  }
  if (quantiles.length) {
    const ranks = quantiles.flatMap((p) => [
      `CAST((c - 1) * ${Number(p)} AS INTEGER)`,
      `min(c - 1, CAST((c - 1) * ${Number(p)} AS INTEGER) + 1)`,
    ]);
    const order = db
      .prepare<unknown[], { stepId: number; r: number; wait: number }>(
        `${perResident(keys, rules, segment)},
         ranked AS (SELECT step_id, wait, row_number() OVER (PARTITION BY step_id ORDER BY wait) - 1 AS r, count(*) OVER (PARTITION BY step_id) AS c FROM per WHERE wait IS NOT NULL)
         SELECT step_id AS stepId, r, wait FROM ranked WHERE r IN (${ranks.join(', ')})`,
      )
      .all(params);
    for (const o of order) stats.get(o.stepId)!.waitDays.order[o.r] = o.wait;
  }
  const blocked = db
    .prepare<unknown[], { stepId: number; limitSlug: string; n: number }>(
      `WITH counted AS (${countedSessions('@study', false, segment)})
       SELECT o.step_id AS stepId, l.slug AS limitSlug, count(DISTINCT c.participant_id) AS n FROM observations o JOIN counted c ON c.id = o.session_id
       JOIN policy_limits l ON l.id = o.blocked_by WHERE o.blocked_by IS NOT NULL AND o.outcome != 'skipped' GROUP BY o.step_id, l.slug`,
    )
    .all(params);
  for (const b of blocked) stats.get(b.stepId)!.blockedBy[b.limitSlug] = b.n;
  return stats;
}

/**
 * Per policy limit: the distinct residents of a study it blocked at any step, most first. A
 * resident blocked by the same rule at two steps counts once.
 */
export function blockedResidents(db: Db, studyId: number): { limit: string; residents: number }[] {
  return db
    .prepare<unknown[], { limit: string; residents: number }>(
      `WITH counted AS (${countedSessions('?')})
       SELECT l.slug AS "limit", count(DISTINCT c.participant_id) AS residents FROM observations o
       JOIN counted c ON c.id = o.session_id JOIN policy_limits l ON l.id = o.blocked_by
       WHERE o.outcome != 'skipped' GROUP BY l.slug ORDER BY residents DESC, l.slug`,
    )
    .all(studyId);
}

/** Distinct residents with a counted session in a study (role-plays are staff, not residents). */
export function studyResidents(db: Db, studyId: number): number {
  return db
    .prepare(`WITH counted AS (${countedSessions('?')}) SELECT count(DISTINCT participant_id) FROM counted`)
    .pluck()
    .get(studyId) as number;
}

export interface ObservationRow {
  session: string;
  /** The participant's code; null in a staff role-play. */
  resident: string | null;
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
    .prepare<unknown[], ObservationRow>(
      `WITH counted AS (${countedSessions('?', true)})
       SELECT se.code AS session, pa.code AS resident, se.kind, se.date, o.visit, o.step_id AS stepId, st.slug AS step, o.outcome, o.seconds, o.errors, o.ease,
         o.retold, o.handoffs, ha.slug AS handoff_to, o.wait_days, ch.slug AS channel, o.channel_switches, l.slug AS blocked_by,
         a.department, a.slug AS actor
       FROM observations o JOIN counted c ON c.id = o.session_id JOIN sessions se ON se.id = o.session_id
       LEFT JOIN participants pa ON pa.id = se.participant_id
       JOIN steps st ON st.id = o.step_id JOIN actors a ON a.id = st.actor_id
       LEFT JOIN actors ha ON ha.id = o.handoff_to LEFT JOIN channels ch ON ch.id = o.channel_id
       LEFT JOIN policy_limits l ON l.id = o.blocked_by
       ORDER BY se.code, o.visit`,
    )
    .all(studyId);
}
