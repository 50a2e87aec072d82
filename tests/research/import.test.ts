import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { exportKind } from '../../research/csv/export';
import { importCsv } from '../../research/csv/import';
import { kindNames, kinds } from '../../research/csv/kinds/index';
import { CsvImportError } from '../../research/errors';
import { dump, fixedNow, makeDb, makeSampleDb, sampleDir, writeTemp } from '../helpers';

const obsHeader =
  'session,step,visit,outcome,seconds,errors,ease,retold,handoffs,handoff_to,wait_days,channel,channel_switches,blocked_by,note';

/** Import and expect a CsvImportError; returns its message lines, and checks the db is unchanged. */
async function rejects(
  db: Awaited<ReturnType<typeof makeSampleDb>>,
  kind: (typeof kindNames)[number],
  name: string,
  content: string | Buffer,
): Promise<string> {
  const before = dump(db);
  const error = await importCsv(db, kind, writeTemp(name, content), { now: fixedNow }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CsvImportError);
  expect(dump(db)).toEqual(before);
  return (error as Error).message;
}

function exportText(
  db: Awaited<ReturnType<typeof makeSampleDb>>,
  kind: (typeof kindNames)[number],
  format: 'csv' | 'json' = 'csv',
): string {
  let text = '';
  exportKind(db, kind, format, (c) => (text += c));
  return text;
}

describe('importCsv() of the sample study', () => {
  test('imports every kind and records each import in the audit log', async () => {
    const db = await makeSampleDb();
    const counts = Object.fromEntries(
      kindNames.map((k) => [k, db.prepare(`SELECT count(*) FROM ${kinds[k].table}`).pluck().get()]),
    );
    expect(counts).toEqual({
      studies: 2,
      participants: 34,
      consents: 34,
      sessions: 35,
      observations: 147,
      quotes: 44,
      notes: 12,
      findings: 3,
      fixes: 3,
    });
    const audit = db.prepare('SELECT action, kind, inserted FROM audit_log ORDER BY id').all();
    expect(audit).toEqual(kindNames.map((kind) => ({ action: 'import', kind, inserted: counts[kind] })));
  });

  test('reads the Dutch Excel observations file: semicolons and decimal commas', async () => {
    const db = await makeSampleDb();
    const file = readFileSync(join(sampleDir, 'observations.csv'), 'utf8');
    expect(file.split('\n')[0]).toContain(';');
    const halfDays = db
      .prepare('SELECT count(*) FROM observations WHERE wait_days != CAST(wait_days AS INTEGER)')
      .pluck()
      .get();
    expect(halfDays).toBeGreaterThan(0);
  });

  test('re-importing the same file changes nothing', async () => {
    const db = await makeSampleDb();
    const before = db.prepare('SELECT * FROM observations ORDER BY id').all();
    const summary = await importCsv(db, 'observations', join(sampleDir, 'observations.csv'), { now: fixedNow });
    expect(summary).toMatchObject({ rows: 147, inserted: 0, updated: 0, unchanged: 147 });
    expect(db.prepare('SELECT * FROM observations ORDER BY id').all()).toEqual(before);
  });

  test('a changed row updates in place and is counted in the audit log', async () => {
    const db = await makeSampleDb();
    const id = db.prepare("SELECT id FROM sessions WHERE code = 'S-001'").pluck().get();
    const file = writeTemp(
      'sessions.csv',
      'session,study,participant,kind,date,researcher,mode\nS-001,bijstand-2026-r1,P-001,walkthrough,2026-03-13,onderzoeker-c,video\n',
    );
    expect(await importCsv(db, 'sessions', file, { now: fixedNow })).toMatchObject({
      inserted: 0,
      updated: 1,
      unchanged: 0,
    });
    expect(db.prepare("SELECT id, researcher, mode FROM sessions WHERE code = 'S-001'").get()).toEqual({
      id,
      researcher: 'onderzoeker-c',
      mode: 'video',
    });
    expect(db.prepare('SELECT kind, updated FROM audit_log ORDER BY id DESC LIMIT 1').get()).toEqual({
      kind: 'sessions',
      updated: 1,
    });
  });

  test('--dry-run validates and writes nothing', async () => {
    const db = await makeSampleDb('observations');
    const before = dump(db);
    const s = await importCsv(db, 'observations', join(sampleDir, 'observations.csv'), { dryRun: true, now: fixedNow });
    expect(s).toMatchObject({ rows: 147, inserted: 147, dryRun: true });
    expect(dump(db)).toEqual(before);
  });
});

