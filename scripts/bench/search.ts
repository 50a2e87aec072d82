/**
 * Benchmark: full-text search over 100,000 quotes (10,000 residents with consent, ten quotes each,
 * coded from a codebook of 24 codes under 6 parents). Each query is timed as `drempel quotes search`
 * runs it (consent, filters, ranking, the first 20), best of 11; the reference, timed in the same
 * process on the same file, is the plain scan a store without an index would do: one
 * `LIKE '%word%'` over every quote. Target (issue 15): every query under 50 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, setToday } from '../../research/db';
import { syncProcedure } from '../../research/repositories/procedures';
import { fillObservations, fillQuotes, scanQuotes } from '../../research/bench-fixtures';
import { refreshSearch, searchQuotes, type SearchFilters } from '../../research/search/index';
import type { Io } from '../cli/io';
import { best } from './timing';
import { Random } from '../sample/random';
import { benchProcedure } from './score';

const openings = [
  'Ik moest',
  'Bij de balie zeiden ze dat ik',
  'Niemand vertelde me dat ik',
  'Mijn consulent vroeg of ik',
  'Op de website stond niet dat ik',
  'De brief zei dat ik',
  'Aan de telefoon moest ik',
  'Ik begreep niet waarom ik',
];
const middles = [
  'mijn bankafschriften van drie maanden',
  'een loonstrook van mijn werkgever',
  'het formulier opnieuw',
  'alles nog een keer',
  'mijn huurcontract',
  'de aanvraag',
  'een bewijs van inschrijving',
  'mijn verhaal aan een andere medewerker',
];
const ends = [
  'moest inleveren.',
  'moest opsturen, terwijl de gemeente het al had.',
  'opnieuw moest aanvragen.',
  'moest uitleggen.',
  'zes weken moest wachten.',
  'via DigiD moest uploaden, maar dat lukte niet.',
  'bij een ander loket moest afgeven.',
  'moest laten zien. Dat voelde als wantrouwen.',
];
const parents = ['tijd', 'informatie', 'bewijs', 'contact', 'techniek', 'gevoel'];
const children = [
  'wachten',
  'termijn',
  'uitleg',
  'taal',
  'stukken',
  'kopie',
  'loket',
  'telefoon',
  'digid',
  'upload',
  'wantrouwen',
  'stress',
];

export function benchSearch(io: Io, quotes = 100_000): Record<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'drempel-bench-search-'));
  try {
    const db = openDatabase(join(dir, 'bench.db'), { create: true });
    setToday(db, '2026-06-01');
    syncProcedure(db, benchProcedure(10), '2026-01-01T00:00:00Z');
    const r = new Random(15);
    fillObservations(db, quotes, 10, r); // one session (with consent) per ten quotes
    const started = Date.now();
    fillQuotes(db, quotes, { parents, children }, () => `${r.pick(openings)} ${r.pick(middles)} ${r.pick(ends)}`, r);
    const indexed = refreshSearch(db);
    io.out(
      `quote search: ${quotes.toLocaleString('en')} quotes of ${(quotes / 10).toLocaleString('en')} residents, indexed in ${((Date.now() - started) / 1000).toFixed(1)} s (${indexed.toLocaleString('en')} texts); best of 11 (target < 50 ms)\n`,
    );
    const queries: [string, string, SearchFilters, string][] = [
      ['one word', 'huurcontract', {}, 'huurcontract'],
      ['a common word, stemmed', 'aanvragen', {}, 'aanvra'],
      ['two words', 'loonstrook werkgever', {}, 'loonstrook'],
      ['a phrase', '"zes weken"', {}, 'zes weken'],
      ['a prefix', 'bank*', {}, 'bank'],
      ['a code and its children', 'formulier', { tags: ['informatie'] }, 'formulier'],
      ['one step', 'wachten', { steps: ['stap-3'] }, 'wachten'],
    ];
    const results: Record<string, number> = {};
    for (const [name, query, filters, like] of queries) {
      let hits = 0;
      const ours = best(() => (hits = searchQuotes(db, query, filters).length));
      const scan = scanQuotes(db);
      let contain = 0;
      const reference = best(() => (contain = scan(`%${like}%`)));
      results[name] = ours;
      io.out(
        `  ${name.padEnd(26)} ${ours.toFixed(1).padStart(7)} ms  (reference scan ${reference.toFixed(1)} ms, ratio ${(ours / Math.max(reference, 0.01)).toFixed(2)}×; ${contain.toLocaleString('en')} quotes hold "${like}", ${hits} shown)${ours < 50 ? '' : '  over target'}\n`,
      );
    }
    db.close();
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
