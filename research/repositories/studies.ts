/** Read-side queries over studies and sessions. */
import type { Db } from '../db';

export interface StudySummary {
  study: string;
  title: string;
  procedure: string;
  version: string;
  round: number;
  walkthroughs: number;
  interviews: number;
  roleplays: number;
  participants: number;
  observations: number;
  quotes: number;
}

export function studySummaries(db: Db): StudySummary[] {
  return db
    .prepare<unknown[], StudySummary>(
      `SELECT st.code AS study, st.title, p.slug AS procedure, v.version, st.round,
        (SELECT count(*) FROM sessions s WHERE s.study_id = st.id AND s.kind = 'walkthrough') AS walkthroughs,
        (SELECT count(*) FROM sessions s WHERE s.study_id = st.id AND s.kind = 'interview') AS interviews,
        (SELECT count(*) FROM sessions s WHERE s.study_id = st.id AND s.kind = 'roleplay') AS roleplays,
        (SELECT count(DISTINCT s.participant_id) FROM sessions s WHERE s.study_id = st.id) AS participants,
        (SELECT count(*) FROM observations o JOIN sessions s ON s.id = o.session_id WHERE s.study_id = st.id) AS observations,
        (SELECT count(*) FROM quotes q JOIN sessions s ON s.id = q.session_id WHERE s.study_id = st.id) AS quotes
       FROM studies st JOIN procedure_versions v ON v.id = st.version_id JOIN procedures p ON p.id = v.procedure_id
       ORDER BY p.slug, st.round, st.code`,
    )
    .all();
}

/** Row counts of the main tables, for summaries and checks. */
export function tableCounts(db: Db): Record<string, number> {
  const tables = [
    'procedure_versions',
    'steps',
    'policy_limits',
    'studies',
    'participants',
    'consents',
    'sessions',
    'observations',
    'quotes',
    'tags',
    'findings',
    'fixes',
    'audit_log',
  ];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]));
}
