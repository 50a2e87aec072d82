import { basename } from 'node:path';
import { createPiiScanner, redact } from '../../analysis/pii';
import { bundledNamesFile, readNames } from '../gate/gate';
import { importCsv, type ImportSummary } from '../../research/csv/import';
import { isKind, kindNames } from '../../research/csv/kinds/index';
import type { Db } from '../../research/db';
import { inputFile, parse, progressBar, UsageError, withDb, type Command, type Io } from '../io';

/** The personal-data scanner for imports: the bundled names plus the team's own (DREMPEL_NAMES). */
function textScanner(io: Io): (text: string) => string[] {
  const scan = createPiiScanner([...readNames(bundledNamesFile), ...(io.env.DREMPEL_NAMES ? readNames(io.env.DREMPEL_NAMES) : [])]);
  return (text) => [...new Set(scan(text).map((f) => f.kind))];
}

/**
 * A file name as the append-only audit log may keep it: "quotes P-018 Jan de Vries.csv" would
 * outlive an erasure, so codes and personal data in it are replaced by labels.
 */
export function auditName(path: string, io: Io): string {
  const name = basename(path);
  const scan = createPiiScanner([...readNames(bundledNamesFile), ...(io.env.DREMPEL_NAMES ? readNames(io.env.DREMPEL_NAMES) : [])]);
  return redact(name, scan(name)).replace(/(?<![\p{L}\p{N}])[A-Za-z]{1,4}-\d{1,6}(?![\p{N}])/gu, '[code]');
}

/** Import one file with a progress bar on a terminal; used by `import` and `demo`. */
export async function importWithProgress(db: Db, kind: (typeof kindNames)[number], file: string, io: Io, dryRun = false): Promise<ImportSummary> {
  const bar = progressBar(io, `importing ${kind}`);
  try {
    return await importCsv(db, kind, file, {
      dryRun,
      now: io.now(),
      onProgress: (p) => bar.update(p.bytesRead, p.totalBytes, p.rows),
      onWarning: (m) => io.err(`warning: ${m}\n`),
      scanText: textScanner(io),
      auditSource: auditName(file, io),
    });
  } finally {
    bar.done();
  }
}

export function describeImport(s: ImportSummary): string {
  const what = `${s.rows} row${s.rows === 1 ? '' : 's'}: ${s.inserted} new, ${s.updated} updated, ${s.unchanged} unchanged`;
  return `${s.dryRun ? 'dry run, nothing written: ' : ''}${s.kind} from ${s.file} (${s.encoding}, "${s.delimiter === '\t' ? '\\t' : s.delimiter}"-separated): ${what}\n`;
}

export const importCommand: Command = {
  name: 'import',
  summary: `import a CSV file (${kindNames.join(', ')}); all rows or none`,
  usage: `drempel import <kind> <file.csv> [--dry-run] [--db FILE]
  kinds: ${kindNames.join(', ')}
  --dry-run  validate only; the database is not changed`,
  async run(args, io) {
    const { values, positionals } = parse(args, { 'dry-run': { type: 'boolean' } });
    const [kind, file] = positionals;
    if (!kind || !file || positionals.length > 2) throw new UsageError('expected a kind and one file');
    if (!isKind(kind)) throw new UsageError(`unknown kind: ${kind} (expected one of ${kindNames.join(', ')})`);
    inputFile(file);
    const summary = await withDb(values, io, (db) => importWithProgress(db, kind, file, io, !!values['dry-run']));
    io.out(describeImport(summary));
    return 0;
  },
};
