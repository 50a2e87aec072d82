/** The researcher's corrections and smaller commands, through the CLI as they are typed. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../scripts/cli/main';
import { listAudit } from '../../research/repositories/audit';
import { saveFinding } from '../../research/repositories/findings';
import { openDatabase } from '../../research/db';
import { captureIo, dump, root, sampleDir, tempDir, writeTemp } from '../helpers';

async function run(args: string[], io = captureIo()) {
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** A database with the whole sample study imported through the CLI. */
async function sampleDb(): Promise<string> {
  const db = join(tempDir(), 'c.db');
  expect((await run(['init', '--db', db])).code).toBe(0);
  for (const kind of ['studies', 'participants', 'consents', 'sessions', 'observations', 'quotes']) {
    expect((await run(['import', kind, join(sampleDir, `${kind}.csv`), '--db', db])).code).toBe(0);
  }
  return db;
}

const count = (path: string, sql: string) => {
  const db = openDatabase(path);
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
};

describe('drempel delete', () => {
  test('a session: --dry-run counts and changes nothing; then observations and quotes go with it, audited', async () => {
    const db = await sampleDb();
    const observations = count(
      db,
      "SELECT count(*) FROM observations o JOIN sessions s ON s.id = o.session_id WHERE s.code = 'S-001'",
    );
    const quotes = count(
      db,
      "SELECT count(*) FROM quotes q JOIN sessions s ON s.id = q.session_id WHERE s.code = 'S-001'",
    );
    expect(observations).toBe(9);
    const before = (() => {
      const d = openDatabase(db);
      const x = dump(d);
      d.close();
      return x;
    })();
    const dry = await run(['delete', 'session', 'S-001', '--dry-run', '--db', db]);
    expect(dry.stdout).toBe(
      `dry run: deleting session S-001 would delete 1 session, ${observations} observations, ${quotes} quote${quotes === 1 ? '' : 's'}\n`,
    );
    const d = openDatabase(db);
    expect(dump(d)).toEqual(before);
    d.close();
    const r = await run(['delete', 'session', 'S-001', '--db', db]);
    expect(r).toMatchObject({
      code: 0,
      stdout: `deleted session S-001: 1 session, ${observations} observations, ${quotes} quote${quotes === 1 ? '' : 's'}\n`,
    });
    expect(count(db, "SELECT count(*) FROM sessions WHERE code = 'S-001'")).toBe(0);
    expect(count(db, 'SELECT count(*) FROM observations')).toBe(147 - observations);
    const audit = openDatabase(db);
    expect(listAudit(audit, 1)[0]).toMatchObject({
      action: 'delete',
      kind: 'session',
      deleted: 1 + observations + quotes,
    });
    expect(JSON.stringify(listAudit(audit, 1)[0])).not.toContain('S-001'); // counts, never codes
    audit.close();
  });

  test('one observation by session and visit; a study with everything under it, its findings too', async () => {
    const db = await sampleDb();
    expect((await run(['delete', 'observation', 'S-001', '2', '--db', db])).stdout).toBe(
      'deleted observation S-001 visit 2: 1 observation\n',
    );
    expect(
      count(db, "SELECT count(*) FROM observations o JOIN sessions s ON s.id = o.session_id WHERE s.code = 'S-001'"),
    ).toBe(8);
    const d = openDatabase(db);
    saveFinding(d, {
      finding: 'F-1',
      study: 'bijstand-2026-r1',
      steps: [],
      statement: 'x',
      status: 'open',
      evidence: ['Q-001'],
      observations: [],
      components: [],
    });
    const sessions = d
      .prepare(
        "SELECT count(*) FROM sessions s JOIN studies st ON st.id = s.study_id WHERE st.code = 'bijstand-2026-r1'",
      )
      .pluck()
      .get() as number;
    d.close();
    const r = await run(['delete', 'study', 'bijstand-2026-r1', '--db', db]);
    expect(r.stdout).toMatch(
      new RegExp(
        `^deleted study bijstand-2026-r1: 1 study, ${sessions} sessions, \\d+ observations, \\d+ quotes, 1 finding, 1 quote's place as evidence\\n$`,
      ),
    );
    expect(count(db, "SELECT count(*) FROM studies WHERE code = 'bijstand-2026-r1'")).toBe(0);
    expect(count(db, 'SELECT count(*) FROM findings')).toBe(0);
    expect(count(db, 'SELECT count(*) FROM sessions')).toBe(35 - sessions);
    expect((await run(['check', '--db', db])).code).toBe(0);
  });

  test('an unknown key is an error (exit 1) and a typo in the kind gets a suggestion (exit 2)', async () => {
    const db = await sampleDb();
    expect(await run(['delete', 'session', 'S-999', '--db', db])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('error: unknown session: S-999'),
    });
    expect(await run(['delete', 'sesion', 'S-001', '--db', db])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('did you mean session?'),
    });
    expect(await run(['delete', 'observation', 'S-001', '--db', db])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('expected: delete observation <session> <visit>'),
    });
  });

  test('on a terminal it asks for the key first; a wrong answer changes nothing', async () => {
    const db = await sampleDb();
    const io = captureIo();
    io.ask = async () => 'nee';
    const r = await run(['delete', 'quote', 'Q-001', '--db', db], io);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('stopped: nothing was changed');
    expect(count(db, "SELECT count(*) FROM quotes WHERE code = 'Q-001'")).toBe(1);
    const yes = captureIo();
    yes.ask = async () => 'q-001';
    expect((await run(['delete', 'quote', 'Q-001', '--db', db], yes)).code).toBe(0);
    expect(count(db, "SELECT count(*) FROM quotes WHERE code = 'Q-001'")).toBe(0);
  });
});

