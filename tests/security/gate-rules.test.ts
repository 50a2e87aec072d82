/**
 * The publication gate's rules, each as the attack that broke it: a figure from fewer than five
 * residents, a formula in a CSV cell, a tag only an erased participant used, a resurrected
 * participant, a link that runs script.
 */
import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadProcedures, loadProceduresOrThrow } from '../../procedures/load';
import { exportKind, neutralise, unneutralise } from '../../research/csv/export';
import { importCsv } from '../../research/csv/import';
import { checkDatabase } from '../../research/maintenance';
import { eventsCsv, sessionEvents } from '../../research/events/export';
import { importEventLog } from '../../research/events/import';
import { participantRecord, withdrawConsent } from '../../research/repositories/participants';
import { listStudies } from '../../research/repositories/scoring';
import { publish } from '../../scripts/app/gate/gate';
import { main } from '../../scripts/cli/main';
import { captureIo, fixedNow, makeDb, makeSampleDb, proceduresDir, root, tempDir, writeTemp } from '../helpers';

const gate = (db: Parameters<typeof publish>[0], audience: 'public' | 'team') =>
  publish(db, loadProceduresOrThrow(proceduresDir), { audience, now: fixedNow, proceduresDir });

describe('every public figure stands on at least five residents', () => {
  test('a larger group size holds at its boundary: a step of exactly that many residents shows, one fewer does not; the team sees both', async () => {
    const db = await makeSampleDb();
    const procs = loadProceduresOrThrow(proceduresDir);
    const publicAt = (minGroupSize: number) =>
      publish(db, procs, { audience: 'public', minGroupSize, now: fixedNow, proceduresDir });
    const scored = publicAt(5)
      .procedures.flatMap((p) => p.steps)
      .filter((s) => s.friction !== null);
    expect(scored.length).toBeGreaterThan(1);
    const sizes = [...new Set(scored.map((s) => s.friction!.residents))].sort((a, b) => a - b);
    const size = sizes[sizes.length - 1]; // the largest step: exactly at the boundary
    const at = publicAt(size).procedures.flatMap((p) => p.steps);
    expect(at.filter((s) => s.friction !== null).every((s) => s.friction!.residents >= size)).toBe(true);
    expect(at.some((s) => s.friction?.residents === size)).toBe(true);
    const above = publicAt(size + 1).procedures.flatMap((p) => p.steps);
    expect(above.every((s) => s.friction === null && s.minutes === null)).toBe(true);
    // The study's own resident count obeys the same rule.
    expect(publicAt(1000).procedures.every((p) => p.study === null || p.study.residents === null)).toBe(true);
    const team = publish(db, procs, { audience: 'team', minGroupSize: size + 1, now: fixedNow, proceduresDir });
    expect(team.procedures.flatMap((p) => p.steps).filter((s) => s.friction !== null).length).toBe(scored.length);
  });

  test('a component, a time or an ease figure from fewer than five residents is left out; the step figure stays', async () => {
    const db = await makeSampleDb();
    const r2 = listStudies(db).find((s) => s.study === 'bijstand-2026-r2')!;
    // At "melden" (14 residents), keep an ease rating for two residents and a time for three.
    const sessions = db
      .prepare(
        "SELECT o.id FROM observations o JOIN sessions s ON s.id = o.session_id JOIN steps st ON st.id = o.step_id WHERE s.study_id = ? AND st.slug = 'melden' ORDER BY s.code",
      )
      .pluck()
      .all(r2.id) as number[];
    expect(sessions.length).toBeGreaterThanOrEqual(10);
    sessions.slice(2).forEach((id) => db.prepare('UPDATE observations SET ease = NULL WHERE id = ?').run(id));
    sessions.slice(3).forEach((id) => db.prepare('UPDATE observations SET seconds = NULL WHERE id = ?').run(id));
    const step = (audience: 'public' | 'team') =>
      gate(db, audience)
        .procedures.find((p) => p.slug === 'bijstand')!
        .steps.find((s) => s.slug === 'melden')!;
    const pub = step('public');
    expect(pub.friction!.residents).toBeGreaterThanOrEqual(10);
    expect(pub.friction!.components.map((c) => c.key)).not.toContain('hardRating');
    expect(pub.friction!.components.every((c) => c.n >= 5)).toBe(true);
    expect(pub.minutes).toBeNull();
    // The team site holds to the same rule (docs/method.md §5): no estimate from 2 ratings or 3 times.
    const team = step('team');
    expect(team.friction!.components.map((c) => c.key)).not.toContain('hardRating');
    expect(team.minutes).toBeNull();
    expect(team.friction!.components.length).toBeGreaterThan(0);
  });

  test('a step below five residents shows no figure at all on the public site', async () => {
    const db = await makeSampleDb();
    const steps = gate(db, 'public').procedures.find((p) => p.slug === 'bijstand')!.steps;
    for (const s of steps) if (s.friction) expect(s.friction.residents).toBeGreaterThanOrEqual(5);
    expect(steps.some((s) => s.friction === null)).toBe(true);
  });
});

