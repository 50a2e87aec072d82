/**
 * The real-world fixtures (tests/fixtures/real-world/README.md): six files as Dutch Excel,
 * Microsoft Forms, Google Sheets and LibreOffice write them, imported without a hand edit on top
 * of the sample study. Every stored value is compared with expected.json, which was written from
 * the files by an independent reader (validate.py), not by drempel.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { importCsv, type ImportOptions } from '../../research/csv/import';
import type { Kind } from '../../research/csv/kinds/index';
import type { Db } from '../../research/db';
import { checkDatabase } from '../../research/maintenance';
import { dump, fixedNow, makeSampleDb, root } from '../helpers';

const dir = join(root, 'tests/fixtures/real-world');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));

/** The only option any file needs: the header typo, renamed without editing the file. */
const flags: Partial<Record<Kind, ImportOptions>> = { participants: { rename: { houshold: 'household' } } };

async function importAll(db: Db, extra: Partial<Record<Kind, ImportOptions>> = {}) {
  const messages: Record<string, string[]> = {};
  const summaries: Record<string, Awaited<ReturnType<typeof importCsv>>> = {};
  for (const kind of expected.importOrder as Kind[]) {
    const warnings: string[] = [];
    summaries[kind] = await importCsv(db, kind, join(dir, `${kind}.csv`), {
      now: fixedNow,
      onWarning: (w) => warnings.push(w),
      scanText: (t) => (/06-\d{8}/.test(t) ? ['TELEFOON'] : []),
      ...flags[kind],
      ...extra[kind],
    });
    messages[kind] = warnings;
  }
  return { messages, summaries };
}

const rows = (db: Db, sql: string) => db.prepare(sql).all() as Record<string, unknown>[];
const drop = (r: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(r).filter(([k]) => k !== key));

