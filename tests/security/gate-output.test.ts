/**
 * What the publication gate hands the site, field by field, on a small hand-made study of the
 * `mini` fixture procedure whose figures can be worked out by hand: which quote reaches which
 * audience, what is redacted and logged, how steps, limits and the CSV download are shaped, and
 * what only the team sees.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readability } from '../../analysis/readability';
import type { DrempelError } from '../../research/errors';
import { tellItOnce } from '../../analysis/tell-once';
import { loadProceduresOrThrow } from '../../procedures/load';
import type { Procedure } from '../../procedures/schema';
import { importCsv } from '../../research/csv/import';
import { openDatabase, setToday, type Db } from '../../research/db';
import { syncProcedure } from '../../research/repositories/procedures';
import { publish, readNames, sweepStrings, type GateOptions } from '../../scripts/app/gate/gate';
import type { SiteData } from '../../scripts/app/gate/types';
import { fixedNow, root, tempDir, writeTemp } from '../helpers';

const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';
const participants = ['P-01', 'P-02', 'P-03', 'P-04', 'P-05', 'P-06', 'P-07'];

/**
 * Round 2 at a glance (seconds per step; the geometric mean in brackets):
 *   melden  — 7 residents, 600 s each                 (600 s = 10 min)
 *   intake  — 6 residents, 60 and 240 s alternating    (√(60·240) = 120 s = 2 min)
 *   besluit — 3 residents: below the public group size of 5
 * Round 1 has the same residents P-01…P-06 with every step harder.
 */
function observations(): string {
  const rows = [
    ['session', 'step', 'visit', 'outcome', 'seconds', 'errors', 'ease', 'retold', 'handoffs', 'blocked_by'],
  ];
  participants.slice(0, 6).forEach((_, i) => {
    const s = `S-1${i + 1}`;
    rows.push([s, 'melden', '1', i < 4 ? 'failed' : 'helped', '900', '2', '2', '1', '1', '']);
    rows.push([s, 'intake', '2', i < 3 ? 'failed' : 'helped', '600', '1', '3', '1', '1', '']);
  });
  // The rule "termijn" blocked P-01 at two steps and P-02 at one: two residents.
  participants.forEach((_, i) => {
    const s = `S-2${i + 1}`;
    rows.push([s, 'melden', '1', 'completed', '600', '0', '6', '0', '0', '']);
    if (i < 6)
      rows.push([
        s,
        'intake',
        '2',
        i < 2 ? 'helped' : 'completed',
        i % 2 ? '240' : '60',
        i < 3 ? '1' : '0',
        i < 2 ? '2' : '6',
        '0',
        '0',
        i === 0 ? 'termijn' : '',
      ]);
    if (i < 3) rows.push([s, 'besluit', '3', 'completed', '300', '0', '5', '0', '0', i < 2 ? 'termijn' : '']);
  });
  return csv(rows);
}

const quotes = csv([
  ['quote', 'session', 'step', 'text', 'tags', 'note'],
  ['Q-01', 'S-21', 'melden', 'Het melden ging snel.', '', ''],
  ['Q-02', 'S-22', 'melden', 'Mail me op piet.devries@example.nl als het mis gaat.', '', ''],
  ['Q-03', 'S-27', 'melden', 'Ik begreep niet wat ik moest invullen.', '', ''],
  ['Q-04', 'S-23', 'intake', 'Bel de balie op 050 123 45 67 zei de consulent.', '', ''],
  ['Q-05', 'S-24', 'intake', 'Mijn buurman Zwartepoel hielp mij.', '', ''],
  ['Q-06', 'S-25', 'besluit', 'Sophie van het loket was aardig.', '', ''],
]);

let dir: string;
let db: Db;
let mini: Procedure;

