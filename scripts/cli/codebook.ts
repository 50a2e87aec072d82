/**
 * `drempel codebook` — the team's codes as a tree with descriptions and counts — and
 * `drempel quotes search`, full-text search over quotes and observation notes.
 */
import { closest } from '../../procedures/errors';
import { DrempelError } from '../../research/errors';
import {
  codebook,
  codeFrequencies,
  frequencyGroups,
  saveCode,
  type FrequencyGroup,
} from '../../research/repositories/codebook';
import { listStudies } from '../../research/repositories/scoring';
import { knownSteps, searchNotes, searchQuotes, type SearchFilters } from '../../research/search/index';
import type { Db } from '../../research/db';
import { checkText } from './findings';
import { formatOf } from './flags';
import { personalDataOf } from './import';
import { csvLine } from '../../research/csv/export';
import { dispatch, parse, table, UsageError, withDb, type Command, type Io } from './io';

const list = (v: string | undefined) =>
  v
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function knownStudy(db: Db, study: string | undefined): void {
  if (study !== undefined && !listStudies(db).some((s) => s.study === study))
    throw new DrempelError(`unknown study: ${study.slice(0, 40)}`, 'See `drempel export studies`.');
}

/** A code as the codebook and the CSV tag cell hold it: not blank, no bar (the tag separator), ≤ 60. */
function checkCodeName(flag: string, name: string): void {
  if (flag === 'code' && !name.trim()) throw new UsageError('the code is empty');
  checkText(flag, name);
  if (name !== name.trim().replace(/\s+/g, ' '))
    throw new UsageError(`--${flag} has spaces at its ends or twice in a row: ${JSON.stringify(name.slice(0, 60))}`);
  if (/[|;,]/.test(name)) throw new UsageError(`--${flag} holds | , or ; (they separate codes in a CSV cell)`);
}

function addOrEdit(args: string[], io: Io, edit: boolean): Promise<number> {
  const { values, positionals } = parse(args, {
    parent: { type: 'string' },
    top: { type: 'boolean' },
    description: { type: 'string' },
    rename: { type: 'string' },
  });
  const name = positionals[0];
  if (!name || positionals.length > 1)
    throw new UsageError(`expected one code, e.g. drempel codebook ${edit ? 'edit' : 'add'} wachten --parent tijd`);
  checkCodeName('code', name);
  if (values.parent !== undefined) checkCodeName('parent', values.parent);
  if (values.rename !== undefined) checkCodeName('rename', values.rename);
  checkText('description', values.description);
  if (values.top && values.parent !== undefined) throw new UsageError('give --parent or --top, not both');
  if (!edit && values.rename !== undefined) throw new UsageError('--rename is for `drempel codebook edit`');
  if (edit && values.parent === undefined && !values.top && values.description === undefined && !values.rename)
    throw new UsageError('nothing to change: give --parent, --top, --description or --rename');
  return withDb(values, io, (db) => {
    const known = codebook(db).map((c) => c.name);
    if (edit && !known.includes(name)) {
      const near = closest(name, known);
      throw new DrempelError(`unknown code: ${name}`, near ? `Did you mean ${near}?` : 'See `drempel codebook list`.');
    }
    if (!edit && known.includes(name))
      throw new DrempelError(`code ${name} exists`, `Change it with \`drempel codebook edit ${name}\`.`);
    saveCode(db, name, {
      parent: values.top ? null : values.parent,
      description: values.description,
      rename: values.rename,
    });
    io.out(`${edit ? 'changed' : 'added'} code ${values.rename ?? name}\n`);
    return 0;
  });
}

const codebookSubcommands = {
  add: (args: string[], io: Io) => addOrEdit(args, io, false),
  edit: (args: string[], io: Io) => addOrEdit(args, io, true),
  list(args: string[], io: Io) {
    const { values } = parse(args, { study: { type: 'string' }, format: { type: 'string' } }, false);
    const format = formatOf(values.format, ['table', 'json']);
    return withDb(values, io, (db) => {
      knownStudy(db, values.study);
      const codes = codebook(db, values.study);
      if (format === 'json') io.out(JSON.stringify(codes, null, 2) + '\n');
      else if (!codes.length) io.out('no codes yet: tag quotes on import, or `drempel codebook add CODE`\n');
      else
        io.out(
          table(
            [
              ['code', 'quotes', 'with codes under it', 'residents', 'description'],
              ...codes.map((c) => [
                `${'  '.repeat(c.depth)}${c.name}`,
                c.quotes,
                c.quotesWithChildren,
                c.residents,
                c.description ?? '',
              ]),
            ],
            { align: ['l', 'r', 'r', 'r', 'l'] },
          ) + 'residents: the people behind the quotes (quotes from a staff role-play count no resident)\n',
        );
      return 0;
    });
  },
  frequencies(args: string[], io: Io) {
    const { values } = parse(
      args,
      { by: { type: 'string' }, study: { type: 'string' }, format: { type: 'string' } },
      false,
    );
    const format = formatOf(values.format, ['table', 'csv', 'json']);
    const by = (values.by ?? 'step') as FrequencyGroup;
    if (!(frequencyGroups as readonly string[]).includes(by)) {
      const near = closest(by, frequencyGroups);
      throw new UsageError(
        `invalid --by: ${by.slice(0, 40)} (expected ${frequencyGroups.join(', ')}${near ? `; did you mean ${near}?` : ''})`,
      );
    }
    return withDb(values, io, (db) => {
      knownStudy(db, values.study);
      const rows = codeFrequencies(db, by, values.study);
      if (format === 'json') io.out(JSON.stringify(rows, null, 2) + '\n');
      else if (format === 'csv')
        io.out(
          [['code', by, 'quotes', 'residents'], ...rows.map((r) => [r.code, r.group, r.quotes, r.residents])]
            .map((r) => csvLine(r))
            .join(''),
        );
      else if (!rows.length) io.out('no coded quotes the team may read\n');
      else
        io.out(
          `codes per ${by} (a code counts the quotes of the codes under it; quotes consent lets the team read)\n` +
            table([['code', by, 'quotes', 'residents'], ...rows.map((r) => [r.code, r.group, r.quotes, r.residents])], {
              align: ['l', 'l', 'r', 'r'],
            }),
        );
      return 0;
    });
  },
};

