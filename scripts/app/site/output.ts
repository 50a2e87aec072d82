/**
 * Where a site build may write, and how it replaces what was there. A build never destroys a
 * folder drempel did not make: it refuses the repository, the home folder, `/`, any folder that
 * is not empty and carries no drempel marker, and any folder holding a SQLite database. It
 * writes into a hidden sibling folder and swaps it in with two renames, under a lock on the
 * output folder, so a build killed at any moment leaves the previous site on disk (restored by
 * the next build if the kill fell between the renames) and two builds cannot interleave.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { isSqliteFile } from '../../../research/db';
import { DrempelError } from '../../../research/errors';
import type { Audience } from '../gate/types';
import { messageOf } from '../../../procedures/errors';

/** The file a drempel build leaves in its output folder: the audience and every file it wrote. */
export const marker = '.drempel-audience';

interface Marker {
  audience: Audience;
  /** Files the build wrote, relative to the folder; absent in markers of early versions. */
  files?: string[];
}

/** The marker of a folder a build made, if there is one (a regular file, a known audience). */
export function readMarker(dir: string): Marker | undefined {
  const file = join(dir, marker);
  let text: string;
  try {
    if (!lstatSync(file).isFile()) return undefined;
    text = readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
  if (text === 'public' || text === 'team') return { audience: text };
  try {
    const m = JSON.parse(text) as Marker;
    return (m.audience === 'public' || m.audience === 'team') && Array.isArray(m.files) ? m : undefined;
  } catch {
    return undefined;
  }
}

/** The audience a folder was last built for, if it holds a drempel site. */
export function builtAudience(dir: string): Audience | undefined {
  return readMarker(dir)?.audience;
}

/** Every file under `dir`, relative to it, sorted (the marker itself left out). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (lstatSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.filter((f) => f !== marker).sort();
}

/** Write the marker: the audience and the files of the finished build. */
export function writeMarker(dir: string, audience: Audience): void {
  writeFileSync(join(dir, marker), JSON.stringify({ audience, files: filesUnder(dir) }) + '\n');
}

const isInside = (child: string, parent: string) =>
  child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);

/** SQLite files anywhere under `dir` (a site holds none: finding one means this is not a site folder). */
function sqliteFilesUnder(dir: string, limit = 20_000): string[] {
  const found: string[] = [];
  const stack = [dir];
  let seen = 0;
  while (stack.length && seen < limit) {
    const d = stack.pop()!;
    for (const name of readdirSync(d)) {
      seen++;
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) stack.push(p);
      else if (st.isFile() && st.size >= 16 && isSqliteFile(p)) found.push(p);
    }
  }
  return found;
}

export interface OutputRules {
  audience: Audience;
  /** The repository (checkout) root: never an output folder, nor anything above it. */
  repoRoot: string;
  /** The research database in use: never inside the output folder. */
  dbPath?: string;
  /** The public site's default folder: a team build never goes there. */
  publicDefault: string;
  /** Default site folders: a marker from an early version (no file list) is trusted only there. */
  defaults?: string[];
}

