/**
 * Backup, restore and integrity checks of the research store.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Db } from './db';
import { DrempelError } from './errors';
import { latestVersion } from './migrations/index';

/** An online backup (SQLite's backup API): consistent even while others write. */
export async function backupTo(db: Db, file: string): Promise<{ pages: number }> {
  if (existsSync(file)) throw new DrempelError(`backup file exists: ${file}`, 'Choose a new file name; a backup never overwrites.');
  const result = await db.backup(file);
  return { pages: result.totalPages };
}

export interface CheckProblem {
  check: string;
  detail: string;
}

/** integrity_check, foreign_key_check and drempel's own invariants. */
export function checkDatabase(db: Db): CheckProblem[] {
  const problems: CheckProblem[] = [];
  for (const r of db.pragma('integrity_check') as { integrity_check: string }[]) {
    if (r.integrity_check !== 'ok') problems.push({ check: 'integrity_check', detail: r.integrity_check });
  }
  for (const r of db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]) {
    problems.push({ check: 'foreign_key_check', detail: `${r.table} row ${r.rowid} points at a missing ${r.parent}` });
  }
  const invariants: [string, string][] = [
    ['observation step in the studied version', `SELECT s.code || ' visit ' || o.visit FROM observations o JOIN sessions s ON s.id = o.session_id JOIN studies st ON st.id = s.study_id JOIN steps sp ON sp.id = o.step_id WHERE sp.version_id != st.version_id`],
    ['quote step in the studied version', `SELECT q.code FROM quotes q JOIN sessions s ON s.id = q.session_id JOIN studies st ON st.id = s.study_id JOIN steps sp ON sp.id = q.step_id WHERE sp.version_id != st.version_id`],
    ['withdrawn consent not yet erased', `SELECT p.code FROM participants p JOIN consents c ON c.participant_id = p.id WHERE c.withdrawn_on IS NOT NULL`],
    ['session without analysis consent', `SELECT s.code FROM sessions s WHERE s.participant_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.participant_id = s.participant_id AND c.analysis = 1 AND c.given_on <= s.date)`],
    ['handoff_to actor in the studied version', `SELECT s.code || ' visit ' || o.visit FROM observations o JOIN sessions s ON s.id = o.session_id JOIN studies st ON st.id = s.study_id JOIN actors a ON a.id = o.handoff_to WHERE a.version_id != st.version_id`],
  ];
  for (const [check, sql] of invariants) {
    for (const key of db.prepare(sql).pluck().all() as string[]) problems.push({ check, detail: key });
  }
  return problems;
}

/**
 * Replace the database at `target` with the backup `file`: the backup is checked first, copied
 * beside the target, then renamed over it, so a failure leaves the old database in place.
 * Stop other drempel processes using the database first.
 */
export async function restoreFrom(file: string, target: string): Promise<void> {
  if (!existsSync(file)) throw new DrempelError(`backup file not found: ${file}`);
  let source: Database.Database;
  try {
    source = new Database(file, { readonly: true, fileMustExist: true });
    source.pragma('schema_version');
  } catch {
    throw new DrempelError(`${file} is not a SQLite database`);
  }
  try {
    const version = source.pragma('user_version', { simple: true }) as number;
    if (version < 1 || version > latestVersion) throw new DrempelError(`${file} is not a drempel database this version can restore (schema version ${version})`);
    const problems = checkDatabase(source).filter((p) => p.check === 'integrity_check' || p.check === 'foreign_key_check');
    if (problems.length) throw new DrempelError(`${file} fails its integrity check: ${problems[0].detail}`);
    const temp = `${target}.restoring`;
    rmSync(temp, { force: true });
    await source.backup(temp);
    for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
    renameSync(temp, target);
  } finally {
    source.close();
  }
}
