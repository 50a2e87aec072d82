/**
 * Backup, restore and integrity checks of the research store.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { consentHolds } from './consent-sql';
import { isDrempelDatabase, isSqliteFile, openDatabase, type Db } from './db';
import { DrempelError } from './errors';
import { latestVersion } from './migrations/index';
import { appendAudit } from './repositories/audit';
import { completeLedgerFile, ledgerFileOf, readLedgerFile, type LedgerLine } from './ledger-file';
import { erasedButPresent, eraseParticipants } from './repositories/participants';
import { messageOf } from '../procedures/errors';

/** An online backup (SQLite's backup API): consistent even while others write. A damaged database is not copied. */
export async function backupTo(db: Db, file: string): Promise<{ pages: number }> {
  if (existsSync(file))
    throw new DrempelError(`backup file exists: ${file}`, 'Choose a new file name; a backup never overwrites.');
  let ok: unknown;
  try {
    ok = db.pragma('quick_check', { simple: true });
  } catch (e) {
    ok = messageOf(e);
  }
  if (ok !== 'ok')
    throw new DrempelError(
      `the database fails its integrity check (${String(ok).slice(0, 80)}): a backup would copy the damage`,
      'Restore the last good backup with `drempel restore`, or run `drempel check`.',
    );
  const result = await db.backup(file);
  return { pages: result.totalPages };
}

export interface CheckProblem {
  check: string;
  detail: string;
  /** A warning is worth a look but not a broken database (a session dated outside its study). */
  warning?: boolean;
}

/** integrity_check, foreign_key_check and drempel's own invariants. */
export function checkDatabase(db: Db): CheckProblem[] {
  const problems: CheckProblem[] = [];
  try {
    for (const r of db.pragma('integrity_check') as { integrity_check: string }[]) {
      if (r.integrity_check !== 'ok') problems.push({ check: 'integrity_check', detail: r.integrity_check });
    }
    for (const r of db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]) {
      problems.push({
        check: 'foreign_key_check',
        detail: `${r.table} row ${r.rowid} points at a missing ${r.parent}`,
      });
    }
  } catch (e) {
    // A damaged file can make the checks themselves fail: that is the finding, reported as one.
    problems.push({ check: 'integrity_check', detail: `the database is damaged: ${messageOf(e)}` });
    return problems;
  }
  const invariants: [string, string][] = [
    [
      'observation step in the studied version',
      `SELECT s.code || ' visit ' || o.visit FROM observations o JOIN sessions s ON s.id = o.session_id JOIN studies st ON st.id = s.study_id JOIN steps sp ON sp.id = o.step_id WHERE sp.version_id != st.version_id`,
    ],
    [
      'quote step in the studied version',
      `SELECT q.code FROM quotes q JOIN sessions s ON s.id = q.session_id JOIN studies st ON st.id = s.study_id JOIN steps sp ON sp.id = q.step_id WHERE sp.version_id != st.version_id`,
    ],
    [
      'withdrawn consent not yet erased',
      `SELECT p.code FROM participants p JOIN consents c ON c.participant_id = p.id WHERE c.withdrawn_on IS NOT NULL`,
    ],
    [
      'session without analysis consent on its date',
      `SELECT s.code FROM sessions s WHERE s.participant_id IS NOT NULL AND NOT ${consentHolds('s.participant_id', 's.date', ['analysis'])}`,
    ],
    [
      'handoff_to actor in the studied version',
      `SELECT s.code || ' visit ' || o.visit FROM observations o JOIN sessions s ON s.id = o.session_id JOIN studies st ON st.id = s.study_id JOIN actors a ON a.id = o.handoff_to WHERE a.version_id != st.version_id`,
    ],
  ];
  for (const [check, sql] of invariants) {
    for (const key of db.prepare<unknown[], string>(sql).pluck().all()) problems.push({ check, detail: key });
  }
  const outside = `SELECT s.code || ' on ' || s.date || ' (study ' || st.code || ': ' || st.started_on || ' to ' || coalesce(st.ended_on, 'open') || ')'
    FROM sessions s JOIN studies st ON st.id = s.study_id WHERE s.date < st.started_on OR s.date > st.ended_on ORDER BY s.code`;
  for (const detail of db.prepare<unknown[], string>(outside).pluck().all())
    problems.push({ check: 'session outside its study', detail, warning: true });
  for (const p of erasedButPresent(db)) {
    // The code itself is not printed: the ledger says this person asked to be forgotten.
    problems.push({
      check: 'erased participant present',
      detail: `a participant erased on ${p.erasedAt.slice(0, 10)} is in the database again (erase with \`drempel restore\` or \`consent withdraw\`)`,
    });
  }
  return problems;
}

