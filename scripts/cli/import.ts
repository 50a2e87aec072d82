import { auditName, personalData } from '../app/personal-data';
import { importCsv, type ImportSummary } from '../../research/csv/import';
import { closest } from '../../procedures/errors';
import { isKind, kindNames, kinds, type Kind } from '../../research/csv/kinds/index';
import type { DateOrder } from '../../research/csv/values';
import type { Db } from '../../research/db';
import { inputFile, parse, progressBar, UsageError, withDb, type Command, type Io } from './io';
import { refiImport, refiUsage } from './refi';

/** The personal-data tools for this process's names list (DREMPEL_NAMES). */
export const personalDataOf = (io: Io) => personalData(io.env.DREMPEL_NAMES || undefined);

export function textScanner(io: Io): (text: string) => string[] {
  return personalDataOf(io).kinds;
}

/** Free text with every finding of the scanner replaced by its label ("bel me op [TELEFOON]"). */
export function textRedactor(io: Io): (text: string) => string {
  return personalDataOf(io).redact;
}

export interface ImportFlags {
  dryRun?: boolean;
  dateOrder?: DateOrder;
  replace?: boolean;
  redact?: boolean;
  rename?: Record<string, string>;
}

/** Import one file with a progress bar on a terminal; used by `import` and `demo`. */
export async function importWithProgress(
  db: Db,
  kind: Kind,
  file: string,
  io: Io,
  flags: ImportFlags = {},
): Promise<ImportSummary> {
  const bar = progressBar(io, `importing ${kind}`);
  try {
    return await importCsv(db, kind, file, {
      dryRun: flags.dryRun,
      dateOrder: flags.dateOrder,
      replace: flags.replace,
      rename: flags.rename,
      redactText: flags.redact ? textRedactor(io) : undefined,
      maskText: textRedactor(io),
      now: io.now(),
      onProgress: (p) => bar.update(p.bytesRead, p.totalBytes, p.rows),
      onWarning: (m) => {
        bar.clear();
        io.err(`${m}\n`);
      },
      scanText: textScanner(io),
      auditSource: auditName(file, io.env.DREMPEL_NAMES || undefined),
    });
  } finally {
    bar.done();
  }
}

export function describeImport(s: ImportSummary): string {
  const what = `${s.rows} row${s.rows === 1 ? '' : 's'}: ${s.inserted} new, ${s.updated} updated, ${s.unchanged} unchanged${s.removed ? `, ${s.removed} removed (not in the file)` : ''}`;
  return `${s.dryRun ? 'dry run, nothing written: ' : ''}${s.kind} from ${s.file} (${s.encoding}, "${s.delimiter === '\t' ? '\\t' : s.delimiter}"-separated): ${what}\n`;
}

/** A kind as people type it: "observation", "Observaties" and "sesions" name a kind, or get a suggestion. */
export function kindArgument(kind: string): Kind {
  const k = kind.toLowerCase();
  if (isKind(k)) return k;
  if (isKind(`${k}s`)) return `${k}s` as Kind;
  const near = closest(k, kindNames);
  throw new UsageError(
    `unknown kind: ${kind.slice(0, 40)}${near ? ` — did you mean ${near}?` : ''} (expected one of ${kindNames.join(', ')})`,
  );
}

export const importCommand: Command = {
  name: 'import',
  summary: `import a CSV file (${kindNames.join(', ')}); all rows or none`,
  usage: `drempel import <kind> <file.csv> [--dry-run] [--date-order dmy|mdy] [--replace] [--redact] [--rename OLD=NEW]… [--db FILE]
  kinds: ${kindNames.join(', ')}
  --dry-run        validate only and say what would change; the database is not changed
  --date-order     how to read slash dates like 3/9/2026 when no date in the column decides it:
                   dmy = day first (Dutch, 3 September), mdy = month first (Microsoft Forms, US)
  --replace        observations and quotes: the file holds every row of its sessions, so rows of
                   those sessions that are not in the file are removed (say --dry-run first)
  --redact         store free text (notes, quotes, tags) with what looks like personal data
                   replaced by a label ([TELEFOON], [NAAM]); without it such text is a warning
  --rename OLD=NEW read the file's column OLD as NEW (a typo like houshold=household), without
                   editing the file; repeat for several
  The file may be comma-, semicolon- or tab-separated, UTF-8 or Windows-1252, as Excel saves it.
  Survey columns (ID, Start time, …) are ignored; Name and Email only when anonymous.
${refiUsage.import}`,
  async run(args, io) {
    const refi = refiImport(args, io); // a REFI-QDA project, not a CSV kind
    if (refi) return refi;
    const { values, positionals } = parse(args, {
      'dry-run': { type: 'boolean' },
      'date-order': { type: 'string' },
      replace: { type: 'boolean' },
      redact: { type: 'boolean' },
      rename: { type: 'string', multiple: true },
    });
    const [kindName, file] = positionals;
    if (!kindName || !file || positionals.length > 2) throw new UsageError('expected a kind and one file');
    const kind = kindArgument(kindName);
    const order = values['date-order'];
    if (order !== undefined && order !== 'dmy' && order !== 'mdy')
      throw new UsageError(`invalid --date-order: ${order.slice(0, 20)} (expected dmy or mdy)`);
    if (values.replace && !kinds[kind].replaceable)
      throw new UsageError(`--replace is for observations and quotes (rows of a session), not ${kind}`);
    const rename: Record<string, string> = {};
    for (const r of values.rename ?? []) {
      const m = /^([^=]+)=([^=]+)$/.exec(r);
      if (!m) throw new UsageError(`invalid --rename: ${r.slice(0, 60)} (expected OLD=NEW, e.g. houshold=household)`);
      rename[m[1].trim()] = m[2].trim();
    }
    inputFile(file);
    const summary = await withDb(values, io, (db) =>
      importWithProgress(db, kind, file, io, {
        dryRun: !!values['dry-run'],
        dateOrder: order,
        replace: !!values.replace,
        redact: !!values.redact,
        rename,
      }),
    );
    io.out(describeImport(summary));
    return 0;
  },
};