describe('the real-world fixtures import without a hand edit, and store what the files mean', () => {
  let db: Db;
  let run: Awaited<ReturnType<typeof importAll>>;
  beforeAll(async () => {
    db = await makeSampleDb();
    run = await importAll(db);
  });

  test('counts, with the empty Excel rows skipped and the duplicate row left out', () => {
    for (const kind of expected.importOrder as Kind[])
      expect(run.summaries[kind].inserted, kind).toBe(expected.counts[kind]);
    expect(run.summaries.studies.encoding).toBe('windows-1252');
    expect(run.summaries.observations.encoding).toBe('windows-1252');
  });

  test('studies: the Windows-1252 question, Dutch dates, the empty version as the newest synced one', () => {
    expect(
      rows(
        db,
        `SELECT s.code AS study, s.title, p.slug AS procedure, v.version, s.round, s.started_on, s.ended_on, s.question
      FROM studies s JOIN procedure_versions v ON v.id = s.version_id JOIN procedures p ON p.id = v.procedure_id WHERE s.code = 'bijstand-2026-r3'`,
      ),
    ).toEqual(expected.studies);
  });

  test('participants: household read from the houshold column', () => {
    expect(
      rows(
        db,
        "SELECT code AS participant, age_band, household, digital_skills, language FROM participants WHERE code BETWEEN 'P-101' AND 'P-112' ORDER BY code",
      ),
    ).toEqual(expected.participants);
  });

  test('consents: month-first dates from Microsoft Forms, decided by one date in the file, Ja/Nee, typed codes', () => {
    const stored = rows(
      db,
      `SELECT p.code AS participant, c.given_on, c.analysis, c.quote_internal, c.quote_public, c.recording, c.retain_until, c.withdrawn_on
      FROM consents c JOIN participants p ON p.id = c.participant_id WHERE p.code BETWEEN 'P-101' AND 'P-112' ORDER BY c.given_on, p.code`,
    );
    expect(stored).toEqual(
      (expected.consents as Record<string, unknown>[])
        .map((c) => drop(c, 'row'))
        .sort((a, b) => String(a.given_on).localeCompare(String(b.given_on))),
    );
  });

  test('sessions: modes in Dutch, the role-play without participant', () => {
    expect(
      rows(
        db,
        `SELECT s.code AS session, st.code AS study, p.code AS participant, s.kind, s.date, s.researcher, s.mode
      FROM sessions s JOIN studies st ON st.id = s.study_id LEFT JOIN participants p ON p.id = s.participant_id WHERE st.code = 'bijstand-2026-r3' ORDER BY s.code`,
      ),
    ).toEqual(expected.sessions);
  });

  test('observations: titles as slugs, Dutch outcomes, every duration notation, decimal commas, visits in file order', () => {
    const stored = rows(
      db,
      `SELECT s.code AS session, o.visit, sp.slug AS step, o.outcome, o.seconds, o.errors, o.ease, o.retold, o.handoffs,
        a.slug AS handoff_to, o.wait_days, c.slug AS channel, o.channel_switches, l.slug AS blocked_by, o.note
      FROM observations o JOIN sessions s ON s.id = o.session_id JOIN studies st ON st.id = s.study_id JOIN steps sp ON sp.id = o.step_id
      LEFT JOIN actors a ON a.id = o.handoff_to LEFT JOIN channels c ON c.id = o.channel_id LEFT JOIN policy_limits l ON l.id = o.blocked_by
      WHERE st.code = 'bijstand-2026-r3' ORDER BY s.code, o.visit`,
    );
    const want = (expected.observations as Record<string, unknown>[])
      .map((o) => drop(o, 'row'))
      .sort((a, b) => String(a.session).localeCompare(String(b.session)) || Number(a.visit) - Number(b.visit));
    expect(stored).toEqual(want);
  });

  test('quotes: tags split on commas, the quote with a line break and doubled quotes intact', () => {
    const stored = rows(
      db,
      `SELECT q.code AS quote, s.code AS session, sp.slug AS step, q.text,
        (SELECT json_group_array(name) FROM (SELECT t.name FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id WHERE qt.quote_id = q.id ORDER BY qt.position)) AS tags, q.note
      FROM quotes q JOIN sessions s ON s.id = q.session_id LEFT JOIN steps sp ON sp.id = q.step_id WHERE q.code BETWEEN 'Q-301' AND 'Q-310' ORDER BY q.code`,
    ).map((q) => ({ ...q, tags: JSON.parse(q.tags as string) }));
    expect(stored).toEqual((expected.quotes as Record<string, unknown>[]).map((q) => drop(q, 'row')));
  });

  test('every expected warning is said, naming file and row; the expected notes too', () => {
    const all = Object.values(run.messages).flat();
    for (const w of expected.warnings as { file: string; row: number; mention: string[] }[]) {
      if (w.file === 'participants.csv') continue; // renamed: see the next describe
      const line = all.find((m) => m.startsWith(`warning: ${w.file}:${w.row}`));
      expect(line, `${w.file}:${w.row}`).toBeDefined();
      for (const m of w.mention) expect(line).toContain(m);
    }
    expect(all.filter((m) => m.startsWith('warning:'))).toHaveLength(3);
    expect(run.messages.consents).toContain(
      'note: consents.csv: survey columns ID, Start time, Completion time ignored',
    );
    expect(run.messages.consents).toContain(
      'note: consents.csv: Email, Name ignored: they are empty or "anonymous" in every row',
    );
    expect(run.messages.consents).toContain(
      'note: consents.csv: given_on: slash dates read month first, as row 10 ("9/15/2026") can only be read month first',
    );
    expect(run.messages.consents).toContain(
      'note: consents.csv: retain_until: slash dates read month first, as given_on in row 10 ("9/15/2026") can only be read month first',
    );
    expect(
      run.messages.observations.some(
        (m) =>
          m.startsWith('note: observations.csv: step written as a name, read as its slug: ') &&
          m.includes('"Aanvraag indienen" → aanvraag'),
      ),
    ).toBe(true);
    expect(run.messages.observations).toContain(
      'note: observations.csv: blocked_by written as a name, read as its slug: "uitkering start niet voor de meldingsdatum" → startdatum-melding',
    );
    expect(run.messages.quotes).toContain(
      'note: quotes.csv: tags: cells without "|" were split on commas or semicolons into separate tags',
    );
  });

  test('the database is sound; the late session is the one warning `check` gives', () => {
    expect(checkDatabase(db)).toEqual([
      {
        check: 'session outside its study',
        detail: 'S-316 on 2026-11-20 (study bijstand-2026-r3: 2026-09-01 to 2026-10-31)',
        warning: true,
      },
    ]);
  });

  test('importing every file again changes nothing', async () => {
    const before = dump(db);
    const again = await importAll(db);
    for (const kind of expected.importOrder as Kind[])
      expect(again.summaries[kind], kind).toMatchObject({ inserted: 0, updated: 0 });
    const after = dump(db);
    expect({ ...after, audit_log: [] }).toEqual({ ...before, audit_log: [] });
  });
});

describe('what used to pass silently is refused, or done only when asked', () => {
  test('the header typo is an error naming household and the flag, not a dropped column', async () => {
    const db = await makeSampleDb();
    await importCsv(db, 'studies', join(dir, 'studies.csv'), { now: fixedNow });
    const before = dump(db);
    await expect(importCsv(db, 'participants', join(dir, 'participants.csv'), { now: fixedNow })).rejects.toThrow(
      'participants.csv:1:houshold: is not a column drempel knows: did you mean household? (fix the header, or import with --rename houshold=household',
    );
    expect(dump(db)).toEqual(before);
  });

  test('the Forms dates cannot be read day first: --date-order dmy is refused by the file itself', async () => {
    const db = await makeSampleDb();
    for (const kind of ['studies', 'participants'] as Kind[])
      await importCsv(db, kind, join(dir, `${kind}.csv`), { now: fixedNow, ...flags[kind] });
    await expect(
      importCsv(db, 'consents', join(dir, 'consents.csv'), { now: fixedNow, dateOrder: 'dmy' }),
    ).rejects.toThrow(
      'consents.csv:10:given_on: "9/15/2026" can only be read month first, not as --date-order dmy says',
    );
  });

  test('--redact stores Q-307 with the phone number replaced by its label', async () => {
    const db = await makeSampleDb();
    await importAll(db, { quotes: { redactText: (t) => t.replace(/06-\d{8}/g, '[TELEFOON]') } });
    expect(db.prepare("SELECT text FROM quotes WHERE code = 'Q-307'").pluck().get()).toBe(expected.quoteQ307Redacted);
  });
});
