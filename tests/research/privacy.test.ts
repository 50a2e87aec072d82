import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importCsv } from '../../research/csv/import';
import { backupTo, checkDatabase, restoreFrom } from '../../research/maintenance';
import { openDatabase } from '../../research/db';
import { evidenceQuotes } from '../../research/repositories/quotes';
import {
  expiredParticipants,
  participantRecord,
  purgeExpired,
  withdrawConsent,
} from '../../research/repositories/participants';
import { listStudies } from '../../research/repositories/scoring';
import { fixedNow, makeDb, makeSampleDb, tempDir, writeTemp } from '../helpers';

const r1 = (db: Awaited<ReturnType<typeof makeSampleDb>>) =>
  listStudies(db).find((s) => s.study === 'bijstand-2026-r1')!.id;

describe('consent governs quotes', () => {
  test('public quotes need quote_public consent; internal ones quote_internal; role-play quotes are internal only', async () => {
    const db = await makeSampleDb();
    const noPublic = db
      .prepare('SELECT p.code FROM consents c JOIN participants p ON p.id = c.participant_id WHERE c.quote_public = 0')
      .pluck()
      .all() as string[];
    expect(noPublic.length).toBeGreaterThan(0);
    const sessionsOf = (codes: string[]) =>
      db
        .prepare(
          `SELECT s.code FROM sessions s JOIN participants p ON p.id = s.participant_id WHERE p.code IN (${codes.map(() => '?').join(',')})`,
        )
        .pluck()
        .all(...codes) as string[];
    const hidden = new Set(sessionsOf(noPublic));
    const pub = evidenceQuotes(db, r1(db), 'quote_public');
    const internal = evidenceQuotes(db, r1(db), 'quote_internal');
    expect(pub.some((q) => hidden.has(q.session))).toBe(false);
    expect(internal.some((q) => hidden.has(q.session))).toBe(true);
    expect(pub.some((q) => q.kind === 'roleplay')).toBe(false);
    expect(internal.some((q) => q.kind === 'roleplay')).toBe(true);
    db.prepare(
      'UPDATE consents SET quote_internal = 0 WHERE participant_id = (SELECT participant_id FROM sessions WHERE code = ?)',
    ).run(internal.find((q) => q.kind !== 'roleplay')!.session);
    expect(evidenceQuotes(db, r1(db), 'quote_internal').length).toBeLessThan(internal.length);
  });
});

