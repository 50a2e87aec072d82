/** The codebook's tags as the other repositories read and tidy them: one definition of each query. */
import type { Db } from '../db';

/**
 * SQL for a quote's tags in their order, as `a|b` (`text`, the CSV cell) or a JSON array
 * (`json`); `quoteId` is the SQL expression of the quote's id (`q.id`, `?`).
 */
export function tagsOf(quoteId: string, as: 'text' | 'json' = 'text'): string {
  const aggregate = as === 'json' ? 'json_group_array(name)' : "group_concat(name, '|')";
  return `(SELECT ${aggregate} FROM (SELECT t.name FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id WHERE qt.quote_id = ${quoteId} ORDER BY qt.position))`;
}

/** `a|b` from `tagsOf(…, 'text')` as a list. */
export const splitTags = (cell: string | null): string[] => (cell ? cell.split('|') : []);

/**
 * Remove tags no quote uses any more — of `ids` only, or all — unless the codebook describes them
 * or they have codes under them (the team's codebook, kept even while unused; `personalData`
 * removes it all the same, for a tag that is a name). Returns how many went.
 */
export function deleteUnusedTags(db: Db, ids?: readonly number[], { personalData = false } = {}): number {
  const kept = 'description IS NULL AND NOT EXISTS (SELECT 1 FROM tags c WHERE c.parent_id = tags.id) AND ';
  const unused = `${personalData ? '' : kept}NOT EXISTS (SELECT 1 FROM quote_tags qt WHERE qt.tag_id = tags.id)`;
  if (ids === undefined) return db.prepare(`DELETE FROM tags WHERE ${unused}`).run().changes;
  const one = db.prepare(`DELETE FROM tags WHERE id = ? AND ${unused}`);
  return ids.reduce((n, id) => n + one.run(id).changes, 0);
}

/** The ids of the tags with these names (names not in the codebook are left out). */
export function tagIds(db: Db, names: readonly string[]): number[] {
  const id = db.prepare<[string], number>('SELECT id FROM tags WHERE name = ?').pluck();
  return names.flatMap((n) => id.get(n) ?? []);
}