/** Refuse an output folder a build must not replace; returns the resolved path. */
export function checkOutputFolder(dir: string, rules: OutputRules): string {
  const out = resolve(dir);
  const refuse = (
    why: string,
    hint = 'Choose an empty folder, or one a previous `drempel site build` made, e.g. --out site/dist/public.',
  ): never => {
    throw new DrempelError(`refusing to build the site into ${out}: ${why}`, hint);
  };
  if (out === resolve('/') || dirname(out) === out) refuse('it is the root of the file system');
  if (out === resolve(homedir())) refuse('it is your home folder');
  if (isInside(resolve(rules.repoRoot), out))
    refuse(out === resolve(rules.repoRoot) ? 'it is the drempel repository itself' : 'it holds the drempel repository');
  if (rules.dbPath && rules.dbPath !== ':memory:' && isInside(resolve(rules.dbPath), out))
    refuse(`it holds the research database ${rules.dbPath}`);
  if (rules.audience === 'team' && (out === resolve(rules.publicDefault) || builtAudience(out) === 'public')) {
    throw new DrempelError(
      `refusing to write a team build to ${out}: that is where the public site goes`,
      'Build the team site into its own folder, e.g. --out site/dist/team.',
    );
  }
  // Never inside another site: a team build under the public folder would be published with it.
  for (let up = dirname(out); up !== dirname(up); up = dirname(up)) {
    if (existsSync(join(up, marker)) || isInside(up, resolve(rules.publicDefault))) {
      refuse(
        `it lies inside the site folder ${up}, which would publish it along`,
        'Build each site into a folder of its own, e.g. --out site/dist/team.',
      );
    }
  }
  if (!existsSync(out)) return out;
  if (!lstatSync(out).isDirectory()) refuse('it is a file, not a folder');
  const entries = readdirSync(out);
  if (!entries.length) return checkDatabases(out, refuse);
  const m = readMarker(out);
  if (!m) refuse('it is not empty and was not made by drempel (no .drempel-audience marker)');
  if (m!.files) {
    // Files drempel did not write (a .git folder, a CNAME, notes) are never deleted by a rebuild.
    const known = new Set(m!.files);
    const foreign = filesUnder(out).filter((f) => !known.has(f));
    if (foreign.length)
      refuse(
        `it holds files an earlier build did not make (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''})`,
        'Move them elsewhere, or build into another folder.',
      );
  } else if (!(rules.defaults ?? []).some((d) => resolve(d) === out)) {
    refuse(
      'its marker comes from an earlier drempel that did not list its files',
      'Delete the folder yourself if it holds only the old site, then build again.',
    );
  }
  return checkDatabases(out, refuse);
}

function checkDatabases(out: string, refuse: (why: string) => never): string {
  const databases = sqliteFilesUnder(out);
  if (databases.length) refuse(`it holds a database (${relative(out, databases[0])})`);
  return out;
}

/** Whether a process runs (EPERM: it runs, as another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the lock file, or say who holds it. A lock left by a process that no longer runs is taken over. */
function acquire(lock: string, out: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }), { flag: 'wx' });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new DrempelError(`cannot lock ${out}: ${messageOf(e)}`);
    }
    let pid = 0;
    try {
      pid = Number(JSON.parse(readFileSync(lock, 'utf8')).pid) || 0;
    } catch {
      // an unreadable lock file is a leftover
    }
    if (pid && isAlive(pid)) {
      throw new DrempelError(
        `another drempel build (process ${pid}) is writing to ${out}`,
        `Wait for it to finish, then build again. If no build is running, delete ${lock}.`,
      );
    }
    rmSync(lock, { force: true });
  }
  throw new DrempelError(`cannot lock ${out}: ${lock} keeps coming back`);
}

/** Hold a lock on `out` (a `.<name>.lock` file beside it) while `fn` runs: two builds into one folder never interleave. */
export async function withOutputLock<T>(out: string, fn: () => Promise<T>): Promise<T> {
  const lock = join(dirname(out), `.${basename(out)}.lock`);
  acquire(lock, out);
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

const stagePrefix = (out: string) => `.${basename(out)}.building-`;
const previousPrefix = (out: string) => `.${basename(out)}.previous-`;

/**
 * Tidy what killed builds left beside `out` (call under the lock): a site moved aside but never
 * replaced is put back; half-built stages and old sites are removed.
 */
export function recoverOutput(out: string): void {
  const parent = dirname(out);
  if (!existsSync(parent)) return;
  const names = readdirSync(parent);
  const previous = names.filter((n) => n.startsWith(previousPrefix(out)));
  if (!existsSync(out) && previous.length) {
    const newest = previous.map((n) => join(parent, n)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    renameSync(newest, out);
  }
  for (const n of names) {
    if ((n.startsWith(previousPrefix(out)) || n.startsWith(stagePrefix(out))) && existsSync(join(parent, n))) {
      rmSync(join(parent, n), { recursive: true, force: true });
    }
  }
}

/** A fresh stage folder beside `out`, on the same file system so the swap is a rename. */
export function stageFolder(out: string): string {
  return join(dirname(out), stagePrefix(out) + randomBytes(4).toString('hex'));
}

/** Put the finished `stage` in place of `out`; the old site is removed only once the new one is there. */
export function swapIn(stage: string, out: string): void {
  const previous = join(dirname(out), previousPrefix(out) + randomBytes(4).toString('hex'));
  const had = existsSync(out);
  if (had) renameSync(out, previous);
  renameSync(stage, out);
  if (had) rmSync(previous, { recursive: true, force: true });
}
