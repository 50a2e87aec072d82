import { createWriteStream } from 'node:fs';
import { exportKind, template } from '../../research/csv/export';
import { isKind, kindNames } from '../../research/csv/kinds/index';
import { outputFile, parse, UsageError, withDb, type Command } from '../io';

function delimiterOf(value: unknown): string {
  const d = (value as string | undefined) ?? ',';
  if (![',', ';', '\t', 'tab'].includes(d)) throw new UsageError(`invalid delimiter: ${d} (expected , ; or tab)`);
  return d === 'tab' ? '\t' : d;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'export a kind as CSV or JSON (the columns import reads)',
  usage: `drempel export <kind> [--format csv|json] [--out FILE] [--delimiter ,|;|tab] [--db FILE]
  kinds: ${kindNames.join(', ')}`,
  async run(args, io) {
    const { values, positionals } = parse(args, { format: { type: 'string' }, out: { type: 'string' }, delimiter: { type: 'string' } });
    const [kind] = positionals;
    if (!kind || positionals.length > 1) throw new UsageError('expected one kind');
    if (!isKind(kind)) throw new UsageError(`unknown kind: ${kind} (expected one of ${kindNames.join(', ')})`);
    const format = (values.format as string | undefined) ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw new UsageError(`invalid format: ${format} (expected csv or json)`);
    const delimiter = delimiterOf(values.delimiter);
    const stream = values.out ? createWriteStream(outputFile(values.out as string)) : undefined;
    const emit = stream ? (text: string) => void stream.write(text) : io.out;
    return withDb(values, io, async (db) => {
      // Rows are collected into 64 KB writes: a million separate writes would dominate the export.
      let buffer = '';
      const n = exportKind(db, kind, format, (chunk) => {
        buffer += chunk;
        if (buffer.length > 1 << 16) {
          emit(buffer);
          buffer = '';
        }
      }, { delimiter });
      emit(buffer);
      if (stream) {
        await new Promise<void>((res, rej) => stream.end((e?: Error | null) => (e ? rej(e) : res())));
        io.err(`wrote ${n} ${kind} to ${values.out}\n`);
      }
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
