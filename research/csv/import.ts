/**
 * CSV import: stream the file (never held in memory), validate every cell, check references,
 * and write all rows in one transaction — or none. Rows are numbered as a spreadsheet shows them:
 * the header is row 1, and a quoted cell with line breaks stays one row.
 *
 * Files arrive as Dutch Excel, survey tools and hand-typed sheets write them, and nothing may
 * change meaning silently: a column of slash dates is read in one order for the whole column (or
 * refused while ambiguous), a column one typo away from a known one is an error, identical rows
 * are named, and whatever was read in a way the researcher should know about is said in a note.
 */
import { basename } from 'node:path';
import type Papa from 'papaparse';
import type { Db } from '../db';
import { CsvImportError, type RowProblem } from '../errors';
import { appendAudit } from '../repositories/audit';
import type { Column, RowContext } from './columns';
import type { Encoding } from './decode';
import { unneutralise } from './export';
import { readHeader, type Header } from './header';
import { kinds, type Kind } from './kinds/index';
import { openCsv } from './read';
import { dateEvidence, dateParser, hasTime, Invalid, type DateOrder } from './values';
import { getOrInit } from '../maps';
import { asyncTransaction } from '../transaction';
import { ImportReport } from './report';

/** Problems beyond maxProblems are only counted per column, up to this many. */
const countProblems = 10_000;

export interface ImportOptions {
  dryRun?: boolean;
  /** ISO timestamp for the audit log (injected so tests are deterministic). */
  now?: string;
  onProgress?: (p: { bytesRead: number; totalBytes: number; rows: number }) => void;
  onWarning?: (message: string) => void;
  /** A personal-data check for free-text cells: returns what it found (e.g. ['BSN']); each finding is a warning. */
  scanText?: (text: string) => string[];
  /** With `redact`, free text is stored with every finding replaced by its label. */
  redactText?: (text: string) => string;
  /**
   * The same replacement for what the import says: a note or a problem never repeats a name or a
   * number a researcher typed where it did not belong (default: messages as they are).
   */
  maskText?: (text: string) => string;
  /** The file's name as the audit log keeps it (the caller takes personal data out of it); default the base name. */
  auditSource?: string;
  /** How to read slash dates when a column leaves it open (3/9/2026): day first or month first. */
  dateOrder?: DateOrder;
  /** Observations and quotes: the file holds every row of its sessions; others of those sessions are removed. */
  replace?: boolean;
  /** Header names to read as another column (a typo in a file that should not be edited by hand). */
  rename?: Record<string, string>;
}

export interface ImportSummary {
  kind: Kind;
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows of the file's sessions that `replace` removed. */
  removed: number;
  encoding: Encoding;
  delimiter: string;
  dryRun: boolean;
}

