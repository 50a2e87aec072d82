import { benchImport } from '../bench/import';
import { benchJourneys } from '../bench/journeys';
import { benchPii } from '../bench/pii';
import { benchScore } from '../bench/score';
import { benchSearch } from '../bench/search';
import { benchSite } from '../bench/site';
import { benchStudio } from '../bench/studio';
import { parse, UsageError, type Command } from './io';

const benches = ['import', 'score', 'journeys', 'site', 'pii', 'search', 'studio'] as const;

export const benchCommand: Command = {
  name: 'bench',
  summary: 'run the benchmarks; each prints a ratio against a reference run in the same process or script',
  usage: `drempel bench [--only NAME] [--observations N] [--events N]
  --only NAME         one of: ${benches.join(', ')} (default: all)
  --observations N    rows for the import and score benchmarks (default 1000000)
  --events N          events for the journeys benchmark (default 1000000)`,
  async run(args, io) {
    const { values } = parse(
      args,
      { only: { type: 'string' }, observations: { type: 'string' }, events: { type: 'string' } },
      false,
    );
    const only = values.only;
    if (only && !(benches as readonly string[]).includes(only))
      throw new UsageError(`unknown benchmark: ${only} (expected one of ${benches.join(', ')})`);
    const count = (v: unknown, name: string) => {
      const n = Number(v ?? 1_000_000);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`invalid ${name}: ${v}`);
      return n;
    };
    const observations = count(values.observations, 'observations');
    const events = count(values.events, 'events');
    if (!only || only === 'import') await benchImport(io, observations);
    if (!only || only === 'score') await benchScore(io, observations);
    if (!only || only === 'journeys') await benchJourneys(io, events);
    if (!only || only === 'site') await benchSite(io);
    if (!only || only === 'pii') benchPii(io);
    if (!only || only === 'search') benchSearch(io);
    if (!only || only === 'studio') await benchStudio(io);
    return 0;
  },
};