beforeAll(async () => {
  // The fixture procedure in a folder of its own, with an organisation's phone number the gate may show.
  dir = join(tempDir(), 'procedures');
  mkdirSync(dir);
  cpSync(join(root, 'tests/fixtures/procedures'), dir, { recursive: true });
  writeFileSync(join(dir, 'public-contacts.txt'), '# the desk\n050 123 45 67\n');
  [mini] = loadProceduresOrThrow(dir);
  db = openDatabase(join(tempDir(), 'gate.db'), { create: true });
  setToday(db, fixedNow);
  syncProcedure(db, mini, fixedNow);
  const files: [Parameters<typeof importCsv>[1], string][] = [
    [
      'studies',
      csv([
        ['study', 'title', 'procedure', 'version', 'round', 'started_on', 'ended_on', 'question'],
        ['mini-r1', 'Ronde 1', 'mini', '1', '1', '2026-03-02', '2026-03-27', 'Waar?'],
        ['mini-r2', 'Ronde 2', 'mini', '1', '2', '2026-09-07', '2026-10-02', 'Beter?'],
      ]),
    ],
    [
      'participants',
      csv([
        ['participant', 'age_band', 'language'],
        ...participants.map((p, i) => [p, i < 3 ? '18-26' : '27-66', 'nl']),
      ]),
    ],
    [
      'consents',
      csv([
        ['participant', 'given_on', 'analysis', 'quote_internal', 'quote_public', 'recording', 'retain_until'],
        ...participants.map((p) => [p, '2026-03-01', 'yes', 'yes', p === 'P-07' ? 'no' : 'yes', 'no', '2028-03-01']),
      ]),
    ],
    [
      'sessions',
      csv([
        ['session', 'study', 'participant', 'kind', 'date', 'researcher', 'mode'],
        ...participants
          .slice(0, 6)
          .map((p, i) => [`S-1${i + 1}`, 'mini-r1', p, 'walkthrough', '2026-03-10', 'onderzoeker-a', 'in person']),
        ...participants.map((p, i) => [
          `S-2${i + 1}`,
          'mini-r2',
          p,
          'walkthrough',
          '2026-09-10',
          'onderzoeker-a',
          'in person',
        ]),
      ]),
    ],
    ['observations', observations()],
    ['quotes', quotes],
  ];
  for (const [kind, text] of files) await importCsv(db, kind, writeTemp(`${kind}.csv`, text), { now: fixedNow });
});

const run = (opts: Partial<GateOptions> = {}): SiteData =>
  publish(db, [mini], { audience: 'public', now: fixedNow, proceduresDir: dir, ...opts });
const step = (data: SiteData, slug: string) => data.procedures[0].steps.find((s) => s.slug === slug)!;
const quoteTexts = (data: SiteData) => data.procedures[0].steps.flatMap((s) => s.quotes.map((q) => q.text));

