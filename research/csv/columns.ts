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
  /** Free text a resident's words can end up in: scanned for personal data on import (a warning). */
  freeText?: boolean;
  /** A short field that never holds personal data (an age band, a role): personal data in it is refused. */
  noPersonalData?: boolean;
}

/** Problems reported against the row being written. */
export interface RowContext {
  row: number;
  problem(column: string, value: string | undefined, expected: string): void;
}

/**
 * Writes parsed rows of one kind. `write` returns whether the row changed the database; a
 * batching writer returns false and reports its changes from `finish`, called once at the end.
 */
export interface Writer {
  write(values: Record<string, unknown>, ctx: RowContext): boolean;
  finish?(): number;
}

/**
 * A multi-row upsert: rows are queued and written `size` at a time with one statement, which
 * saves a native call per row (the import benchmark's hot path). Same semantics as upsertSql.
 */
export class BatchUpsert {
  #rows: unknown[] = [];
  #full: import('better-sqlite3').Statement;
  #sql: (n: number) => string;
  #width: number;
  changes = 0;

  constructor(
    private db: import('better-sqlite3').Database,
    table: string,
    key: string[],
    columns: string[],
    private size = 100,
  ) {
    const all = [...key, ...columns];
    this.#width = all.length;
    const tuple = `(${all.map(() => '?').join(', ')})`;
    // With no key, a plain multi-row insert.
    this.#sql = (n) =>
      `INSERT INTO ${table} (${all.join(', ')}) VALUES ${Array(n).fill(tuple).join(', ')}` +
      (key.length
        ? ` ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}
            WHERE ${columns.map((c) => `${table}.${c} IS NOT excluded.${c}`).join(' OR ')}`
        : '');
    this.#full = db.prepare(this.#sql(size));
  }

  /** Queue one row: values in key-then-columns order. */
  add(values: unknown[]): void {
    for (const v of values) this.#rows.push(v);
    if (this.#rows.length === this.size * this.#width) this.flush();
  }

  flush(): void {
    const n = this.#rows.length / this.#width;
    if (n === 0) return;
    const statement = n === this.size ? this.#full : this.db.prepare(this.#sql(n));
    this.changes += statement.run(this.#rows).changes;
    this.#rows = [];
  }
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
