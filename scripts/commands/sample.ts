import { generateSample } from '../sample/generate';
import { parse, UsageError, type Command } from '../io';

export const sampleCommand: Command = {
  name: 'sample',
  summary: 'write the synthetic sample study as CSV files (or a large one for benchmarks)',
  usage: `drempel sample [--out DIR] [--seed N] [--observations N]
  --out DIR           where to write the six CSV files (default data/sample)
  --seed N            seed of the generator (default 2026); the same seed writes the same files
  --observations N    write a large study of about N observation rows instead`,
  async run(args, io) {
    const { values } = parse(args, { out: { type: 'string' }, seed: { type: 'string' }, observations: { type: 'string' } }, false);
    const seed = values.seed === undefined ? 2026 : Number(values.seed);
    const observations = values.observations === undefined ? undefined : Number(values.observations);
    if (!Number.isInteger(seed)) throw new UsageError(`invalid seed: ${values.seed}`);
    if (observations !== undefined && !(Number.isInteger(observations) && observations > 0)) throw new UsageError(`invalid observations: ${values.observations}`);
    const out = (values.out as string | undefined) ?? 'data/sample';
    const counts = await generateSample({
      out,
      seed,
      observations,
      onProgress: (n) => io.isTTY && io.err(`\rwriting observations: ${n.toLocaleString('en')} rows`),
    });
    if (io.isTTY && observations) io.err('\n');
    io.out(`wrote ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')} to ${out}\n`);
    return 0;
  },
};