describe('quotes through the gate', () => {
  test('the public sees quotes with public consent only, each at its own step; personal data is left out and logged', () => {
    const data = run();
    // hard: how the quoting resident fared at the step, from their own observation (they managed).
    expect(step(data, 'melden').quotes).toEqual([{ text: 'Het melden ging snel.', redacted: false, hard: false }]);
    // The organisation's number is in the procedure folder's public contacts; the bundled name is not allowed.
    expect(
      step(data, 'intake')
        .quotes.map((q) => q.text)
        .sort(),
    ).toEqual(['Bel de balie op 050 123 45 67 zei de consulent.', 'Mijn buurman Zwartepoel hielp mij.']);
    expect(step(data, 'besluit').quotes).toEqual([]);
    expect(data.blocked).toEqual([
      { where: 'quote Q-02', kinds: ['EMAIL'], action: 'left out' },
      { where: 'quote Q-06', kinds: ['NAAM'], action: 'left out' },
    ]);
    expect(data.team).toBeNull();
  });

  test('the team sees quotes with internal consent too', () => {
    const texts = quoteTexts(run({ audience: 'team' }));
    expect(texts).toContain('Ik begreep niet wat ik moest invullen.');
    expect(texts).not.toContain('Mail me op piet.devries@example.nl als het mis gaat.');
  });

  test('with redact the finding is replaced by its label, marked as redacted, and logged as redacted', () => {
    const data = run({ redact: true });
    const plain = (quotes: { text: string; redacted: boolean }[]) =>
      quotes.map(({ text, redacted }) => ({ text, redacted }));
    expect(plain(step(data, 'melden').quotes)).toEqual([
      { text: 'Het melden ging snel.', redacted: false },
      { text: 'Mail me op [EMAIL] als het mis gaat.', redacted: true },
    ]);
    expect(plain(step(data, 'besluit').quotes)).toEqual([{ text: '[NAAM] van het loket was aardig.', redacted: true }]);
    expect(data.blocked).toContainEqual({ where: 'quote Q-02', kinds: ['EMAIL'], action: 'redacted' });
    expect(data.blocked.every((b) => b.action === 'redacted')).toBe(true);
  });

  test("the team's own names are blocked too", () => {
    const data = run({ names: ['Zwartepoel'] });
    expect(quoteTexts(data)).not.toContain('Mijn buurman Zwartepoel hielp mij.');
    expect(data.blocked).toContainEqual({ where: 'quote Q-05', kinds: ['NAAM'], action: 'left out' });
  });

  test("another folder's public contacts do not open this one's door", () => {
    const other = join(tempDir(), 'procedures');
    cpSync(dir, other, { recursive: true });
    writeFileSync(join(other, 'public-contacts.txt'), '050 999 99 99\n');
    const data = run({ proceduresDir: other });
    expect(quoteTexts(data).some((t) => t.includes('050 123 45 67'))).toBe(false);
    expect(data.blocked).toContainEqual({ where: 'quote Q-04', kinds: ['TELEFOON'], action: 'left out' });
  });
});

