/**
 * CSV import: stream the file (never held in memory), validate every cell, check references,
 * and write all rows in one transaction — or none. Up to 50 problems are collected before
 * stopping, each as `file:row:column`. Rows are numbered as a spreadsheet shows them: the
 * header is row 1, and a quoted cell with line breaks stays one row.
 */
import { basename } from 'node:path';
import type Papa from 'papaparse';
import type { Db } from '../db';
import { CsvImportError, type RowProblem } from '../errors';
import { appendAudit } from '../repositories/audit';
import type { Column, RowContext } from './columns';
import type { Encoding } from './decode';
import { openCsv } from './read';
import { kinds, type Kind } from './kinds/index';
import { unneutralise } from './export';
import { Invalid } from './values';

export const maxProblems = 50;

export interface ImportOptions {
  dryRun?: boolean;
  /** ISO timestamp for the audit log (injected so tests are deterministic). */
  now?: string;
  onProgress?: (p: { bytesRead: number; totalBytes: number; rows: number }) => void;
  onWarning?: (message: string) => void;
  /** A personal-data check for free-text cells: returns what it found (e.g. ['BSN']); each finding is a warning. */
  scanText?: (text: string) => string[];
  /** The file's name as the audit log keeps it (the caller takes personal data out of it); default the base name. */
  auditSource?: string;
}

/** At most this many personal-data warnings are printed; the rest are counted. */
const maxTextWarnings = 20;

export interface ImportSummary {
  kind: Kind;
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  encoding: Encoding;
  delimiter: string;
  dryRun: boolean;
}

/** Column names that would hold a resident's personal data: refused outright. */
const personalColumns = /^(naam|name|voornaam|achternaam|first_?name|last_?name|full_?name|e_?mail|mail|emailadres|adres|address|straat|street|huisnummer|postcode|zip|bsn|burgerservicenummer|telefoon|telefoonnummer|phone|tel|mobiel|mobile|geboortedatum|date_of_birth|dob|iban|rekeningnummer)$/;

