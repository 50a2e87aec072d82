import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadProceduresOrThrow } from '../../procedures/load';
import { openDatabase } from '../../research/db';
import { syncProcedure, versionLookup } from '../../research/repositories/procedures';
import { importCsv } from '../../research/csv/import';
import { DrempelError } from '../../research/errors';
import { fixedNow, root, tempDir, writeTemp } from '../helpers';

const fixture = join(root, 'tests/fixtures/procedures');

function copyFixture(): string {
  const dir = join(tempDir(), 'procedures');
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

describe('syncProcedure()', () => {
  test('is idempotent: a second sync reports unchanged and changes no row', () => {
    const db = openDatabase(':memory:');
    const [p] = loadProceduresOrThrow(fixture);
    expect(syncProcedure(db, p, fixedNow).status).toBe('created');
    const steps = db.prepare('SELECT * FROM steps ORDER BY id').all();
    expect(syncProcedure(db, p, fixedNow).status).toBe('unchanged');
    expect(db.prepare('SELECT * FROM steps ORDER BY id').all()).toEqual(steps);
  });

  test('a changed file with the same version updates in place and keeps step ids', () => {
    const db = openDatabase(':memory:');
    const dir = copyFixture();
    syncProcedure(db, loadProceduresOrThrow(dir)[0], fixedNow);
    const before = versionLookup(db, 1).steps.bySlug;
    const file = join(dir, 'mini/procedure.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: Intake,', 'title: Intakegesprek,'));
    expect(syncProcedure(db, loadProceduresOrThrow(dir)[0], fixedNow).status).toBe('updated');
    expect(versionLookup(db, 1).steps.bySlug).toEqual(before);
    expect(versionLookup(db, 1).steps.byName.get('intakegesprek')).toEqual({
      slug: 'intake',
      id: before.get('intake'),
    });
    expect(db.prepare("SELECT title FROM steps WHERE slug = 'intake'").pluck().get()).toBe('Intakegesprek');
  });

  test('a new version is added beside the old one; observations keep pointing at the studied version', async () => {
    const db = openDatabase(join(tempDir(), 'v.db'), { create: true });
    const dir = copyFixture();
    syncProcedure(db, loadProceduresOrThrow(dir)[0], fixedNow);
    await importCsv(
      db,
      'studies',
      writeTemp('s.csv', 'study,title,procedure,version,round,started_on\nr1,Ronde 1,mini,1,1,2026-02-01\n'),
      { now: fixedNow },
    );
    await importCsv(db, 'sessions', writeTemp('x.csv', 'session,study,kind,date\nS-1,r1,roleplay,2026-02-02\n'), {
      now: fixedNow,
    });
    await importCsv(db, 'observations', writeTemp('o.csv', 'session,step,outcome\nS-1,intake,completed\n'), {
      now: fixedNow,
    });
    const file = join(dir, 'mini/procedure.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('version: "1"', 'version: "2"')
        .replace('valid_from: 2026-01-01', 'valid_from: 2026-06-01'),
    );
    expect(syncProcedure(db, loadProceduresOrThrow(dir)[0], fixedNow)).toEqual({
      procedure: 'mini',
      version: '2',
      status: 'created',
    });
    expect(db.prepare('SELECT version FROM procedure_versions ORDER BY id').pluck().all()).toEqual(['1', '2']);
    const studied = db
      .prepare(
        'SELECT v.version FROM observations o JOIN steps s ON s.id = o.step_id JOIN procedure_versions v ON v.id = s.version_id',
      )
      .pluck()
      .get();
    expect(studied).toBe('1');
  });

  test('removing a step that observations point at is refused, and nothing changes', async () => {
    const db = openDatabase(join(tempDir(), 'v.db'), { create: true });
    const dir = copyFixture();
    syncProcedure(db, loadProceduresOrThrow(dir)[0], fixedNow);
    await importCsv(
      db,
      'studies',
      writeTemp('s.csv', 'study,title,procedure,round,started_on\nr1,Ronde 1,mini,1,2026-02-01\n'),
      { now: fixedNow },
    );
    await importCsv(db, 'sessions', writeTemp('x.csv', 'session,study,kind,date\nS-1,r1,roleplay,2026-02-02\n'), {
      now: fixedNow,
    });
    await importCsv(db, 'observations', writeTemp('o.csv', 'session,step,outcome\nS-1,besluit,completed\n'), {
      now: fixedNow,
    });
    const file = join(dir, 'mini/procedure.yaml');
    const text = readFileSync(file, 'utf8')
      .replace(/ {2}- \{ slug: besluit.*\n/, '')
      .replace(/ {2}- \{ from: intake, to: besluit.*\n/, '');
    writeFileSync(file, text.replace('steps: [besluit]', 'steps: [intake]'));
    writeFileSync(
      join(dir, 'mini/limits/termijn.md'),
      readFileSync(join(dir, 'mini/limits/termijn.md'), 'utf8').replace('steps: [besluit]', 'steps: [intake]'),
    );
    const steps = db.prepare('SELECT slug FROM steps ORDER BY id').pluck().all();
    expect(() => syncProcedure(db, loadProceduresOrThrow(dir)[0], fixedNow)).toThrow(DrempelError);
    expect(db.prepare('SELECT slug FROM steps ORDER BY id').pluck().all()).toEqual(steps);
  });
});