describe('steps as the site gets them', () => {
  test('position, actor, channel and item names, transitions, defaults', () => {
    const steps = run().procedures[0].steps;
    expect(steps.map((s) => [s.slug, s.position, s.actorName, s.department, s.actorKind])).toEqual([
      ['melden', 1, 'Inwoner', 'Inwoner', 'resident'],
      ['intake', 2, 'KCC', 'Klantcontact', 'front office'],
      ['besluit', 3, 'Consulent', 'Inkomen', 'back office'],
    ]);
    expect(steps.map((s) => s.channels)).toEqual([['Online'], ['Balie'], ['Online']]);
    expect(steps.map((s) => s.asks)).toEqual([
      ['Adres', 'Identiteitsbewijs'],
      ['Adres', 'Inkomen'],
      ['Inkomen', 'Identiteitsbewijs'],
    ]);
    // The waiting norm is the team's assumption: null on the public site (the team's values: the CSV test).
    expect(steps.map((s) => [s.typicalDuration, s.targetMinutes, s.waitNormDays])).toEqual([
      [null, 10, null],
      [null, null, null],
      [null, null, null],
    ]);
    expect(steps.map((s) => s.limits)).toEqual([[], [], ['termijn']]);
    expect(steps.map((s) => s.next)).toEqual([
      [{ step: 'intake', kind: 'handoff', condition: null, en: {} }],
      [
        { step: 'melden', kind: 'return', condition: 'niet compleet', en: {} },
        { step: 'besluit', kind: 'next', condition: null, en: {} },
      ],
      [],
    ]);
  });

  test('minutes are the geometric mean of the time on the step: 10 and 2 minutes; none where the public may not see a figure', () => {
    const pub = run();
    expect(step(pub, 'melden').minutes).toBeCloseTo(10, 10);
    expect(step(pub, 'intake').minutes).toBeCloseTo(2, 10);
    expect(step(pub, 'besluit').minutes).toBeNull();
    expect(step(pub, 'besluit').friction).toBeNull();
    // Below five residents nobody gets a figure (docs/method.md §5); above it a larger public group
    // size hides a step from the public, not from the team.
    expect(step(run({ audience: 'team' }), 'besluit').friction).toBeNull();
    expect(step(run({ minGroupSize: 7 }), 'intake').minutes).toBeNull();
    expect(step(run({ minGroupSize: 7 }), 'intake').friction).toBeNull();
    const team = run({ audience: 'team', minGroupSize: 7 });
    expect(step(team, 'intake').minutes).toBeCloseTo(2, 10);
    expect(step(team, 'intake').friction!.residents).toBe(6);
  });

  test('a friction figure says how many residents stand behind it, labels its level in Dutch, and lists components largest first', () => {
    const intake = step(run(), 'intake').friction!;
    expect(intake.residents).toBe(6);
    expect(intake.low).toBeLessThanOrEqual(intake.value);
    expect(intake.high).toBeGreaterThanOrEqual(intake.value);
    expect(['laag', 'gemiddeld', 'hoog']).toContain(intake.label);
    // Two of six needed help and rated the step 2; three made an error: at least three components.
    expect(intake.components.length).toBeGreaterThanOrEqual(3);
    const estimates = intake.components.map((c) => c.estimate);
    expect(estimates).toEqual([...estimates].sort((a, b) => b - a));
    expect(estimates[0]).toBeGreaterThan(estimates[estimates.length - 1]);
    expect(intake.components.find((c) => c.key === 'errors')).toMatchObject({ events: 3, n: 6 });
  });

  test('the procedure: study round and residents, actors, departments, limits with their readability', () => {
    const p = run().procedures[0];
    expect(p.study).toEqual({ round: 2, startedOn: '2026-09-07', endedOn: '2026-10-02', residents: 7 });
    expect(run({ minGroupSize: 8 }).procedures[0].study!.residents).toBeNull();
    expect(p.actors.map((a) => a.slug)).toEqual(['inwoner', 'klantcontactcentrum', 'inkomensconsulent']);
    expect(p.departments).toEqual(['Inwoner', 'Klantcontact', 'Inkomen']);
    expect(p.limits).toHaveLength(1);
    const l = p.limits[0];
    expect([l.slug, l.law, l.article, l.uncertain, l.lastChecked]).toEqual([
      'termijn',
      'Algemene wet bestuursrecht',
      'art. 4:13 lid 2',
      null,
      '2026-11-01',
    ]);
    expect(l.url).toBe('https://wetten.overheid.nl/jci1.3:c:BWBR0005537&artikel=4:13');
    expect(l.rule).toBe('De gemeente beslist binnen 8 weken.');
    expect(l.readability.rule.words).toBe(6);
    expect(l.readability.why.words).toBe(6);
    expect(l.readability.options.words).toBe(6);
    const r = readability(l.rule)!;
    expect(l.readability.rule).toEqual({
      fleschDouma: r.fleschDouma,
      brouwer: r.brouwer,
      meanSentenceLength: 6,
      shareLongSentences: 0,
      shareLongWords: r.shareLongWords,
      words: 6,
    });
  });

  test('a procedure without a study shows no figures and no quotes', () => {
    const empty = openDatabase(join(tempDir(), 'empty.db'), { create: true });
    syncProcedure(empty, mini, fixedNow);
    const p = publish(empty, [mini], { audience: 'team', now: fixedNow, proceduresDir: dir }).procedures[0];
    expect(p.study).toBeNull();
    expect(p.steps.every((s) => s.friction === null && s.minutes === null && s.quotes.length === 0)).toBe(true);
  });

  test('the steps download is CSV for Dutch Excel: BOM, semicolons, decimal commas, CRLF, the suppressed step said in words', () => {
    const p = run().procedures[0];
    const lines = p.stepsCsv.split('\r\n');
    // The waiting norm is the team's assumption: not in the public download.
    expect(lines[0]).toBe(
      '\ufeffstap;nummer;titel;wie;afdeling;kanaal;frictie;frictie_laag;frictie_hoog;frictie_woord;inwoners',
    );
    expect(lines).toHaveLength(5); // header, three steps, and the empty string after the last CRLF
    expect(lines[4]).toBe('');
    expect(lines[3]).toBe('besluit;3;Besluit;Consulent;Inkomen;Online;;;;te weinig waarnemingen;');
    const melden = lines[1].split(';');
    expect(melden.slice(0, 6)).toEqual(['melden', '1', 'Melden', 'Inwoner', 'Inwoner', 'Online']);
    const f = step(run(), 'melden').friction!;
    expect(melden.slice(6, 9).map((x) => Number(x.replace(',', '.')))).toEqual(
      [f.value, f.low, f.high].map((x) => Math.round(x * 1000) / 1000),
    );
    expect(melden[6]).toMatch(/^\d,\d{3}$/);
    expect(melden.slice(9)).toEqual([f.label, '7']);
    expect(p.steps.map((s) => s.waitNormDays)).toEqual([null, null, null]);
    const team = run({ audience: 'team' }).procedures[0];
    expect(team.stepsCsv.split('\r\n')[0]).toContain(';kanaal;wachtnorm_dagen;frictie;');
    expect(team.stepsCsv.split('\r\n')[3]).toBe(
      'besluit;3;Besluit;Consulent;Inkomen;Online;56;;;;te weinig waarnemingen;',
    );
    expect(team.steps.map((s) => s.waitNormDays)).toEqual([7, 7, 56]);
  });
});

