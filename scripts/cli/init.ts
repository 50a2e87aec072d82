import { loadProceduresOrThrow } from '../../procedures/load';
import { schemaVersion } from '../../research/migrations/index';
import { syncProcedure } from '../../research/repositories/procedures';
import { dbPath, parse, withDb, type Command } from './io';

export const init: Command = {
  name: 'init',
  summary: 'create or migrate the database and sync the procedures into it',
  usage: `drempel init [--db FILE]
  creates the database (default ./data/drempel.db, or $DREMPEL_DB) when there is none, brings an
  existing one to this version's schema, and loads the procedures (procedures/, or
  $DREMPEL_PROCEDURES) into it; running it again changes nothing that did not change.
  It never opens a file that is not a drempel database (another SQLite file, a text file).
  --db FILE   the database file`,
  async run(args, io) {
    const { values } = parse(args, {}, false);
    const procedures = loadProceduresOrThrow(io.env.DREMPEL_PROCEDURES);
    return withDb(
      values,
      io,
      (db) => {
        const synced = procedures.map((p) => syncProcedure(db, p, io.now()));
        io.out(`database ${dbPath(values, io)} at schema version ${schemaVersion(db)}\n`);
        for (const s of synced) io.out(`procedure ${s.procedure} ${s.version}: ${s.status}\n`);
        return 0;
      },
      { create: true },
    );
  },
};
