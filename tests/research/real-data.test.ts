/**
 * Files as Dutch Excel, Microsoft Forms and hand-typed sheets write them: nothing may change
 * meaning silently. Each test asserts the stored values, not only that the import passed.
 */
import { describe, expect, test } from 'vitest';
import { importCsv, type ImportOptions } from '../../research/csv/import';
import { checkDatabase } from '../../research/maintenance';
import { listAudit } from '../../research/repositories/audit';
import { saveFinding } from '../../research/repositories/findings';
import { dump, fixedNow, makeDb, makeSampleDb, writeTemp } from '../helpers';
import type { Db } from '../../research/db';

const obsHeader =
  'session,step,visit,outcome,seconds,errors,ease,retold,handoffs,handoff_to,wait_days,channel,channel_switches,blocked_by,note';

async function load(
  db: Db,
  kind: Parameters<typeof importCsv>[1],
  name: string,
  content: string,
  opts: ImportOptions = {},
) {
  const warnings: string[] = [];
  const summary = await importCsv(db, kind, writeTemp(name, content), {
    now: fixedNow,
    onWarning: (w) => warnings.push(w),
    ...opts,
  });
  return { summary, warnings };
}

async function refused(
  db: Db,
  kind: Parameters<typeof importCsv>[1],
  name: string,
  content: string,
  opts: ImportOptions = {},
): Promise<string> {
  const before = dump(db);
  const e = await importCsv(db, kind, writeTemp(name, content), { now: fixedNow, ...opts }).then(
    () => undefined,
    (err: Error) => err,
  );
  expect(e, 'the import should have been refused').toBeInstanceOf(Error);
  expect(dump(db)).toEqual(before);
  return e!.message;
}

/** A study with the given dates, and a participant with consent from 2026-01-01. */
async function studyDb(started = '2026-02-01', ended = '2026-03-31'): Promise<Db> {
  const db = makeDb();
  await load(
    db,
    'studies',
    'studies.csv',
    `study,title,procedure,round,started_on,ended_on\nR1,Ronde 1,bijstand,1,${started},${ended}\n`,
  );
  await load(db, 'participants', 'p.csv', 'participant\nP-1\nP-2\n');
  await load(
    db,
    'consents',
    'c.csv',
    'participant,given_on,analysis,quote_internal,quote_public,recording\nP-1,2026-01-01,yes,yes,no,no\nP-2,2026-01-01,yes,yes,no,no\n',
  );
  return db;
}

const sessionDates = (db: Db) => db.prepare('SELECT code, date FROM sessions ORDER BY code').all();