describe('only the team sees the team part', () => {
  test('comparison of the last two rounds, priorities, gaps, tell-once, chains of staff, quotes', () => {
    const team = run({ audience: 'team' }).team!;
    expect(team.comparisons).toHaveLength(1);
    expect([team.comparisons[0].before.study, team.comparisons[0].after.study]).toEqual(['mini-r1', 'mini-r2']);
    expect(team.gaps.map((g) => [g.procedure, g.study])).toEqual([['mini', 'mini-r2']]);
    expect(team.tellOnce).toEqual([{ procedure: 'mini', items: tellItOnce(mini) }]);
    expect(team.tellOnce[0].items.map((i) => i.item)).toEqual(['adres', 'inkomen', 'id']);
    expect(team.chains.map((c) => [c.actor, c.actorName])).toEqual([
      ['klantcontactcentrum', 'KCC'],
      ['inkomensconsulent', 'Consulent'],
    ]);
    expect(team.chains.every((c) => c.procedure === 'mini' && c.steps.length > 0)).toBe(true);
    expect(team.quotes.map((q) => [q.procedure, q.step, q.quote])).toEqual([
      ['mini', 'melden', 'Q-01'],
      ['mini', 'melden', 'Q-03'],
      ['mini', 'intake', 'Q-04'],
      ['mini', 'intake', 'Q-05'],
    ]);
    expect(team.quotes[0]).toMatchObject({ text: 'Het melden ging snel.', tags: [], kind: 'walkthrough' });
    expect(team.priorities.length).toBeGreaterThan(0);
    const evidence = team.priorities.flatMap((r) => r.evidence.map((e) => e.text));
    expect(evidence.join(' ')).not.toMatch(/piet\.devries|Sophie/);
    expect(evidence.every((t) => typeof t === 'string')).toBe(true);
    expect(run({ audience: 'team' }).blocked.every((b) => /^quote Q-0\d$/.test(b.where))).toBe(true);
  });

  test('the rules that blocked residents, each resident once however many steps it blocked them at', () => {
    const team = run({ audience: 'team' }).team!;
    expect(team.blockingLimits).toEqual([
      {
        procedure: 'mini',
        study: 'mini-r2',
        limits: [{ limit: 'termijn', title: 'Beslistermijn', residents: 2, room: [] }],
      },
    ]);
  });

  test('each procedure gets only its own study: a second procedure without one shows nothing and is in no team list', () => {
    const [k] = loadProceduresOrThrow(join(root, 'tests/fixtures/procedures-v2'));
    syncProcedure(db, k, fixedNow);
    const data = publish(db, [mini, k], { audience: 'team', now: fixedNow, proceduresDir: dir });
    expect(data.procedures.map((p) => p.study?.round ?? null)).toEqual([2, null]);
    expect(data.procedures[1].steps.every((s) => s.quotes.length === 0 && s.friction === null)).toBe(true);
    const team = data.team!;
    expect(team.comparisons.map((c) => c.before.study)).toEqual(['mini-r1']);
    expect(team.gaps.map((g) => g.procedure)).toEqual(['mini']);
    expect(team.blockingLimits.map((g) => g.procedure)).toEqual(['mini']);
    expect([...new Set(team.quotes.map((q) => q.procedure))]).toEqual(['mini']);
    expect(team.chains.map((c) => c.procedure)).toEqual(['mini', 'mini', 'kwijtschelding']);
  });

  test('the confidence chosen reaches every interval: a 95% interval is wider than a 90% one', () => {
    const width = (confidence: number) => {
      const f = step(run({ confidence }), 'intake').friction!;
      return f.high - f.low;
    };
    expect(width(0.95)).toBeGreaterThan(width(0.9));
    const priority = (confidence: number) => {
      const r = run({ audience: 'team', confidence }).team!.priorities[0];
      return r.high! - r.low!;
    };
    expect(priority(0.95)).toBeGreaterThan(priority(0.9));
  });

  test('with one round there is nothing to compare', () => {
    const one = openDatabase(join(tempDir(), 'one.db'), { create: true });
    syncProcedure(one, mini, fixedNow);
    const team = publish(one, [mini], { audience: 'team', now: fixedNow, proceduresDir: dir }).team!;
    expect(team.comparisons).toEqual([]);
    expect(team.gaps).toEqual([]);
    expect(team.quotes).toEqual([]);
    expect(team.blockingLimits).toEqual([]);
  });
});

