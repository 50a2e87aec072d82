/**
 * Procedures in the store: reviewed files are synced in, one row set per version. Old versions
 * are kept so observations keep pointing at the version that was studied; a changed file with
 * the same version updates that version in place (ids of steps, actors and channels stay).
 */
import type { Procedure } from '../../procedures/schema';
import type { Db } from '../db';
import { DrempelError } from '../errors';
import { upsertSql } from '../sql';

export type SyncStatus = 'created' | 'updated' | 'unchanged';

export interface SyncResult {
  procedure: string;
  version: string;
  status: SyncStatus;
}

/** Sync one loaded procedure version into the store (idempotent). */
export function syncProcedure(db: Db, p: Procedure, now: string): SyncResult {
  return db.transaction((): SyncResult => {
    db.prepare(upsertSql('procedures', ['slug'], ['title'], ['title'], { positional: true })).run(
      p.slug,
      p.short_title,
    );
    const procedureId = (db.prepare('SELECT id FROM procedures WHERE slug = ?').get(p.slug) as { id: number }).id;
    const existing = db
      .prepare<unknown[], { id: number; hash: string }>(
        'SELECT id, hash FROM procedure_versions WHERE procedure_id = ? AND version = ?',
      )
      .get(procedureId, p.version);
    if (existing?.hash === p.hash) return { procedure: p.slug, version: p.version, status: 'unchanged' };
    const row = {
      procedure_id: procedureId,
      version: p.version,
      valid_from: p.valid_from,
      title: p.title,
      short_title: p.short_title,
      upl: p.upl,
      municipality: p.municipality,
      summary: p.summary,
      applicants_per_year: p.applicants_per_year,
      applicants_per_year_source: p.applicants_per_year_source,
      caveats: JSON.stringify(p.caveats),
      sources: JSON.stringify(p.sources),
      hash: p.hash,
      synced_at: now,
    };
    let versionId: number;
    if (existing) {
      versionId = existing.id;
      db.prepare(
        `UPDATE procedure_versions SET valid_from=@valid_from, title=@title, short_title=@short_title, upl=@upl,
         municipality=@municipality, summary=@summary, applicants_per_year=@applicants_per_year,
         applicants_per_year_source=@applicants_per_year_source, caveats=@caveats, sources=@sources, hash=@hash,
         synced_at=@synced_at WHERE id=${versionId}`,
      ).run(row);
    } else {
      versionId = Number(
        db
          .prepare(
            `INSERT INTO procedure_versions (procedure_id, version, valid_from, title, short_title, upl, municipality, summary,
             applicants_per_year, applicants_per_year_source, caveats, sources, hash, synced_at)
             VALUES (@procedure_id, @version, @valid_from, @title, @short_title, @upl, @municipality, @summary,
             @applicants_per_year, @applicants_per_year_source, @caveats, @sources, @hash, @synced_at)`,
          )
          .run(row).lastInsertRowid,
      );
    }
    try {
      writeVersionContent(db, versionId, p);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new DrempelError(
          `procedure ${p.slug} ${p.version}: a step, actor, channel or limit that observations or quotes point at was removed`,
          'Keep the slug, or give the changed procedure a new version so the studied one stays intact.',
        );
      }
      throw e;
    }
    return { procedure: p.slug, version: p.version, status: existing ? 'updated' : 'created' };
  })();
}

/** Upsert rows keyed by (version_id, slug) and delete the slugs no longer present; returns slug → id. */
function upsertBySlug<T extends { slug: string }>(
  db: Db,
  table: string,
  versionId: number,
  rows: T[],
  columns: string[],
  values: (r: T) => unknown[],
): Map<string, number> {
  const insert = db.prepare(upsertSql(table, ['version_id', 'slug'], columns, columns, { positional: true }));
  for (const r of rows) insert.run(versionId, r.slug, ...values(r));
  const ids = new Map<string, number>();
  for (const { id, slug } of db
    .prepare<
      unknown[],
      {
        id: number;
        slug: string;
      }
    >(`SELECT id, slug FROM ${table} WHERE version_id = ?`)
    .all(versionId)) {
    if (rows.some((r) => r.slug === slug)) ids.set(slug, id);
    else db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
  }
  return ids;
}

