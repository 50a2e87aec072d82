/** SQL the repositories and the importers share: one builder for every upsert. */

/**
 * ` ON CONFLICT (key) DO UPDATE SET …` that updates only when something differs, so re-importing
 * an unchanged row changes nothing (and `changes` tells inserted and updated rows from unchanged
 * ones); `DO NOTHING` when no column may change.
 */
export function onConflict(table: string, key: readonly string[], update: readonly string[]): string {
  if (!update.length) return ` ON CONFLICT (${key.join(', ')}) DO NOTHING`;
  return ` ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${update.map((c) => `${c} = excluded.${c}`).join(', ')}
            WHERE ${update.map((c) => `${table}.${c} IS NOT excluded.${c}`).join(' OR ')}`;
}

/**
 * `INSERT … ON CONFLICT (key) DO UPDATE … WHERE something differs`, with named parameters
 * (`@column`) or, with `positional`, `?` in key-then-columns order. `update` lists the columns an
 * existing row takes from the new values (default all).
 */
export function upsertSql(
  table: string,
  key: readonly string[],
  columns: readonly string[],
  update: readonly string[] = columns,
  { positional = false } = {},
): string {
  const all = [...key, ...columns];
  return (
    `INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map((c) => (positional ? '?' : `@${c}`)).join(', ')})` +
    onConflict(table, key, update)
  );
}
