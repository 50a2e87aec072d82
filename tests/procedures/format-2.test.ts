/**
 * Procedure format 2 — several actors, conditional, optional, automatic and anonymous steps,
 * outcomes, costs, contact, start, typed terms, several legal bases, room in the rule, English —
 * and format 1 unchanged beside it. The fixtures: an unmodified format-1 file
 * (tests/fixtures/procedures-v1) and the kwijtschelding procedure (tests/fixtures/procedures-v2).
 */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { chainForActor, whoDoes } from '../../analysis/chain';
import { tellItOnce } from '../../analysis/tell-once';
import { loadProcedures, loadProceduresOrThrow } from '../../procedures/load';
import { translatable } from '../../procedures/translations';
import { openDatabase } from '../../research/db';
import { syncProcedure } from '../../research/repositories/procedures';
import { publish } from '../../scripts/app/gate/gate';
import { main } from '../../scripts/cli/main';
import { captureIo, fixedNow, proceduresDir, root, tempDir } from '../helpers';

const v1 = join(root, 'tests/fixtures/procedures-v1');
const v2 = join(root, 'tests/fixtures/procedures-v2');

/** A copy of a fixture folder with `procedure.yaml` (or a limit) edited. */
function edited(from: string, slug: string, edit: (text: string) => string, file = 'procedure.yaml'): string {
  const dir = join(tempDir(), 'procedures');
  cpSync(from, dir, { recursive: true });
  const path = join(dir, slug, file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return dir;
}
const messages = (dir: string) => loadProcedures(dir).problems.map((p) => `${p.severity}: ${p.path}: ${p.message}`);

describe('a format-1 file keeps working unchanged', () => {
  test('the fixture is byte for byte the format-1 file it was', () => {
    const hash = (f: string) =>
      createHash('sha256')
        .update(readFileSync(join(v1, 'verhuizing', f)))
        .digest('hex');
    expect(hash('procedure.yaml')).toBe('96be5ce21de4c9400469290c80fcef6a41f0014d4a16320836b32536f39eb85b');
    expect(hash('limits/meldtermijn.md')).toBe('ea174b0675e35e283dfa0ce44da9d9843c17c38907a95ee6ef9ac789e80ff657');
  });

  test('it validates without a problem, syncs twice and publishes with every step numbered and no format-2 facts', () => {
    const { procedures, problems } = loadProcedures(v1);
    expect(problems).toEqual([]);
    const [p] = procedures;
    expect(p.format).toBe(1);
    expect(p.limits[0].legal_bases).toEqual([p.limits[0].legal_basis]);
    const db = openDatabase(join(tempDir(), 'v1.db'), { create: true });
    expect(syncProcedure(db, p, fixedNow).status).toBe('created');
    expect(syncProcedure(db, p, fixedNow).status).toBe('unchanged');
    const site = publish(db, [p], { audience: 'public', now: fixedNow, proceduresDir: v1 }).procedures[0];
    expect(site.steps.map((s) => s.position)).toEqual([1, 2, 3]);
    expect([site.start, site.contact, site.costs, site.outcomes, site.terms]).toEqual([null, null, [], [], []]);
    expect(site.sources.map((s) => s.title)).toEqual([null, null, null]);
  });

  test('a format-2 field in a format-1 file is an error that says to add "format: 2"', () => {
    const dir = edited(v1, 'verhuizing', (t) =>
      t.replace('    title: Verwerking in de BRP\n', '    title: Verwerking in de BRP\n    optional: true\n'),
    );
    expect(messages(dir)).toContain(
      'error: steps[1].optional: is a format-2 field: add "format: 2" at the top of procedure.yaml',
    );
    const room = edited(
      v1,
      'verhuizing',
      (t) =>
        t.replace(
          'known_friction',
          'room:\n- { kind: exception, text: Soms niet., who: burgerzaken, legal_basis: { law: Wet BRP, bwbr: BWBR0033715, article: art. 2.39 } }\nknown_friction',
        ),
      'limits/meldtermijn.md',
    );
    expect(messages(room)).toContain(
      'error: room: is a format-2 field: add "format: 2" at the top of the procedure.yaml',
    );
  });
});

describe('what a format-2 file can say', () => {
  const [k] = loadProceduresOrThrow(v2);

  test('kwijtschelding: automatic, optional, anonymous and conditional steps, several actors, outcomes, start, contact', () => {
    expect(loadProcedures(v2).problems).toEqual([]);
    expect(k.format).toBe(2);
    const step = (slug: string) => k.steps.find((s) => s.slug === slug)!;
    expect(step('automatisch').automatic).toBe(true);
    expect([step('checklist').optional, step('checklist').anonymous]).toEqual([true, true]);
    expect(step('uitgebreid').condition).toBe('alleen als het NBK meer van u moet weten');
    expect(step('aanvraag').with).toEqual(['nbk']);
    expect(k.outcomes!.map((o) => o.kind)).toEqual(['granted automatically', 'granted', 'refused']);
    expect(k.start).toMatchObject({
      digid: true,
      url: 'https://noordelijkbelastingkantoor.nl/kwijtschelding/kwijtschelding-aanvragen/',
    });
    expect(k.contact).toMatchObject({ organisation: 'Noordelijk Belastingkantoor', phone: '088 - 787 9000' });
  });

  test('a rule on several legal bases keeps them all, each with its link; the first is the main one', () => {
    const [l] = k.limits;
    expect(l.legal_bases.map((b) => b.url)).toEqual([
      'https://wetten.overheid.nl/jci1.3:c:BWBR0005416&artikel=255',
      'https://wetten.overheid.nl/jci1.3:c:BWBR0004770&artikel=26',
    ]);
    expect(l.legal_basis.law).toBe('Gemeentewet');
  });

  test('a local regulation by its CVDR id links to lokaleregelgeving.overheid.nl; room in the rule with its basis and who decides', () => {
    const dir = edited(
      v2,
      'kwijtschelding',
      (t) =>
        t
          .replace(
            '  - { law: Invorderingswet 1990, bwbr: BWBR0004770, article: art. 26 }',
            '  - { law: Invorderingswet 1990, bwbr: BWBR0004770, article: art. 26 }\n  - { law: Kwijtscheldingsregeling (voorbeeld), cvdr: CVDR123456, article: art. 2 }',
          )
          .replace(
            'sources:',
            'room:\n  - { kind: exception, text: Uitstel bij een lopende aanvraag., who: de invorderingsambtenaar, legal_basis: { law: Invorderingswet 1990, bwbr: BWBR0004770, article: art. 25 } }\nsources:',
          ),
      'limits/inkomen-en-vermogen.md',
    );
    const [l] = loadProceduresOrThrow(dir)[0].limits;
    expect(l.legal_bases[2].url).toBe('https://lokaleregelgeving.overheid.nl/CVDR123456');
    expect(l.room).toEqual([
      {
        kind: 'exception',
        text: 'Uitstel bij een lopende aanvraag.',
        who: 'de invorderingsambtenaar',
        legal_basis: {
          law: 'Invorderingswet 1990',
          bwbr: 'BWBR0004770',
          article: 'art. 25',
          url: 'https://wetten.overheid.nl/jci1.3:c:BWBR0004770&artikel=25',
        },
      },
    ]);
  });

  test('English sections of a limit are read beside the Dutch ones', () => {
    const dir = edited(
      v2,
      'kwijtschelding',
      (t) =>
        `${t}\n## The rule\n\nYou get remission with a low income.\n\n## What you can do\n\nFill in the checklist first.\n`,
      'limits/inkomen-en-vermogen.md',
    );
    const [l] = loadProceduresOrThrow(dir)[0].limits;
    expect(l.en).toEqual({ rule: 'You get remission with a low income.', options: 'Fill in the checklist first.' });
    expect(l.options).toBe('Vul eerst de checklist in. Dan weet u of aanvragen zin heeft.');
  });
});

describe('what a content designer got wrong on a first try', () => {
  test('an article number with dots links to that article, not to its first number', () => {
    const dir = edited(
      v2,
      'kwijtschelding',
      (t) =>
        t.replace(
          '  - { law: Gemeentewet, bwbr: BWBR0005416, article: art. 255 }',
          '  - { law: Wmo 2015, bwbr: BWBR0035362, article: art. 2.3.2 lid 4 }',
        ),
      'limits/inkomen-en-vermogen.md',
    );
    expect(loadProceduresOrThrow(dir)[0].limits[0].legal_basis.url).toBe(
      'https://wetten.overheid.nl/jci1.3:c:BWBR0035362&artikel=2.3.2',
    );
  });

  test('a folder without any procedure.yaml is an error, with the misnamed procedure.yml pointed out', async () => {
    const empty = tempDir();
    const io = captureIo();
    expect(await main(['procedures', 'check', empty], io)).toBe(1);
    expect(io.stderr).toContain('no procedure.yaml found: expected procedures/<slug>/procedure.yaml');
    const yml = join(tempDir(), 'procedures');
    cpSync(v2, yml, { recursive: true });
    renameSync(join(yml, 'kwijtschelding/procedure.yaml'), join(yml, 'kwijtschelding/procedure.yml'));
    expect(messages(yml)[0]).toMatch(
      /no procedure\.yaml found \(.*kwijtschelding\/procedure\.yml must be named procedure\.yaml\)/,
    );
  });

  test('a typo in a reference says what it probably meant', () => {
    expect(messages(edited(v2, 'kwijtschelding', (t) => t.replace('    with: [nbk]', '    with: [nbkk]')))).toContain(
      'error: steps[2].with[0]: unknown actor "nbkk" (did you mean "nbk"? known: inwoner, nbk)',
    );
    expect(
      messages(
        edited(v2, 'kwijtschelding', (t) =>
          t.replace('  - { from: besluit, to: afgewezen,', '  - { from: besluit, to: afgeweezen,'),
        ),
      ),
    ).toContainEqual(
      expect.stringMatching(/unknown step or outcome "afgeweezen" \(did you mean "afgewezen"\? known: /),
    );
  });

  test('a date that does not exist is refused', () => {
    expect(
      messages(edited(v2, 'kwijtschelding', (t) => t.replace('valid_from: 2026-01-01', 'valid_from: 2026-02-30'))),
    ).toContain('error: valid_from: expected a date that exists, got "2026-02-30"');
  });
});

describe('validation of format 2', () => {
  const bad = (find: string, replace: string) =>
    messages(edited(v2, 'kwijtschelding', (t) => t.replace(find, replace)));

  test('an unknown actor in "with", a transition out of an outcome, an unknown target', () => {
    expect(bad('    with: [nbk]', '    with: [wij]')).toContain(
      'error: steps[2].with[0]: unknown actor "wij" (known: inwoner, nbk)',
    );
    expect(
      bad('  - { from: checklist, to: aanvraag, kind: next }', '  - { from: vanzelf, to: aanvraag, kind: next }'),
    ).toContain('error: transitions[3].from: "vanzelf" is an outcome: an end state leads nowhere');
    expect(
      bad('  - { from: checklist, to: aanvraag, kind: next }', '  - { from: checklist, to: klaar, kind: next }'),
    ).toContain(
      'error: transitions[3].to: unknown step or outcome "klaar" (known: automatisch, checklist, aanvraag, uitgebreid, besluit, vanzelf, toegekend, afgewezen)',
    );
  });

  test('a legal term needs its legal basis; a cost needs an amount or a rule, a source and a date', () => {
    expect(bad('    status: assumption', '    status: legal')).toContain(
      'error: terms[0].legal_basis: a legal term needs its legal_basis',
    );
    const costs = bad(
      'outcomes:',
      'costs:\n  - { title: Leges, source: { title: NBK, url: "https://noordelijkbelastingkantoor.nl/" }, checked: 2026-11-01 }\noutcomes:',
    );
    expect(costs).toContain('error: costs[0].amount: expected an amount or a rule');
  });

  test('warnings: an actor that does nothing, an outcome nothing leads to, a legal basis off the official sites', () => {
    expect(
      bad(
        '  - { slug: nbk,',
        '  - { slug: gemeente, name: Gemeente, department: Gemeente, kind: back office }\n  - { slug: nbk,',
      ),
    ).toContain('warning: actors[1]: actor "gemeente" does no step and takes part in none');
    expect(
      bad(
        '  - { slug: afgewezen,',
        '  - { slug: ingetrokken, kind: withdrawn, title: U trok de aanvraag in }\n  - { slug: afgewezen,',
      ),
    ).toContain('warning: outcomes[2]: no transition leads to outcome "ingetrokken"');
    const offSite = messages(
      edited(
        v2,
        'kwijtschelding',
        (t) => t.replace('article: art. 26 }', 'article: art. 26, url: "https://www.example.nl/wet" }'),
        'limits/inkomen-en-vermogen.md',
      ),
    );
    expect(offSite).toContain(
      'warning: legal_basis[1].url: links to www.example.nl: a legal basis is expected on wetten.overheid.nl or lokaleregelgeving.overheid.nl',
    );
  });
});

describe('analysis follows the route', () => {
  const [k] = loadProceduresOrThrow(v2);

  test('tell-once: what is typed into an anonymous check or "asked" by an automatic step is never a repeat; a conditional step says so', () => {
    // inkomen and vermogen: at the checklist (anonymous, not counted), the application and the
    // extended application (conditional); woonlasten: the extended application and the decision.
    expect(tellItOnce(k).map((r) => [r.item, r.steps.map((s) => s.step)])).toEqual([
      ['inkomen', ['aanvraag', 'uitgebreid']],
      ['vermogen', ['aanvraag', 'uitgebreid']],
      ['woonlasten', ['uitgebreid', 'besluit']],
    ]);
    expect(tellItOnce(k)[0].steps[1].condition).toBe('alleen als het NBK meer van u moet weten');
    expect(tellItOnce(k)[0].steps[0]).not.toHaveProperty('condition');
  });

  test('chain: nothing counts as given at the anonymous check; the colleague to ask is named, and none is invented', () => {
    const [besluit] = chainForActor(k, 'nbk').filter((e) => e.step === 'besluit');
    expect(besluit.alreadyProvided.map((p) => [p.item, p.at])).toEqual([
      ['inkomen', ['aanvraag', 'uitgebreid']],
      ['vermogen', ['aanvraag', 'uitgebreid']],
      ['woonlasten', ['uitgebreid']],
    ]);
    // The NBK itself took part in the application: there is no other colleague to ask.
    expect(besluit.askedAgain).toEqual([
      { item: 'woonlasten', name: 'Huur en woonlasten', at: ['uitgebreid'], holders: [] },
    ]);
    const bijstand = loadProceduresOrThrow(proceduresDir).find((p) => p.slug === 'bijstand')!;
    const gesprek = chainForActor(bijstand, 'inkomensconsulent').find((e) => e.step === 'gesprek')!;
    // Identity was given at melden, where the contact centre and UWV took part: those are the colleagues.
    expect(gesprek.askedAgain.find((x) => x.item === 'identiteit')!.holders).toEqual([
      'Klantcontactcentrum',
      'UWV (werk.nl)',
    ]);
    // Income was given in the resident's own application and at the consultant's own check: nobody else has it.
    expect(gesprek.askedAgain.find((x) => x.item === 'inkomen')!.holders).toEqual([]);
  });

  test('nobody gives anything at an automatic step; received on the main route by this actor means nobody to ask; an actor who only takes part has a chain too', () => {
    const dir = edited(v2, 'kwijtschelding', (t) =>
      t
        .replace(
          '    automatic: true\n    channels: [aanslag]',
          '    automatic: true\n    channels: [aanslag]\n    asks: [inkomen]',
        )
        .replace(
          '  - { slug: nbk,',
          '  - { slug: ondersteuner, name: Cliëntondersteuner, department: MEE, kind: external organisation }\n  - { slug: nbk,',
        )
        .replace(
          '    condition: alleen als het NBK meer van u moet weten',
          '    condition: alleen als het NBK meer van u moet weten\n    with: [ondersteuner]',
        ),
    );
    const [p] = loadProceduresOrThrow(dir);
    const besluit = chainForActor(p, 'nbk').find((e) => e.step === 'besluit')!;
    expect(besluit.alreadyProvided.find((x) => x.item === 'inkomen')).toEqual({
      item: 'inkomen',
      name: 'Inkomen',
      at: ['aanvraag', 'uitgebreid'],
      holders: [], // the NBK took part in the application itself
    });
    expect(besluit.askedAgain).toEqual([
      { item: 'woonlasten', name: 'Huur en woonlasten', at: ['uitgebreid'], holders: ['Cliëntondersteuner'] },
    ]);
    expect(chainForActor(p, 'ondersteuner').map((e) => e.step)).toEqual(['uitgebreid']);
    // The optional checklist appears in the chain as optional.
    expect(besluit.before.find((b) => b.step === 'checklist')).toMatchObject({ optional: true });
    expect(whoDoes({ actorName: 'Inwoner', department: 'Inwoner' })).toBe('Inwoner');
    expect(whoDoes({ actorName: 'Werkcoach', department: 'Werk' })).toBe('Werkcoach (Werk)');
  });

  test('procedures chain says whom to ask, or to look it up, and never "(Inwoner, Inwoner)"', async () => {
    const io = captureIo();
    expect(await main(['procedures', 'chain', 'bijstand', '--actor', 'inkomensconsulent'], io)).toBe(0);
    expect(io.stdout).not.toContain('(Inwoner, Inwoner)');
    expect(io.stdout).toContain('Melden en inschrijven als werkzoekende (Inwoner)');
    expect(io.stdout).toContain(
      'asked here again: Identiteitsbewijs — ask Klantcontactcentrum or UWV (werk.nl), not the resident',
    );
    expect(io.stdout).toContain(
      'asked here again: Inkomen en uitkeringen — already given at aanvraag, controle: look it up before asking the resident again',
    );
    expect(io.stdout).toContain('[alleen als u jonger bent dan 27]');
  });
});

describe('sync and the gate', () => {
  const [k] = loadProceduresOrThrow(v2);

  test('sync stores the route: step flags, who takes part, outcomes and the transitions to them; a second sync changes nothing', () => {
    const db = openDatabase(join(tempDir(), 'v2.db'), { create: true });
    expect(syncProcedure(db, k, fixedNow).status).toBe('created');
    expect(syncProcedure(db, k, fixedNow).status).toBe('unchanged');
    const steps = db
      .prepare('SELECT slug, condition, optional, automatic, anonymous FROM steps ORDER BY position')
      .all();
    expect(steps).toEqual([
      { slug: 'automatisch', condition: null, optional: 0, automatic: 1, anonymous: 0 },
      { slug: 'checklist', condition: null, optional: 1, automatic: 0, anonymous: 1 },
      { slug: 'aanvraag', condition: null, optional: 0, automatic: 0, anonymous: 0 },
      {
        slug: 'uitgebreid',
        condition: 'alleen als het NBK meer van u moet weten',
        optional: 0,
        automatic: 0,
        anonymous: 0,
      },
      { slug: 'besluit', condition: null, optional: 0, automatic: 0, anonymous: 0 },
    ]);
    expect(
      db
        .prepare(
          'SELECT s.slug AS step, o.slug AS outcome, o.kind FROM outcome_transitions t JOIN steps s ON s.id = t.from_step_id JOIN outcomes o ON o.id = t.outcome_id ORDER BY t.id',
        )
        .all(),
    ).toEqual([
      { step: 'automatisch', outcome: 'vanzelf', kind: 'granted automatically' },
      { step: 'besluit', outcome: 'toegekend', kind: 'granted' },
      { step: 'besluit', outcome: 'afgewezen', kind: 'refused' },
    ]);
    expect(db.prepare('SELECT count(*) FROM step_actors').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM transitions').pluck().get()).toBe(6);
  });

  test('the gate: the main route numbered, the rest with their condition, outcomes per step; the contact number passes the scanner', () => {
    const db = openDatabase(join(tempDir(), 'v2.db'), { create: true });
    syncProcedure(db, k, fixedNow);
    const data = publish(db, [k], { audience: 'public', now: fixedNow, proceduresDir: v2 });
    const p = data.procedures[0];
    expect(p.steps.map((s) => [s.slug, s.position])).toEqual([
      ['automatisch', 1],
      ['checklist', null],
      ['aanvraag', 2],
      ['uitgebreid', null],
      ['besluit', 3],
    ]);
    expect(p.steps[0].ends).toEqual([
      {
        outcome: 'vanzelf',
        title: 'U krijgt vanzelf kwijtschelding; u ziet het op uw aanslag',
        kind: 'granted automatically',
        condition: 'uw situatie is niet veranderd',
        en: {},
      },
    ]);
    expect(p.steps[0].next.map((n) => n.step)).toEqual(['checklist', 'aanvraag']);
    expect(p.steps[2].with).toEqual(['Noordelijk Belastingkantoor']);
    expect(p.contact!.phone).toBe('088 - 787 9000');
    expect(data.blocked).toEqual([]);
    // An assumption is never a term on the public site; the team sees it.
    expect(p.terms).toEqual([]);
    expect(
      publish(db, [k], { audience: 'team', now: fixedNow, proceduresDir: v2 }).procedures[0].terms.map((t) => t.slug),
    ).toEqual(['besluit-nbk']);
    expect(p.limits[0].legalBases).toHaveLength(2);
    expect(p.limits[0].room).toBeNull();
    expect(p.steps.map((s) => [s.condition, s.optional, s.automatic, s.anonymous, s.objection])).toEqual([
      [null, false, true, false, null],
      [null, true, false, true, null],
      [null, false, false, false, null],
      ['alleen als het NBK meer van u moet weten', false, false, false, null],
      [null, false, false, false, null],
    ]);
    expect(p.start).toEqual({
      url: 'https://noordelijkbelastingkantoor.nl/kwijtschelding/kwijtschelding-aanvragen/',
      label: 'Log in op MijnNoordelijkbelastingkantoor',
      digid: true,
      otherWays: 'Liever op papier? Bel het NBK. Dan krijgt u een formulier.',
      en: {},
    });
    expect(p.sources[0]).toEqual({
      title: 'NBK: Kwijtschelding aanvragen',
      url: 'https://noordelijkbelastingkantoor.nl/kwijtschelding/kwijtschelding-aanvragen/',
    });
    expect([p.help, p.costs, p.en, p.steps[0].en]).toEqual([[], [], {}, {}]);
    expect(p.format).toBe(2);
  });

  test('English texts reach the gate for every field that has them', () => {
    const dir = edited(v2, 'kwijtschelding', (t) =>
      t
        .replace(
          'summary: >-',
          'en: { title: Remission of municipal taxes, short_title: Remission, summary: Cannot pay? Ask for remission. }\nsummary: >-',
        )
        .replace('  digid: true', '  digid: true\n  en: { label: Log in, other_ways: Prefer paper? Call the NBK. }')
        .replace(
          '    automatic: true',
          '    automatic: true\n    en: { title: Automatic remission, description: You need to do nothing., typical_duration: at once }',
        )
        .replace(
          '  - { slug: vanzelf, kind: granted automatically, title: U krijgt vanzelf kwijtschelding; u ziet het op uw aanslag }',
          '  - { slug: vanzelf, kind: granted automatically, title: U krijgt vanzelf kwijtschelding; u ziet het op uw aanslag, en: { title: Remission without asking } }',
        )
        .replace(
          '  - { from: automatisch, to: vanzelf, kind: next, condition: uw situatie is niet veranderd }',
          '  - { from: automatisch, to: vanzelf, kind: next, condition: uw situatie is niet veranderd, en: { condition: nothing changed } }',
        )
        .replace(
          '    condition: alleen als het NBK meer van u moet weten',
          '    condition: alleen als het NBK meer van u moet weten\n    en: { condition: only if the NBK needs to know more }',
        ),
    );
    const [p2] = loadProceduresOrThrow(dir);
    const db = openDatabase(join(tempDir(), 'en.db'), { create: true });
    syncProcedure(db, p2, fixedNow);
    const p = publish(db, [p2], { audience: 'public', now: fixedNow, proceduresDir: dir }).procedures[0];
    expect(p.en).toEqual({
      title: 'Remission of municipal taxes',
      shortTitle: 'Remission',
      summary: 'Cannot pay? Ask for remission.',
    });
    expect(p.start!.en).toEqual({ label: 'Log in', otherWays: 'Prefer paper? Call the NBK.' });
    expect(p.steps[0].en).toEqual({
      title: 'Automatic remission',
      description: 'You need to do nothing.',
      typicalDuration: 'at once',
    });
    expect(p.steps[0].ends[0].en).toEqual({ title: 'Remission without asking', condition: 'nothing changed' });
    expect(p.steps[3].en).toEqual({ condition: 'only if the NBK needs to know more' });
    // --translations counts each of them as translated.
    expect(
      new Set(
        translatable(p2)
          .filter((t) => t.en !== undefined)
          .map((t) => t.where.split(': ')[1]),
      ),
    ).toEqual(
      new Set([
        'title',
        'short_title',
        'summary',
        'start.label',
        'start.other_ways',
        'steps[0].title',
        'steps[0].description',
        'steps[3].condition',
        'transitions[0].condition',
        'outcomes[0].title',
      ]),
    );
  });

  test('the shipped bijstand: legal terms public, the working assumption team-only, room only in the team build', () => {
    const procs = loadProceduresOrThrow(proceduresDir);
    const db = openDatabase(join(tempDir(), 'shipped.db'), { create: true });
    for (const p of procs) syncProcedure(db, p, fixedNow);
    const at = (audience: 'public' | 'team') =>
      publish(db, procs, { audience, now: fixedNow, proceduresDir }).procedures.find((p) => p.slug === 'bijstand')!;
    expect(at('public').terms.map((t) => t.slug)).toEqual(['beslistermijn', 'voorschot', 'bezwaartermijn']);
    expect(at('team').terms.map((t) => t.slug)).toContain('wachtnorm-gesprek');
    const room = (audience: 'public' | 'team') => at(audience).limits.find((l) => l.slug === 'vermogensgrens')!.room;
    expect(room('public')).toBeNull();
    expect(room('team')).toEqual([expect.objectContaining({ kind: 'hardship clause', article: 'art. 16 lid 1' })]);
    expect(
      at('public')
        .steps.filter((s) => s.position !== null)
        .map((s) => s.slug),
    ).toEqual(['melden', 'aanvraag', 'controle', 'gesprek', 'besluit']);
  });
});

describe('procedures check on the folder a content designer has', () => {
  test('one procedure folder, in a folder without readability.yaml: checked with the default thresholds', async () => {
    const io = captureIo();
    expect(await main(['procedures', 'check', join(v2, 'kwijtschelding')], io)).toBe(0);
    expect(io.stdout).toContain('kwijtschelding 2026.1: 5 steps, 9 transitions, 1 policy limits');
    expect(io.stdout).toContain('1 procedure valid, 0 errors');
    expect(io.stderr).toBe('');
  });

  test('a missing folder is one clear line and exit 1', async () => {
    const io = captureIo();
    expect(await main(['procedures', 'check', join(v2, 'nope')], io)).toBe(1);
    expect(io.stderr.trim().split('\n')[0]).toMatch(/^error: no procedures folder at .*nope$/);
    expect(io.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('English', () => {
  test('procedures check --translations lists every resident-facing text without an English text', async () => {
    const io = captureIo();
    expect(await main(['procedures', 'check', v2, '--translations'], io)).toBe(0);
    const texts = translatable(loadProceduresOrThrow(v2)[0]);
    expect(io.stdout).toContain(`English: 0 of ${texts.length} resident-facing texts translated`);
    expect(io.stdout).toContain(
      'missing: tests/fixtures/procedures-v2/kwijtschelding/procedure.yaml: steps[3].condition',
    );
    // An assumption is not resident-facing: it is not asked for in English.
    expect(io.stdout).not.toContain('terms[0]');
    const shipped = captureIo();
    expect(await main(['procedures', 'check', '--translations'], shipped)).toBe(0);
    expect(shipped.stdout).toMatch(/English: \d+ of \d+ resident-facing texts translated/);
    expect(shipped.stdout).not.toContain('missing: procedures/bijstand/procedure.yaml: steps[1].title');
  });
});
