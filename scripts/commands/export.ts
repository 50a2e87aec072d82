import { exportKind, template } from '../../research/csv/export';
import { isKind, kindNames } from '../../research/csv/kinds/index';
import { parse, UsageError, withDb, writeOutput, type Command } from '../io';

function delimiterOf(value: unknown): string {
  const d = (value as string | undefined) ?? ',';
  if (![',', ';', '\t', 'tab'].includes(d)) throw new UsageError(`invalid delimiter: ${d} (expected , ; or tab)`);
  return d === 'tab' ? '\t' : d;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'export a kind as CSV or JSON (the columns import reads)',
  usage: `drempel export <kind> [--format csv|json] [--out FILE [--force]] [--delimiter ,|;|tab] [--db FILE]
  kinds: ${kindNames.join(', ')}
  --out FILE   write to FILE (readable by you only) instead of standard output; never over an
               existing file unless --force, never over a database or through a symbolic link`,
  async run(args, io) {
    const { values, positionals } = parse(args, { format: { type: 'string' }, out: { type: 'string' }, delimiter: { type: 'string' }, force: { type: 'boolean' } });
    const [kind] = positionals;
    if (!kind || positionals.length > 1) throw new UsageError('expected one kind');
    if (!isKind(kind)) throw new UsageError(`unknown kind: ${kind} (expected one of ${kindNames.join(', ')})`);
    const format = (values.format as string | undefined) ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw new UsageError(`invalid format: ${format} (expected csv or json)`);
    const delimiter = delimiterOf(values.delimiter);
    return withDb(values, io, (db) => {
      // Rows are collected into 64 KB writes: a million separate writes would dominate the export.
      const run = (emit: (text: string) => void) => {
        let buffer = '';
        const n = exportKind(db, kind, format, (chunk) => {
          buffer += chunk;
          if (buffer.length > 1 << 16) {
            emit(buffer);
            buffer = '';
          }
        }, { delimiter });
        emit(buffer);
        return n;
      };
      if (!values.out) {
        run(io.out);
        return 0;
      }
      let n = 0;
      writeOutput(values.out as string, (write) => (n = run(write)), { replace: !!values.force });
      io.err(`wrote ${n} ${kind} to ${values.out}\n`);
      return 0;
    });
  },
};

export const templateCommand: Command = {
  name: 'template',
  summary: 'print an empty CSV of a kind: the documented header and one example row',
  usage: `drempel template <kind> [--delimiter ,|;|tab]
  kinds: ${kindNames.join(', ')}`,
  run(args, io) {
    const { positionals, values } = parse(args, { delimiter: { type: 'string' } });
    const [kind] = positionals;
    if (!kind || positionals.length > 1) throw new UsageError('expected one kind');
    if (!isKind(kind)) throw new UsageError(`unknown kind: ${kind} (expected one of ${kindNames.join(', ')})`);
    io.out(template(kind, delimiterOf(values.delimiter)));
    return 0;
  },
};