describe('dates: one order per column, never a silent swap', () => {
  test('one month-first date decides the whole column: 2/3/2026 is 3 February (Forms writes month first)', async () => {
    const db = await studyDb();
    const { warnings } = await load(
      db,
      'sessions',
      's.csv',
      'session,study,participant,kind,date\nS-1,R1,P-1,interview,2/3/2026 14:05\nS-2,R1,P-2,interview,2/16/2026 9:30\n',
    );
    expect(sessionDates(db)).toEqual([
      { code: 'S-1', date: '2026-02-03' },
      { code: 'S-2', date: '2026-02-16' },
    ]);
    expect(warnings).toContain(
      'note: s.csv: date: slash dates read month first, as row 3 ("2/16/2026 9:30") can only be read month first',
    );
    expect(warnings).toContain(
      'note: s.csv: date: the time of day was dropped ("2/3/2026 14:05" is stored as its date)',
    );
  });

  test('one day-first date decides it the other way: 2/3/2026 is 2 March', async () => {
    const db = await studyDb();
    await load(
      db,
      'sessions',
      's.csv',
      'session,study,participant,kind,date\nS-1,R1,P-1,interview,2/3/2026\nS-2,R1,P-2,interview,16/3/2026\n',
    );
    expect(sessionDates(db)).toEqual([
      { code: 'S-1', date: '2026-03-02' },
      { code: 'S-2', date: '2026-03-16' },
    ]);
  });

  test('a column that stays ambiguous is refused, naming both readings and how to choose', async () => {
    const db = await studyDb();
    const msg = await refused(
      db,
      'sessions',
      's.csv',
      'session,study,participant,kind,date\nS-1,R1,P-1,interview,2/3/2026\nS-2,R1,P-2,interview,5/3/2026\n',
    );
    expect(msg).toContain('s.csv:2:date: "2/3/2026" could be 2 maart or 3 februari 2026');
    expect(msg).toContain('--date-order dmy');
    expect(msg).toContain('--date-order mdy');
  });

  test('--date-order decides an ambiguous column', async () => {
    const db = await studyDb();
    await load(
      db,
      'sessions',
      's.csv',
      'session,study,participant,kind,date\nS-1,R1,P-1,interview,2/3/2026\nS-2,R1,P-2,interview,5/3/2026\n',
      { dateOrder: 'mdy' },
    );
    expect(sessionDates(db)).toEqual([
      { code: 'S-1', date: '2026-02-03' },
      { code: 'S-2', date: '2026-05-03' },
    ]);
  });

  test('a column with both orders is refused; so is --date-order against the evidence', async () => {
    const db = await studyDb();
    let msg = await refused(
      db,
      'sessions',
      's.csv',
      'session,study,participant,kind,date\nS-1,R1,P-1,interview,16/3/2026\nS-2,R1,P-2,interview,3/16/2026\n',
    );
    expect(msg).toContain(
      's.csv:3:date: "3/16/2026" is month first, but row 2 ("16/3/2026") is day first: one column, one order',
    );
    msg = await refused(
      db,
      'sessions',
      's.csv',
      'session,study,participant,kind,date\nS-1,R1,P-1,interview,16/3/2026\n',
      { dateOrder: 'mdy' },
    );
    expect(msg).toContain('can only be read day first, not as --date-order mdy says');
  });

  test('ISO and dashed dates are not slash dates and decide nothing', async () => {
    const db = await studyDb();
    await load(
      db,
      'sessions',
      's.csv',
      'session,study,participant,kind,date\nS-1,R1,P-1,interview,2026-02-03\nS-2,R1,P-2,interview,02-03-2026\n',
    );
    expect(sessionDates(db)).toEqual([
      { code: 'S-1', date: '2026-02-03' },
      { code: 'S-2', date: '2026-03-02' },
    ]);
  });

  test('a session outside its study is a warning at import, and `check` keeps saying so', async () => {
    const db = await studyDb();
    const { warnings } = await load(
      db,
      'sessions',
      's.csv',
      'session,study,participant,kind,date\nS-1,R1,P-1,interview,2026-02-10\nS-2,R1,P-2,interview,2026-04-10\n',
    );
    expect(
      warnings.some((w) =>
        w.startsWith('warning: s.csv:3:date: "2026-04-10" is outside study R1 (2026-02-01 to 2026-03-31)'),
      ),
    ).toBe(true);
    expect(checkDatabase(db)).toEqual([
      {
        check: 'session outside its study',
        detail: 'S-2 on 2026-04-10 (study R1: 2026-02-01 to 2026-03-31)',
        warning: true,
      },
    ]);
  });
});

describe('the header: typos are errors, survey columns are ignored, names are refused', () => {
  test('"houshold" is an error that names household, and nothing is imported', async () => {
    const db = makeDb();
    const msg = await refused(db, 'participants', 'p.csv', 'participant,age_band,houshold\nP-1,27-44,alleenstaand\n');
    expect(msg).toContain('p.csv:1:houshold: is not a column drempel knows: did you mean household?');
  });

  test('Microsoft Forms columns: ID and times ignored with one note; Email and Name only while anonymous', async () => {
    const db = makeDb();
    const forms =
      'ID,Start time,Completion time,Email,Name,participant,household\n1,3/2/26 10:01,3/2/26 10:04,anonymous,,P-1,alleenstaand\n2,3/2/26 11:00,3/2/26 11:02,Anoniem,,P-2,gezin\n';
    const { warnings } = await load(db, 'participants', 'forms.csv', forms);
    expect(db.prepare('SELECT code, household FROM participants ORDER BY code').all()).toEqual([
      { code: 'P-1', household: 'alleenstaand' },
      { code: 'P-2', household: 'gezin' },
    ]);
    expect(warnings).toContain('note: forms.csv: survey columns ID, Start time, Completion time ignored');
    const named = forms.replace('anonymous,,P-1', 'jan.devries@example.nl,Jan de Vries,P-1');
    const msg = await refused(makeDb(), 'participants', 'forms.csv', named);
    expect(msg).toContain('forms.csv:2:Email: holds a name or e-mail address, which drempel never stores');
    expect(msg).toContain('forms.csv:2:Name: holds a name or e-mail address');
    expect(msg).not.toContain('Vries'); // the value itself is never repeated
    expect(msg).not.toContain('example.nl');
  });

  test('a column named for personal data is refused outright', async () => {
    const msg = await refused(makeDb(), 'participants', 'p.csv', 'participant,telefoonnummer\nP-1,0612345678\n');
    expect(msg).toContain(
      'p.csv:1:telefoonnummer: holds personal data, which drempel never stores: remove this column',
    );
  });
});

