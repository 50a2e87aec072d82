import { chmodSync, lstatSync } from 'node:fs';
import { backupTo, checkDatabase, restoreFrom } from '../../research/maintenance';
import { DrempelError } from '../../research/errors';
import {
  erasureCounts,
  participantRecord,
  purgeExpired,
  withdrawConsent,
  expiredParticipants,
  type ErasureCounts,
} from '../../research/repositories/participants';
import { participantHtml } from '../app/reports/participant-html';
import { textRedactor } from './import';
import { date as parseDate, Invalid } from '../../research/csv/values';
import {
  confirm,
  dbPath,
  inputFile,
  localDate,
  outputFile,
  parse,
  UsageError,
  withDb,
  writeOutput,
  type Command,
  type Io,
} from './io';
import { formatOf } from './flags';

const counted = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const describeErasure = (c: ErasureCounts) =>
  [
    counted(c.participants, 'participant'),
    counted(c.consents, 'consent'),
    counted(c.sessions, 'session'),
    counted(c.observations, 'observation'),
    counted(c.quotes, 'quote'),
    counted(c.notes, 'note'),
    counted(c.tags, 'tag'),
    counted(c.events, 'log event'),
  ].join(', ');

export const consentCommand: Command = {
  name: 'consent',
  summary: "withdraw a participant's consent: erase everything about them, with an audit entry",
  usage: `drempel consent withdraw <participant> [--dry-run] [--db FILE]
  erases the participant, their consents, sessions, observations, quotes and notes (and tags only they
  used, and events of re-imported event logs) in one transaction; the audit log records counts
  only, and the erasure ledger (in the database and in <database>.erasures beside it) remembers
  the erasure so that an import or a restore cannot bring them back. The next site build holds
  nothing derived from them alone.
  --dry-run  say what would be erased; nothing changes
  On a terminal, you are asked to type the participant code to confirm.`,
  async run(args, io) {
    const { values, positionals } = parse(args, { 'dry-run': { type: 'boolean' } });
    const [sub, code] = positionals;
    if (sub !== 'withdraw' || !code || positionals.length > 2)
      throw new UsageError('expected: consent withdraw <participant>');
    return withDb(values, io, async (db) => {
      const would = erasureCounts(db, code);
      if (values['dry-run']) {
        io.out(`dry run: withdrawing ${code.toUpperCase()} would erase ${describeErasure(would)}\n`);
        return 0;
      }
      if (!(await confirm(io, `This erases ${describeErasure(would)}, for good.`, code))) return 1;
      io.out(`erased ${describeErasure(withdrawConsent(db, code, io.now()))}\n`);
      return 0;
    });
  },
};

