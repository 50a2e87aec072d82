/** `drempel delete` and `drempel quotes redact`: corrections after an import, audited by counts. */
import {
  observationNotes,
  sessionNoteTexts,
  saveRedactedSessionNotes,
  quoteTexts,
  saveRedactedNotes,
  saveRedactedQuotes,
  type QuoteText,
} from '../../research/repositories/quotes';
import { deletableKinds, deleteRecord, describeDelete, type DeletableKind } from '../../research/repositories/records';
import { closest } from '../../procedures/errors';
import { confirm, dispatch, parse, UsageError, withDb, type Command, type Io } from './io';
import { personalDataOf } from './import';
import { searchCommand } from './codebook';

export const deleteCommand: Command = {
  name: 'delete',
  summary: 'delete a study, session, observation or quote imported by mistake, with what hangs on it',
  usage: `drempel delete <kind> <key> [<visit>] [--dry-run] [--db FILE]
  kinds: study <code>, session <code>, observation <session> <visit>, quote <code>
  A study takes its sessions, their observations and quotes, and its findings with it; a session
  its observations and quotes; a quote its place as a finding's evidence. Events of a re-imported
  event log whose case is a deleted session go too. One transaction, an audit entry with counts.
  --dry-run  say what would be deleted; nothing changes
  On a terminal, you are asked to type the key to confirm.
  To remove a person, use \`drempel consent withdraw\`: only that is remembered across restores.`,
  async run(args, io) {
    const { values, positionals } = parse(args, { 'dry-run': { type: 'boolean' } });
    const [kindName, key, visitText] = positionals;
    if (!kindName || !key) throw new UsageError('expected a kind and a key');
    const kind = kindName
      .toLowerCase()
      .replace(/s$/, '')
      .replace(/^studie$/, 'study') as DeletableKind;
    if (!deletableKinds.includes(kind)) {
      const near = closest(kind, deletableKinds);
      throw new UsageError(
        `unknown kind: ${kindName.slice(0, 40)}${near ? ` — did you mean ${near}?` : ''} (expected ${deletableKinds.join(', ')})`,
      );
    }
    let visit: number | undefined;
    if (kind === 'observation') {
      if (!visitText || !/^\d{1,6}$/.test(visitText) || positionals.length > 3)
        throw new UsageError('expected: delete observation <session> <visit> (the visit number, 1, 2, …)');
      visit = Number(visitText);
    } else if (positionals.length > 2) throw new UsageError(`expected: delete ${kind} <code>`);
    const code = key.trim();
    return withDb(values, io, async (db) => {
      const would = deleteRecord(db, kind, code, { at: io.now(), dryRun: true, visit });
      const label = `${kind} ${code}${visit ? ` visit ${visit}` : ''}`;
      if (values['dry-run']) {
        io.out(`dry run: deleting ${label} would delete ${describeDelete(would)}\n`);
        return 0;
      }
      if (!(await confirm(io, `This deletes ${describeDelete(would)}.`, code))) return 1;
      io.out(`deleted ${label}: ${describeDelete(deleteRecord(db, kind, code, { at: io.now(), visit }))}\n`);
      return 0;
    });
  },
};

export const quotesCommand: Command = {
  name: 'quotes',
  summary: 'search quotes (and notes) in full text; redact personal data the import flagged in quotes',
  usage: `drempel quotes search "WORDS" [--tag CODE,…] [--step SLUG,…] [--study S] [--scope team|public] [--notes] [--limit 20] [--format table|json] [--db FILE]
  full-text search, best match first: every word must occur, with Dutch plural and verb endings
  ("aanvragen" finds "aanvraag", "wachtte" finds "wachten"; not the ge- of "gewacht"); "a phrase" in quotes; word* for words that begin so; OR between
  two parts. --tag includes the codes under it. Only quotes consent lets the team read (--scope
  public: only those that may be published); --notes searches observation notes instead.
drempel quotes redact <quote> | --all-flagged [--dry-run] [--db FILE]
  replaces what looks like personal data in a quote's text and note by its label
  ("bel me op 06 12345678" becomes "bel me op [TELEFOON]"), as \`import quotes --redact\` does,
  and takes off a tag that is a name (it goes from the codebook when no other quote has it)
  --all-flagged  every quote the scanner flags (the ones import warned about)
  --dry-run      show which quotes would change and how; nothing changes
  Observation notes: \`drempel notes redact\`. Set DREMPEL_NAMES to a file of first names and
  surnames to find your own residents' names.`,
  run(args, io) {
    return dispatch('quotes', { search: searchCommand, redact: redactQuotes }, args, io);
  },
};