describe('Dutch as researchers write it', () => {
  test("outcomes, durations, step titles, modes and kinds are stored as drempel's values, with notes", async () => {
    const db = await makeSampleDb('sessions');
    const { warnings } = await load(
      db,
      'sessions',
      's.csv',
      'session,study,participant,kind,date,mode\nS-901,bijstand-2026-r1,P-001,Walkthrough,13-03-2026,Op locatie\nS-902,bijstand-2026-r1,P-002,gesprek,13-03-2026,Teams\n',
    );
    expect(db.prepare("SELECT code, kind, mode FROM sessions WHERE code LIKE 'S-9%' ORDER BY code").all()).toEqual([
      { code: 'S-901', kind: 'walkthrough', mode: 'in person' },
      { code: 'S-902', kind: 'interview', mode: 'video' },
    ]);
    expect(warnings).toEqual([]);
    const rows = [
      'S-901;Melden en inschrijven als werkzoekende;1;gelukt;12:30',
      'S-901;Aanvraag indienen;2;Hulp nodig;1:05:00',
      'S-901;CONTROLE;3;niet gelukt;15 min',
      'S-901;Zoekperiode van 4 weken;4;afgehaakt;90 sec',
      'S-901;gesprek met inkomensconsulent;5;overgeslagen;1,5 uur',
    ];
    const r = await load(
      db,
      'observations',
      'o.csv',
      `session;step;visit;outcome;seconds\n${rows.join('\n')}\n;;;;\n;;;;\n`,
    );
    expect(r.summary.rows).toBe(5);
    expect(
      db
        .prepare(
          "SELECT o.visit, s.slug, o.outcome, o.seconds FROM observations o JOIN steps s ON s.id = o.step_id JOIN sessions x ON x.id = o.session_id WHERE x.code = 'S-901' ORDER BY visit",
        )
        .all(),
    ).toEqual([
      { visit: 1, slug: 'melden', outcome: 'completed', seconds: 750 },
      { visit: 2, slug: 'aanvraag', outcome: 'helped', seconds: 3900 },
      { visit: 3, slug: 'controle', outcome: 'failed', seconds: 900 },
      { visit: 4, slug: 'zoekperiode', outcome: 'abandoned', seconds: 90 },
      { visit: 5, slug: 'gesprek', outcome: 'skipped', seconds: 5400 },
    ]);
    expect(r.warnings).toContain(
      'note: o.csv: step written as a name, read as its slug: "Melden en inschrijven als werkzoekende" → melden, "Aanvraag indienen" → aanvraag, "CONTROLE" → controle, "Zoekperiode van 4 weken" → zoekperiode, "gesprek met inkomensconsulent" → gesprek',
    );
  });

  test('a word that is no outcome is refused with the accepted ones', async () => {
    const db = await makeSampleDb('observations');
    const msg = await refused(db, 'observations', 'o.csv', 'session,step,outcome\nS-001,melden,prima\n');
    expect(msg).toContain(
      'o.csv:2:outcome: "prima" is not one of completed, helped, failed, abandoned, skipped (or gelukt',
    );
  });

  test('identical rows: the second is left out with a warning naming both rows (not a second visit)', async () => {
    const db = await makeSampleDb('observations');
    const { summary, warnings } = await load(
      db,
      'observations',
      'o.csv',
      'session,step,outcome,seconds\nS-001,melden,completed,60\nS-001,melden,completed,60\nS-001,aanvraag,helped,600\n',
    );
    expect(summary.rows).toBe(2);
    expect(
      db
        .prepare(
          "SELECT visit, outcome FROM observations o JOIN sessions s ON s.id = o.session_id WHERE s.code = 'S-001' ORDER BY visit",
        )
        .all(),
    ).toEqual([
      { visit: 1, outcome: 'completed' },
      { visit: 2, outcome: 'helped' },
    ]);
    expect(warnings).toContain(
      'warning: o.csv:3: identical to row 2, left out (if it is a second visit, give both rows a visit number)',
    );
  });
});