export function normaliseHeader(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** Import one CSV file of `kind` into `db`. Throws CsvImportError (db unchanged) on bad input. */
export async function importCsv(db: Db, kind: Kind, path: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const spec = kinds[kind];
  const file = basename(path);
  const problems: RowProblem[] = [];
  const csv = await openCsv(path);
  if (csv.empty) throw new CsvImportError(file, [{ file, row: 1, column: '', expected: `file is empty: expected a header line with ${spec.columns.filter((c) => c.required).map((c) => c.name).join(', ')}` }], false);
  const { delimiter } = csv;

  const summary: ImportSummary = { kind, file: path, rows: 0, inserted: 0, updated: 0, unchanged: 0, encoding: 'utf-8', delimiter, dryRun: !!opts.dryRun };
  const countRows = db.prepare(`SELECT count(*) FROM ${spec.table}`).pluck();
  const before = countRows.get() as number;
  db.exec('BEGIN IMMEDIATE'); // one transaction for the whole file; streamed reads make db.transaction() unusable here
  try {
    const writer = spec.writer(db);
    let header: (Column | undefined)[] | undefined;
    let rowNumber = 0;
    let changed = 0;
    let truncated = false;
    const problem = (row: number, column: string, value: string | undefined, expected: string) => {
      if (problems.length < maxProblems) problems.push({ file, row, column, value, expected });
      else truncated = true;
    };

    let textWarnings = 0;
    const freeText = spec.columns.filter((c) => c.freeText);
    const structured = spec.columns.filter((c) => c.noPersonalData);
    /** Short fields (an age band, a role, a study title) never hold personal data: refused, not warned about. */
    const checkStructured = (values: Record<string, unknown>, row: number) => {
      for (const c of structured) {
        const v = values[c.name];
        if (typeof v !== 'string' || !v) continue;
        const kinds = opts.scanText!(v);
        if (/\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}-\d{2}-\d{2}/.test(v) && !kinds.includes('GEBOORTEDATUM')) kinds.push('a date');
        if (kinds.length) problem(row, c.name, v, `looks like personal data (${kinds.join(', ')}), which this column never holds`);
      }
    };
    const scanFreeText = (values: Record<string, unknown>, row: number) => {
      for (const c of freeText) {
        const raw = values[c.name];
        const v = Array.isArray(raw) ? raw.join(' | ') : raw; // tags are free text too
        if (typeof v !== 'string' || !v) continue;
        const kinds = opts.scanText!(v);
        if (!kinds.length) continue;
        if (++textWarnings <= maxTextWarnings) opts.onWarning?.(`${file}:${row}:${c.name}: looks like personal data (${kinds.join(', ')}); it stays out of every site, but remove it at the source`);
      }
    };
    // One context object for every row (no closure per row: at a million rows it shows).
    const ctx = { row: 0, problem: (c: string, v: string | undefined, e: string) => problem(ctx.row, c, v, e) };
    const onRows = (rows: string[][], errors: Papa.ParseError[], parser: Papa.Parser) => {
      const unclosed = new Set(errors.filter((e) => e.code === 'MissingQuotes').map((e) => e.row));
      for (let i = 0; i < rows.length; i++) {
        const cells = rows[i];
        rowNumber++;
        if (!header) {
          header = readHeader(cells, spec.columns, file, opts.onWarning);
          continue;
        }
        if (cells.length === 1 && cells[0].trim() === '') continue; // blank line
        if (unclosed.has(i)) problem(rowNumber, '', undefined, 'has a quote that is never closed (is the file cut off?)');
        else if (cells.length !== header.length) {
          problem(rowNumber, '', undefined, `has ${cells.length} field${cells.length === 1 ? '' : 's'}, expected ${header.length} (a missing or extra "${delimiter}", or a cut-off line?)`);
        } else {
          summary.rows++;
          ctx.row = rowNumber;
          const values = parseRow(spec.columns, cells, header, ctx);
          if (values && opts.scanText) {
            scanFreeText(values, rowNumber);
            checkStructured(values, rowNumber);
          }
          const before = problems.length;
          const wrote = values && writer.write(values, ctx);
          if (wrote && problems.length === before) changed++;
        }
        if (truncated) {
          parser.abort();
          return;
        }
      }
      opts.onProgress?.({ ...csv.progress(), rows: summary.rows });
    };
    await csv.parse(onRows);
    if (!problems.length) changed += writer.finish?.() ?? 0;
    summary.encoding = csv.encoding();
    if (problems.length) throw new CsvImportError(file, problems, truncated);
    if (textWarnings > maxTextWarnings) opts.onWarning?.(`${file}: ${textWarnings - maxTextWarnings} more cells look like personal data`);
    const after = countRows.get() as number;
    summary.inserted = after - before;
    summary.updated = changed - summary.inserted;
    summary.unchanged = summary.rows - changed;
    if (opts.dryRun) {
      db.exec('ROLLBACK');
      return summary;
    }
    appendAudit(db, {
      at: opts.now ?? new Date().toISOString(),
      action: 'import',
      kind,
      source: opts.auditSource ?? file,
      inserted: summary.inserted,
      updated: summary.updated,
      unchanged: summary.unchanged,
    });
    db.exec('COMMIT');
    return summary;
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}

function readHeader(cells: string[], columns: Column[], file: string, warn?: (m: string) => void): (Column | undefined)[] {
  const names = cells.map(normaliseHeader);
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (personalColumns.test(name)) {
      problems.push({ file, row: 1, column: cells[i].trim(), expected: 'holds personal data, which drempel never stores: remove this column' });
    } else if (seen.has(name)) problems.push({ file, row: 1, column: cells[i].trim(), expected: 'appears twice in the header' });
    else if (name && !columns.some((c) => c.name === name)) {
      warn?.(`${file}:1:${cells[i].trim()}: unknown column, ignored (known: ${columns.map((c) => c.name).join(', ')})`);
    }
    seen.add(name);
  });
  for (const c of columns) {
    if (c.required && !names.includes(c.name)) {
      problems.push({ file, row: 1, column: c.name, expected: `required column is missing (the header has: ${names.join(', ')})` });
    }
  }
  if (problems.length) throw new CsvImportError(file, problems, false);
  return names.map((n) => columns.find((c) => c.name === n));
}

function parseRow(columns: Column[], cells: string[], header: (Column | undefined)[], ctx: RowContext): Record<string, unknown> | undefined {
  const values: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) values[columns[i].name] = null;
  let ok = true;
  for (let i = 0; i < header.length; i++) {
    const column = header[i];
    if (!column) continue;
    const raw = unneutralise(cells[i].trim());
    if (raw === '') {
      if (column.required) {
        ctx.problem(column.name, undefined, 'is required but empty');
        ok = false;
      }
      values[column.name] = null;
      continue;
    }
    try {
      values[column.name] = column.parse(raw);
    } catch (e) {
      if (!(e instanceof Invalid)) throw e;
      ctx.problem(column.name, raw, e.expected);
      ok = false;
    }
  }
  return ok ? values : undefined;
}