describe('every string passes the scanner, whatever field it sits in', () => {
  test('personal data in a procedure text is redacted at its path and logged', () => {
    const other = join(tempDir(), 'procedures');
    cpSync(dir, other, { recursive: true });
    const file = join(other, 'mini/procedure.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('description: U meldt zich.', 'description: U meldt zich bij Anna Smit.'),
    );
    const [changed] = loadProceduresOrThrow(other);
    const data = publish(db, [changed], { audience: 'public', now: fixedNow, proceduresDir: other });
    expect(data.procedures[0].steps[0].description).toBe('U meldt zich bij [NAAM].');
    expect(data.blocked).toContainEqual({
      where: 'procedures[0](mini).steps[0](melden).description',
      kinds: ['NAAM'],
      action: 'redacted',
    });
  });

  test('sweepStrings visits every string with its path, labelled by slug, and keeps other values', () => {
    const seen: string[] = [];
    const out = sweepStrings(
      { a: 'x', n: 1, z: null, t: true, list: [{ slug: 's', v: 'y' }, 'w'], o: { k: 'u' } },
      '',
      (path, text) => {
        seen.push(path);
        return text.toUpperCase();
      },
    );
    expect(out).toEqual({ a: 'X', n: 1, z: null, t: true, list: [{ slug: 'S', v: 'Y' }, 'W'], o: { k: 'U' } });
    expect(seen).toEqual(['a', 'list[0](s).slug', 'list[0](s).v', 'list[1]', 'o.k']);
  });
});

describe('names files', () => {
  test('one name per line; comments, blank lines and Windows line ends are ignored', () => {
    const file = writeTemp('names.txt', '# team names\r\nZwartepoel  # neighbour\r\n\r\n  Hoekstra\n#Boer\n');
    expect(readNames(file)).toEqual(['Zwartepoel', 'Hoekstra']);
  });

  test('a missing file and a folder are one clear error each', () => {
    const missing = join(tempDir(), 'nope.txt');
    expect(() => readNames(missing)).toThrow(`names file not found: ${missing}`);
    try {
      readNames(missing);
    } catch (e) {
      expect((e as DrempelError).hint).toBe('Name a text file with one name per line (--names FILE or DREMPEL_NAMES).');
    }
    const folder = tempDir();
    expect(() => readNames(folder)).toThrow(`names file ${folder} is not a file`);
  });
});
