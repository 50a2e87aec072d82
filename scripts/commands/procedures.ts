import { resolve } from 'node:path';
import { formatProblem } from '../../procedures/errors';
import { defaultProceduresDir, loadProcedures, loadProceduresOrThrow } from '../../procedures/load';
import { syncProcedure } from '../../research/repositories/procedures';
import { parse, UsageError, withDb, type Command, type Io } from '../io';

function proceduresDir(positional: string | undefined, io: Io): string {
  return resolve(positional ?? io.env.DREMPEL_PROCEDURES ?? defaultProceduresDir());
}

function check(args: string[], io: Io): number {
  const { positionals } = parse(args, { strict: { type: 'boolean' } });
  const dir = proceduresDir(positionals[0], io);
  const { procedures, problems } = loadProcedures(dir);
  for (const p of problems) io.err(`${p.severity}: ${formatProblem(p)}\n`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  for (const p of procedures) io.out(`${p.slug} ${p.version}: ${p.steps.length} steps, ${p.transitions.length} transitions, ${p.limits.length} policy limits\n`);
  io.out(`${procedures.length} procedure${procedures.length === 1 ? '' : 's'} valid, ${errors} error${errors === 1 ? '' : 's'}\n`);
  return errors ? 1 : 0;
}

async function sync(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {});
  const procedures = loadProceduresOrThrow(proceduresDir(positionals[0], io));
  return withDb(values, io, (db) => {
    for (const p of procedures) {
      const r = syncProcedure(db, p, io.now());
      io.out(`${r.procedure} ${r.version}: ${r.status}\n`);
    }
    return 0;
  });
}

const subcommands: Record<string, (args: string[], io: Io) => number | Promise<number>> = { check, sync };

export const proceduresCommand: Command = {
  name: 'procedures',
  summary: 'check the procedure files, sync them into the database',
  usage: `drempel procedures <check|sync> [DIR]
  check [DIR] [--strict]   validate every procedure folder; exit 1 on any error
  sync [DIR] [--db FILE]   load the procedures into the database (idempotent; old versions are kept)`,
  run(args, io) {
    const [sub, ...rest] = args;
    const fn = subcommands[sub];
    if (!fn) throw new UsageError(sub ? `unknown procedures subcommand: ${sub}` : 'expected a subcommand');
    return fn(rest, io);
  },
};
