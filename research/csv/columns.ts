/** Column specs shared by import, export and `drempel template`. */
import type { Database, Statement } from 'better-sqlite3';
import { knownList } from '../../procedures/errors';
import { onConflict } from '../sql';

export { upsertSql } from '../sql';
import { foldRef, type RefMap } from '../repositories/procedures';
import type { Parser } from './values';

/** One CSV column of a kind: its name, whether it is required, and the parser that gives its value's type. */
export interface Column<N extends string = string, T = unknown> {
  name: N;
  required?: boolean;
  parse: Parser<T>;
  /** Value in the template's example row. */
  example: string;
  /** One line for the README and `drempel template --help`. */
  doc: string;
  /** How the value is written back in JSON exports. */
  json?: 'number' | 'boolean' | 'string';
  /** Free text a resident's words can end up in: scanned for personal data on import (a warning). */
  freeText?: boolean;
  /** A note to say (once per import) about how a cell was read, e.g. tags split on commas. */
  noteFor?: (raw: string) => string | undefined;
  /** A date column: slash dates are read in one order for the whole column (see import.ts). */
  date?: boolean;
  /** A short field that never holds personal data (an age band, a role): personal data in it is refused. */
  noPersonalData?: boolean;
}

/**
 * A kind's columns, with their names, types and `required` kept literal, so `RowOf` can give the
 * writer its row type: one definition of each column, no casts in the writers.
 */
export function defineColumns<const C extends readonly Column[]>(columns: C): C {
  return columns;
}

/** A parsed row of the columns `C`: a required column's value as its parser returns it, an optional one also null. */
export type RowOf<C extends readonly Column[]> = {
  -readonly [K in C[number] as K['name']]: K extends { parse: Parser<infer T> }
    ? K extends { required: true }
      ? T
      : T | null
    : never;
};

/** Problems reported against the row being written; notes are said once per import. */
export interface RowContext {
  row: number;
  problem(column: string, value: string | undefined, expected: string): void;
  /**
   * Something the import read in a way the researcher should know about. Notes of one `group` are
   * said on one line: `step written as a name, read as its slug: "Aanvraag indienen" → aanvraag, …`.
   */
  note(message: string, group?: string): void;
  /** Something in this row the researcher should look at, which does not stop the import. */
  warn(column: string, value: string | undefined, message: string): void;
}

/**
 * A reference to a step, actor, channel or policy limit: its slug, or its name or title as people
 * write it (case and accents ignored), with a note saying which slug a name was read as. Reports a
 * problem and returns undefined when neither matches; null for an empty cell.
 */
export function resolveRef(
  map: RefMap,
  column: string,
  value: unknown,
  what: string,
  ctx: RowContext,
): number | null | undefined {
  if (value === null || value === undefined || value === '') return null;
  const raw = String(value);
  const id = map.bySlug.get(raw);
  if (id !== undefined) return id;
  const folded = foldRef(raw);
  let named = map.byName.get(folded);
  if (!named && folded.length >= 6) {
    // The first words of one title ("Aanvraag indienen" for "Aanvraag indienen met bewijsstukken").
    const starts = [...map.byName].filter(([name]) => name.startsWith(`${folded} `));
    if (new Set(starts.map(([, v]) => v.slug)).size === 1) named = starts[0][1];
  }
  if (named) {
    ctx.note(`"${raw}" → ${named.slug}`, `${column} written as a name, read as its slug`);
    return named.id;
  }
  const known = [...map.bySlug.keys()];
  ctx.problem(
    column,
    raw,
    `is not ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} of this procedure version (known: ${knownList(known)})`,
  );
  return undefined;
}

/**
 * Writes parsed rows of one kind. `write` returns whether the row changed the database; a
 * batching writer returns false and reports its changes from `finish`, called once at the end
 * (only when no row had a problem), with the rows `replace` removed.
 */
export interface Writer<Row = Record<string, unknown>> {
  write(values: Row, ctx: RowContext): boolean;
  finish?(): { changed: number; removed?: number; notes?: string[] };
}

export interface WriterOptions {
  /** The file holds every row of its sessions: rows of those sessions not in the file are removed. */
  replace: boolean;
  /** The columns the file has. A column it leaves out keeps its stored value on an existing row. */
  present: ReadonlySet<string>;
  /**
   * The sessions the rows belong to, when the caller knows them (the studio's one-row writes): a
   * writer that looks sessions up in advance looks up only these, not the whole store.
   */
  sessions?: readonly string[];
}

/**
 * The stored columns an upsert may overwrite: those whose CSV column is in the file. A file
 * without a note column does not wipe the notes a fuller file stored (as sqlite-utils' upsert).
 * `csvName` maps a stored column to its CSV column where they differ (step_id → step).
 */
export function updatable(
  stored: string[],
  present: ReadonlySet<string>,
  csvName: Record<string, string> = {},
): string[] {
  return stored.filter((c) => present.has(csvName[c] ?? c));
}

/**
 * A multi-row upsert: rows are queued and written `size` at a time with one statement, which
 * saves a native call per row (the import benchmark's hot path). Same semantics as upsertSql.
 */
export class BatchUpsert {
  #rows: unknown[] = [];
  #full: Statement;
  #sql: (n: number) => string;
  #width: number;
  changes = 0;

  constructor(
    private db: Database,
    table: string,
    key: string[],
    columns: string[],
    private size = 100,
    /** The columns an existing row takes from the file (default all). */
    update: string[] = columns,
  ) {
    const all = [...key, ...columns];
    this.#width = all.length;
    const tuple = `(${all.map(() => '?').join(', ')})`;
    // With no key, a plain multi-row insert.
    this.#sql = (n) =>
      `INSERT INTO ${table} (${all.join(', ')}) VALUES ${Array(n).fill(tuple).join(', ')}` +
      (key.length ? onConflict(table, key, update) : '');
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
