import { exportKind, template } from '../../research/csv/export';
import { kindNames } from '../../research/csv/kinds/index';
import { getStudy } from '../../research/repositories/scoring';
import { kindArgument } from './import';
import { parse, UsageError, withDb, writeOutput, type Command } from './io';
import { formatOf } from './flags';
import { refiExport, refiUsage } from './refi';

function delimiterOf(value: unknown): string {
  const d = (value as string | undefined) ?? ',';
  if (![',', ';', '\t', 'tab'].includes(d)) throw new UsageError(`invalid delimiter: ${d} (expected , ; or tab)`);
  return d === 'tab' ? '\t' : d;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'export a kind as CSV or JSON (the columns import reads)',
  usage: `drempel export <kind> [--format csv|json] [--study CODE] [--excel | --delimiter ,|;|tab] [--out FILE [--force]] [--db FILE]
  kinds: ${kindNames.join(', ')}
  --format     csv (default; the columns import reads, so export → import round-trips) or json
  --study CODE only that study's rows (participants and consents: those with a session in it)
  --excel      for Dutch Excel: ";"-separated with a UTF-8 byte order mark, so "wát" shows right
  --delimiter  , (default), ; or tab; ";" also writes the byte order mark
  --out FILE   write to FILE (readable by you only) instead of standard output; never over an
               existing file unless --force, never over a database or through a symbolic link
${refiUsage.export}`,
  async run(args, io) {
    const refi = refiExport(args, io); // REFI-QDA (refi, codebook): not a CSV kind
    if (refi) return refi;
    const { values, positionals } = parse(args, {
      format: { type: 'string' },
      out: { type: 'string' },
      delimiter: { type: 'string' },
      force: { type: 'boolean' },
      study: { type: 'string' },
      excel: { type: 'boolean' },
    });
    if (!positionals[0] || positionals.length > 1) throw new UsageError('expected one kind');
    const kind = kindArgument(positionals[0]);
    const format = formatOf(values.format, ['csv', 'json']);
    if (values.excel && values.delimiter !== undefined && delimiterOf(values.delimiter) !== ';')
      throw new UsageError('--excel writes ";"-separated: leave out --delimiter');
    if (values.excel && format !== 'csv') throw new UsageError('--excel is for CSV');
    const delimiter = values.excel ? ';' : delimiterOf(values.delimiter);
    const study = values.study;
    return withDb(values, io, (db) => {
      if (study !== undefined) getStudy(db, study); // an unknown study is an error, not an empty file
      // Rows are collected into 64 KB writes: a million separate writes would dominate the export.
      const run = (emit: (text: string) => void) => {
        let buffer = '';
        const n = exportKind(
          db,
          kind,
          format,
          (chunk) => {
            buffer += chunk;
            if (buffer.length > 1 << 16) {
              emit(buffer);
              buffer = '';
            }
          },
          { delimiter, study, bom: delimiter === ';' },
        );
        emit(buffer);
        return n;
      };
      if (!values.out) {
        run(io.out);
        return 0;
      }
      let n = 0;
      writeOutput(values.out, (write) => (n = run(write)), { replace: !!values.force });
      io.err(`wrote ${n} ${kind} to ${values.out}\n`);
      return 0;
    });
  },
};

export const templateCommand: Command = {
  name: 'template',
  summary: 'print an empty CSV of a kind: the documented header and one example row',
  usage: `drempel template <kind> [--delimiter ,|;|tab]
  kinds: ${kindNames.join(', ')}
  --delimiter  , (default), ; (for Dutch Excel, with a UTF-8 byte order mark) or tab
  Every column is explained in the README (Import files).`,
  run(args, io) {
    const { positionals, values } = parse(args, { delimiter: { type: 'string' } });
    if (!positionals[0] || positionals.length > 1) throw new UsageError('expected one kind');
    const kind = kindArgument(positionals[0]);
    io.out(template(kind, delimiterOf(values.delimiter)));
    return 0;
  },
};