describe('withdrawal, retention and access', () => {
  test('withdrawConsent() erases sessions, observations and quotes in one go; the audit entry holds counts only', async () => {
    const db = await makeSampleDb();
    const record = participantRecord(db, 'P-001') as { sessions: { observations: unknown[]; quotes: unknown[] }[] };
    const counts = withdrawConsent(db, 'P-001', fixedNow);
    expect(counts).toMatchObject({
      participants: 1,
      sessions: record.sessions.length,
      observations: record.sessions[0].observations.length,
      quotes: record.sessions[0].quotes.length,
    });
    expect(db.prepare("SELECT count(*) FROM participants WHERE code = 'P-001'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sessions WHERE code = 'S-001'").pluck().get()).toBe(0);
    const audit = db.prepare("SELECT * FROM audit_log WHERE action = 'erase'").get() as Record<string, unknown>;
    expect(JSON.stringify(audit)).not.toMatch(/P-001|S-001/);
    expect(audit.detail).toMatch(
      /^consent withdrawn: 1 consents, 1 sessions, \d+ observations, \d+ quotes, \d+ notes, \d+ tags, \d+ log events$/,
    );
    expect(checkDatabase(db)).toEqual([]);
  });

  test('erased text does not stay readable in the database file', async () => {
    const db = await makeSampleDb();
    const quote = db
      .prepare(
        "SELECT q.text FROM quotes q JOIN sessions s ON s.id = q.session_id JOIN participants p ON p.id = s.participant_id WHERE p.code = 'P-005'",
      )
      .pluck()
      .get() as string | undefined;
    const code = quote ? 'P-005' : 'P-002';
    db.prepare(
      "UPDATE sessions SET researcher = 'zeldzaam-merkteken-xyz' WHERE participant_id = (SELECT id FROM participants WHERE code = ?)",
    ).run(code);
    db.pragma('wal_checkpoint(TRUNCATE)');
    withdrawConsent(db, code, fixedNow);
    db.close();
    expect(readFileSync(db.name).includes(Buffer.from('zeldzaam-merkteken-xyz'))).toBe(false);
  });

  test('text a correction replaced is not left readable in the file after the erasure', async () => {
    // As a helper found it on a fresh clone: a note with a name and a phone number, corrected by
    // a second import, then the participant withdraws. Without secure_delete on every connection
    // the corrected text stayed in a free page of the file and survived the erasure.
    const db = makeDb();
    const load = (kind: Parameters<typeof importCsv>[1], text: string) =>
      importCsv(db, kind, writeTemp(`${kind}.csv`, text), { now: fixedNow });
    await load(
      'studies',
      'study;title;procedure;round;started_on;ended_on\nrs-r3;Repro;bijstand;1;1-9-2026;30-9-2026\n',
    );
    await load('participants', 'participant;household\nP-501;alleenstaand\n');
    await load(
      'consents',
      'participant;given_on;analysis;quote_internal;quote_public;recording\nP-501;1-9-2026;ja;ja;nee;ja\n',
    );
    await load('sessions', 'session;study;participant;kind;date\nS-501;rs-r3;P-501;doorloop;3-9-2026\n');
    const header = 'session,step,visit,outcome,note';
    await load(
      'observations',
      `${header}\nS-501,melden,1,gelukt,\nS-501,aanvraag,2,gelukt,Mevrouw Sanne Bakker IBAN NL91ABNA0417164300\nS-501,controle,3,gelukt,Zijn vrouw Annelies Visser hielp via 0687654321\n`,
    );
    await load('observations', `${header}\nS-501,aanvraag,2,gelukt,\nS-501,controle,3,gelukt,hulp van familielid\n`);
    withdrawConsent(db, 'P-501', fixedNow);
    db.close();
    for (const suffix of ['', '-wal']) {
      const file = db.name + suffix;
      const bytes = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
      for (const needle of ['Annelies', '0687654321', 'Sanne Bakker', 'NL91ABNA'])
        expect(bytes.includes(Buffer.from(needle)), `${needle} in ${file}`).toBe(false);
    }
  });

  test('purgeExpired() applies retain_until, and only when every consent has ended', async () => {
    const db = await makeSampleDb();
    db.prepare(
      "UPDATE consents SET retain_until = '2026-06-30' WHERE participant_id IN (SELECT id FROM participants WHERE code IN ('P-001', 'P-002'))",
    ).run();
    db.prepare(
      "INSERT INTO consents (participant_id, given_on, analysis, quote_internal, quote_public, recording, retain_until) SELECT id, '2026-05-01', 1, 1, 0, 0, '2030-01-01' FROM participants WHERE code = 'P-002'",
    ).run();
    expect(expiredParticipants(db, '2026-07-01')).toEqual(['P-001']);
    expect(purgeExpired(db, '2026-07-01', fixedNow).participants).toBe(1);
    expect(expiredParticipants(db, '2026-07-01')).toEqual([]);
  });

  test('participantRecord() returns everything held about one participant', async () => {
    const db = await makeSampleDb();
    const r = participantRecord(db, 'P-001') as Record<string, any>;
    expect(r.participant.participant).toBe('P-001');
    expect(r.consents).toHaveLength(1);
    expect(r.sessions[0].observations.length).toBeGreaterThan(0);
    expect(Object.keys(r.sessions[0])).toEqual([
      'session',
      'study',
      'study_title',
      'kind',
      'date',
      'researcher',
      'mode',
      'observations',
      'quotes',
      'notes',
    ]);
    // An interview's researcher notes are part of what is held about the resident.
    const interviewed = participantRecord(db, 'P-015') as Record<string, any>;
    expect(interviewed.sessions[0].notes.map((n: { note: string }) => n.note)).toEqual(['S-015-N01', 'S-015-N02']);
  });
});