export const codebookCommand: Command = {
  name: 'codebook',
  summary: 'the codes as a tree, with descriptions and how often each occurs',
  usage: `drempel codebook list [--study S] [--format table|json] [--db FILE]
drempel codebook add CODE [--parent CODE] [--description "…"]
drempel codebook edit CODE [--parent CODE | --top] [--description "…"] [--rename NEW]
drempel codebook frequencies [--by step|round|${frequencyGroups.slice(2).join('|')}] [--study S] [--format table|csv|json]
  Codes are the tags of quotes. A code may sit under a parent code ("wachten" under "tijd"); a
  parent counts its own quotes and those of the codes under it. Counts are of quotes consent lets
  the team read today, with the residents behind them. A code with a description or codes under
  it stays in the codebook when no quote uses it.`,
  run(args, io) {
    return dispatch('codebook', codebookSubcommands, args, io);
  },
};

/** `drempel quotes search "…"`: the best matches first, with their codes and consent scope. */
export function searchCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    tag: { type: 'string' },
    step: { type: 'string' },
    study: { type: 'string' },
    scope: { type: 'string' },
    notes: { type: 'boolean' },
    limit: { type: 'string' },
    format: { type: 'string' },
  });
  if (positionals.length === 0)
    throw new UsageError('expected what to search for, e.g. drempel quotes search "loonstrook"');
  const format = formatOf(values.format, ['table', 'json']);
  const scope = values.scope ?? 'team';
  if (scope !== 'team' && scope !== 'public')
    throw new UsageError(`invalid --scope: ${scope.slice(0, 20)} (expected team or public)`);
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new UsageError(`invalid --limit: ${String(values.limit).slice(0, 20)} (a whole number from 1 to 10000)`);
  const filters: SearchFilters = {
    tags: list(values.tag),
    steps: list(values.step),
    study: values.study,
    scope,
    limit,
  };
  if (values.notes && filters.tags?.length) throw new UsageError('notes have no codes: leave out --tag with --notes');
  const query = positionals.join(' ');
  return withDb(values, io, (db) => {
    knownStudy(db, values.study);
    const known = new Set(codebook(db).map((c) => c.name));
    for (const t of filters.tags ?? [])
      if (!known.has(t)) {
        const near = closest(t, [...known]);
        throw new DrempelError(
          `unknown code: ${t.slice(0, 60)}`,
          near ? `Did you mean ${near}?` : 'See `drempel codebook list`.',
        );
      }
    const steps = knownSteps(db);
    for (const st of filters.steps ?? [])
      if (!steps.includes(st)) {
        const near = closest(st, steps);
        throw new DrempelError(
          `unknown step: ${st.slice(0, 60)}`,
          near ? `Did you mean ${near}?` : `Known steps: ${steps.join(', ')}.`,
        );
      }
    // A quote with a name, number or address in it never passes the gate, whatever its consent:
    // it is not "may be published", and a search for what may be published leaves it out.
    const flagged = personalDataOf(io).kinds;
    const hits = values.notes
      ? searchNotes(db, query, filters)
      : searchQuotes(db, query, filters).flatMap((h) => {
          const kinds = flagged(`${h.text} ${h.note ?? ''}`);
          if (!kinds.length) return [h];
          return scope === 'public' ? [] : [{ ...h, scope: 'team' as const, personalData: kinds }];
        });
    if (format === 'json') io.out(JSON.stringify(hits, null, 2) + '\n');
    else if (!hits.length) io.out(`nothing found for ${JSON.stringify(query)}\n`);
    else
      for (const h of hits) {
        if (h.kind === 'quote') {
          const pd =
            'personalData' in h
              ? `; holds ${(h.personalData as string[]).join(', ')}: drempel quotes redact ${h.code}`
              : '';
          io.out(
            `${h.code}  ${h.session} ${h.study}  ${h.step ?? '–'}  [${h.tags.join(', ')}]  (${h.scope === 'public' ? 'may be published' : 'team only'}${pd})\n`,
          );
          io.out(`  “${h.text}”${h.note ? `\n  note: ${h.note}` : ''}\n`);
        } else io.out(`${h.session}:${h.visit}  ${h.study}  ${h.step}\n  ${h.text}\n`);
      }
    return 0;
  });
}
