/** Errors the research store raises for user mistakes. See procedures/errors.ts for the base. */
import { DrempelError } from '../procedures/errors';
import { getOrInit } from './maps';

export { DrempelError };

/** An import reports at most this many problems (CSV rows, XES lines); the rest are counted. */
export const maxProblems = 50;

/** One invalid value: file, 1-based row (the header is row 1, as in a spreadsheet) and column. */
export interface RowProblem {
  file: string;
  row: number;
  column: string;
  value?: string;
  expected: string;
}

/** A value as a message quotes it: at most about 80 characters, so one bad cell cannot flood a terminal. */
export function quoteValue(value: string, max = 80): string {
  const chars = [...value];
  return JSON.stringify(chars.length > max ? chars.slice(0, max - 1).join('') + '…' : value);
}

/** `observations.csv:14:ease: "9" is not an integer from 1 to 7`. */
export function formatRowProblem(p: RowProblem): string {
  const where = [p.file, p.row, p.column].filter((x) => x !== '' && x !== undefined).join(':');
  return p.value === undefined ? `${where}: ${p.expected}` : `${where}: ${quoteValue(p.value)} ${p.expected}`;
}

/** A CSV file that failed validation: every problem found (up to the limit), none imported. */
export class CsvImportError extends DrempelError {
  override name = 'CsvImportError';
  /** How many problems there were in all (`problems` holds the first ones). */
  readonly total: number;
  constructor(
    readonly file: string,
    readonly problems: RowProblem[],
    readonly truncated: boolean,
    /** Problems per column and message ("column\0expected"), counted beyond the ones kept. */
    counted?: Map<string, number>,
  ) {
    const total = counted ? [...counted.values()].reduce((a, b) => a + b, 0) : problems.length;
    // The same problem in many rows (a column of Dutch words, a wrong date order) is said once
    // with its first three rows and a count, so the other problems stay visible.
    const groups = new Map<string, RowProblem[]>();
    for (const p of problems) {
      const key = `${p.column}\u0000${p.expected}`;
      getOrInit(groups, key, () => []).push(p);
    }
    const lines: string[] = [];
    for (const [key, group] of groups) {
      lines.push(...group.slice(0, 3).map(formatRowProblem));
      const all = counted?.get(key) ?? group.length;
      if (all > 3)
        lines.push(
          `  … ${all - 3} more row${all - 3 === 1 ? '' : 's'} with this problem in ${group[0].column ? `column ${group[0].column}` : 'the file'} (${all} in all)`,
        );
    }
    if (truncated && !counted) lines.push(`… stopped after ${problems.length} problems`);
    else if (truncated) lines.push(`… and problems of other kinds beyond the first ${problems.length}`);
    super(
      `${file}: ${total}${truncated && !counted ? '+' : ''} problem${total === 1 ? '' : 's'}, nothing imported\n${lines.join('\n')}`,
      `Fix the rows above and import the file again; the database was not changed.`,
    );
    this.total = total;
  }
}

/** The database was written by a newer drempel than this one. */
export class MigrationError extends DrempelError {
  override name = 'MigrationError';
  constructor(
    readonly version: number,
    readonly known: number,
  ) {
    super(
      `database schema version ${version} is newer than this drempel knows (${known})`,
      'Upgrade drempel, or open another database with --db.',
    );
  }
}

/** Something named on the command line does not exist. */
export class NotFoundError extends DrempelError {
  override name = 'NotFoundError';
  constructor(what: string, key: string, hint?: string) {
    super(`unknown ${what}: ${[...key].length > 80 ? quoteValue(key) : key}`, hint);
  }
}
