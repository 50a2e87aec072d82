/**
 * Personal data never passes the gate, in any field. A BSN is planted in every text field of a
 * procedure (every string of its YAML and of its limit's Markdown, found by walking the files,
 * so a field added later is covered too) and in every text field of the research data, each in
 * another spelling; the public and the team site are built, and no output file holds any of them.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadProceduresOrThrow } from '../../procedures/load';
import { importCsv } from '../../research/csv/import';
import { openDatabase, setToday, type Db } from '../../research/db';
import { syncProcedure } from '../../research/repositories/procedures';
import { buildSite } from '../../scripts/app/site/build';
import { main } from '../../scripts/cli/main';
import { captureIo, fixedNow, root, tempDir } from '../helpers';

/** Valid BSNs (11-test), one per planted field. */
function* bsns(): Generator<string> {
  for (let n = 234_567_000; ; n++) {
    const d = String(n).split('').map(Number);
    const sum = d.slice(0, 8).reduce((s, x, i) => s + (9 - i) * x, 0) - d[8];
    if (sum % 11 === 0) yield String(n);
  }
}

/** The spellings people use, in turn: plain, grouped, dotted, full-width digits, a zero-width space inside. */
const spellings = [
  (b: string) => b,
  (b: string) => `${b.slice(0, 4)} ${b.slice(4, 6)} ${b.slice(6)}`,
  (b: string) => `${b.slice(0, 3)}.${b.slice(3, 6)}.${b.slice(6)}`,
  (b: string) => [...b].map((c) => String.fromCharCode(0xff10 + Number(c))).join(''),
  (b: string) => `${b.slice(0, 5)}\u200b${b.slice(5)}`,
];

const planted: string[] = [];
const source = bsns();
function plant(text: string): string {
  const b = source.next().value as string;
  planted.push(b);
  return `${text} ${spellings[planted.length % spellings.length](b)}`;
}

/** Keys whose values are identifiers, references, dates or links: not text a person writes. */
const notText = new Set([
  'slug',
  'actor',
  'channels',
  'asks',
  'from',
  'to',
  'kind',
  'version',
  'valid_from',
  'upl_uri',
  'url',
  'last_checked',
  'bwbr',
  'steps',
  'sources',
]);

function plantAll(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return notText.has(key) ? value : plant(value);
  if (Array.isArray(value)) return value.map((v) => plantAll(v, key));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        plantAll(v, k === 'sources' && Array.isArray(v) && typeof v[0] === 'object' ? '' : k),
      ]),
    );
  return value;
}

let dir: string;
let db: Db;

