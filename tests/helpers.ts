/** Builders shared by tests: a migrated database, temporary files, captured CLI output. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadProceduresOrThrow } from '../procedures/load';
import { importCsv } from '../research/csv/import';
import { kindNames } from '../research/csv/kinds/index';
import { openDatabase, setToday, type Db } from '../research/db';
import { syncProcedure } from '../research/repositories/procedures';
import type { Io } from '../scripts/cli/io';
import { sampleFile } from '../scripts/cli/demo';
import { main } from '../scripts/cli/main';

export const root = resolve(import.meta.dirname, '..');
export const proceduresDir = join(root, 'procedures');
export const sampleDir = join(root, 'scripts/sample/data');
export const fixedNow = '2026-11-28T12:00:00.000Z';

export function tempDir(prefix = 'drempel-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A fresh database file (real SQLite, WAL) with the shipped procedures synced. */
export function makeDb(path = join(tempDir(), 'test.db')): Db {
  const db = openDatabase(path, { create: true });
  setToday(db, fixedNow);
  for (const p of loadProceduresOrThrow(proceduresDir)) syncProcedure(db, p, fixedNow);
  return db;
}

/** makeDb plus the kinds of the sample study (and the team's findings and fixes) up to (not including) `until`. */
export async function makeSampleDb(until?: (typeof kindNames)[number]): Promise<Db> {
  const db = makeDb();
  for (const kind of kindNames) {
    if (kind === until) break;
    await importCsv(db, kind, sampleFile(kind), { now: fixedNow });
  }
  return db;
}

/** Write a file into a fresh temporary folder; returns its path. */
export function writeTemp(name: string, content: string | Buffer): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

/** Every row of every table, for "the database is exactly as it was" assertions. */
export function dump(db: Db): Record<string, unknown[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => [t, (db.prepare(`SELECT * FROM ${t}`).all() as object[]).map((r) => JSON.stringify(r)).sort()]),
  );
}

export interface CapturedIo extends Io {
  stdout: string;
  stderr: string;
}

export function captureIo(env: NodeJS.ProcessEnv = {}): CapturedIo {
  const io: CapturedIo = {
    stdout: '',
    stderr: '',
    out: (t) => void (io.stdout += t),
    err: (t) => void (io.stderr += t),
    isTTY: false,
    now: () => fixedNow,
    env,
  };
  return io;
}

/** Run the CLI in this process, as the `drempel` binary would: its exit code and what it printed. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = captureIo(env);
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}