describe('export → import round-trips', () => {
  test.each(kindNames)('%s: CSV exported, imported into a fresh database, exports identically', async (kind) => {
    const db = await makeSampleDb();
    const fresh = makeDb();
    for (const k of kindNames) {
      await importCsv(fresh, k, writeTemp(`${k}.csv`, exportText(db, k)), { now: fixedNow });
      if (k === kind) break;
    }
    expect(exportText(fresh, kind)).toBe(exportText(db, kind));
    expect(exportText(fresh, kind, 'json')).toBe(exportText(db, kind, 'json'));
  });

  test('JSON export is an array of objects keyed by the CSV column names, typed', async () => {
    const db = await makeSampleDb();
    const consents = JSON.parse(exportText(db, 'consents', 'json'));
    expect(Object.keys(consents[0])).toEqual([
      'participant',
      'given_on',
      'analysis',
      'quote_internal',
      'quote_public',
      'recording',
      'retain_until',
      'withdrawn_on',
    ]);
    expect(typeof consents[0].analysis).toBe('boolean');
    const obs = JSON.parse(exportText(db, 'observations', 'json'));
    expect(obs).toHaveLength(147);
    expect(typeof obs[0].seconds).toBe('number');
  });
});

describe('importCsv() on bad input: one clear report, database unchanged', () => {
  test('ease 9 and negative seconds are reported as file:row:column with the value', async () => {
    const db = await makeSampleDb('observations');
    const msg = await rejects(
      db,
      'observations',
      'observations.csv',
      `${obsHeader}\nS-001,melden,1,completed,120,0,5,0,0,,0,online,0,,\nS-001,aanvraag,2,completed,-5,0,9,0,0,,0,online,0,,\n`,
    );
    expect(msg).toContain('observations.csv:3:seconds: "-5" is not a number ≥ 0');
    expect(msg).toContain('observations.csv:3:ease: "9" is not an integer from 1 to 7');
    expect(msg).toMatch(/^observations\.csv: 2 problems, nothing imported/);
  });

  test('an unknown step names the step and the known ones', async () => {
    const db = await makeSampleDb('observations');
    const msg = await rejects(db, 'observations', 'o.csv', `${obsHeader}\nS-001,inschrijven,1,completed,,,,,,,,,,,\n`);
    expect(msg).toContain(
      'o.csv:2:step: "inschrijven" is not a step of this procedure version (known: melden, zoekperiode, aanvraag',
    );
  });

  test('an unknown session, a duplicate row and an unknown channel', async () => {
    const db = await makeSampleDb('observations');
    const msg = await rejects(
      db,
      'observations',
      'o.csv',
      `${obsHeader}\nS-999,melden,1,completed,,,,,,,,,,,\nS-001,melden,1,completed,,,,,,,,,,,\nS-001,aanvraag,1,completed,,,,,,,,fax,,,\n`,
    );
    expect(msg).toContain('o.csv:2:session: "S-999" is not a known session (import sessions first)');
    expect(msg).toContain('o.csv:4:visit: "1" is a duplicate of row 3 (session S-001, visit 1)');
    expect(msg).toContain('o.csv:4:channel: "fax" is not a channel of this procedure version');
  });

  test('a missing required column is reported against the header', async () => {
    const db = await makeSampleDb('observations');
    const msg = await rejects(db, 'observations', 'o.csv', 'session,step,seconds\nS-001,melden,12\n');
    expect(msg).toContain('o.csv:1:outcome: required column is missing (the header has: session, step, seconds)');
  });

  test('a column holding personal data is refused', async () => {
    const db = makeDb();
    const msg = await rejects(db, 'participants', 'p.csv', 'participant,naam,age_band\nP-001,Jan Jansen,27-44\n');
    expect(msg).toContain('p.csv:1:naam: holds personal data, which drempel never stores: remove this column');
  });

  test('a participant code that is not a pseudonym is refused', async () => {
    const db = makeDb();
    const msg = await rejects(db, 'participants', 'p.csv', 'participant\nJan Jansen\n');
    expect(msg).toContain('p.csv:2:participant: "Jan Jansen" is not a pseudonymous code such as P-014');
  });

  test('an unknown column is a warning, and the rest imports', async () => {
    const db = makeDb();
    const warnings: string[] = [];
    const s = await importCsv(db, 'participants', writeTemp('p.csv', 'participant,favourite_colour\nP-001,blue\n'), {
      now: fixedNow,
      onWarning: (w) => warnings.push(w),
    });
    expect(s.inserted).toBe(1);
    expect(warnings).toEqual([
      'warning: p.csv: unknown column favourite_colour: not imported (known: participant, age_band, household, digital_skills, language; --rename OLD=NEW reads one as another)',
    ]);
  });

  test('a truncated last line (cut mid-row, or inside quotes) is reported', async () => {
    const db = await makeSampleDb('observations');
    let msg = await rejects(
      db,
      'observations',
      'o.csv',
      `${obsHeader}\nS-001,melden,1,completed,120,0,5,0,0,,0,online,0,,\nS-001,aanvraag,2,comp`,
    );
    expect(msg).toContain('o.csv:3: has 4 fields, expected 15');
    msg = await rejects(
      db,
      'observations',
      'o.csv',
      `${obsHeader}\nS-001,melden,1,completed,120,0,5,0,0,,0,online,0,,"Wist niet`,
    );
    expect(msg).toContain('o.csv:2: has a quote that is never closed (is the file cut off?)');
  });

  test('an empty file is reported', async () => {
    const db = makeDb();
    const msg = await rejects(db, 'studies', 'studies.csv', '');
    expect(msg).toContain(
      'studies.csv:1: file is empty: expected a header line with study, title, procedure, round, started_on',
    );
  });

  test('a file with the wrong delimiter for its header reports the missing columns', async () => {
    const db = makeDb();
    const msg = await rejects(db, 'participants', 'p.csv', 'participant|age_band\nP-001|27-44\n');
    expect(msg).toContain('p.csv:1:participant: required column is missing (the header has: participant|age_band)');
  });

  test('the same problem in many rows is said once with a count, and other problems stay visible', async () => {
    const db = await makeSampleDb('observations');
    const rows = Array.from({ length: 80 }, (_, i) => `S-001,melden,${i + 1},completed,,,9,,,,,,,,`).join('\n');
    const msg = await rejects(db, 'observations', 'o.csv', `${obsHeader}\n${rows}\nS-001,melden,81,klaar,,,,,,,,,,,\n`);
    expect(msg).toMatch(/^o\.csv: 81 problems, nothing imported/);
    expect(msg.split('\n').filter((l) => l.includes(':ease:'))).toEqual([
      'o.csv:2:ease: "9" is not an integer from 1 to 7',
      'o.csv:3:ease: "9" is not an integer from 1 to 7',
      'o.csv:4:ease: "9" is not an integer from 1 to 7',
    ]);
    expect(msg).toContain('  … 77 more rows with this problem in column ease (80 in all)');
    expect(msg).toContain('o.csv:82:outcome: "klaar" is not one of completed, helped, failed, abandoned, skipped');
  });

  test('a session of a participant without analysis consent is refused', async () => {
    const db = await makeSampleDb('sessions');
    db.prepare("INSERT INTO participants (code) VALUES ('P-900')").run();
    db.prepare(
      "INSERT INTO consents (participant_id, given_on, analysis, quote_internal, quote_public, recording) SELECT id, '2026-03-01', 0, 1, 1, 0 FROM participants WHERE code = 'P-900'",
    ).run();
    const msg = await rejects(
      db,
      'sessions',
      's.csv',
      'session,study,participant,kind,date\nS-900,bijstand-2026-r1,P-900,walkthrough,2026-03-05\n',
    );
    expect(msg).toContain('s.csv:2:participant: "P-900" has no analysis consent covering 2026-03-05');
  });

  test('a failure in the last row leaves no earlier row behind', async () => {
    const db = await makeSampleDb('observations');
    const good = Array.from({ length: 500 }, (_, i) => `S-001,melden,${i + 1},completed,60,0,5,0,0,,0,online,0,,`).join(
      '\n',
    );
    await rejects(
      db,
      'observations',
      'o.csv',
      `${obsHeader}\n${good}\nS-001,melden,501,completed,60,0,0,0,0,,0,online,0,,\n`,
    );
    expect(db.prepare('SELECT count(*) FROM observations').pluck().get()).toBe(0);
  });
});

