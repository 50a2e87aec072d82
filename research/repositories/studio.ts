/**
 * What the session studio reads and keeps beside the rows it records (scripts/app/studio/): the
 * studies, participants and codebook to choose from, a procedure's route, a session's place
 * (`studio_state`), and the rows a session holds in the form the CSV files hold them. The rows
 * themselves are written through the CSV kinds' writers (research/csv/record.ts), never here.
 */
import type { Db } from '../db';
import { consentHolds } from '../consent-sql';
import { kinds } from '../csv/kinds/index';
import { deleteUnusedTags } from './tags';

export interface StudioStudy {
  code: string;
  title: string;
  procedure: string;
  version: string;
  versionId: number;
  round: number;
  startedOn: string;
  endedOn: string | null;
}

export function studioStudies(db: Db): StudioStudy[] {
  return db
    .prepare<[], StudioStudy>(
      `SELECT st.code, st.title, p.slug AS procedure, v.version, v.id AS versionId, st.round,
              st.started_on AS startedOn, st.ended_on AS endedOn
         FROM studies st JOIN procedure_versions v ON v.id = st.version_id JOIN procedures p ON p.id = v.procedure_id
        ORDER BY st.started_on DESC, st.code`,
    )
    .all();
}

/** What a participant's consent allows today (`drempel_today()`), and the latest withdrawal. */
export interface StudioParticipant {
  code: string;
  analysis: boolean;
  quoteInternal: boolean;
  quotePublic: boolean;
  withdrawnOn: string | null;
  /** The latest consent record's date, or null when there is none. */
  givenOn: string | null;
}

/** Every participant, or the one with code `only`. */
export function studioParticipants(db: Db, only?: string): StudioParticipant[] {
  const today = 'drempel_today()';
  return db
    .prepare<
      unknown[],
      Omit<StudioParticipant, 'analysis' | 'quoteInternal' | 'quotePublic'> & {
        analysis: number;
        quoteInternal: number;
        quotePublic: number;
      }
    >(
      `SELECT p.code,
              ${consentHolds('p.id', today, ['analysis'])} AS analysis,
              ${consentHolds('p.id', today, ['analysis', 'quote_internal'])} AS quoteInternal,
              ${consentHolds('p.id', today, ['analysis', 'quote_public'])} AS quotePublic,
              (SELECT max(withdrawn_on) FROM consents c WHERE c.participant_id = p.id) AS withdrawnOn,
              (SELECT max(given_on) FROM consents c WHERE c.participant_id = p.id) AS givenOn
         FROM participants p ${only === undefined ? '' : 'WHERE p.code = ?'} ORDER BY p.code`,
    )
    .all(...(only === undefined ? [] : [only]))
    .map((p) => ({ ...p, analysis: !!p.analysis, quoteInternal: !!p.quoteInternal, quotePublic: !!p.quotePublic }));
}

export interface RouteStep {
  slug: string;
  title: string;
  position: number;
  condition: string | null;
  optional: boolean;
  objection: string | null;
  automatic: boolean;
  actor: string;
  /** The policy limits that apply to this step (their slugs). */
  limits: string[];
}

export interface Choice {
  slug: string;
  name: string;
}

export interface Route {
  steps: RouteStep[];
  actors: Choice[];
  channels: Choice[];
  limits: Choice[];
}

/** A procedure version's steps in route order, and the actors, channels and limits a step can name. */
export function routeOf(db: Db, versionId: number): Route {
  const steps = db
    .prepare<
      [number],
      Omit<RouteStep, 'limits' | 'optional' | 'automatic'> & {
        optional: number;
        automatic: number;
        limits: string | null;
      }
    >(
      `SELECT s.slug, s.title, s.position, s.condition, s.optional, s.objection, s.automatic, a.name AS actor,
              (SELECT json_group_array(l.slug) FROM limit_steps ls JOIN policy_limits l ON l.id = ls.limit_id WHERE ls.step_id = s.id) AS limits
         FROM steps s JOIN actors a ON a.id = s.actor_id WHERE s.version_id = ? ORDER BY s.position, s.id`,
    )
    .all(versionId)
    .map((s) => ({
      ...s,
      optional: !!s.optional,
      automatic: !!s.automatic,
      limits: s.limits ? (JSON.parse(s.limits) as string[]) : [],
    }));
  const choices = (table: string, name: string) =>
    db
      .prepare<[number], Choice>(`SELECT slug, ${name} AS name FROM ${table} WHERE version_id = ? ORDER BY id`)
      .all(versionId);
  return {
    steps,
    actors: choices('actors', 'name'),
    channels: choices('channels', 'name'),
    limits: choices('policy_limits', 'title'),
  };
}

/** The codebook's tag names, for autocomplete. */
export function tagNames(db: Db): string[] {
  return db.prepare<[], string>('SELECT name FROM tags ORDER BY name COLLATE NOCASE').pluck().all();
}