describe('CSV formula injection (OWASP)', () => {
  test('neutralise() prefixes what a spreadsheet would run; unneutralise() undoes exactly that', () => {
    for (const cell of [
      '=HYPERLINK("http://x","klik")',
      '+31 6 1234',
      '-2+3',
      '@SUM(A1)',
      '\tx',
      '\rx',
      "'=already",
      "''=twice",
    ]) {
      expect(neutralise(cell)).toBe(`'${cell}`);
      expect(unneutralise(neutralise(cell))).toBe(cell);
    }
    for (const cell of ['-0.12', '+5', 'gewoon', "'quoted", '3-4 weken']) expect(neutralise(cell)).toBe(cell);
  });

  test('an exported quote with a formula is neutralised, and re-imports exactly', async () => {
    const db = await makeSampleDb();
    const text = '=HYPERLINK("http://evil.example","Klik hier")';
    await importCsv(
      db,
      'quotes',
      writeTemp('q.csv', `quote,session,text,tags\nQ-777,S-001,"${text.replace(/"/g, '""')}",@tag\n`),
      { now: fixedNow },
    );
    let csv = '';
    exportKind(db, 'quotes', 'csv', (c) => (csv += c));
    const line = csv.split('\n').find((l) => l.startsWith('Q-777'))!;
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example"",""Klik hier"")"`);
    expect(line).toContain(",'@tag,");
    const fresh = makeDb();
    for (const kind of ['studies', 'participants', 'consents', 'sessions'] as const) {
      let out = '';
      exportKind(db, kind, 'csv', (c) => (out += c));
      await importCsv(fresh, kind, writeTemp(`${kind}.csv`, out), { now: fixedNow });
    }
    await importCsv(fresh, 'quotes', writeTemp('quotes.csv', csv), { now: fixedNow });
    expect(fresh.prepare("SELECT text FROM quotes WHERE code = 'Q-777'").pluck().get()).toBe(text);
  });

  test("the site's CSV download neutralises a formula in a procedure's text", () => {
    const dir = tempDir();
    cpSync(proceduresDir, join(dir, 'procedures'), { recursive: true });
    const yaml = join(dir, 'procedures/verhuizing/procedure.yaml');
    writeFileSync(
      yaml,
      readFileSync(yaml, 'utf8').replace(/(steps:\n\s+- slug: \S+\n\s+title: )(.*)/, '$1"=cmd|\' /C calc\'!A0"'),
    );
    const procs = loadProceduresOrThrow(join(dir, 'procedures'));
    const db = makeDb();
    const data = publish(db, procs, { audience: 'public', now: fixedNow, proceduresDir: join(dir, 'procedures') });
    const csv = data.procedures.find((p) => p.slug === 'verhuizing')!.stepsCsv;
    expect(csv).toContain(";'=cmd|' /C calc'!A0;");
    expect(csv).not.toMatch(/;=cmd/);
  });
});

describe('erasure', () => {
  test('a tag only the erased participant used goes with them; a shared tag stays', async () => {
    const db = await makeSampleDb();
    await importCsv(
      db,
      'quotes',
      writeTemp('q.csv', 'quote,session,text,tags\nQ-778,S-001,Iets,alleen van p001|wachten\n'),
      { now: fixedNow },
    );
    const tags = () => db.prepare('SELECT name FROM tags').pluck().all() as string[];
    expect(tags()).toContain('alleen van p001');
    const counts = withdrawConsent(db, 'P-001', fixedNow);
    expect(tags()).not.toContain('alleen van p001');
    expect(tags()).toContain('wachten');
    expect(counts.tags).toBeGreaterThanOrEqual(1);
  });

  test('an event log exported from drempel and imported again loses the erased participant too; the access request shows it first', async () => {
    const db = await makeSampleDb();
    await importEventLog(db, writeTemp('ev.csv', eventsCsv(sessionEvents(db))), { now: fixedNow, name: 'sessies' });
    const record = participantRecord(db, 'P-001') as { eventLogEvents: { case: string }[] };
    expect(record.eventLogEvents.length).toBeGreaterThan(0);
    expect(record.eventLogEvents.every((e) => e.case === 'S-001')).toBe(true);
    const counts = withdrawConsent(db, 'P-001', fixedNow);
    expect(counts.events).toBe(record.eventLogEvents.length);
    expect(db.prepare("SELECT count(*) FROM events WHERE case_id = 'S-001'").pluck().get()).toBe(0);
    const log = db
      .prepare(
        "SELECT events, (SELECT count(*) FROM events WHERE log_id = l.id) AS actual FROM event_logs l WHERE name = 'sessies'",
      )
      .get() as { events: number; actual: number };
    expect(log.events).toBe(log.actual);
  });

  test('check reports a participant the ledger says was erased, without naming them', async () => {
    const db = await makeSampleDb();
    withdrawConsent(db, 'P-002', fixedNow);
    expect(checkDatabase(db)).toEqual([]);
    db.prepare("INSERT INTO participants (code) VALUES ('P-002')").run(); // a hand edit, or a restore by other means
    const problems = checkDatabase(db).filter((p) => p.check === 'erased participant present');
    expect(problems).toHaveLength(1);
    expect(problems[0].detail).not.toContain('P-002');
  });
});