describe('drempel import --replace and --date-order', () => {
  test('--replace removes the visits a corrected file no longer holds, and says how many', async () => {
    const db = await sampleDb();
    const file = writeTemp(
      'o.csv',
      'session;step;visit;outcome\nS-001;melden;1;helped\nS-001;zoekperiode;2;completed\n',
    );
    const r = await run(['import', 'observations', file, '--replace', '--db', db]);
    expect(r.stdout).toContain('2 rows: 0 new, 0 updated, 2 unchanged, 7 removed (not in the file)');
    expect(
      count(db, "SELECT count(*) FROM observations o JOIN sessions s ON s.id = o.session_id WHERE s.code = 'S-001'"),
    ).toBe(2);
    // The file has no seconds column: the stored times stay (a shorter file never wipes a column).
    expect(
      count(
        db,
        "SELECT seconds FROM observations o JOIN sessions s ON s.id = o.session_id WHERE s.code = 'S-001' AND visit = 1",
      ),
    ).toBe(841);
    expect(await run(['import', 'sessions', file, '--replace', '--db', db])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--replace is for observations and quotes'),
    });
    expect(await run(['import', 'sessions', file, '--date-order', 'ymd', '--db', db])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('invalid --date-order: ymd (expected dmy or mdy)'),
    });
  });
});

describe('drempel quotes redact', () => {
  test('--dry-run shows the redacted text and changes nothing; then the text is stored redacted and audited', async () => {
    const db = await sampleDb();
    const d = openDatabase(db);
    d.prepare(
      "UPDATE quotes SET text = 'Bel me gerust op 06-12345678, vraag naar Jan de Vries.' WHERE code = 'Q-002'",
    ).run();
    d.close();
    const dry = await run(['quotes', 'redact', '--all-flagged', '--dry-run', '--db', db]);
    expect(dry.stdout).toContain('Q-002 (TELEFOON, NAAM): Bel me gerust op [TELEFOON], vraag naar [NAAM].');
    expect(dry.stdout).toContain('dry run: 1 quote would be stored as above');
    expect(count(db, "SELECT count(*) FROM quotes WHERE text LIKE '%12345678%'")).toBe(1);
    const r = await run(['quotes', 'redact', 'Q-002', '--db', db]);
    expect(r.stdout).toContain('redacted 1 quote');
    const after = openDatabase(db);
    expect(after.prepare("SELECT text FROM quotes WHERE code = 'Q-002'").pluck().get()).toBe(
      'Bel me gerust op [TELEFOON], vraag naar [NAAM].',
    );
    expect(listAudit(after, 1)[0]).toMatchObject({ action: 'redact', kind: 'quotes', updated: 1 });
    after.close();
    expect((await run(['quotes', 'redact', 'Q-002', '--db', db])).stdout).toBe(
      'Q-002: nothing that looks like personal data\n',
    );
  });
});

