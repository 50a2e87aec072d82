/**
 * Benchmark: import N observation rows from CSV with full validation, against sqlite3's own
 * `.import` of the same file into a table of the same shape, timed in the same run.
 * Target (issue 2): at most 3× the sqlite3 time, peak RSS under 500 MB.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadProceduresOrThrow } from '../../procedures/load';
import { importCsv } from '../../research/csv/import';
import { openDatabase } from '../../research/db';
import { syncProcedure } from '../../research/repositories/procedures';
import type { Io } from '../cli/io';
import { generateSample } from '../sample/generate';

const sqliteShape = `CREATE TABLE observations (session TEXT NOT NULL, step TEXT NOT NULL, visit INTEGER, outcome TEXT NOT NULL,
  seconds REAL, errors INTEGER, ease INTEGER, retold INTEGER, handoffs INTEGER, handoff_to TEXT, wait_days REAL, channel TEXT,
  channel_switches INTEGER, blocked_by TEXT, note TEXT, UNIQUE (session, visit));`;

function time(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

export async function benchImport(io: Io, observations: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'drempel-bench-'));
  try {
    io.out(`import benchmark: ${observations.toLocaleString('en')} observation rows\n`);
    await generateSample({ out: dir, observations });
    const file = join(dir, 'observations.csv');
    const mb = statSync(file).size / (1 << 20);

    const dbPath = join(dir, 'bench.db');
    const db = openDatabase(dbPath, { create: true });
    for (const p of loadProceduresOrThrow()) syncProcedure(db, p, new Date().toISOString());
    for (const kind of ['studies', 'participants', 'consents', 'sessions'] as const)
      await importCsv(db, kind, join(dir, `${kind}.csv`));
    db.close();

    const reference = join(dir, 'reference.db');
    execFileSync('sqlite3', [reference, 'PRAGMA journal_mode=WAL;', sqliteShape]);
    const sqliteSeconds = time(() =>
      execFileSync('sqlite3', [reference, `.import --csv --skip 1 ${file} observations`]),
    );

    const child = execFileSync(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), resolve(import.meta.dirname, 'import-child.ts'), dbPath, file],
      { encoding: 'utf8' },
    );
    const ours = JSON.parse(child.trim().split('\n').pop()!) as { seconds: number; rows: number; maxRssMb: number };
    const result = {
      rows: ours.rows,
      fileMb: mb,
      seconds: ours.seconds,
      rowsPerSecond: ours.rows / ours.seconds,
      sqliteSeconds,
      ratio: ours.seconds / sqliteSeconds,
      peakRssMb: ours.maxRssMb,
    };
    io.out(
      `  file ${mb.toFixed(1)} MB; drempel import ${ours.seconds.toFixed(2)} s (${Math.round(result.rowsPerSecond).toLocaleString('en')} rows/s, full validation)\n` +
        `  sqlite3 .import ${sqliteSeconds.toFixed(2)} s (no validation)\n` +
        `  ratio ${result.ratio.toFixed(2)}× (target ≤ 3×); peak RSS ${ours.maxRssMb.toFixed(0)} MB (target < 500 MB)\n`,
    );
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
