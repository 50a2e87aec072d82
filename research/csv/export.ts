/**
 * Export a kind as CSV (the same columns the import reads, so export → import round-trips) or
 * as JSON (an array of objects keyed by those column names). Rows stream from SQLite.
 */
import type { Db } from '../db';
import { kinds, type Kind } from './kinds/index';

export type ExportFormat = 'csv' | 'json';

const formulaStart = /^'*[=+\-@\t\r]/;
const plainNumber = /^[+-]?\d+(?:[.,]\d+)?$/;

/**
 * CSV injection (OWASP): a cell a spreadsheet would run as a formula — one starting with = + - @,
 * a tab or a carriage return — gets a leading apostrophe, which spreadsheets show as text. Plain
 * numbers (-0.12) stay numbers. Cells that already start with apostrophes before such a character
 * get one more, so `unneutralise` undoes exactly this and export → import round-trips.
 * @example neutralise('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"
 */
export function neutralise(s: string): string {
  return formulaStart.test(s) && !plainNumber.test(s) ? `'${s}` : s;
}

/** The inverse of `neutralise`, applied to every cell an import reads. */
export function unneutralise(s: string): string {
  return /^'+[=+\-@\t\r]/.test(s) ? s.slice(1) : s;
}

/** A CSV field: neutralised (see above), and quoted when it holds the delimiter, a quote, a line break or edge spaces. */
export function csvField(value: unknown, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  const s = neutralise(String(value));
  return s.includes(delimiter) || /["\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[], delimiter = ','): string {
  return values.map((v) => csvField(v, delimiter)).join(delimiter) + '\n';
}

/** Rows of `kind` as plain objects keyed by CSV column name, in export order; with `study`, only that study's. */
export function exportRows(db: Db, kind: Kind, study?: string): IterableIterator<Record<string, unknown>> {
  const { exportSql, studyFilter } = kinds[kind];
  if (study === undefined) return db.prepare(exportSql).iterate() as IterableIterator<Record<string, unknown>>;
  const at = exportSql.lastIndexOf('ORDER BY');
  const sql = `${exportSql.slice(0, at)} WHERE ${studyFilter} ${exportSql.slice(at)}`;
  return db.prepare(sql).iterate({ study }) as IterableIterator<Record<string, unknown>>;
}

export interface ExportOptions {
  delimiter?: string;
  /** Only the rows of this study (participants and consents: those with a session in it). */
  study?: string;
  /** Start with a UTF-8 byte order mark, so Excel reads "wát" as UTF-8 and not as Windows-1252. */
  bom?: boolean;
}

/** Write `kind` to `write` in the given format; returns the number of rows. */
export function exportKind(
  db: Db,
  kind: Kind,
  format: ExportFormat,
  write: (chunk: string) => void,
  { delimiter = ',', study, bom = false }: ExportOptions = {},
): number {
  const columns = kinds[kind].columns;
  let n = 0;
  if (format === 'csv') {
    write(
      (bom ? '\ufeff' : '') +
        csvLine(
          columns.map((c) => c.name),
          delimiter,
        ),
    );
    // A ";" file is for Dutch Excel, which reads 20.5 as a date (20 mei): decimals get a comma,
    // as the import reads them back.
    const comma = delimiter === ';';
    const cell = (c: (typeof columns)[number], v: unknown) =>
      comma && c.json === 'number' && typeof v === 'number' ? String(v).replace('.', ',') : v;
    for (const row of exportRows(db, kind, study)) {
      write(
        csvLine(
          columns.map((c) => cell(c, row[c.name])),
          delimiter,
        ),
      );
      n++;
    }
    return n;
  }
  write('[');
  for (const row of exportRows(db, kind, study)) {
    const obj: Record<string, unknown> = {};
    for (const c of columns) {
      const v = row[c.name] ?? null;
      obj[c.name] =
        v === null ? null : c.json === 'boolean' ? v === 'yes' : c.json === 'number' ? Number(v) : String(v);
    }
    write(`${n ? ',' : ''}\n  ${JSON.stringify(obj)}`);
    n++;
  }
  write(n ? '\n]\n' : ']\n');
  return n;
}

/** An empty CSV with the documented header and one example row (";"-separated for Excel: with a byte order mark). */
export function template(kind: Kind, delimiter = ','): string {
  const columns = kinds[kind].columns;
  return (
    (delimiter === ';' ? '\ufeff' : '') +
    csvLine(
      columns.map((c) => c.name),
      delimiter,
    ) +
    csvLine(
      columns.map((c) => c.example),
      delimiter,
    )
  );
}
