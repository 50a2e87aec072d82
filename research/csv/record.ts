/**
 * Rows that arrive one at a time (the studio's taps) written through the same columns, parsers
 * and writers as a CSV import: the same rules and the same error texts, so a value the studio
 * accepts is one a file could have held, and the other way round. A record is the row as a file
 * would hold it — cells keyed by column name — and `present` says which columns it speaks for
 * (a column it leaves out keeps its stored value, as a file without that column does).
 */
import type { Db } from '../db';
import { CsvImportError, quoteValue, type RowProblem } from '../errors';
import type { RowContext } from './columns';
import { parseRow, rowScanner } from './import';
import { kinds, type Kind } from './kinds/index';
import { ImportReport } from './report';

export interface RecordOptions {
  /** What the problems name as their file: 'studio', say. */
  source: string;
  /** Free text is scanned as an import scans it: each finding is a warning. */
  scanText?: (text: string) => string[];
}

export interface RecordResult {
  /** Whether the database changed. */
  changed: boolean;
  /** Warnings and notes, as an import would print them. */
  messages: string[];
}

/**
 * One or more rows of a kind refused: every problem, nothing written. Its message is the
 * problems one per line, as an import words them but without a file and row to name
 * (`ease: "9" is not an integer from 1 to 7`).
 */
export class RecordError extends CsvImportError {
  override name = 'RecordError';
  constructor(...args: ConstructorParameters<typeof CsvImportError>) {
    super(...args);
    this.message = this.problems
      .map((p) => `${p.column ? `${p.column}: ` : ''}${p.value ? `${quoteValue(p.value)} ` : ''}${p.expected}`)
      .join('\n');
  }
}

/**
 * Write `records` of `kind` in one transaction (a savepoint inside the caller's), or none. Throws
 * RecordError naming each problem's column and value, as an import names them.
 */
export function writeRecords(
  db: Db,
  kind: Kind,
  records: Record<string, string | number | null | undefined>[],
  opts: RecordOptions,
): RecordResult {
  const spec = kinds[kind];
  const messages: string[] = [];
  const report = new ImportReport(opts.source, { scanText: opts.scanText, onWarning: (m) => messages.push(m) });
  const ctx: RowContext = {
    row: 0,
    problem: (c, v, e) => report.problem(ctx.row, c, v, e),
    note: report.note,
    warn: (c, v, e) => report.warn(`${c}: ${v === undefined ? '' : `"${v}" `}${e}`),
  };
  const scan = rowScanner(spec.columns, { scanText: opts.scanText }, opts.source, report.problem, (m) =>
    messages.push(`warning: ${m}`),
  );
  const present = new Set(records.flatMap((r) => Object.keys(r)));
  const header = spec.columns.filter((c) => present.has(c.name));
  const unknown = [...present].filter((name) => !spec.columns.some((c) => c.name === name));
  if (unknown.length)
    throw new RecordError(
      opts.source,
      unknown.map((column): RowProblem => ({ file: opts.source, row: 1, column, expected: `is not a ${kind} column` })),
      false,
    );
  return db.transaction(() => {
    const sessions = records.map((r) => String(r.session ?? ''));
    const writer = spec.writer(db, { replace: false, present, sessions });
    let changed = false;
    records.forEach((record, i) => {
      ctx.row = i + 1;
      const cells = header.map((c) => {
        const v = record[c.name];
        return v === null || v === undefined ? '' : String(v);
      });
      const values = parseRow(
        spec.columns,
        header,
        header.map((c) => c.parse),
        cells,
        ctx,
      );
      if (!values) return;
      scan(values, ctx.row);
      if (writer.write(values, ctx)) changed = true;
    });
    if (report.failed) throw new RecordError(opts.source, report.problems, report.truncated, report.counted);
    const finished = writer.finish?.();
    if (finished && finished.changed > 0) changed = true;
    for (const n of finished?.notes ?? []) messages.push(`note: ${n}`);
    for (const [group, items] of report.grouped) messages.push(`note: ${group}: ${[...items].join(', ')}`);
    for (const n of report.notes) messages.push(`note: ${n}`);
    return { changed, messages };
  })();
}