/** Open a backup file read-only, with one clear error for anything that is not a drempel backup. */
function openBackup(file: string): Database.Database {
  if (!existsSync(file)) throw new DrempelError(`backup file not found: ${file}`);
  if (!isSqliteFile(file)) throw new DrempelError(`${file} is not a SQLite database, so not a drempel backup`);
  if (!isDrempelDatabase(file)) throw new DrempelError(`${file} is a SQLite database, but not a drempel backup`);
  let source: Database.Database;
  try {
    source = new Database(file, { readonly: true, fileMustExist: true });
    source.pragma('schema_version');
  } catch (e) {
    throw new DrempelError(`${file} cannot be read as a SQLite database: ${messageOf(e)}`);
  }
  const version = source.pragma('user_version', { simple: true }) as number;
  if (version < 1 || version > latestVersion) {
    source.close();
    throw new DrempelError(`${file} is not a drempel database this version can restore (schema version ${version})`);
  }
  let problems: CheckProblem[];
  try {
    problems = (source.pragma('integrity_check') as { integrity_check: string }[])
      .filter((r) => r.integrity_check !== 'ok')
      .map((r) => ({ check: 'integrity_check', detail: r.integrity_check }));
  } catch (e) {
    problems = [{ check: 'integrity_check', detail: messageOf(e) }];
  }
  if (problems.length) {
    source.close();
    throw new DrempelError(`${file} fails its integrity check: ${problems[0].detail}`, 'Choose another backup.');
  }
  return source;
}

interface AuditRow {
  at: string;
  action: string;
  kind: string | null;
  source: string | null;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  detail: string | null;
}

const auditKey = (r: AuditRow) =>
  JSON.stringify([r.at, r.action, r.kind, r.source, r.inserted, r.updated, r.unchanged, r.deleted, r.detail]);

/** The ledger lines of the file beside the database into the restored copy's ledger. */
function carryLedgerFile(lines: LedgerLine[], restored: Db): void {
  const addKey = restored.prepare('INSERT INTO erasure_keys (secret) VALUES (?) ON CONFLICT (secret) DO NOTHING');
  const keyId = restored.prepare('SELECT id FROM erasure_keys WHERE secret = ?').pluck();
  const addErasure = restored.prepare(
    'INSERT INTO erasures (key_id, digest, erased_at, reason) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  restored.transaction(() => {
    for (const l of lines) {
      const secret = Buffer.from(l.key, 'hex');
      addKey.run(secret);
      addErasure.run(keyId.get(secret), l.digest, l.erasedAt, l.reason);
    }
  })();
}

/** The erasures a database's ledger holds, as lines for the file beside it. */
function ledgerLinesOf(db: Db): LedgerLine[] {
  return db
    .prepare<unknown[], { secret: Buffer; digest: string; erasedAt: string; reason: string }>(
      'SELECT k.secret, e.digest, e.erased_at AS erasedAt, e.reason FROM erasures e JOIN erasure_keys k ON k.id = e.key_id ORDER BY e.id',
    )
    .all()
    .map((e) => ({ key: e.secret.toString('hex'), digest: e.digest, erasedAt: e.erasedAt, reason: e.reason }));
}

/** Erase again everyone the restored copy's ledger names; returns how many. */
function eraseAgain(restored: Db, at: string): number {
  const present = erasedButPresent(restored);
  if (present.length)
    eraseParticipants(
      restored,
      present.map((p) => p.participantId),
      at,
      'erased again after a restore from a backup taken before the erasure',
    );
  return present.length;
}