describe('tags', () => {
  test('"a, b" is two tags, said in a note; a tag new to the codebook is named', async () => {
    const db = await makeSampleDb('quotes');
    await load(db, 'quotes', 'q0.csv', 'quote,session,text,tags\nQ-900,S-001,Eerste,wachten\n');
    const { warnings } = await load(
      db,
      'quotes',
      'q.csv',
      'quote,session,text,tags\nQ-901,S-001,Het duurde lang,"wachten, Wachten , doorverwezen"\n',
    );
    const tags = db
      .prepare(
        "SELECT t.name FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id JOIN quotes q ON q.id = qt.quote_id WHERE q.code = 'Q-901' ORDER BY qt.position",
      )
      .pluck()
      .all();
    expect(tags).toEqual(['wachten', 'Wachten', 'doorverwezen']);
    expect(warnings).toContain(
      'note: q.csv: tags: cells without "|" were split on commas or semicolons into separate tags',
    );
    expect(warnings).toContain(
      'note: q.csv: tag "Wachten" is new, while the codebook has "wachten": one tag in two spellings?',
    );
    expect(warnings).toContain('note: q.csv: 1 tag new to the codebook: "doorverwezen"');
  });
});

describe('messages that scale', () => {
  test('38 rows of the same problem: one count line and the first three rows; the other problem stays visible', async () => {
    const db = await makeSampleDb('observations');
    const rows = Array.from({ length: 38 }, (_, i) => `S-001,melden,${i + 1},klaar`);
    const msg = await refused(
      db,
      'observations',
      'o.csv',
      `session,step,visit,outcome\n${rows.join('\n')}\nS-001,fietsen,39,completed\n`,
    );
    expect(msg.split('\n').filter((l) => l.includes(':outcome:'))).toHaveLength(3);
    expect(msg).toContain('… 35 more rows with this problem in column outcome (38 in all)');
    expect(msg).toContain('o.csv:40:step: "fietsen" is not a step of this procedure version');
    expect(msg).toMatch(/^o\.csv: 39 problems, nothing imported/);
  });
});

