import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { kindNames } from '../../research/csv/kinds/index';
import { DrempelError } from '../../research/errors';
import { generateSample } from '../sample/generate';
import { sampleDir } from './demo';
import { parse, UsageError, type Command } from './io';

export const sampleCommand: Command = {
  name: 'sample',
  summary: 'write the synthetic sample study as CSV files (or a large one for benchmarks)',
  usage: `drempel sample [--out DIR] [--force] [--seed N] [--observations N]
  --out DIR           where to write the seven CSV files (default data/sample)
  --force             replace CSV files of these names that are already in DIR (never without it:
                      they are the names real study files have)
  --seed N            seed of the generator (default 2026); the same seed writes the same files
  --observations N    write a large study of about N observation rows instead`,
  async run(args, io) {
    const { values } = parse(
      args,
      {
        out: { type: 'string' },
        seed: { type: 'string' },
        observations: { type: 'string' },
        force: { type: 'boolean' },
      },
      false,
    );
    const seed = values.seed === undefined ? 2026 : Number(values.seed);
    const observations = values.observations === undefined ? undefined : Number(values.observations);
    if (!Number.isInteger(seed)) throw new UsageError(`invalid seed: ${values.seed}`);
    if (observations !== undefined && !(Number.isInteger(observations) && observations > 0))
      throw new UsageError(`invalid observations: ${values.observations}`);
    const out = values.out ?? 'data/sample';
    const present = kindNames.map((k) => join(out, `${k}.csv`)).filter((f) => existsSync(f));
    if (present.length && !values.force && resolve(out) !== sampleDir) {
      throw new DrempelError(
        `${present[0]} exists already: the sample never writes over study files`,
        'Choose an empty folder with --out, or add --force to replace the files.',
      );
    }
    const counts = await generateSample({
      out,
      seed,
      observations,
      onProgress: (n) => io.isTTY && io.err(`\rwriting observations: ${n.toLocaleString('en')} rows`),
    });
    if (io.isTTY && observations) io.err('\n');
    io.out(
      `wrote ${Object.entries(counts)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')} to ${out}\n`,
    );
    return 0;
  },
};