describe('drempel notes redact, and names as tags', () => {
  test('observation notes: --dry-run shows them, then they are stored redacted and audited; an unknown session is an error', async () => {
    const db = await sampleDb();
    const d = openDatabase(db);
    d.prepare(
      "UPDATE observations SET note = 'Buurvrouw belde 0612345678 voor haar' WHERE visit = 1 AND session_id = (SELECT id FROM sessions WHERE code = 'S-001')",
    ).run();
    d.close();
    const dry = await run(['notes', 'redact', '--all-flagged', '--dry-run', '--db', db]);
    expect(dry.stdout).toContain('S-001 visit 1 (TELEFOON): Buurvrouw belde [TELEFOON] voor haar');
    expect(dry.stdout).toContain('dry run: 1 note would be stored as above');
    expect(count(db, "SELECT count(*) FROM observations WHERE note LIKE '%0612345678%'")).toBe(1);
    expect((await run(['notes', 'redact', 'S-001', '--db', db])).stdout).toContain('redacted 1 note');
    expect(count(db, "SELECT count(*) FROM observations WHERE note LIKE '%0612345678%'")).toBe(0);
    expect(count(db, "SELECT count(*) FROM observations WHERE note = 'Buurvrouw belde [TELEFOON] voor haar'")).toBe(1);
    // The replaced number is not left readable in the file either (secure_delete, checkpoint).
    expect(readFileSync(db).includes(Buffer.from('0612345678'))).toBe(false);
    expect(await run(['notes', 'redact', 'S-999', '--db', db])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown session: S-999'),
    });
  });

  test("a researcher's session note with a phone number is redacted the same way, in the same command", async () => {
    const db = await sampleDb();
    expect((await run(['import', 'notes', join(sampleDir, 'notes.csv'), '--db', db])).code).toBe(0);
    const d = openDatabase(db);
    d.prepare("UPDATE session_notes SET text = 'Dochter belde mee: 0687654321' WHERE code = 'S-015-N01'").run();
    d.close();
    const dry = await run(['notes', 'redact', 'S-015', '--dry-run', '--db', db]);
    expect(dry.stdout).toContain('S-015 note S-015-N01 (TELEFOON): Dochter belde mee: [TELEFOON]');
    expect((await run(['notes', 'redact', 'S-015', '--db', db])).stdout).toContain('redacted 1 note');
    expect(count(db, "SELECT count(*) FROM session_notes WHERE text = 'Dochter belde mee: [TELEFOON]'")).toBe(1);
    expect(readFileSync(db).includes(Buffer.from('0687654321'))).toBe(false);
  });

  test('quotes redact takes off a tag that is a name; the tag leaves the codebook when no other quote has it', async () => {
    const db = await sampleDb();
    const file = writeTemp('q.csv', 'quote,session,text,tags\nQ-950,S-001,Dat was lastig,wachten|Jan de Vries\n');
    expect((await run(['import', 'quotes', file, '--db', db])).code).toBe(0);
    expect(count(db, "SELECT count(*) FROM tags WHERE name = 'Jan de Vries'")).toBe(1);
    const r = await run(['quotes', 'redact', 'Q-950', '--db', db]);
    expect(r.stdout).toContain('Q-950 (NAAM): Dat was lastig — 1 tag taken off');
    expect(count(db, "SELECT count(*) FROM tags WHERE name = 'Jan de Vries'")).toBe(0);
    expect(
      count(
        db,
        "SELECT count(*) FROM quote_tags qt JOIN quotes q ON q.id = qt.quote_id JOIN tags t ON t.id = qt.tag_id WHERE q.code = 'Q-950' AND t.name = 'wachten'",
      ),
    ).toBe(1);
  });
});

describe('the database file', () => {
  test('a database drempel creates is readable and writable by its owner only', async () => {
    const db = join(tempDir(), 'new.db');
    expect((await run(['init', '--db', db])).code).toBe(0);
    expect(statSync(db).mode & 0o777).toBe(0o600);
  });
});

describe('export for Excel and per study', () => {
  test('--excel writes ";" with a UTF-8 byte order mark; --study keeps one study\'s rows', async () => {
    const db = await sampleDb();
    const out = join(tempDir(), 'sessions.csv');
    expect(
      (await run(['export', 'sessions', '--excel', '--study', 'bijstand-2026-r2', '--out', out, '--db', db])).code,
    ).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\ufeffsession;study;participant;kind;date;researcher;mode\n')).toBe(true);
    const rows = text.trim().split('\n').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.split(';')[1] === 'bijstand-2026-r2')).toBe(true);
    const participants = await run(['export', 'participants', '--study', 'bijstand-2026-r2', '--db', db]);
    const expected = count(
      db,
      "SELECT count(DISTINCT participant_id) FROM sessions s JOIN studies st ON st.id = s.study_id WHERE st.code = 'bijstand-2026-r2'",
    );
    expect(participants.stdout.trim().split('\n')).toHaveLength(expected + 1);
    expect(await run(['export', 'sessions', '--study', 'r9', '--db', db])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown study: r9'),
    });
    expect((await run(['export', 'observation', '--db', db])).code).toBe(0); // the singular is understood
  });

  test('--excel writes decimals with a comma (Dutch Excel reads 2.5 as a date), and the file imports back unchanged', async () => {
    const db = await sampleDb();
    const d = openDatabase(db);
    d.prepare(
      "UPDATE observations SET wait_days = 2.5 WHERE visit = 1 AND session_id = (SELECT id FROM sessions WHERE code = 'S-001')",
    ).run();
    d.close();
    const out = join(tempDir(), 'observations.csv');
    expect((await run(['export', 'observations', '--excel', '--out', out, '--db', db])).code).toBe(0);
    const lines = readFileSync(out, 'utf8').split('\n');
    const header = lines[0].replace('\ufeff', '').split(';');
    const row = lines.find((l) => l.startsWith('S-001;') && l.split(';')[header.indexOf('visit')] === '1')!;
    expect(row.split(';')[header.indexOf('wait_days')]).toBe('2,5');
    const before = count(db, 'SELECT total(wait_days) FROM observations');
    const again = await run(['import', 'observations', out, '--db', db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/: 0 new, 0 updated, \d+ unchanged/);
    expect(count(db, 'SELECT total(wait_days) FROM observations')).toBe(before);
  });
});