/**
 * Bring the current database's erasure ledger and audit log into the restored copy: a backup
 * taken before an erasure must not bring the person back.
 */
function carryOver(current: Db, restored: Db): void {
  restored.transaction(() => {
    const keyIds = new Map<number, number>();
    const addKey = restored.prepare('INSERT INTO erasure_keys (secret) VALUES (?) ON CONFLICT (secret) DO NOTHING');
    const keyId = restored.prepare('SELECT id FROM erasure_keys WHERE secret = ?').pluck();
    for (const k of current
      .prepare<unknown[], { id: number; secret: Buffer }>('SELECT id, secret FROM erasure_keys')
      .all()) {
      addKey.run(k.secret);
      keyIds.set(k.id, keyId.get(k.secret) as number);
    }
    const addErasure = restored.prepare(
      'INSERT INTO erasures (key_id, digest, erased_at, reason) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    for (const e of current
      .prepare<
        unknown[],
        {
          key_id: number;
          digest: string;
          erased_at: string;
          reason: string;
        }
      >('SELECT key_id, digest, erased_at, reason FROM erasures ORDER BY id')
      .all()) {
      addErasure.run(keyIds.get(e.key_id), e.digest, e.erased_at, e.reason);
    }
    const known = new Set(restored.prepare<unknown[], AuditRow>('SELECT * FROM audit_log').all().map(auditKey));
    for (const r of current.prepare<unknown[], AuditRow>('SELECT * FROM audit_log ORDER BY id').all()) {
      if (!known.has(auditKey(r))) appendAudit(restored, r);
    }
  })();
}

/**
 * Replace the database at `target` with the backup `file`. The backup is checked first and
 * copied beside the target; the target's erasure ledger and audit log are carried into the copy
 * and every erasure the backup does not know is applied again; then the copy is renamed over the
 * target, so a failure leaves the old database in place. Stop other drempel processes first.
 */
export async function restoreFrom(
  file: string,
  target: string,
  at: string,
  { allowNew = false } = {},
): Promise<{ erasedAgain: number }> {
  if (existsSync(target) && !isDrempelDatabase(target)) {
    throw new DrempelError(
      `refusing to restore over ${target}: it is not a drempel database`,
      'Name the drempel database to replace with --db.',
    );
  }
  const source = openBackup(file);
  const ledgerLines = readLedgerFile(target);
  if (!existsSync(target) && !ledgerLines.length && !allowNew) {
    source.close();
    throw new DrempelError(
      `there is no database at ${target}, and no erasure ledger beside it (${ledgerFileOf(target)}): erasures made after this backup cannot be applied again`,
      'If the database is lost, restore with --new, then withdraw again everyone your register says withdrew after the backup was taken.',
    );
  }
  const temp = `${target}.restoring-${randomBytes(4).toString('hex')}`;
  try {
    await source.backup(temp);
  } finally {
    source.close();
  }
  let erasedAgain = 0;
  try {
    const restored = openDatabase(temp); // migrates an older backup to this version
    try {
      if (existsSync(target)) {
        const current = openDatabase(target);
        try {
          carryOver(current, restored);
        } finally {
          current.close();
        }
      }
      carryLedgerFile(ledgerLines, restored);
      erasedAgain = eraseAgain(restored, at);
      appendAudit(restored, {
        at,
        action: 'restore',
        source: basename(file),
        deleted: erasedAgain,
        detail: `restored from a backup; ${erasedAgain} erased participant${erasedAgain === 1 ? '' : 's'} erased again`,
      });
      // The file beside the database keeps every erasure the restored database knows.
      completeLedgerFile(target, ledgerLinesOf(restored));
      restored.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      restored.close();
    }
    for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
    renameSync(temp, target);
  } finally {
    for (const suffix of ['', '-wal', '-shm', '.erasures']) rmSync(temp + suffix, { force: true });
  }
  return { erasedAgain };
}