export const notesCommand: Command = {
  name: 'notes',
  summary: 'redact personal data the import flagged in observation notes and session notes, where it is stored',
  usage: `drempel notes redact <session> | --all-flagged [--dry-run] [--db FILE]
  replaces what looks like personal data in the notes of a session's observations and in the
  researchers' notes of the session (or in every flagged note) by its label, as
  \`import observations --redact\` does
  --all-flagged  every note the scanner flags (the ones import warned about)
  --dry-run      show which notes would change and how; nothing changes`,
  run(args, io) {
    return dispatch('notes', { redact: redactNotes }, args, io);
  },
};

/** The one key of a redact command: a code, or --all-flagged; never both. */
function redactTarget(args: string[], what: string) {
  const { values, positionals } = parse(args, { 'all-flagged': { type: 'boolean' }, 'dry-run': { type: 'boolean' } });
  const [code] = positionals;
  if ((!code && !values['all-flagged']) || (code && values['all-flagged']) || positionals.length > 1)
    throw new UsageError(`expected one ${what} code, or --all-flagged`);
  return { values, code: code as string | undefined };
}

/** Print the changes, then (unless a dry run, and after the terminal's confirmation) store them. */
async function applyRedaction(
  io: Io,
  changes: string[],
  label: string,
  dryRun: boolean,
  key: string,
  save: () => void,
) {
  for (const line of changes) io.out(`${line}\n`);
  const n = `${changes.length} ${label}${changes.length === 1 ? '' : 's'}`;
  if (dryRun) {
    io.out(`dry run: ${n} would be stored as above\n`);
    return 0;
  }
  if (!(await confirm(io, `This stores ${n} as above; the original text is gone for good.`, key))) return 1;
  save();
  io.out(`redacted ${n}\n`);
  return 0;
}

async function redactQuotes(args: string[], io: Io): Promise<number> {
  const { values, code } = redactTarget(args, 'quote');
  const { kinds, redact } = personalDataOf(io);
  return withDb(values, io, async (db) => {
    const changed: (QuoteText & { found: string[]; dropTags: string[] })[] = [];
    for (const q of quoteTexts(db, code)) {
      const dropTags = q.tags.filter((t) => kinds(t).length);
      const found = [...new Set([...kinds(q.text), ...(q.note ? kinds(q.note) : []), ...dropTags.flatMap(kinds)])];
      if (!found.length) continue;
      const note = q.note === null ? null : redact(q.note);
      changed.push({ ...q, text: redact(q.text), note, found, dropTags });
    }
    if (!changed.length) {
      const none = code
        ? `${code.toUpperCase()}: nothing that looks like personal data`
        : 'no quote holds anything that looks like personal data';
      io.out(`${none}\n`);
      return 0;
    }
    const lines = changed.map(
      (q) =>
        `${q.code} (${q.found.join(', ')}): ${q.text}${q.note ? ` — note: ${q.note}` : ''}${q.dropTags.length ? ` — ${q.dropTags.length} tag${q.dropTags.length === 1 ? '' : 's'} taken off` : ''}`,
    );
    return applyRedaction(io, lines, 'quote', !!values['dry-run'], code ?? 'yes', () =>
      saveRedactedQuotes(db, changed, io.now()),
    );
  });
}

async function redactNotes(args: string[], io: Io): Promise<number> {
  const { values, code } = redactTarget(args, 'session');
  const { kinds, redact } = personalDataOf(io);
  return withDb(values, io, async (db) => {
    const changed = observationNotes(db, code).flatMap((n) => {
      const found = kinds(n.note);
      return found.length ? [{ ...n, note: redact(n.note), found }] : [];
    });
    // The researchers' own notes of a session (the notes file) too.
    const session = sessionNoteTexts(db, code).flatMap((n) => {
      const found = kinds(n.note);
      return found.length ? [{ ...n, note: redact(n.note), found }] : [];
    });
    if (!changed.length && !session.length) {
      io.out(`${code ? `${code}: no note` : 'no note'} holds anything that looks like personal data\n`);
      return 0;
    }
    const lines = [
      ...changed.map((n) => `${n.session} visit ${n.visit} (${n.found.join(', ')}): ${n.note}`),
      ...session.map((n) => `${n.session} note ${n.code} (${n.found.join(', ')}): ${n.note}`),
    ];
    return applyRedaction(io, lines, 'note', !!values['dry-run'], code ?? 'yes', () => {
      if (changed.length) saveRedactedNotes(db, changed, io.now());
      if (session.length) saveRedactedSessionNotes(db, session, io.now());
    });
  });
}