beforeAll(async () => {
  dir = tempDir();
  const procs = join(dir, 'procedures');
  cpSync(join(root, 'tests/fixtures/procedures'), procs, { recursive: true });
  const yamlFile = join(procs, 'mini/procedure.yaml');
  const definition = parse(readFileSync(yamlFile, 'utf8'));
  definition.sources = ['https://example.org/bron'];
  definition.caveats = ['Een voorbehoud.'];
  definition.information_items[0].description = 'Uw adres.';
  definition.steps.forEach((s: Record<string, unknown>) =>
    Object.assign(s, { documents: ['Een brief'], typical_duration: '10 minuten' }),
  );
  writeFileSync(yamlFile, stringify(plantAll(definition)));
  const limitFile = join(procs, 'mini/limits/termijn.md');
  const [, front, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(readFileSync(limitFile, 'utf8'))!;
  const fm = parse(front);
  fm.sources = [{ title: 'Een bron', url: 'https://example.org/bron' }];
  fm.known_friction = [{ summary: 'Bekend probleem', url: 'https://example.org/probleem' }];
  fm.uncertain = 'Nog niet zeker.';
  const sections = body.replace(/^(?!##)(\S.*)$/gm, (line) => plant(line));
  writeFileSync(limitFile, `---\n${stringify(plantAll(fm))}---\n${sections}`);

  db = openDatabase(join(dir, 'planted.db'), { create: true });
  setToday(db, fixedNow);
  for (const p of loadProceduresOrThrow(procs)) syncProcedure(db, p, fixedNow);
  const csv = (name: string, lines: string[]) => {
    const file = join(dir, `${name}.csv`);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const people = ['P-1', 'P-2', 'P-3', 'P-4', 'P-5', 'P-6'];
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const files: [Parameters<typeof importCsv>[1], string][] = [
    [
      'studies',
      csv('studies', [
        'study,title,procedure,round,started_on,question',
        `mini-r1,${q(plant('Ronde'))},mini,1,2026-01-05,${q(plant('Vraag'))}`,
      ]),
    ],
    [
      'participants',
      csv('participants', [
        'participant,age_band,household,digital_skills,language',
        ...people.map((p) => `${p},${q(plant('27'))},${q(plant('alleen'))},${q(plant('laag'))},${q(plant('nl'))}`),
      ]),
    ],
    [
      'consents',
      csv('consents', [
        'participant,given_on,analysis,quote_internal,quote_public,recording',
        ...people.map((p) => `${p},2026-01-01,yes,yes,yes,no`),
      ]),
    ],
    [
      'sessions',
      csv('sessions', [
        'session,study,participant,kind,date,researcher,mode',
        ...people.map((p, i) => `S-${i + 1},mini-r1,${p},walkthrough,2026-01-1${i},${q(plant('rol'))},in person`),
      ]),
    ],
    [
      'observations',
      csv('observations', [
        'session,step,outcome,seconds,ease,note',
        ...people.flatMap((_, i) =>
          ['melden', 'intake', 'besluit'].map((st) => `S-${i + 1},${st},completed,300,5,${q(plant('notitie'))}`),
        ),
      ]),
    ],
    [
      'quotes',
      csv('quotes', [
        'quote,session,step,text,tags,note',
        ...people.map(
          (_, i) => `Q-${i + 1},S-${i + 1},melden,${q(plant('Mijn nummer is'))},${q(plant('tag'))},${q(plant('noot'))}`,
        ),
      ]),
    ],
  ];
  for (const [kind, file] of files) await importCsv(db, kind, file, { now: fixedNow });
  mkdirSync(join(dir, 'out'));
}, 60_000);

/**
 * The output's text, split in two: what carries content (HTML, CSV, JSON: the gate's data and the
 * pages) and the built JavaScript (code: no data is bundled into it, the islands get theirs from
 * the HTML).
 */
function outputText(folder: string): { content: string; code: string } {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  const files = walk(folder);
  const read = (keep: (f: string) => boolean) =>
    files
      .filter(keep)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
  return { content: read((f) => !f.endsWith('.js')), code: read((f) => f.endsWith('.js')) };
}

/**
 * Digits only, after the same Unicode folding a reader's eye does (full-width digits are digits):
 * in content all its digits in a row, so a number split over markup is still found; in minified
 * code, where "a2 as t,a3 as e…" strings digits together by chance, the numbers as written, with
 * the separators people put in them (spaces, dots, hyphens, zero-width characters).
 */
const digitsOf = (text: string) => text.normalize('NFKC').replace(/\D+/g, '');
const numbersIn = (code: string) =>
  [...code.normalize('NFKC').matchAll(/\d(?:[\s.\-\u00a0\u200b-\u200d\ufeff]*\d)*/g)].map((m) => digitsOf(m[0]));

describe('a BSN planted in every text field reaches no output file', () => {
  for (const audience of ['public', 'team'] as const) {
    test(`the ${audience} site`, async () => {
      const r = await buildSite(db, {
        audience,
        out: join(dir, 'out', audience),
        now: fixedNow,
        proceduresDir: join(dir, 'procedures'),
      });
      expect(planted.length).toBeGreaterThan(40);
      const { content, code } = outputText(r.out);
      expect(content).toContain('Mini procedure for tests'); // the site was built, with the planted texts' words
      const digits = digitsOf(content);
      const numbers = numbersIn(code);
      expect(numbers.length).toBeGreaterThan(100); // the islands' code was read
      const leaked = planted.filter((b) => digits.includes(b) || numbers.some((n) => n.includes(b)));
      expect(leaked).toEqual([]);
      expect(r.data.blocked.length).toBeGreaterThan(20);
    }, 120_000);
  }

  test('the management report (drempel report)', async () => {
    db.close();
    const out = join(dir, 'out', 'report.html');
    const io = captureIo({ DREMPEL_PROCEDURES: join(dir, 'procedures') });
    expect(await main(['report', '--out', out, '--db', join(dir, 'planted.db')], io), io.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Waar inwoners het vaakst vastlopen');
    expect(html).not.toMatch(/<script/i);
    expect(planted.filter((b) => digitsOf(html).includes(b))).toEqual([]);
  });
});
