/** Column specs shared by import, export and `drempel template`. */
import type { Parser } from './values';

export interface Column {
  name: string;
  required?: boolean;
  parse: Parser<unknown>;
  /** Value in the template's example row. */
  example: string;
  /** One line for the README and `drempel template --help`. */
  doc: string;
  /** How the value is written back in JSON exports. */
  json?: 'number' | 'boolean' | 'string';
}

/** Problems reported against the row being written. */
export interface RowContext {
  row: number;
  problem(column: string, value: string | undefined, expected: string): void;
}

/** Writes parsed rows of one kind; `write` returns whether the row changed the database. */
export interface Writer {
  write(values: Record<string, unknown>, ctx: RowContext): boolean;
}

/**
 * `INSERT … ON CONFLICT (key) DO UPDATE … WHERE something differs`, so re-importing an
 * unchanged row changes nothing (and `changes` tells inserted/updated rows from unchanged ones).
 */
export function upsertSql(table: string, key: string[], columns: string[]): string {
  const all = [...key, ...columns];
  const differs = columns.map((c) => `${table}.${c} IS NOT excluded.${c}`).join(' OR ');
  return `INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map((c) => `@${c}`).join(', ')})
          ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}
          WHERE ${differs || '0'}`;
}

/** Remembers natural keys seen in this file, to report a duplicate row with the first one's row. */
export class KeyTracker {
  #seen = new Map<string, number>();
  /** Returns the row the key was first seen on, or undefined (and records it). */
  check(key: string, row: number): number | undefined {
    const first = this.#seen.get(key);
    if (first === undefined) this.#seen.set(key, row);
    return first;
  }
}
