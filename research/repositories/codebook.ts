/**
 * The codebook as a tree: a code may sit under a parent code ("wachten" under "tijd"), with a
 * description of when to use it, as in ATLAS.ti, NVivo and QualCoder. Frequencies count quotes
 * the team may read (consent today), a parent code counting its own quotes and its children's.
 */
import type { Db } from '../db';
import { consentCovers } from '../consent-sql';
import { DrempelError, NotFoundError } from '../errors';
import { segmentColumns } from './scoring';

export interface Code {
  name: string;
  parent: string | null;
  description: string | null;
  /** Depth in the tree: 0 for a top-level code. */
  depth: number;
  /** Quotes the team may read that carry this code itself. */
  quotes: number;
  /** … this code or any code under it (each quote once). */
  quotesWithChildren: number;
  /** Residents (participants) behind those quotes; role-play quotes count no resident. */
  residents: number;
}

/** SQL: quotes whose session consent lets the team read them (alias `q`, joined to `s`). */
const readable = `${consentCovers('analysis', 's')} AND ${consentCovers('quote_internal', 's')}`;

/** SQL: every code with the ids of itself and all its descendants (`code_id`, `member_id`). */
const subtree = `WITH RECURSIVE sub(code_id, member_id) AS (
    SELECT id, id FROM tags UNION ALL SELECT sub.code_id, t.id FROM tags t JOIN sub ON t.parent_id = sub.member_id)`;

/** The codebook in tree order (parents before their children, names alphabetical), with counts. */
export function codebook(db: Db, study?: string): Code[] {
  const studyFilter = study === undefined ? '' : 'AND s.study_id = (SELECT id FROM studies WHERE code = @study)';
  const rows = db
    .prepare(
      `${subtree},
       usable AS (
         SELECT q.id, s.participant_id FROM quotes q JOIN sessions s ON s.id = q.session_id
          WHERE ${readable} ${studyFilter})
       SELECT t.id, t.name, t.description, p.name AS parent, t.parent_id AS parentId,
              (SELECT count(*) FROM quote_tags qt JOIN usable u ON u.id = qt.quote_id WHERE qt.tag_id = t.id) AS quotes,
              (SELECT count(DISTINCT u.id) FROM sub JOIN quote_tags qt ON qt.tag_id = sub.member_id
                 JOIN usable u ON u.id = qt.quote_id WHERE sub.code_id = t.id) AS quotesWithChildren,
              (SELECT count(DISTINCT u.participant_id) FROM sub JOIN quote_tags qt ON qt.tag_id = sub.member_id
                 JOIN usable u ON u.id = qt.quote_id WHERE sub.code_id = t.id) AS residents
         FROM tags t LEFT JOIN tags p ON p.id = t.parent_id`,
    )
    .all({ study: study ?? null }) as (Omit<Code, 'depth'> & { id: number; parentId: number | null })[];
  const children = new Map<number | null, typeof rows>();
  for (const r of rows) {
    const list = children.get(r.parentId) ?? [];
    list.push(r);
    children.set(r.parentId, list);
  }
  const out: Code[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const r of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'nl'))) {
      out.push({
        name: r.name,
        parent: r.parent,
        description: r.description,
        depth,
        quotes: r.quotes,
        quotesWithChildren: r.quotesWithChildren,
        residents: r.residents,
      });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Add a code, or change its parent or description; the tree may never loop. Returns whether it is new. */
export function saveCode(
  db: Db,
  name: string,
  change: { parent?: string | null; description?: string | null; rename?: string },
): boolean {
  return db
    .transaction(() => {
      const id = db.prepare<[string], number>('SELECT id FROM tags WHERE name = ?').pluck().get(name);
      let parentId: number | null | undefined;
      if (change.parent === null) parentId = null;
      else if (change.parent !== undefined) {
        parentId = db.prepare<[string], number>('SELECT id FROM tags WHERE name = ?').pluck().get(change.parent);
        if (parentId === undefined) throw new NotFoundError('code', change.parent);
        if (id !== undefined && inSubtree(db, id, parentId))
          throw new DrempelError(
            `code ${change.parent} is ${change.parent === name ? 'the code itself' : `under ${name}`}: a code cannot sit under itself`,
          );
      }
      if (change.rename !== undefined && change.rename !== name) {
        if (id === undefined) throw new NotFoundError('code', name);
        if (db.prepare('SELECT 1 FROM tags WHERE name = ?').get(change.rename))
          throw new DrempelError(`code ${change.rename} exists already`, 'Choose another name.');
      }
      if (id === undefined) {
        db.prepare('INSERT INTO tags (name, parent_id, description) VALUES (?, ?, ?)').run(
          name,
          parentId ?? null,
          change.description ?? null,
        );
        return true;
      }
      if (parentId !== undefined) db.prepare('UPDATE tags SET parent_id = ? WHERE id = ?').run(parentId, id);
      if (change.description !== undefined)
        db.prepare('UPDATE tags SET description = ? WHERE id = ?').run(change.description, id);
      if (change.rename !== undefined) db.prepare('UPDATE tags SET name = ? WHERE id = ?').run(change.rename, id);
      return false;
    })
    .immediate();
}

/** Whether `candidate` is `root` or sits somewhere under it. */
function inSubtree(db: Db, root: number, candidate: number): boolean {
  return (
    db.prepare(`${subtree} SELECT 1 FROM sub WHERE code_id = ? AND member_id = ?`).pluck().get(root, candidate) !==
    undefined
  );
}

export const frequencyGroups = ['step', 'round', ...segmentColumns] as const;
export type FrequencyGroup = (typeof frequencyGroups)[number];

export interface CodeFrequency {
  code: string;
  group: string;
  quotes: number;
  residents: number;
}

/**
 * How often each code (with its children) occurs per step (as procedure/step), per round, or per
 * group of residents (a segment attribute); quotes the team may read only. Groups without a value
 * are "–".
 */
export function codeFrequencies(db: Db, by: FrequencyGroup, study?: string): CodeFrequency[] {
  const group =
    by === 'step'
      ? `coalesce((SELECT p.slug || '/' || st.slug FROM steps st JOIN procedure_versions v ON v.id = st.version_id
           JOIN procedures p ON p.id = v.procedure_id WHERE st.id = q.step_id), '–')`
      : by === 'round'
        ? "'round ' || su.round || ' (' || su.code || ')'"
        : `coalesce((SELECT ${by} FROM participants WHERE id = s.participant_id), '–')`;
  const studyFilter = study === undefined ? '' : 'AND su.code = @study';
  return db
    .prepare(
      `${subtree},
       usable AS (
         SELECT q.id, s.participant_id, ${group} AS grp FROM quotes q
           JOIN sessions s ON s.id = q.session_id JOIN studies su ON su.id = s.study_id
          WHERE ${readable} ${studyFilter})
       SELECT t.name AS code, u.grp AS "group", count(DISTINCT u.id) AS quotes, count(DISTINCT u.participant_id) AS residents
         FROM tags t JOIN sub ON sub.code_id = t.id JOIN quote_tags qt ON qt.tag_id = sub.member_id
         JOIN usable u ON u.id = qt.quote_id
        GROUP BY t.name, u.grp
        ORDER BY t.name, quotes DESC, u.grp`,
    )
    .all({ study: study ?? null }) as CodeFrequency[];
}
