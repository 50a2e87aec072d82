import { benchImport } from '../bench/import';
import { parse, UsageError, type Command } from '../io';

const benches = ['import'] as const;

export const benchCommand: Command = {
  name: 'bench',
  summary: 'run the benchmarks; each prints a ratio against a reference run in the same process',
  usage: `drempel bench [--only NAME] [--observations N]
  --only NAME         one of: ${benches.join(', ')}
  --observations N    rows for the import benchmark (default 1000000)`,
  async run(args, io) {
    const { values } = parse(args, { only: { type: 'string' }, observations: { type: 'string' } }, false);
    const only = values.only as string | undefined;
    if (only && !(benches as readonly string[]).includes(only)) throw new UsageError(`unknown benchmark: ${only}`);
    const observations = Number(values.observations ?? 1_000_000);
    if (!Number.isInteger(observations) || observations < 1) throw new UsageError(`invalid observations: ${values.observations}`);
    if (!only || only === 'import') await benchImport(io, observations);
    return 0;
  },
};
