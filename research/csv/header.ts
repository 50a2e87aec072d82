/**
 * The header line of an import file: which column is which, and what to say about the others.
 *
 * Survey tools add columns of their own (Microsoft Forms: ID, Start time, Completion time, Email,
 * Name). The bookkeeping ones are ignored with one note; Email and Name are accepted only while
 * every cell is empty or "anonymous" — a file with a real name or address in them is refused, so
 * personal data is never stored by accident. A column one or two typos from a known one is an
 * error naming the column it probably is: ignoring "houshold" would silently drop a whole column.
 */
import { CsvImportError, type RowProblem } from '../errors';
import type { Column, RowContext } from './columns';

/** Column names that would hold a resident's personal data: refused outright. */
const personalColumns =
  /^(naam|voornaam|achternaam|roepnaam|first_?name|last_?name|full_?name|surname|given_name|e_?mail_?adres|mail|emailadres|adres|address|woonadres|straat|street|huisnummer|postcode|zip|zip_?code|bsn|burgerservicenummer|telefoon|telefoonnummer|phone|phone_?number|tel|mobiel|mobile|geboortedatum|date_of_birth|birth_?date|dob|iban|rekeningnummer)$/;

/** Survey tools' own columns that hold nothing a study needs: ignored with one note. */
const surveyColumns =
  /^(id|start_?time|completion_?time|last_?modified_?time|starttijd|eindtijd|tijd_van_voltooien|responder|respondent_?id|response_?id|submitted_?at|timestamp|tijdstempel)$/;

/** Survey columns that would hold a name or an address: accepted only while every cell is anonymous. */
const anonymousColumns = /^(name|email|e_?mail)$/;
const anonymous = /^(|anonymous|anoniem|anon|n\/?a|-)$/i;

export function normaliseHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Levenshtein distance, stopping early above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** The known name `name` is probably a typo of: within one edit (two for longer names). */
export function closest(name: string, known: readonly string[]): string | undefined {
  if (name.length < 3) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const max = Math.min(name.length, k.length) >= 6 ? 2 : 1;
    const d = distance(name, k, max);
    if (d <= max && d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

export interface Header {
  /** The column each cell position holds, undefined for ignored ones. */
  columns: (Column | undefined)[];
  /** The header's names as written (trimmed), by position. */
  names: string[];
  /** Positions of a survey tool's own time columns (Start time): their dates tell the file's date order. */
  timeColumns: number[];
  /** Said once per import: which columns were ignored. */
  notes: string[];
  /** Checks a data row's cells in columns only allowed while anonymous. */
  check(cells: string[], ctx: RowContext): void;
}

/**
 * Read the header cells of `file`; throws CsvImportError listing every header problem. `rename`
 * maps a header name to a known column for this import (`--rename houshold=household`), so a
 * file with a typo imports without editing it.
 */
export function readHeader(
  cells: string[],
  columns: Column[],
  file: string,
  delimiter: string,
  rename: Record<string, string> = {},
): Header {
  const renames = new Map(Object.entries(rename).map(([from, to]) => [normaliseHeader(from), normaliseHeader(to)]));
  const names = cells.map((c) => {
    const n = normaliseHeader(c);
    return renames.get(n) ?? n;
  });
  for (const [from, to] of renames) {
    if (!columns.some((c) => c.name === to))
      throw new CsvImportError(
        file,
        [
          {
            file,
            row: 1,
            column: from,
            expected: `cannot be renamed to ${to}, which is not a column drempel knows (known: ${columns.map((c) => c.name).join(', ')})`,
          },
        ],
        false,
      );
    if (!cells.some((c) => normaliseHeader(c) === from))
      throw new CsvImportError(
        file,
        [
          {
            file,
            row: 1,
            column: from,
            expected: `is not in the header, so --rename ${from}=${to} renames nothing (the header has: ${cells.map((c) => c.trim()).join(', ')})`,
          },
        ],
        false,
      );
  }
  const known = columns.map((c) => c.name);
  const problems: RowProblem[] = [];
  const notes: string[] = [];
  const survey: string[] = [];
  const timeColumns: number[] = [];
  const unknown: string[] = [];
  const guarded: { index: number; name: string }[] = [];
  const seen = new Set<string>();
  names.forEach((name, i) => {
    const shown = cells[i].trim();
    if (name && seen.has(name)) problems.push({ file, row: 1, column: shown, expected: 'appears twice in the header' });
    seen.add(name);
    if (known.includes(name)) return;
    if (anonymousColumns.test(name)) guarded.push({ index: i, name: shown });
    else if (personalColumns.test(name))
      problems.push({
        file,
        row: 1,
        column: shown,
        expected: 'holds personal data, which drempel never stores: remove this column',
      });
    else if (surveyColumns.test(name)) {
      survey.push(shown);
      if (/time|tijd|stamp|_at$/.test(name)) timeColumns.push(i);
    } else if (name) {
      const near = closest(
        name,
        known.filter((k) => !names.includes(k)),
      );
      if (near)
        problems.push({
          file,
          row: 1,
          column: shown,
          expected: `is not a column drempel knows: did you mean ${near}? (fix the header, or import with --rename ${shown}=${near}; ignoring the column would drop its values)`,
        });
      else unknown.push(shown);
    }
  });
  for (const c of columns) {
    if (c.required && !names.includes(c.name)) {
      const hint =
        delimiter !== ';' && cells.length === 1 && cells[0].includes(';')
          ? ' — the header has one column: is the file separated by ";"?'
          : '';
      problems.push({
        file,
        row: 1,
        column: c.name,
        expected: `required column is missing (the header has: ${cells.map((c) => c.trim()).join(', ')})${hint}`,
      });
    }
  }
  if (problems.length) throw new CsvImportError(file, problems, false);
  if (survey.length) notes.push(`survey column${survey.length === 1 ? '' : 's'} ${survey.join(', ')} ignored`);
  if (unknown.length)
    notes.push(
      `unknown column${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} ignored (known: ${known.join(', ')})`,
    );
  if (guarded.length)
    notes.push(
      `${guarded.map((g) => g.name).join(', ')} ignored: ${guarded.length === 1 ? 'it is' : 'they are'} empty or "anonymous" in every row`,
    );
  return {
    columns: names.map((n) => columns.find((c) => c.name === n)),
    names: cells.map((c) => c.trim()),
    timeColumns,
    notes,
    check(row, ctx) {
      for (const g of guarded) {
        // Never echo the value: it is a name or an e-mail address.
        if (!anonymous.test((row[g.index] ?? '').trim()))
          ctx.problem(
            g.name,
            undefined,
            'holds a name or e-mail address, which drempel never stores: remove this column (or make the survey anonymous)',
          );
      }
    },
  };
}