describe('backup, restore and check', () => {
  test('an online backup restores to the same content; a bad file is refused', async () => {
    const db = await makeSampleDb();
    const file = join(tempDir(), 'backup.db');
    await backupTo(db, file);
    await expect(backupTo(db, file)).rejects.toThrow('backup file exists');
    const count = db.prepare('SELECT count(*) FROM observations').pluck().get();
    db.prepare('DELETE FROM observations').run();
    const target = db.name;
    db.close();
    await restoreFrom(file, target, fixedNow);
    const back = openDatabase(target);
    expect(back.prepare('SELECT count(*) FROM observations').pluck().get()).toBe(count);
    expect(checkDatabase(back)).toEqual([]);
    const junk = join(tempDir(), 'junk.db');
    writeFileSync(junk, 'not a database at all, just text');
    await expect(restoreFrom(junk, target, fixedNow)).rejects.toThrow('is not a SQLite database');
  });

  test('the database lost after an erasure: the ledger beside it still erases the person again; without it, restore asks for --new', async () => {
    const db = await makeSampleDb();
    const dir = tempDir();
    const backup = join(dir, 'backup.db');
    await backupTo(db, backup);
    withdrawConsent(db, 'P-004', fixedNow);
    const target = db.name;
    db.close();
    expect(readFileSync(`${target}.erasures`, 'utf8')).not.toContain('P-004'); // a keyed hash, never the code
    for (const suffix of ['', '-wal', '-shm']) rmSync(target + suffix, { force: true }); // the disk died, the ledger file survived
    expect(await restoreFrom(backup, target, fixedNow)).toEqual({ erasedAgain: 1 });
    const back = openDatabase(target);
    expect(back.prepare("SELECT count(*) FROM participants WHERE code = 'P-004'").pluck().get()).toBe(0);
    back.close();
    const elsewhere = join(dir, 'nowhere', 'new.db');
    await expect(restoreFrom(backup, elsewhere, fixedNow)).rejects.toThrow(/no erasure ledger beside it/);
    expect(await restoreFrom(backup, join(dir, 'new.db'), fixedNow, { allowNew: true })).toEqual({ erasedAgain: 0 });
  });

  test('checkDatabase() reports a broken invariant', async () => {
    const db = await makeSampleDb();
    db.prepare(
      "UPDATE consents SET withdrawn_on = '2026-05-01' WHERE participant_id = (SELECT id FROM participants WHERE code = 'P-003')",
    ).run();
    expect(checkDatabase(db)).toEqual([{ check: 'withdrawn consent not yet erased', detail: 'P-003' }]);
  });
});

describe('withdrawal reaches the site', () => {
  test('after a withdrawal the gate publishes nothing derived from that participant alone', async () => {
    const { publish } = await import('../../scripts/app/gate/gate');
    const { loadProceduresOrThrow } = await import('../../procedures/load');
    const db = await makeSampleDb();
    const procedures = loadProceduresOrThrow();
    const code = db
      .prepare(
        "SELECT p.code FROM quotes q JOIN sessions s ON s.id = q.session_id JOIN participants p ON p.id = s.participant_id JOIN consents c ON c.participant_id = p.id JOIN studies st ON st.id = s.study_id WHERE c.quote_public = 1 AND st.code = 'bijstand-2026-r2' AND q.step_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM quotes q2 WHERE q2.text = q.text AND q2.id != q.id) LIMIT 1",
      )
      .pluck()
      .get() as string;
    const texts = db
      .prepare(
        'SELECT q.text FROM quotes q JOIN sessions s ON s.id = q.session_id JOIN participants p ON p.id = s.participant_id WHERE p.code = ?',
      )
      .pluck()
      .all(code) as string[];
    const quotesOf = () =>
      publish(db, procedures, { audience: 'team', now: fixedNow }).procedures.flatMap((p) =>
        p.steps.flatMap((s) => s.quotes.map((q) => q.text)),
      );
    const before = quotesOf();
    expect(texts.some((t) => before.includes(t))).toBe(true);
    const residentsBefore = publish(db, procedures, { audience: 'team', now: fixedNow }).procedures[0].study!
      .residents!;
    withdrawConsent(db, code, fixedNow);
    const after = publish(db, procedures, { audience: 'team', now: fixedNow });
    // Other residents may have said the same words (the page shows those words once, theirs);
    // what only this participant said is gone, and nothing new appears.
    const unique = texts.filter(
      (t) => (db.prepare('SELECT count(*) FROM quotes WHERE text = ?').pluck().get(t) as number) === 1,
    );
    expect(unique.some((t) => before.includes(t))).toBe(true);
    const afterTexts = after.procedures.flatMap((p) => p.steps.flatMap((s) => s.quotes.map((q) => q.text)));
    for (const t of unique) expect(afterTexts).not.toContain(t);
    for (const t of afterTexts) expect(before).toContain(t);
    expect(after.procedures[0].study!.residents).toBe(residentsBefore - 1);
  });
});
