import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { openDatabase } from '../../research/db';
import { MigrationError } from '../../research/errors';
import { latestVersion, migrate, migrations, pending, schemaVersion } from '../../research/migrations/index';
import { join } from 'node:path';
import { tempDir } from '../helpers';

describe('migrations', () => {
  test('registry versions start at 1 and go up by one', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    for (const m of migrations) expect(m.name).toMatch(new RegExp(`^${String(m.version).padStart(4, '0')}-[a-z-]+$`));
  });

  test('migrate(emptyDb) yields the checked-in schema snapshot', async () => {
    const db = new Database(':memory:');
    migrate(db);
    const schema = (
      db.prepare('SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY type, name').pluck().all() as string[]
    )
      .map((s) => s.replace(/\n\s*/g, '\n  ').trim() + ';')
      .join('\n\n');
    await expect(schema + '\n').toMatchFileSnapshot('../../research/schema.sql');
    expect(schemaVersion(db)).toBe(latestVersion);
  });

  test('migrate() is a no-op on a migrated database', () => {
    const db = new Database(':memory:');
    expect(migrate(db).length).toBe(migrations.length);
    expect(migrate(db)).toEqual([]);
    expect(pending(db)).toEqual([]);
  });

  test('a database from a newer drempel is refused', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${latestVersion + 1}`);
    expect(() => migrate(db)).toThrow(MigrationError);
  });

  test('openDatabase() sets WAL, foreign keys and a busy timeout on a real file', () => {
    const db = openDatabase(join(tempDir(), 'x.db'), { create: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    const strict = db
      // Every table the store defines; the search index's FTS5 tables (virtual, and their shadow
      // tables) are SQLite's own format.
      .prepare(
        "SELECT count(*) FROM pragma_table_list l JOIN sqlite_schema m ON m.name = l.name WHERE l.schema = 'main' AND l.type = 'table' AND m.sql NOT LIKE '%STRICT%'",
      )
      .pluck()
      .get();
    expect(strict).toBe(0);
  });

  test('the audit log is append-only', () => {
    const db = openDatabase(':memory:');
    db.prepare("INSERT INTO audit_log (at, action) VALUES ('2026-01-01', 'import')").run();
    expect(() => db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  test('no table has a column for a name, address, BSN, phone or e-mail', () => {
    const db = openDatabase(':memory:');
    const columns = db
      .prepare(
        "SELECT m.name AS tbl, p.name AS col FROM sqlite_schema m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'",
      )
      .all() as { tbl: string; col: string }[];
    const personal = columns.filter((c) =>
      /^(first_?name|last_?name|full_?name|naam|address|adres|bsn|phone|telefoon|e_?mail|postcode|birth)/.test(c.col),
    );
    expect(personal).toEqual([]);
    expect(columns.filter((c) => c.tbl === 'participants').map((c) => c.col)).toEqual([
      'id',
      'code',
      'age_band',
      'household',
      'digital_skills',
      'language',
    ]);
  });
});
