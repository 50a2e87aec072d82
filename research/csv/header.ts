/**
 * The header line of an import file: which column is which, and what to say about the others.
 *
 * Survey tools add columns of their own (Microsoft Forms: ID, Start time, Completion time, Email,
 * Name). The bookkeeping ones are ignored with one note; Email and Name are accepted only while
 * every cell is empty or "anonymous" — a file with a real name or address in them is refused, so
 * personal data is never stored by accident. A column one or two typos from a known one is an
 * error naming the column it probably is: ignoring "houshold" would silently drop a whole column.
 */
import { closest } from '../../procedures/errors';
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

/** A header name as compared: invisible characters (a zero-width space from a web form) dropped, case and separators folded. */
export function normaliseHeader(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/**
 * Column names as Dutch researchers write them, read as drempel's (only where the kind has that
 * column and the file does not have it already); the import says which it read.
 */
export const dutchColumns: Record<string, string> = {
  onderzoek: 'study',
  studie: 'study',
  titel: 'title',
  versie: 'version',
  ronde: 'round',
  startdatum: 'started_on',
  begindatum: 'started_on',
  einddatum: 'ended_on',
  onderzoeksvraag: 'question',
  vraag: 'question',
  deelnemer: 'participant',
  respondent: 'participant',
  leeftijd: 'age_band',
  leeftijdsgroep: 'age_band',
  huishouden: 'household',
  digitale_vaardigheden: 'digital_skills',
  digivaardigheid: 'digital_skills',
  taal: 'language',
  gegeven_op: 'given_on',
  datum_toestemming: 'given_on',
  analyse: 'analysis',
  citeren_intern: 'quote_internal',
  citeren_openbaar: 'quote_public',
  opname: 'recording',
  bewaren_tot: 'retain_until',
  ingetrokken_op: 'withdrawn_on',
  sessie: 'session',
  gesprek: 'session',
  soort: 'kind',
  datum: 'date',
  onderzoeker: 'researcher',
  vorm: 'mode',
  stap: 'step',
  bezoek: 'visit',
  volgorde: 'visit',
  uitkomst: 'outcome',
  resultaat: 'outcome',
  tijd: 'seconds',
  seconden: 'seconds',
  duur: 'seconds',
  fouten: 'errors',
  gemak: 'ease',
  opnieuw_verteld: 'retold',
  doorverwijzingen: 'handoffs',
  doorverwezen_naar: 'handoff_to',
  wachtdagen: 'wait_days',
  wachttijd: 'wait_days',
  kanaal: 'channel',
  kanaalwissels: 'channel_switches',
  geblokkeerd_door: 'blocked_by',
  regel: 'blocked_by',
  opmerking: 'note',
  notitie: 'note',
  toelichting: 'note',
  citaat: 'quote',
  tekst: 'text',
  labels: 'tags',
  codes: 'tags',
};

export interface Header {
  /** The column each cell position holds, undefined for ignored ones. */
  columns: (Column | undefined)[];
  /** The header's names as written (trimmed), by position. */
  names: string[];
  /** Positions of a survey tool's own time columns (Start time): their dates tell the file's date order. */
  timeColumns: number[];
  /** Said once per import: which columns were ignored or read under another name. */
  notes: string[];
  /** Said once per import: unknown columns, whose values are not imported. */
  warnings: string[];
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
  columns: readonly Column[],
  file: string,
  delimiter: string,
  rename: Record<string, string> = {},
): Header {
  const renames = new Map(Object.entries(rename).map(([from, to]) => [normaliseHeader(from), normaliseHeader(to)]));
  const known = columns.map((c) => c.name);
  const raw = cells.map(normaliseHeader);
  const dutch: string[] = [];
  const names = raw.map((n) => {
    const renamed = renames.get(n);
    if (renamed) return renamed;
    const alias = dutchColumns[n];
    if (alias && known.includes(alias) && !raw.includes(alias) && !known.includes(n)) {
      dutch.push(`${n} → ${alias}`);
      return alias;
    }
    return n;
  });
  for (const [from, to] of renames) {
    if (raw.includes(to))
      throw new CsvImportError(
        file,
        [{ file, row: 1, column: from, expected: `cannot be renamed to ${to}: the header has a column ${to} already` }],
        false,
      );
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
  const problems: RowProblem[] = [];
  const notes: string[] = [];
  const survey: string[] = [];
  const timeColumns: number[] = [];
  const unknown: string[] = [];
  const guarded: { index: number; name: string }[] = [];
  const nameless: number[] = [];
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
    } else if (!name) nameless.push(i);
    else {
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
  const warnings: string[] = [];
  if (unknown.length)
    warnings.push(
      `unknown column${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}: not imported (known: ${known.join(', ')}; --rename OLD=NEW reads one as another)`,
    );
  if (dutch.length) notes.push(`column names read: ${dutch.join(', ')}`);
  if (guarded.length)
    notes.push(
      `${guarded.map((g) => g.name).join(', ')} ignored: ${guarded.length === 1 ? 'it is' : 'they are'} empty or "anonymous" in every row`,
    );
  let namelessSaid = false;
  return {
    columns: names.map((n) => columns.find((c) => c.name === n)),
    names: cells.map((c) => c.trim()),
    timeColumns,
    notes,
    warnings,
    check(row, ctx) {
      // Values under a column without a name are not imported: say so once, at the first row that has one.
      for (const i of nameless) {
        if ((row[i] ?? '').trim() && !namelessSaid) {
          namelessSaid = true;
          ctx.warn('', undefined, `column ${i + 1} has no name in the header but holds values: they are not imported`);
        }
      }
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