/** Counts the first row a cell pattern occurred on, to name identical rows (a 53-bit FNV-1a hash per row). */
function rowHash(cells: string[]): number {
  let h = 0x811c9dc5;
  let hi = 0;
  for (const c of cells) {
    for (let i = 0; i < c.length; i++) {
      h ^= c.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
      hi = (hi * 31 + c.charCodeAt(i)) % 2097152;
    }
    h ^= 0x1f;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return hi * 4294967296 + h;
}

/**
 * Read the date columns once before importing: the order of slash dates is decided per file (one
 * tool wrote it, in one locale), from any value that only fits one order — 2/16/2026 decides month
 * first — in a date column or a survey tool's own time columns. A column that contradicts itself
 * or another is refused; one no value decides needs --date-order. Never decided row by row.
 */
async function dateOrders(
  path: string,
  header: Header,
  opts: ImportOptions,
  file: string,
): Promise<{ orders: Map<string, DateOrder>; problems: RowProblem[]; notes: string[] }> {
  const dateColumns = header.columns.map((c, i) => (c?.date ? i : -1)).filter((i) => i >= 0);
  const orders = new Map<string, DateOrder>();
  const problems: RowProblem[] = [];
  const notes: string[] = [];
  if (!dateColumns.length) return { orders, problems, notes };
  const scanned = [...dateColumns, ...header.timeColumns];
  type Seen = { dmy?: [number, string]; mdy?: [number, string]; ambiguous?: [number, string]; time?: string };
  const seen = new Map<number, Seen>();
  const csv = await openCsv(path);
  let row = 1;
  await csv.parse((rows) => {
    for (const cells of rows) {
      row++;
      for (const i of scanned) {
        const raw = (cells[i] ?? '').trim();
        if (!raw) continue;
        const e = dateEvidence(raw);
        const s = getOrInit(seen, i, (): Seen => ({}));
        if (e && !s[e]) s[e] = [row, raw];
        if (!s.time && hasTime(raw)) s.time = raw;
      }
    }
  }, 1);
  const name = (i: number) => header.columns[i]?.name ?? header.names[i];
  // What each column decides on its own, and what the file as a whole says.
  const decided = new Map<number, DateOrder>();
  for (const i of scanned) {
    const s = seen.get(i);
    if (!s) continue;
    if (s.dmy && s.mdy) {
      problems.push({
        file,
        row: s.mdy[0],
        column: name(i),
        value: s.mdy[1],
        expected: `is month first, but row ${s.dmy[0]} ("${s.dmy[1]}") is day first: one column, one order`,
      });
    } else if (s.dmy || s.mdy) decided.set(i, s.mdy ? 'mdy' : 'dmy');
  }
  if (problems.length) return { orders, problems, notes };
  // A survey tool's own time columns only hint at the order: --date-order overrules them.
  if (opts.dateOrder) for (const i of header.timeColumns) decided.delete(i);
  const witness = (order: DateOrder) => {
    const i = [...decided].find(([, o]) => o === order)![0];
    const [r, v] = seen.get(i)![order]!;
    return { column: name(i), row: r, value: v };
  };
  const fileOrders = new Set(decided.values());
  if (fileOrders.size > 1) {
    const [m, d] = [witness('mdy'), witness('dmy')];
    problems.push({
      file,
      row: m.row,
      column: m.column,
      value: m.value,
      expected: `is month first, but ${d.column} in row ${d.row} ("${d.value}") is day first: one file, one order`,
    });
    return { orders, problems, notes };
  }
  const fileOrder = [...fileOrders][0];
  if (opts.dateOrder && fileOrder && opts.dateOrder !== fileOrder) {
    const w = witness(fileOrder);
    problems.push({
      file,
      row: w.row,
      column: w.column,
      value: w.value,
      expected: `can only be read ${fileOrder === 'mdy' ? 'month first' : 'day first'}, not as --date-order ${opts.dateOrder} says`,
    });
    return { orders, problems, notes };
  }
  const order = fileOrder ?? opts.dateOrder;
  for (const i of dateColumns) {
    const s = seen.get(i);
    if (!s) continue;
    const column = name(i);
    if (s.time) notes.push(`${column}: the time of day was dropped ("${s.time}" is stored as its date)`);
    if (order) {
      orders.set(column, order);
      if (order === 'mdy' && !opts.dateOrder && (s.mdy || s.ambiguous)) {
        const w = witness('mdy');
        notes.push(
          `${column}: slash dates read month first, as ${w.column === column ? '' : `${w.column} in `}row ${w.row} ("${w.value}") can only be read month first`,
        );
      }
    } else if (s.ambiguous) {
      const [r, v] = s.ambiguous;
      const [a, b, y] = v.split(/[/ ]/).map(Number);
      const month = (m: number) =>
        new Intl.DateTimeFormat('nl-NL', { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2000, m - 1, 1));
      problems.push({
        file,
        row: r,
        column,
        value: v,
        expected: `could be ${a} ${month(b)} or ${b} ${month(a)} ${y}, and no date in the file decides it: add --date-order dmy (day first) or --date-order mdy (month first, as Microsoft Forms writes)`,
      });
    }
  }
  return { orders, problems, notes };
}

/** Import one CSV file of `kind` into `db`. Throws CsvImportError (db unchanged) on bad input. */
export async function importCsv(db: Db, kind: Kind, path: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const spec = kinds[kind];
  const file = basename(path);
  const csv = await openCsv(path);
  if (csv.empty) throw emptyFile(file, spec.columns);
  const { delimiter } = csv;
  const header = readHeader(csv.headerCells, spec.columns, file, delimiter, opts.rename);
  const dates = await dateOrders(path, header, opts, file);
  if (dates.problems.length) throw new CsvImportError(file, dates.problems, false);
  for (const n of dates.notes) opts.onWarning?.(`note: ${file}: ${n}`);
  const parsers = header.columns.map((c) => (c?.date ? dateParser(dates.orders.get(c.name) ?? 'dmy') : c?.parse));

  const summary: ImportSummary = {
    kind,
    file: path,
    rows: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    encoding: 'utf-8',
    delimiter,
    dryRun: !!opts.dryRun,
  };
  const countRows = db.prepare<[], number>(`SELECT count(*) FROM ${spec.table}`).pluck();
  const before = countRows.get() ?? 0;
  const report = new ImportReport(file, opts);
  // One context object for every row (no closure per row: at a million rows it shows).
  const ctx: RowContext = {
    row: 0,
    problem: (c, v, e) => report.problem(ctx.row, c, v, e),
    note: report.note,
    warn: (c, v, e) => report.warn(`${file}:${ctx.row}${c ? `:${c}` : ''}: ${v === undefined ? '' : `"${v}" `}${e}`),
  };
  const scan = rowScanner(spec.columns, opts, file, report.problem, report.warn);

  return asyncTransaction(db, async () => {
    const writer = spec.writer(db, {
      replace: !!opts.replace,
      present: new Set(header.columns.flatMap((c) => (c ? [c.name] : []))),
    });
    let rowNumber = 1;
    let changed = 0;
    const rowsRead = new RowShapes(report, file, header.columns.length, delimiter, kind === 'observations');
    const onRows = (rows: string[][], errors: Papa.ParseError[], parser: Papa.Parser) => {
      const unclosed = new Set(errors.filter((e) => e.code === 'MissingQuotes').map((e) => e.row));
      for (let i = 0; i < rows.length; i++) {
        const cells = rows[i];
        rowNumber++;
        if (!rowsRead.accept(cells, rowNumber, unclosed.has(i))) continue;
        summary.rows++;
        ctx.row = rowNumber;
        header.check(cells, ctx);
        const values = parseRow(spec.columns, header.columns, parsers, cells, ctx);
        if (values) scan(values, rowNumber);
        const kindsOfProblem = report.counted.size;
        const wrote = values && writer.write(values, ctx);
        if (wrote && report.counted.size === kindsOfProblem) changed++;
        if (report.total > countProblems) {
          parser.abort();
          return;
        }
      }
      opts.onProgress?.({ ...csv.progress(), rows: summary.rows });
    };
    await csv.parse(onRows, 1);
    const finished = report.failed ? undefined : writer.finish?.();
    changed += finished?.changed ?? 0;
    summary.removed = finished?.removed ?? 0;
    for (const n of finished?.notes ?? []) report.note(n);
    summary.encoding = csv.encoding();
    report.throwIfFailed();
    report.say(header);
    summary.inserted = Math.max(0, (countRows.get() ?? 0) - before + summary.removed);
    summary.updated = Math.max(0, changed - summary.inserted);
    summary.unchanged = summary.rows - changed;
    if (!opts.dryRun)
      appendAudit(db, {
        at: opts.now ?? new Date().toISOString(),
        action: opts.replace ? 'import (replace)' : 'import',
        kind,
        source: opts.auditSource ?? file,
        inserted: summary.inserted,
        updated: summary.updated,
        unchanged: summary.unchanged,
        deleted: summary.removed,
      });
    return { result: summary, keep: !opts.dryRun };
  });
}

/** A row's cells as read: its shape checked, blank and identical rows left out. */
class RowShapes {
  readonly #firstSeen = new Map<number, number>();

  constructor(
    private readonly report: ImportReport,
    private readonly file: string,
    private readonly width: number,
    private readonly delimiter: string,
    private readonly visits: boolean,
  ) {}

  /** Whether the row goes on to be parsed. */
  accept(cells: string[], row: number, unclosed: boolean): boolean {
    if (cells.every((c) => c.trim() === '')) return false; // a blank line, or ";;;;" under an Excel sheet
    if (unclosed) {
      this.report.problem(row, '', undefined, 'has a quote that is never closed (is the file cut off?)');
      return false;
    }
    if (cells.length !== this.width) {
      this.report.problem(
        row,
        '',
        undefined,
        `has ${cells.length} field${cells.length === 1 ? '' : 's'}, expected ${this.width} (a missing or extra "${this.delimiter}", or a cut-off line?)`,
      );
      return false;
    }
    const hash = rowHash(cells);
    const twin = this.#firstSeen.get(hash);
    if (twin !== undefined) {
      const visit = this.visits ? ' (if it is a second visit, give both rows a visit number)' : '';
      this.report.warn(`${this.file}:${row}: identical to row ${twin}, left out${visit}`);
      return false;
    }
    this.#firstSeen.set(hash, row);
    return true;
  }
}

/** An empty file: the one problem, naming the header it should have. */
function emptyFile(file: string, columns: readonly Column[]): CsvImportError {
  const required = columns.filter((c) => c.required).map((c) => c.name);
  return new CsvImportError(
    file,
    [{ file, row: 1, column: '', expected: `file is empty: expected a header line with ${required.join(', ')}` }],
    false,
  );
}

/**
 * The personal-data checks of a parsed row: free text is scanned (a warning, or stored redacted
 * with `redactText`); short fields — an age band, a role, a study title — refuse it.
 */
export function rowScanner(
  columns: readonly Column[],
  opts: ImportOptions,
  file: string,
  problem: (row: number, column: string, value: string | undefined, expected: string) => void,
  warn: (m: string) => void,
) {
  const freeText = columns.filter((c) => c.freeText);
  const structured = columns.filter((c) => c.noPersonalData);
  return (values: Record<string, unknown>, row: number) => {
    if (!opts.scanText) return;
    for (const c of structured) {
      const v = values[c.name];
      if (typeof v !== 'string' || !v) continue;
      const found = opts.scanText(v);
      if (/\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}-\d{2}-\d{2}/.test(v) && !found.includes('GEBOORTEDATUM'))
        found.push('a date');
      if (found.length)
        // The kinds say enough; the value itself is never repeated.
        problem(
          row,
          c.name,
          undefined,
          `looks like personal data (${found.join(', ')}), which this column never holds`,
        );
    }
    for (const c of freeText) {
      const raw = values[c.name];
      const v = Array.isArray(raw) ? raw.join(' | ') : raw; // tags are free text too
      if (typeof v !== 'string' || !v) continue;
      const found = opts.scanText(v);
      if (!found.length) continue;
      if (opts.redactText) {
        values[c.name] = Array.isArray(raw) ? raw.map((t: string) => opts.redactText!(t)) : opts.redactText(v);
        warn(
          `${file}:${row}:${c.name}: looked like personal data (${found.join(', ')}); stored with labels in its place`,
        );
      } else {
        warn(
          `${file}:${row}:${c.name}: looks like personal data (${found.join(', ')}); it stays out of every site, but remove it at the source (or import with --redact)`,
        );
      }
    }
  };
}