export const purgeCommand: Command = {
  name: 'purge',
  summary: 'erase participants whose retention period (retain_until) has ended',
  usage: `drempel purge --expired [--today YYYY-MM-DD] [--dry-run] [--db FILE]
  erases, as \`consent withdraw\` does, every participant whose consent's retain_until has passed
  --expired           required: says what is purged (the only purge there is)
  --today YYYY-MM-DD  judge retention on this date instead of today (never a later date)
  --dry-run           list who would be erased; nothing changes`,
  run(args, io) {
    const { values } = parse(
      args,
      { expired: { type: 'boolean' }, today: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      false,
    );
    if (!values.expired) throw new UsageError('--expired is required (the only purge there is)');
    let today = localDate(io.now());
    if (values.today) {
      const given = values.today;
      try {
        today = parseDate(given);
      } catch (e) {
        if (e instanceof Invalid) throw new UsageError(`invalid --today: ${given.slice(0, 40)}`);
        throw e;
      }
      // A date in the future would erase people whose retention has not ended yet.
      if (today > localDate(io.now()))
        throw new UsageError(
          `--today ${today} is after today (${localDate(io.now())}): purge never erases ahead of time`,
        );
    }
    return withDb(values, io, (db) => {
      if (values['dry-run']) {
        const codes = expiredParticipants(db, today);
        io.out(
          `dry run: ${codes.length} participant${codes.length === 1 ? '' : 's'} past retention on ${today}${codes.length ? `: ${codes.join(', ')}` : ''}\n`,
        );
        return 0;
      }
      io.out(`purged (retention ended before ${today}): ${describeErasure(purgeExpired(db, today, io.now()))}\n`);
      return 0;
    });
  },
};

export const participantCommand: Command = {
  name: 'participant',
  summary: 'everything held about one participant, as JSON or a Dutch page (an access request)',
  usage: `drempel participant export <participant> [--format json|html] [--out FILE] [--db FILE]
  --format json  everything held, as JSON (default): for the file of the access request
  --format html  the same as a page in plain Dutch the resident can be sent (one file, no scripts)
  --out FILE     write to FILE (never over an existing file) instead of standard output`,
  run(args, io) {
    const { values, positionals } = parse(args, { out: { type: 'string' }, format: { type: 'string' } });
    const [sub, code] = positionals;
    if (sub !== 'export' || !code || positionals.length > 2)
      throw new UsageError('expected: participant export <participant>');
    const format = formatOf(values.format, ['json', 'html']);
    return withDb(values, io, (db) => {
      const record = participantRecord(db, code);
      const text =
        format === 'html'
          ? participantHtml(record, localDate(io.now()), textRedactor(io))
          : JSON.stringify({ exported_at: io.now(), ...record }, null, 2) + '\n';
      if (values.out === undefined) io.out(text);
      else {
        writeOutput(values.out, (write) => write(text));
        io.err(`wrote everything held about ${code.toUpperCase()} to ${values.out}\n`);
      }
      return 0;
    });
  },
};

export const backupCommand: Command = {
  name: 'backup',
  summary: 'an online backup of the database (consistent while others write)',
  usage: `drempel backup <file> [--db FILE]
  copies the database to <file> (readable by you only) with SQLite's online backup, consistent
  while others write; never over an existing file, never a damaged database. Keep the erasure
  ledger (<database>.erasures) beside the database: restore uses it.`,
  run(args, io) {
    const { values, positionals } = parse(args, {});
    if (positionals.length !== 1) throw new UsageError('expected one backup file');
    const file = outputFile(positionals[0]);
    let exists = true;
    try {
      lstatSync(file);
    } catch {
      exists = false;
    }
    if (exists)
      throw new DrempelError(
        `backup file exists: ${file}`,
        'Choose a new file name; a backup never overwrites (not even through a symbolic link).',
      );
    return withDb(values, io, async (db) => {
      const r = await backupTo(db, positionals[0]);
      chmodSync(positionals[0], 0o600); // a backup holds everything the database holds
      io.out(`backed up ${dbPath(values, io)} to ${positionals[0]} (${r.pages} pages)\n`);
      return 0;
    });
  },
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'replace the database with a backup (checked first; stop other drempel processes)',
  usage: `drempel restore <file> [--new] [--db FILE]
  replaces the database with the backup, after checking it; everyone erased since the backup was
  taken (the erasure ledger in the database and in the file beside it, <database>.erasures) is
  erased again before the backup takes its place
  --new   restore where there is no database and no erasure ledger (the database was lost):
          withdraw again by hand everyone who withdrew after the backup was taken`,
  async run(args, io) {
    const { values, positionals } = parse(args, { new: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('expected one backup file');
    const target = dbPath(values, io);
    const r = await restoreFrom(inputFile(positionals[0]), target, io.now(), { allowNew: !!values.new });
    io.out(
      `restored ${target} from ${positionals[0]}${r.erasedAgain ? `; ${r.erasedAgain} participant${r.erasedAgain === 1 ? '' : 's'} erased since the backup erased again` : ''}\n`,
    );
    return 0;
  },
};

export const checkCommand: Command = {
  name: 'check',
  summary: "integrity_check, foreign_key_check and drempel's own invariants",
  usage: `drempel check [--db FILE]
  checks the database file (SQLite's integrity_check and foreign_key_check) and what drempel
  keeps true: observations point at steps of their study's procedure version, every session has
  analysis consent on its date, no withdrawn or erased participant is present. It warns about
  sessions dated outside their study's dates (a typo, or a session of another round).
  Exit 0 when the database is sound (warnings allowed), 1 when something is wrong.`,
  run(args, io: Io) {
    const { values } = parse(args, {}, false);
    const path = dbPath(values, io);
    return withDb(values, io, (db) => {
      const found = checkDatabase(db);
      const problems = found.filter((p) => !p.warning);
      const hints: Record<string, (detail: string) => string> = {
        'withdrawn consent not yet erased': (code) => `erase with \`drempel consent withdraw ${code}\``,
        'session outside its study': () => 'correct the date, or the study, and import the sessions file again',
      };
      for (const p of found) {
        const hint = hints[p.check]?.(p.detail);
        io.err(`${p.warning ? 'warning' : 'problem'}: ${p.check}: ${p.detail}${hint ? ` (${hint})` : ''}\n`);
      }
      const warnings = found.length - problems.length;
      const also = warnings ? ` (${warnings} warning${warnings === 1 ? '' : 's'} above)` : '';
      io.out(
        problems.length
          ? `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${path}${also}\n`
          : `${path}: integrity ok, foreign keys ok, invariants ok${also}\n`,
      );
      return problems.length ? 1 : 0;
    });
  },
};
