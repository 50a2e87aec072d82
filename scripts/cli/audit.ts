import { listAudit } from '../../research/repositories/audit';
import { formatOf } from './flags';
import { parse, table, UsageError, withDb, type Command } from './io';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'the append-only audit log: every import, deletion, redaction and erasure, with counts',
  usage: `drempel audit [--limit N] [--format table|json] [--db FILE]
  what was done to the database and when, newest first: imports (inserted, updated, unchanged,
  removed), deletions, redactions, erasures, restores. It holds counts and file names without
  codes, never personal data, so a privacy officer can read it.
  --limit N     the newest N entries (default 50)
  --format F    table (default) or json`,
  run(args, io) {
    const { values } = parse(args, { limit: { type: 'string' }, format: { type: 'string' } }, false);
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1)
      throw new UsageError(`invalid --limit: ${values.limit?.slice(0, 20)} (expected a whole number ≥ 1)`);
    const format = formatOf(values.format, ['table', 'json']);
    return withDb(values, io, (db) => {
      const entries = listAudit(db, limit);
      if (format === 'json') {
        io.out(JSON.stringify(entries, null, 2) + '\n');
        return 0;
      }
      if (!entries.length) {
        io.out('the audit log is empty\n');
        return 0;
      }
      io.out(
        table(
          [
            ['at', 'action', 'kind', 'source', 'new', 'updated', 'unchanged', 'removed', 'detail'],
            ...entries.map((e) => [
              e.at.slice(0, 19).replace('T', ' '),
              e.action,
              e.kind ?? '',
              e.source ?? '',
              e.inserted ?? 0,
              e.updated ?? 0,
              e.unchanged ?? 0,
              e.deleted ?? 0,
              e.detail ?? '',
            ]),
          ],
          { align: ['l', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'l'] },
        ),
      );
      return 0;
    });
  },
};