export function parseRow(
  columns: readonly Column[],
  header: (Column | undefined)[],
  parsers: (Column['parse'] | undefined)[],
  cells: string[],
  ctx: RowContext,
): Record<string, unknown> | undefined {
  const values: Record<string, unknown> = {};
  for (const c of columns) values[c.name] = null; // a column the file leaves out is empty
  let ok = true;
  for (let i = 0; i < header.length; i++) {
    const column = header[i];
    if (!column) continue;
    const cell = unneutralise(cells[i].trim());
    // "-", "n.v.t." and "n/a" in an optional column mean nothing was recorded.
    const raw = !column.required && /^(?:-|–|—|n\.?v\.?t\.?|n\/?a)$/i.test(cell) ? '' : cell;
    if (raw === '') {
      if (column.required) {
        ctx.problem(column.name, undefined, 'is required but empty');
        ok = false;
      }
      values[column.name] = null;
      continue;
    }
    try {
      values[column.name] = parsers[i]!(raw);
      if (column.noteFor) {
        const n = column.noteFor(raw);
        if (n) ctx.note(n);
      }
    } catch (e) {
      if (!(e instanceof Invalid)) throw e;
      ctx.problem(column.name, raw, e.expected);
      ok = false;
    }
  }
  return ok ? values : undefined;
}