describe('procedure links', () => {
  test('javascript: and data: links are refused; http is refused for links; a legal basis off the law collections is a warning', () => {
    const dir = tempDir();
    cpSync(join(root, 'tests/fixtures/procedures'), dir, { recursive: true });
    const limit = join(dir, 'mini/limits/termijn.md');
    const original = readFileSync(limit, 'utf8');
    for (const [url, expected] of [
      ['javascript:alert(1)', /expected an https:\/\/ link/],
      ['data:text/html,<script>alert(1)</script>', /expected an https:\/\/ link/],
      ['http://wetten.overheid.nl/BWBR0005537', /expected an https:\/\/ link/],
    ] as const) {
      writeFileSync(limit, original.replace('  bwbr: BWBR0005537\n', `  url: "${url}"\n`));
      const problems = loadProcedures(dir).problems.filter((p) => p.severity === 'error');
      expect(problems.map((p) => p.message).join('\n')).toMatch(expected);
    }
    writeFileSync(limit, original.replace('  bwbr: BWBR0005537\n', '  url: https://www.example.org/wet\n'));
    const { procedures, problems } = loadProcedures(dir);
    expect(procedures).toHaveLength(1);
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: 'legal_basis.url',
        message: expect.stringContaining('wetten.overheid.nl or lokaleregelgeving.overheid.nl'),
      }),
    ]);
  });
});

describe('participant export --out', () => {
  test('writes the access request to a new file readable by its owner only, and never over an existing one', async () => {
    const db = await makeSampleDb();
    const out = join(tempDir(), 'P-003.json');
    const io = captureIo();
    expect(await main(['participant', 'export', 'P-003', '--out', out, '--db', db.name], io)).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).participant.participant).toBe('P-003');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(io.stdout).toBe('');
    expect(await main(['participant', 'export', 'P-003', '--out', out, '--db', db.name], captureIo())).toBe(1);
  });
});

describe('short fields never hold personal data', () => {
  test('a participant file with a birth date, a name and a phone number in its attributes is refused, naming each cell', async () => {
    const db = await makeSampleDb();
    const file = writeTemp(
      'participants.csv',
      'participant,age_band,household,digital_skills,language\nP-901,12-03-1966,Jan de Vries 0612345678,laag,nl\n',
    );
    const io = captureIo();
    expect(await main(['import', 'participants', file, '--db', db.name], io)).toBe(1);
    expect(io.stderr).toContain('participants.csv:2:age_band: looks like personal data (a date)');
    expect(io.stderr).toMatch(
      /participants\.csv:2:household: looks like personal data \((NAAM, TELEFOON|TELEFOON, NAAM)\)/,
    );
    // The message names each kind and never repeats the value (terminal logs and screenshots travel).
    for (const value of ['1966', 'Vries', '0612345678']) expect(io.stderr).not.toContain(value);
    expect(db.prepare("SELECT count(*) FROM participants WHERE code = 'P-901'").pluck().get()).toBe(0);
  });

  test('the audit log keeps a file name without the codes and names in it', async () => {
    const { auditName } = await import('../../scripts/app/personal-data');
    expect(auditName('/data/quotes P-018 Jan de Vries.csv')).toBe('quotes [code] [NAAM].csv');
  });
});

describe('today is the calendar date where the team works', () => {
  test("at 00:30 in Amsterdam it is already the next day; without a zone, the machine's own", async () => {
    const { localDate } = await import('../../scripts/cli/io');
    expect(localDate('2026-11-29T23:30:00.000Z', 'Europe/Amsterdam')).toBe('2026-11-30');
    expect(localDate('2026-11-29T23:30:00.000Z', 'UTC')).toBe('2026-11-29');
    const d = new Date('2026-11-29T23:30:00.000Z');
    const own = [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
    expect(localDate('2026-11-29T23:30:00.000Z')).toBe(own);
  });
});