describe('corrections: --replace makes a session exactly the file', () => {
  test('observations: a visit removed from the file is removed from the database, counted and audited', async () => {
    const db = await makeSampleDb('observations');
    await load(
      db,
      'observations',
      'o.csv',
      `${obsHeader}\nS-001,melden,1,completed,60,,,,,,,,,,\nS-001,aanvraag,2,completed,600,,,,,,,,,,\nS-001,controle,3,helped,300,,,,,,,,,,\nS-002,melden,1,completed,60,,,,,,,,,,\n`,
    );
    const r = await load(
      db,
      'observations',
      'o2.csv',
      `${obsHeader}\nS-001,melden,1,completed,60,,,,,,,,,,\nS-001,controle,3,helped,300,,,,,,,,,,\n`,
      { replace: true },
    );
    expect(r.summary).toMatchObject({ rows: 2, inserted: 0, updated: 0, unchanged: 2, removed: 1 });
    expect(
      db
        .prepare(
          'SELECT s.code, o.visit FROM observations o JOIN sessions s ON s.id = o.session_id ORDER BY s.code, o.visit',
        )
        .all(),
    ).toEqual([
      { code: 'S-001', visit: 1 },
      { code: 'S-001', visit: 3 },
      { code: 'S-002', visit: 1 }, // another session: not in the file, untouched
    ]);
    expect(listAudit(db, 1)[0]).toMatchObject({
      action: 'import (replace)',
      kind: 'observations',
      deleted: 1,
      unchanged: 2,
    });
  });

  test('without --replace a removed row stays (the old behaviour, now a choice)', async () => {
    const db = await makeSampleDb('observations');
    await load(
      db,
      'observations',
      'o.csv',
      `${obsHeader}\nS-001,melden,1,completed,60,,,,,,,,,,\nS-001,aanvraag,2,completed,600,,,,,,,,,,\n`,
    );
    await load(db, 'observations', 'o.csv', `${obsHeader}\nS-001,melden,1,completed,60,,,,,,,,,,\n`);
    expect(db.prepare('SELECT count(*) FROM observations').pluck().get()).toBe(2);
  });

  test('--replace with a problem in the file changes nothing; --dry-run counts without removing', async () => {
    const db = await makeSampleDb('observations');
    await load(
      db,
      'observations',
      'o.csv',
      `${obsHeader}\nS-001,melden,1,completed,60,,,,,,,,,,\nS-001,aanvraag,2,completed,600,,,,,,,,,,\n`,
    );
    await refused(db, 'observations', 'o2.csv', `${obsHeader}\nS-001,melden,1,completed,60,,9,,,,,,,,\n`, {
      replace: true,
    });
    const dry = await load(db, 'observations', 'o2.csv', `${obsHeader}\nS-001,melden,1,completed,60,,,,,,,,,,\n`, {
      replace: true,
      dryRun: true,
    });
    expect(dry.summary.removed).toBe(1);
    expect(db.prepare('SELECT count(*) FROM observations').pluck().get()).toBe(2);
  });

  test('quotes: a quote left out of the file goes, with its evidence link and its now unused tag', async () => {
    const db = await makeSampleDb('quotes');
    await load(
      db,
      'quotes',
      'q.csv',
      'quote,session,text,tags\nQ-901,S-001,Een,enkel-hier\nQ-902,S-001,Twee,wachten\nQ-903,S-002,Drie,\n',
    );
    saveFinding(db, {
      finding: 'F-1',
      study: 'bijstand-2026-r1',
      steps: [],
      statement: 'Wachten zonder bericht',
      status: 'open',
      evidence: ['Q-901', 'Q-902'],
      observations: [],
      components: [],
    });
    const r = await load(db, 'quotes', 'q2.csv', 'quote,session,text,tags\nQ-902,S-001,Twee,wachten\n', {
      replace: true,
    });
    expect(r.summary.removed).toBe(1);
    expect(r.warnings).toContain('note: q2.csv: 1 removed quote was evidence for a finding: the finding lost it');
    expect(
      db.prepare('SELECT q.code FROM finding_evidence e JOIN quotes q ON q.id = e.quote_id').pluck().all(),
    ).toEqual(['Q-902']);
    expect(db.prepare('SELECT code FROM quotes ORDER BY code').pluck().all()).toEqual(['Q-902', 'Q-903']);
    expect(db.prepare("SELECT count(*) FROM tags WHERE name = 'enkel-hier'").pluck().get()).toBe(0);
  });
});