function writeVersionContent(db: Db, versionId: number, p: Procedure): void {
  // Link tables are rebuilt; entity rows keep their ids.
  db.prepare('DELETE FROM transitions WHERE version_id = ?').run(versionId);
  db.prepare('DELETE FROM outcome_transitions WHERE version_id = ?').run(versionId);
  for (const t of ['step_channels', 'step_information', 'step_actors']) {
    db.prepare(`DELETE FROM ${t} WHERE step_id IN (SELECT id FROM steps WHERE version_id = ?)`).run(versionId);
  }
  db.prepare('DELETE FROM limit_steps WHERE limit_id IN (SELECT id FROM policy_limits WHERE version_id = ?)').run(
    versionId,
  );

  const actors = upsertBySlug(db, 'actors', versionId, p.actors, ['name', 'department', 'kind'], (a) => [
    a.name,
    a.department,
    a.kind,
  ]);
  const channels = upsertBySlug(db, 'channels', versionId, p.channels, ['name'], (c) => [c.name]);
  const items = upsertBySlug(db, 'information_items', versionId, p.information_items, ['name'], (i) => [i.name]);
  const stepRows = p.steps.map((s, i) => ({ ...s, position: i + 1 }));
  const limits = upsertBySlug(
    db,
    'policy_limits',
    versionId,
    p.limits,
    [
      'title',
      'law',
      'bwbr',
      'article',
      'url',
      'rule',
      'why',
      'options',
      'sources',
      'known_friction',
      'uncertain',
      'last_checked',
    ],
    (l) => [
      l.title,
      l.legal_basis.law,
      l.legal_basis.bwbr ?? null,
      l.legal_basis.article,
      l.legal_basis.url,
      l.rule,
      l.why,
      l.options,
      JSON.stringify(l.sources),
      JSON.stringify(l.known_friction),
      l.uncertain ?? null,
      l.last_checked,
    ],
  );
  const steps = upsertBySlug(
    db,
    'steps',
    versionId,
    stepRows,
    [
      'position',
      'title',
      'actor_id',
      'description',
      'documents',
      'typical_duration',
      'target_seconds',
      'wait_norm_days',
      'reach',
      'condition',
      'optional',
      'automatic',
      'anonymous',
      'objection',
    ],
    (s) => [
      s.position,
      s.title,
      actors.get(s.actor),
      s.description,
      JSON.stringify(s.documents),
      s.typical_duration ?? null,
      s.target_minutes === undefined ? null : s.target_minutes * 60,
      s.wait_norm_days,
      s.reach,
      s.condition ?? null,
      s.optional ? 1 : 0,
      s.automatic ? 1 : 0,
      s.anonymous ? 1 : 0,
      s.objection ?? null,
    ],
  );
  const outcomes = upsertBySlug(db, 'outcomes', versionId, p.outcomes ?? [], ['kind', 'title'], (o) => [
    o.kind,
    o.title,
  ]);
  const stepActor = db.prepare('INSERT INTO step_actors (step_id, actor_id) VALUES (?, ?)');
  for (const s of p.steps) for (const a of s.with ?? []) stepActor.run(steps.get(s.slug), actors.get(a));
  const stepChannel = db.prepare('INSERT INTO step_channels (step_id, channel_id) VALUES (?, ?)');
  const stepItem = db.prepare('INSERT INTO step_information (step_id, item_id) VALUES (?, ?)');
  for (const s of p.steps) {
    for (const c of s.channels) stepChannel.run(steps.get(s.slug), channels.get(c));
    for (const i of s.asks) stepItem.run(steps.get(s.slug), items.get(i));
  }
  const transition = db.prepare(
    'INSERT INTO transitions (version_id, from_step_id, to_step_id, kind, condition) VALUES (?, ?, ?, ?, ?)',
  );
  const toOutcome = db.prepare(
    'INSERT INTO outcome_transitions (version_id, from_step_id, outcome_id, kind, condition) VALUES (?, ?, ?, ?, ?)',
  );
  for (const t of p.transitions) {
    const outcome = outcomes.get(t.to);
    if (outcome !== undefined) toOutcome.run(versionId, steps.get(t.from), outcome, t.kind, t.condition ?? null);
    else transition.run(versionId, steps.get(t.from), steps.get(t.to), t.kind, t.condition ?? null);
  }
  const limitStep = db.prepare('INSERT INTO limit_steps (limit_id, step_id) VALUES (?, ?)');
  for (const l of p.limits) for (const s of l.steps) limitStep.run(limits.get(l.slug), steps.get(s));
}

export interface VersionRef {
  id: number;
  procedure: string;
  version: string;
}

/** The stored version of a procedure; the newest by valid_from when `version` is omitted. */
export function findVersion(db: Db, procedure: string, version?: string): VersionRef | undefined {
  const sql = `SELECT v.id, p.slug AS procedure, v.version FROM procedure_versions v JOIN procedures p ON p.id = v.procedure_id
               WHERE p.slug = ? ${version ? 'AND v.version = ?' : ''} ORDER BY v.valid_from DESC, v.id DESC LIMIT 1`;
  return db.prepare<unknown[], VersionRef>(sql).get(...(version ? [procedure, version] : [procedure]));
}

/** References of one kind in a version: by slug, and by name or title as people write them. */
export interface RefMap {
  bySlug: Map<string, number>;
  /** Folded name (case, accents and punctuation ignored) → the slug and id it names. */
  byName: Map<string, { slug: string; id: number }>;
}

/** slug → id maps of one version's steps, actors, channels and limits (for CSV reference checks). */
export interface VersionLookup {
  steps: RefMap;
  actors: RefMap;
  channels: RefMap;
  limits: RefMap;
}

/** A name as people may write it: "Aanvraag  indienen", "AANVRAAG INDIENEN" and "aanvraag-indienen" are one. */
export const foldRef = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export function versionLookup(db: Db, versionId: number): VersionLookup {
  const map = (table: string, name: string): RefMap => {
    const rows = db
      .prepare<unknown[], { slug: string; id: number; name: string }>(
        `SELECT slug, id, ${name} AS name FROM ${table} WHERE version_id = ? ORDER BY id`,
      )
      .all(versionId);
    const byName = new Map<string, { slug: string; id: number }>();
    // A slug in capitals, a title, and a title without its aside ("Zoekperiode van 4 weken").
    for (const r of rows)
      for (const n of [r.slug, r.name, r.name.replace(/\([^)]*\)/g, '')])
        if (!byName.has(foldRef(n))) byName.set(foldRef(n), { slug: r.slug, id: r.id });
    return { bySlug: new Map(rows.map((r) => [r.slug, r.id])), byName };
  };
  return {
    steps: map('steps', 'title'),
    actors: map('actors', 'name'),
    channels: map('channels', 'name'),
    limits: map('policy_limits', 'title'),
  };
}
