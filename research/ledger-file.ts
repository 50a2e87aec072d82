/**
 * A copy of the erasure ledger beside the database file (`<database>.erasures`), so an erasure
 * survives even the loss of the database: `restore` into a place where the database is gone still
 * knows whom to erase again. One JSON line per erased participant: the key of the keyed hash, the
 * hash and the date — no code, no name, no text.
 */
import { appendFileSync, chmodSync, existsSync, readFileSync } from 'node:fs';

export interface LedgerLine {
  /** hex of the HMAC key (the same key is in the database's erasure_keys). */
  key: string;
  digest: string;
  erasedAt: string;
  reason: string;
}

export const ledgerFileOf = (dbPath: string) => `${dbPath}.erasures`;

export function appendLedgerFile(dbPath: string, lines: LedgerLine[]): void {
  if (dbPath === ':memory:' || dbPath === '' || !lines.length) return;
  const file = ledgerFileOf(dbPath);
  appendFileSync(file, lines.map((l) => JSON.stringify(l) + '\n').join(''), { mode: 0o600 });
  chmodSync(file, 0o600);
}

export function readLedgerFile(dbPath: string): LedgerLine[] {
  const file = ledgerFileOf(dbPath);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        const x = JSON.parse(l) as LedgerLine;
        return typeof x.key === 'string' && typeof x.digest === 'string' ? [x] : [];
      } catch {
        return [];
      }
    });
}

/** Add to the file beside `dbPath` every erasure of `lines` it does not hold yet. */
export function completeLedgerFile(dbPath: string, lines: LedgerLine[]): void {
  const have = new Set(readLedgerFile(dbPath).map((l) => `${l.key}:${l.digest}`));
  appendLedgerFile(
    dbPath,
    lines.filter((l) => !have.has(`${l.key}:${l.digest}`)),
  );
}