describe('a file without a column leaves that column as stored', () => {
  test('participants re-imported without household keep it; with an empty household cell it is cleared', async () => {
    const db = makeDb();
    await load(db, 'participants', 'p.csv', 'participant,household,age_band\nP-1,alleenstaand,27-44\n');
    const r = await load(db, 'participants', 'p2.csv', 'participant,age_band\nP-1,45-66\n');
    expect(r.summary).toMatchObject({ updated: 1 });
    expect(db.prepare('SELECT household, age_band FROM participants').get()).toEqual({
      household: 'alleenstaand',
      age_band: '45-66',
    });
    await load(db, 'participants', 'p3.csv', 'participant,household\nP-1,\n');
    expect(db.prepare('SELECT household, age_band FROM participants').get()).toEqual({
      household: null,
      age_band: '45-66',
    });
    expect((await load(db, 'participants', 'p4.csv', 'participant\nP-1\n')).summary).toMatchObject({
      updated: 0,
      unchanged: 1,
    });
  });

  test('a consent re-imported without withdrawn_on keeps its withdrawal', async () => {
    const db = makeDb();
    await load(db, 'participants', 'p.csv', 'participant\nP-1\n');
    await load(
      db,
      'consents',
      'c.csv',
      'participant,given_on,analysis,quote_internal,quote_public,recording,withdrawn_on\nP-1,2026-01-01,yes,yes,no,no,2026-02-01\n',
    );
    await load(
      db,
      'consents',
      'c2.csv',
      'participant,given_on,analysis,quote_internal,quote_public,recording\nP-1,2026-01-01,yes,no,no,no\n',
    );
    expect(db.prepare('SELECT quote_internal, withdrawn_on FROM consents').get()).toEqual({
      quote_internal: 0,
      withdrawn_on: '2026-02-01',
    });
  });
});

describe('--redact', () => {
  test('free text is stored with each finding replaced by its label', async () => {
    const db = await makeSampleDb('quotes');
    const redactText = (t: string) => t.replace(/06[ -]?\d{8}/g, '[TELEFOON]');
    const scanText = (t: string) => (/06[ -]?\d{8}/.test(t) ? ['TELEFOON'] : []);
    const { warnings } = await load(
      db,
      'quotes',
      'q.csv',
      'quote,session,text\nQ-901,S-001,Bel me op 06 12345678 als het mis gaat\n',
      { redactText, scanText },
    );
    expect(db.prepare("SELECT text FROM quotes WHERE code = 'Q-901'").pluck().get()).toBe(
      'Bel me op [TELEFOON] als het mis gaat',
    );
    expect(warnings.join('\n')).toContain(
      'q.csv:2:text: looked like personal data (TELEFOON); stored with labels in its place',
    );
  });
});