export interface StudioSession {
  id: number;
  code: string;
  study: string;
  participant: string | null;
  kind: 'interview' | 'walkthrough' | 'roleplay';
  date: string;
  researcher: string | null;
  mode: string | null;
  versionId: number;
}

const sessionSql = `SELECT s.id, s.code, st.code AS study, p.code AS participant, s.kind, s.date, s.researcher, s.mode,
       st.version_id AS versionId
  FROM sessions s JOIN studies st ON st.id = s.study_id LEFT JOIN participants p ON p.id = s.participant_id`;

export function studioSession(db: Db, code: string): StudioSession | undefined {
  return db.prepare<[string], StudioSession>(`${sessionSql} WHERE s.code = ?`).get(code);
}

/** Sessions the studio holds a place for, newest first, with whether they were ended. */
export function studioSessions(db: Db): (StudioSession & { state: string; updatedAt: string })[] {
  return db
    .prepare<[], StudioSession & { state: string; updatedAt: string }>(
      `SELECT * FROM (${sessionSql}) x JOIN (SELECT session_id, state, updated_at AS updatedAt FROM studio_state) ss ON ss.session_id = x.id ORDER BY ss.updatedAt DESC`,
    )
    .all();
}

/**
 * The next code `prefix` + a two-digit (or longer) number: S-20261129-01, S-20261129-02, …
 * Never one used before in this store, also when its session was deleted or erased since (an old
 * file naming it must not attach to someone else): the highest number handed out per prefix is
 * kept in store_facts.
 */
export function nextCode(db: Db, table: 'sessions' | 'quotes' | 'session_notes', prefix: string): string {
  const taken = new Set(
    db
      .prepare<[{ prefix: string }], string>(
        `SELECT code FROM ${table} WHERE substr(code, 1, length(@prefix)) = @prefix`,
      )
      .pluck()
      .all({ prefix }),
  );
  const key = `studio:last:${table}:${prefix}`;
  const last = Number(
    db.prepare<[string], string>('SELECT value FROM store_facts WHERE key = ?').pluck().get(key) ?? 0,
  );
  let n = last + 1;
  while (taken.has(`${prefix}${String(n).padStart(2, '0')}`)) n++;
  db.prepare(
    'INSERT INTO store_facts (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, String(n));
  return `${prefix}${String(n).padStart(2, '0')}`;
}

export function readStudioState(db: Db, sessionId: number): string | undefined {
  return db.prepare<[number], string>('SELECT state FROM studio_state WHERE session_id = ?').pluck().get(sessionId);
}

export function writeStudioState(db: Db, sessionId: number, state: string, at: string): void {
  db.prepare(
    `INSERT INTO studio_state (session_id, state, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (session_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  ).run(sessionId, state, at);
}

/** A session's rows of one kind as its CSV file holds them (the export's own query), in file order. */
export function sessionRecords(
  db: Db,
  kind: 'observations' | 'quotes' | 'notes',
  sessionCode: string,
): Record<string, string | number | null>[] {
  const { exportSql } = kinds[kind];
  const at = exportSql.lastIndexOf('ORDER BY');
  return db
    .prepare<[string], Record<string, string | number | null>>(
      `${exportSql.slice(0, at)} WHERE s.code = ? ${exportSql.slice(at)}`,
    )
    .all(sessionCode);
}

/**
 * Take back one row the studio wrote (undo): one visit's observation, one note, or one quote and
 * the tags only it used. Only rows of this session; returns whether a row went.
 */
export function removeSessionRow(
  db: Db,
  sessionId: number,
  kind: 'observations' | 'quotes' | 'notes',
  key: string | number,
): boolean {
  if (kind === 'observations')
    return db.prepare('DELETE FROM observations WHERE session_id = ? AND visit = ?').run(sessionId, key).changes > 0;
  if (kind === 'notes')
    return (
      db.prepare('DELETE FROM session_notes WHERE session_id = ? AND code = ?').run(sessionId, String(key)).changes > 0
    );
  const tags = db
    .prepare<[number, string], number>(
      'SELECT qt.tag_id FROM quote_tags qt JOIN quotes q ON q.id = qt.quote_id WHERE q.session_id = ? AND q.code = ?',
    )
    .pluck()
    .all(sessionId, String(key));
  const gone =
    db.prepare('DELETE FROM quotes WHERE session_id = ? AND code = ?').run(sessionId, String(key)).changes > 0;
  deleteUnusedTags(db, tags);
  return gone;
}

/**
 * Drop every studio session's undo history: it holds rows as they were, and after a redaction
 * "as they were" is the personal data just taken out (the studio would put it back on undo).
 */
export function forgetStudioUndo(db: Db): void {
  db.prepare(`UPDATE studio_state SET state = json_set(state, '$.undo', json('[]'))`).run();
}

/** One IMMEDIATE transaction around synchronous work (a studio tap: its rows and its place together). */
export function immediately<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
}