describe('importCsv() encodings', () => {
  const participants = (text: string) => `participant,household\nP-001,${text}\n`;

  test('UTF-8 with BOM', async () => {
    const db = makeDb();
    const file = writeTemp(
      'p.csv',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(participants('één ouder'))]),
    );
    expect(await importCsv(db, 'participants', file, { now: fixedNow })).toMatchObject({
      encoding: 'utf-8',
      inserted: 1,
    });
    expect(db.prepare('SELECT household FROM participants').pluck().get()).toBe('één ouder');
  });

  test('Windows-1252 "é" as Dutch Excel writes it', async () => {
    const db = makeDb();
    const bytes = Buffer.from(participants('caf\u00e9 boven'), 'latin1');
    expect(bytes.includes(0xe9)).toBe(true);
    const s = await importCsv(db, 'participants', writeTemp('p.csv', bytes), { now: fixedNow });
    expect(s.encoding).toBe('windows-1252');
    expect(db.prepare('SELECT household FROM participants').pluck().get()).toBe('café boven');
  });

  test('CRLF line ends and a quoted field with a line break; rows count as a spreadsheet shows them', async () => {
    const db = await makeSampleDb('quotes');
    const file = writeTemp(
      'q.csv',
      'quote;session;step;text;tags;note\r\nQ-900;S-001;melden;"Eerste regel\r\ntweede regel";a|b;\r\nQ-901;S-001;nergens;x;;\r\n',
    );
    await expect(importCsv(db, 'quotes', file, { now: fixedNow })).rejects.toThrow(
      'q.csv:3:step: "nergens" is not a step',
    );
  });
});

describe('observations without a visit column', () => {
  test('never silently replace other steps at the same visit: the row names the visit and asks for a visit column', async () => {
    const db = await makeSampleDb();
    const before = dump(db);
    const file = writeTemp('obs.csv', 'session,step,outcome\nS-018,aanvraag,completed\nS-018,besluit,completed\n');
    const e = await importCsv(db, 'observations', file, { now: fixedNow }).catch((x) => x);
    expect(e).toBeInstanceOf(CsvImportError);
    expect(e.message).toMatch(
      /obs\.csv:2:step: "aanvraag" would replace visit 1 of session S-018, which is another step in the database; add a visit column/,
    );
    expect(dump(db)).toEqual(before);
  });
});