describe('as files really come in: numbers, durations, headers, codes', () => {
  test('thousands separators are read where the decimals are clear; "1.500" alone is refused with both readings', async () => {
    const db = await makeSampleDb('observations');
    await load(
      db,
      'observations',
      'o.csv',
      'session;step;visit;outcome;wait_days\nS-001;melden;1;gelukt;1.500,5\nS-001;aanvraag;2;gelukt;"1,500.5"\n',
    );
    const waits = db
      .prepare(
        "SELECT o.wait_days FROM observations o JOIN sessions s ON s.id = o.session_id WHERE s.code = 'S-001' AND o.visit IN (1, 2) ORDER BY visit",
      )
      .pluck()
      .all();
    expect(waits).toEqual([1500.5, 1500.5]);
    const msg = await refused(
      db,
      'observations',
      'o.csv',
      'session;step;visit;outcome;wait_days\nS-001;melden;1;gelukt;1.500\n',
    );
    expect(msg).toContain(
      'o.csv:2:wait_days: "1.500" could be 1500 or 1,5: is "." a thousands separator or a decimal one? Write 1500 or 1,5',
    );
  });

  test('durations as people type them: estimates, hours with minutes, 1u30; "-" and "n.v.t." are empty', async () => {
    const db = await makeSampleDb('observations');
    const rows = ['ca. 10 min', '1 uur 30 min', '2m 30s', '1u30', '-', 'n.v.t.'].map(
      (t, i) => `S-001;melden;${i + 1};gelukt;${t}`,
    );
    await load(db, 'observations', 'o.csv', `session;step;visit;outcome;seconds\n${rows.join('\n')}\n`);
    const seconds = db
      .prepare(
        "SELECT o.seconds FROM observations o JOIN sessions s ON s.id = o.session_id WHERE s.code = 'S-001' ORDER BY visit",
      )
      .pluck()
      .all();
    expect(seconds).toEqual([600, 5400, 150, 5400, null, null]);
  });

  test("Excel's sep=; line is honoured and is no row; the header stays row 1", async () => {
    const db = makeDb();
    await load(db, 'participants', 'p.csv', 'sep=;\nparticipant;household\nP-1;gezin\n');
    expect(db.prepare('SELECT code, household FROM participants').all()).toEqual([{ code: 'P-1', household: 'gezin' }]);
    const msg = await refused(makeDb(), 'participants', 'p.csv', 'sep=;\nparticipant;household\n;gezin\n');
    expect(msg).toContain('p.csv:2:participant: is required but empty');
  });

  test("Dutch column names are read as drempel's, with one note; a zero-width space in a header is no obstacle", async () => {
    const db = makeDb();
    const { warnings } = await load(db, 'participants', 'p.csv', 'Deelnemer,Huis\u200bhouden\nP-1,gezin\n');
    expect(db.prepare('SELECT code, household FROM participants').all()).toEqual([{ code: 'P-1', household: 'gezin' }]);
    expect(warnings).toContain('note: p.csv: column names read: deelnemer → participant, huishouden → household');
  });

  test('an unknown column is a warning: its values are not imported; a column without a name but with values too', async () => {
    const db = makeDb();
    const { warnings } = await load(db, 'participants', 'p.csv', 'participant,kleur,\nP-1,blauw,x\n');
    expect(warnings).toContain(
      'warning: p.csv: unknown column kleur: not imported (known: participant, age_band, household, digital_skills, language; --rename OLD=NEW reads one as another)',
    );
    expect(warnings).toContain(
      'warning: p.csv:2: column 3 has no name in the header but holds values: they are not imported',
    );
  });

  test('--rename onto a column the header has already is refused', async () => {
    const msg = await refused(makeDb(), 'participants', 'p.csv', 'participant,houshold,household\nP-1,a,b\n', {
      rename: { houshold: 'household' },
    });
    expect(msg).toContain(
      'p.csv:1:houshold: cannot be renamed to household: the header has a column household already',
    );
  });

  test('a code in another case or spelling gets a suggestion; a value that looks like personal data is never repeated', async () => {
    const db = await makeSampleDb('observations');
    const msg = await refused(
      db,
      'observations',
      'o.csv',
      'session,step,outcome\ns-001,melden,completed\n0612345678,melden,completed\n',
      { scanText: (t) => (/06\d{8}/.test(t) ? ['TELEFOON'] : []) },
    );
    expect(msg).toContain('o.csv:2:session: "s-001" is not a known session: did you mean S-001?');
    expect(msg).toContain('o.csv:3:session: "[TELEFOON]" is not a known session');
    expect(msg).not.toContain('0612345678');
  });

  test('ISO dates with a time of day, and WAAR/ONWAAR as spreadsheets write booleans', async () => {
    const db = makeDb();
    await load(db, 'participants', 'p.csv', 'participant\nP-1\n');
    await load(
      db,
      'consents',
      'c.csv',
      'participant,given_on,analysis,quote_internal,quote_public,recording\nP-1,2026-01-05T10:00:00Z,WAAR,waar,ONWAAR,x\n',
    );
    expect(
      db.prepare('SELECT given_on, analysis, quote_internal, quote_public, recording FROM consents').get(),
    ).toEqual({ given_on: '2026-01-05', analysis: 1, quote_internal: 1, quote_public: 0, recording: 1 });
  });
});

describe('withdrawn consent in the files', () => {
  test('a withdrawn_on date is a warning with the command that erases; a later session is refused naming the withdrawal', async () => {
    const db = await studyDb();
    const { warnings } = await load(
      db,
      'consents',
      'c2.csv',
      'participant,given_on,analysis,quote_internal,quote_public,recording,withdrawn_on\nP-2,2026-01-01,yes,yes,no,no,2026-02-15\n',
    );
    expect(warnings).toContain(
      'warning: c2.csv:2:withdrawn_on: "2026-02-15" means P-2 withdrew consent: erase everything held about them with `drempel consent withdraw P-2` (`drempel check` lists who is still to be erased)',
    );
    const msg = await refused(
      db,
      'sessions',
      's.csv',
      'session,study,participant,kind,date\nS-1,R1,P-2,interview,2026-03-01\n',
    );
    expect(msg).toContain(
      's.csv:2:participant: "P-2" withdrew consent on 2026-02-15: nothing about them is imported (erase what is held with `drempel consent withdraw P-2`)',
    );
  });
});