describe('the smaller things', () => {
  test("--version prints package.json's version; a mistyped command gets a suggestion", async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(await run(['--version'])).toMatchObject({ code: 0, stdout: `drempel ${pkg.version}\n` });
    expect((await run(['imprt'])).stderr).toContain('hint: did you mean `drempel import`?');
    expect((await run(['template', 'observaton'])).stderr).toContain('did you mean observations?');
  });

  test('consent withdraw --dry-run counts and erases nothing', async () => {
    const db = await sampleDb();
    const r = await run(['consent', 'withdraw', 'P-001', '--dry-run', '--db', db]);
    expect(r.stdout).toBe(
      'dry run: withdrawing P-001 would erase 1 participant, 1 consent, 1 session, 9 observations, 1 quote, 0 notes, 0 tags, 0 log events\n',
    );
    expect(count(db, "SELECT count(*) FROM participants WHERE code = 'P-001'")).toBe(1);
  });

  test('the dry run counts what the withdrawal then erases, tags included', async () => {
    // P-016's quote is the only one with one tag: the dry run said "0 tags", the erasure "1 tag".
    const db = await sampleDb();
    const dry = (await run(['consent', 'withdraw', 'P-016', '--dry-run', '--db', db])).stdout;
    const said = /would erase (.*)\n/.exec(dry)![1];
    expect(said).toMatch(/, 1 tag,/);
    const io = captureIo();
    io.isTTY = false;
    const done = await main(['consent', 'withdraw', 'P-016', '--db', db], io);
    expect(done, io.stderr).toBe(0);
    expect(io.stdout).toContain(said);
  });

  test('participant export --format html: a Dutch page with the facts, escaped, without scripts', async () => {
    const db = await sampleDb();
    const d = openDatabase(db);
    d.prepare("UPDATE quotes SET text = '<script>alert(1)</script> wachten' WHERE code = 'Q-001'").run();
    d.close();
    const r = await run(['participant', 'export', 'P-001', '--format', 'html', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<html lang="nl">');
    expect(r.stdout).toContain('<h1>Uw gegevens in het onderzoek</h1>');
    expect(r.stdout).toContain('In het onderzoek heet u <strong>P-001</strong>');
    expect(r.stdout).toContain('13 maart 2026');
    expect(r.stdout).toContain(
      'Melden en inschrijven als werkzoekende</td><td>gelukt met hulp</td><td>14 minuten</td><td>3 van 7</td>',
    );
    expect(r.stdout).toContain('&lt;script&gt;alert(1)&lt;/script&gt; wachten');
    expect(r.stdout).not.toMatch(/<script|<link|src=/);
  });

  test('drempel audit lists what was done, newest first, with counts; --limit and --format are checked', async () => {
    const db = await sampleDb();
    expect((await run(['delete', 'quote', 'Q-001', '--db', db])).code).toBe(0);
    const r = await run(['audit', '--limit', '3', '--format', 'json', '--db', db]);
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout) as { action: string; kind: string; inserted: number; deleted: number }[];
    expect(entries.map((e) => [e.action, e.kind])).toEqual([
      ['delete', 'quote'],
      ['import', 'quotes'],
      ['import', 'observations'],
    ]);
    expect(entries[0].deleted).toBe(1);
    expect(entries[2].inserted).toBe(count(db, 'SELECT count(*) FROM observations'));
    const text = await run(['audit', '--db', db]);
    expect(text.stdout.split('\n')[0]).toMatch(/^at\s+action\s+kind\s+source\s+new\s+updated/);
    expect(await run(['audit', '--limit', '0', '--db', db])).toMatchObject({ code: 2 });
    expect(await run(['audit', '--format', 'csv', '--db', db])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('invalid format: csv (expected table or json)'),
    });
  });

  test("every command's --help explains its options", async () => {
    for (const name of [
      'init',
      'check',
      'priorities',
      'compare',
      'import',
      'export',
      'delete',
      'quotes',
      'consent',
      'purge',
      'backup',
      'participant',
      'audit',
      'notes',
    ]) {
      const r = await run([name, '--help']);
      expect(r.stdout.trim().split('\n').length, name).toBeGreaterThan(2);
    }
  });
});
