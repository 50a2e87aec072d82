/** What a command needs from the outside world, injected so tests can capture it. */
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  lstatSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DrempelError, messageOf } from '../../procedures/errors';
import { NotFoundError } from '../../research/errors';
import { defaultDbPath, isSqliteFile, openDatabase, setToday, type Db } from '../../research/db';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: progress bars are drawn only then. */
  isTTY: boolean;
  /** The current time as ISO text (injected for deterministic tests). */
  now(): string;
  env: NodeJS.ProcessEnv;
  /** Asks a question on a terminal and returns the answer; absent when input is not a terminal (scripts, tests). */
  ask?(question: string): Promise<string>;
}

export function processIo(): Io {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    isTTY: !!process.stderr.isTTY,
    now: () => new Date().toISOString(),
    env: process.env,
    ask: process.stdin.isTTY && process.stderr.isTTY ? ask : undefined,
  };
}

async function ask(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** Wrong usage: exit code 2 and the command's usage line. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Command {
  name: string;
  /** One line for `drempel --help`. */
  summary: string;
  /** Usage text shown by `drempel <name> --help` and on a usage error. */
  usage: string;
  run(args: string[], io: Io): Promise<number> | number;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with `--db` and strict checking; turns its errors into UsageError. */
export function parse<O extends Options>(args: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args, options: { ...options, db: { type: 'string' } }, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(messageOf(e).replace(/\. To specify.*$/s, ''));
  }
}

export function dbPath(values: { db?: unknown }, io: Io): string {
  if (values.db === '') throw new UsageError('--db needs a file name');
  return (values.db as string | undefined) ?? (io.env.DREMPEL_DB ? io.env.DREMPEL_DB : defaultDbPath());
}

/**
 * The calendar date of an instant on this machine's clock and time zone (a municipality's
 * "today", not UTC's: a withdrawal dated tomorrow in Amsterdam is not yet in effect at 00:30).
 */
export function localDate(iso: string, timeZone?: string): string {
  // en-CA writes dates as YYYY-MM-DD; without timeZone, the machine's own zone.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(iso),
  );
}

/**
 * Open the database named by --db / DREMPEL_DB, run `fn`, always close. Only `init` creates a
 * missing database (`create`); every other command refuses one with a hint. Consent is judged
 * at the command's clock (`io.now()`).
 */
export async function withDb<T>(
  values: { db?: unknown },
  io: Io,
  fn: (db: Db) => T | Promise<T>,
  { create = false } = {},
): Promise<T> {
  const db = openDatabase(dbPath(values, io), { create });
  setToday(db, localDate(io.now()));
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** A progress line on stderr, redrawn at most every 100 ms; silent when not a terminal. */
export function progressBar(io: Io, label: string, minBytes = 4 << 20) {
  let last = 0;
  const started = Date.now();
  let drawn = false;
  const mb = (b: number) => `${(b / (1 << 20)).toFixed(1)} MB`;
  return {
    update(done: number, total: number, rows?: number) {
      if (!io.isTTY || total < minBytes) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const share = total ? done / total : 0;
      const width = 24;
      const filled = Math.round(share * width);
      const rate =
        rows !== undefined
          ? ` ${rows.toLocaleString('en')} rows, ${Math.round(rows / Math.max(0.001, (now - started) / 1000)).toLocaleString('en')} rows/s`
          : '';
      io.err(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${mb(done)}/${mb(total)}${rate}  `,
      );
      drawn = true;
    },
    /** End the bar's line so a message can be printed below it (the next update draws anew). */
    clear() {
      if (drawn) io.err('\n');
      drawn = false;
    },
    done() {
      if (drawn) io.err('\n');
    },
  };
}

/** A number with `digits` decimals for a table; empty where there is no figure (too few residents). */
export const fixed = (x: number | null, digits = 2): string => (x === null ? '' : x.toFixed(digits));

/** Asks for the key again on a terminal before a destructive step; scripts (no terminal) go on. */
export async function confirm(io: Io, what: string, key: string): Promise<boolean> {
  if (!io.ask) return true;
  const answer = await io.ask(`${what}\nType ${key} to go on (anything else stops): `);
  if (answer.trim().toUpperCase() === key.toUpperCase()) return true;
  io.err('stopped: nothing was changed\n');
  return false;
}

/** Right-pad columns into an aligned plain-text table. */
export function table(rows: (string | number)[][], { align = [] as ('l' | 'r')[] } = {}): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => (align[i] === 'r' ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i])))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

type Subcommand = (args: string[], io: Io) => number | Promise<number>;

/** Run the subcommand named by the first argument (`drempel procedures check …`). */
export function dispatch(
  command: string,
  subcommands: Record<string, Subcommand>,
  [sub, ...rest]: string[],
  io: Io,
): number | Promise<number> {
  const fn = Object.hasOwn(subcommands, sub ?? '') ? subcommands[sub] : undefined;
  if (!fn)
    throw new UsageError(
      sub
        ? `unknown ${command} subcommand: ${sub} (expected ${Object.keys(subcommands).join(', ')})`
        : `expected a subcommand: ${Object.keys(subcommands).join(', ')}`,
    );
  return fn(rest, io);
}

/** An input file must exist and be a file: one clear error otherwise. */
export function inputFile(file: string): string {
  if (!existsSync(file)) throw new NotFoundError('file', file);
  if (!statSync(file).isFile()) throw new DrempelError(`not a file: ${file}`);
  return file;
}

/** An output file's folder must exist and be writable: checked before any work is done. */
export function outputFile(file: string): string {
  const dir = dirname(resolve(file));
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new DrempelError(`cannot write ${file}: the folder ${dir} does not exist or is not writable`);
  }
  if (existsSync(file) && statSync(file).isDirectory()) throw new DrempelError(`cannot write ${file}: it is a folder`);
  return file;
}

function lstatOrUndefined(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Write a file a command makes (`--out`): checked first, then written to a temporary file beside
 * it (readable by its owner only: exports hold what residents said) and renamed into place when
 * complete, so a failed or killed export leaves nothing half-written. Never through a symbolic
 * link, never over a SQLite database, and over another existing file only with `replace` (--force).
 * Returns how many bytes were written.
 */
export function writeOutput(
  file: string,
  produce: (write: (chunk: string | Uint8Array) => void) => void,
  { replace = false } = {},
): number {
  outputFile(file);
  const st = lstatOrUndefined(file);
  if (st?.isSymbolicLink())
    throw new DrempelError(`refusing to write ${file}: it is a symbolic link`, 'Name the file itself.');
  if (st && isSqliteFile(file))
    throw new DrempelError(
      `refusing to write over ${file}: it is a database`,
      'Choose another file name for the export.',
    );
  if (st && !replace)
    throw new DrempelError(`${file} exists already`, 'Choose a new file name, or add --force to replace it.');
  const temp = join(dirname(resolve(file)), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  let bytes = 0;
  try {
    produce((chunk) => {
      bytes += typeof chunk === 'string' ? writeSync(fd, chunk) : writeSync(fd, chunk);
    });
    closeSync(fd);
    renameSync(temp, file);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(temp, { force: true });
    throw e;
  }
  return bytes;
}
