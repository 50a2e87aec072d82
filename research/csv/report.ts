/**
 * What an import says: problems (the first three rows of each kind of problem, up to
 * `maxProblems` in all, the rest counted), warnings, and notes said once or grouped on one line.
 */
import { CsvImportError, maxProblems, type RowProblem } from '../errors';
import { getOrInit } from '../maps';
import type { Header } from './header';

/** At most this many warnings and notes are printed; the rest are counted. */
const maxTextWarnings = 20;

export interface ReportOptions {
  /** Finds personal data in a text: a problem's value that has any is named by its kinds. */
  scanText?: (text: string) => string[];
  /** Masks personal data in what the import says. */
  maskText?: (text: string) => string;
  onWarning?: (message: string) => void;
}

export class ImportReport {
  readonly problems: RowProblem[] = [];
  /** Per column and problem, how many rows have it. */
  readonly counted = new Map<string, number>();
  truncated = false;
  /** Every problem so far, the counted ones included (kept as it goes: it is read once per row). */
  total = 0;
  readonly notes = new Set<string>();
  readonly grouped = new Map<string, Set<string>>();
  warnings = 0;

  constructor(
    private readonly file: string,
    private readonly opts: ReportOptions,
  ) {}

  /** A problem in a row; a value that looks like personal data is named by its kind, never repeated. */
  readonly problem = (row: number, column: string, given: string | undefined, expected: string): void => {
    const found = given && this.opts.scanText ? this.opts.scanText(given) : [];
    const value = found.length ? `[${found.join(', ')}]` : given;
    const key = `${column}\u0000${expected}`;
    const n = (this.counted.get(key) ?? 0) + 1;
    this.counted.set(key, n);
    this.total++;
    if (n > 3) return;
    if (this.problems.length < maxProblems) this.problems.push({ file: this.file, row, column, value, expected });
    else this.truncated = true;
  };

  readonly warn = (message: string): void => {
    if (++this.warnings <= maxTextWarnings) this.opts.onWarning?.(`warning: ${message}`);
  };

  /** A note said once; notes of one `group` are said together on one line. */
  readonly note = (message: string, group?: string): void => {
    if (group === undefined) this.notes.add(message);
    else getOrInit(this.grouped, group, () => new Set<string>()).add(message);
  };

  get failed(): boolean {
    return this.counted.size > 0;
  }

  /** Throw the report's problems as one error, when there are any. */
  throwIfFailed(): void {
    if (this.failed) throw new CsvImportError(this.file, this.problems, this.truncated, this.counted);
  }

  /** Say, after a successful read, what the header and the rows gave to note. */
  say(header: Header): void {
    const { file } = this;
    const say = (line: string) => this.opts.onWarning?.(line);
    const mask = this.opts.maskText ?? ((t: string) => t);
    for (const w of header.warnings) say(`warning: ${file}: ${mask(w)}`);
    for (const n of header.notes) say(`note: ${file}: ${mask(n)}`);
    for (const [group, items] of this.grouped) {
      const list = [...items];
      say(
        `note: ${file}: ${group}: ${mask(list.slice(0, 8).join(', '))}${list.length > 8 ? `, and ${list.length - 8} more` : ''}`,
      );
    }
    for (const n of [...this.notes].slice(0, maxTextWarnings)) say(`note: ${file}: ${mask(n)}`);
    if (this.notes.size > maxTextWarnings) say(`note: ${file}: ${this.notes.size - maxTextWarnings} more notes`);
    if (this.warnings > maxTextWarnings) say(`warning: ${file}: ${this.warnings - maxTextWarnings} more warnings`);
  }
}
