/**
 * Forward-only numbered migrations. Progress lives in `PRAGMA user_version` (Signal-Desktop's
 * `updateSchema`); each migration runs together with its version bump in one transaction
 * (sqlite-utils `Migrations.apply`), so a crash leaves the database at the previous version.
 * The version comes from this registry, never from a file or function name.
 */
import type Database from 'better-sqlite3';
import { MigrationError } from '../errors';
import createStore from './0001-create-store';
import createEventLogs from './0002-create-event-logs';
import createErasureLedger from './0003-create-erasure-ledger';
import procedureRoutes from './0004-procedure-routes';
import findingsAndFixes from './0005-findings-and-fixes';
import codebookAndSearch from './0006-codebook-and-search';
import studio from './0007-studio';
import sessionNotes from './0008-session-notes';

export interface Migration {
  version: number;
  name: string;
  migrate: (db: Database.Database) => void;
}

export const migrations: Migration[] = [
  { version: 1, name: '0001-create-store', migrate: createStore },
  { version: 2, name: '0002-create-event-logs', migrate: createEventLogs },
  { version: 3, name: '0003-create-erasure-ledger', migrate: createErasureLedger },
  { version: 4, name: '0004-procedure-routes', migrate: procedureRoutes },
  { version: 5, name: '0005-findings-and-fixes', migrate: findingsAndFixes },
  { version: 6, name: '0006-codebook-and-search', migrate: codebookAndSearch },
  { version: 7, name: '0007-studio', migrate: studio },
  { version: 8, name: '0008-session-notes', migrate: sessionNotes },
];

export const latestVersion = migrations[migrations.length - 1].version;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Migrations not yet applied to `db`, in order. */
export function pending(db: Database.Database): Migration[] {
  const current = schemaVersion(db);
  if (current > latestVersion) throw new MigrationError(current, latestVersion);
  return migrations.filter((m) => m.version > current);
}

/** Apply every pending migration; returns the ones applied. */
export function migrate(db: Database.Database): Migration[] {
  const todo = pending(db);
  for (const m of todo) {
    db.transaction(() => {
      m.migrate(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return todo;
}
