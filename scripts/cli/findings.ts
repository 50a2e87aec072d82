/**
 * `drempel findings` and `drempel fixes`: from a finding with its evidence to a fix with an owner
 * role, and to its verification once the round that measures it is in.
 */
import { componentKeys, componentNames } from '../../analysis/friction';
import { createPiiScanner } from '../../analysis/pii';
import { DrempelError } from '../../research/errors';
import {
  changeKinds,
  findingStatuses,
  fixStatuses,
  getFinding,
  listFindings,
  listFixes,
  listVerifications,
  saveFinding,
  saveFix,
  setFixStatus,
  type ChangeKind,
  type Finding,
  type FindingStatus,
  type Fix,
  type FixStatus,
} from '../../research/repositories/findings';
import { bundledNamesFile, readNames } from '../app/gate/gate';
import { verifyFixes } from '../app/reports/fixes';
import { backlogColumns, buildBacklog, type BacklogItem } from '../app/reports/backlog';
import { siteUrlOf } from '../app/site/build';
import { personalDataOf } from './import';
import { csvLine } from '../../research/csv/export';
import { listStudies } from '../../research/repositories/scoring';
import { teamQuoteWords } from '../../research/repositories/quotes';
import { closest } from '../../procedures/errors';
import { formatOf, parseConfidence } from './flags';
import { dispatch, fixed, parse, table, UsageError, withDb, writeOutput, type Command, type Io } from './io';

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);

function oneOf<T extends string>(what: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const near = closest(value, allowed);
  throw new UsageError(
    `invalid ${what}: ${value.slice(0, 40)} (expected ${allowed.join(', ')}${near ? `; did you mean ${near}?` : ''})`,
  );
}

function components(values: string[] | undefined): string[] | undefined {
  return values?.map((c) => oneOf('component', c, componentKeys)!);
}

/** A finding's or fix's code: letters, digits and hyphens, as the other codes ("F-001", "X-12"). */
function checkCode(what: string, code: string): void {
  if (!/^[A-Za-z][A-Za-z0-9]*-?[A-Za-z0-9-]{0,30}$/.test(code))
    throw new UsageError(
      `invalid ${what} code: ${JSON.stringify(code.slice(0, 40))} (letters, digits and hyphens, such as F-001)`,
    );
}

const limits = {
  statement: 2000,
  proposal: 2000,
  owner: 80,
  code: 60,
  description: 500,
  parent: 60,
  rename: 60,
} as Record<string, number>;

/**
 * Free text the team writes: not blank, no control characters (they would reach a terminal and a
 * page as they are), within a length a row can show, and never a resident's name, phone, e-mail or BSN.
 */
export function checkText(field: string, text: string | null | undefined): void {
  if (text === undefined || text === null) return;
  if (!text.trim()) throw new UsageError(`--${field} is empty`);
  // eslint-disable-next-line no-control-regex -- what is looked for is control characters
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text))
    throw new UsageError(`--${field} holds control or text-direction characters; write plain text`);
  if (text.length > (limits[field] ?? 2000))
    throw new UsageError(`--${field} is ${text.length} characters long (at most ${limits[field] ?? 2000})`);
  const found = createPiiScanner(readNames(bundledNamesFile))(text);
  if (found.length)
    throw new DrempelError(
      `--${field} looks like it holds personal data (${[...new Set(found.map((f) => f.kind))].join(', ')})`,
      field === 'owner'
        ? 'Name a role ("productowner inkomen"), never a person.'
        : 'Write it without names or contact details.',
    );
}

const findingFlags = {
  study: { type: 'string' },
  step: { type: 'string' },
  statement: { type: 'string' },
  status: { type: 'string' },
  quote: { type: 'string' },
  observation: { type: 'string' },
  component: { type: 'string' },
  format: { type: 'string' },
} as const;

function showFinding(f: Finding, fixes: Fix[], words: Map<string, string>, io: Io): void {
  const line = (k: string, v: string) => io.out(`${k.padEnd(13)}${v}\n`);
  line('finding', f.finding);
  line('statement', f.statement);
  line('status', f.status);
  line('study', f.study ?? '–');
  line('steps', f.steps.join(', ') || '–');
  line('drives', f.components.map((c) => componentNames[c as keyof typeof componentNames] ?? c).join(', ') || '–');
  line('quotes', f.evidence.join(', ') || '–');
  // The evidence in the residents' own words, where consent allows the team to read them.
  for (const code of f.evidence) if (words.has(code)) io.out(`${''.padEnd(13)}${code}: “${words.get(code)}”\n`);
  line('observations', f.observations.join(', ') || '–');
  if (f.evidenceErased)
    line(
      'erased',
      `${f.evidenceErased} piece${f.evidenceErased === 1 ? '' : 's'} of evidence removed since (consent withdrawn or deleted): check that the finding still stands`,
    );
  const mine = fixes.filter((x) => x.findings.includes(f.finding));
  line('fixes', mine.map((x) => `${x.fix} (${x.status})`).join(', ') || '–');
}

async function addOrEdit(args: string[], io: Io, edit: boolean): Promise<number> {
  const { values, positionals } = parse(args, findingFlags);
  const code = positionals[0];
  if (!code || positionals.length > 1)
    throw new UsageError(`expected one finding code, e.g. drempel findings ${edit ? 'edit' : 'add'} F-1`);
  checkCode('finding', code);
  if (edit && Object.keys(values).every((k) => k === 'db' || k === 'format'))
    throw new UsageError('nothing to change: give the options to change, e.g. --status accepted');
  return withDb(values, io, (db) => {
    const exists = listFindings(db).find((f) => f.finding === code);
    if (edit && !exists) throw new DrempelError(`unknown finding: ${code}`, 'See `drempel findings list`.');
    if (!edit && exists)
      throw new DrempelError(`finding ${code} exists`, `Change it with \`drempel findings edit ${code}\`.`);
    if (!edit && !values.statement) throw new UsageError('a finding needs --statement "…"');
    checkText('statement', values.statement);
    const f: Omit<Finding, 'evidenceErased'> = {
      finding: code,
      study: values.study ?? exists?.study ?? null,
      steps: list(values.step) ?? exists?.steps ?? [],
      statement: values.statement ?? exists!.statement,
      status: oneOf<FindingStatus>('status', values.status, findingStatuses) ?? exists?.status ?? 'open',
      evidence: list(values.quote) ?? exists?.evidence ?? [],
      observations: list(values.observation) ?? exists?.observations ?? [],
      components: components(list(values.component)) ?? exists?.components ?? [],
    };
    saveFinding(db, f);
    io.out(`${edit ? 'changed' : 'added'} finding ${code}\n`);
    return 0;
  });
}

const findingSubcommands = {
  add: (args: string[], io: Io) => addOrEdit(args, io, false),
  edit: (args: string[], io: Io) => addOrEdit(args, io, true),
  list(args: string[], io: Io) {
    const { values } = parse(
      args,
      { study: { type: 'string' }, status: { type: 'string' }, format: { type: 'string' } },
      false,
    );
    const format = formatOf(values.format, ['table', 'json']);
    const status = oneOf<FindingStatus>('status', values.status, findingStatuses);
    return withDb(values, io, (db) => {
      if (values.study !== undefined && !listStudies(db).some((x) => x.study === values.study))
        throw new DrempelError(`unknown study: ${values.study.slice(0, 40)}`, 'See `drempel export studies`.');
      const rows = listFindings(db).filter(
        (f) => (!values.study || f.study === values.study) && (!status || f.status === status),
      );
      if (format === 'json') io.out(JSON.stringify(rows, null, 2) + '\n');
      else if (!rows.length)
        io.out('no findings yet: add one with `drempel findings add F-1 --study S --step STEP --statement "…"`\n');
      else
        io.out(
          table([
            ['finding', 'status', 'study', 'steps', 'evidence', 'statement'],
            ...rows.map((f) => [
              f.finding,
              f.status,
              f.study ?? '',
              f.steps.join(','),
              `${f.evidence.length + f.observations.length}${f.evidenceErased ? ` (${f.evidenceErased} erased)` : ''}`,
              f.statement.length > 60 ? `${f.statement.slice(0, 59)}…` : f.statement,
            ]),
          ]),
        );
      return 0;
    });
  },
  show(args: string[], io: Io) {
    const { values, positionals } = parse(args, { format: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('expected one finding code, e.g. drempel findings show F-1');
    const format = formatOf(values.format, ['table', 'json']);
    return withDb(values, io, (db) => {
      const f = getFinding(db, positionals[0]);
      const fixes = listFixes(db);
      if (format === 'json')
        io.out(JSON.stringify({ ...f, fixes: fixes.filter((x) => x.findings.includes(f.finding)) }, null, 2) + '\n');
      else {
        const study = f.study ? listStudies(db).find((x) => x.study === f.study) : undefined;
        const words = study ? teamQuoteWords(db, study.id) : new Map<string, string>();
        showFinding(f, fixes, words, io);
      }
      return 0;
    });
  },
};

export const findingsCommand: Command = {
  name: 'findings',
  summary: 'findings with their evidence: the steps, quotes, observations and score components behind each',
  usage: `drempel findings add CODE --statement "…" [--study S] [--step A,B] [--quote Q-1,Q-2] [--observation S-014:2,…] [--component retold,…] [--status open|accepted|rejected]
drempel findings edit CODE [the same options: what you give replaces what was there]
drempel findings list [--study S] [--status open|accepted|rejected] [--format table|json]
drempel findings show CODE [--format table|json]
  Every step, quote and observation is checked against the study when saved; nothing is saved if
  one is wrong. Components: ${componentKeys.join(', ')}. A finding whose evidence was erased since
  (a consent withdrawn) says how much went.`,
  run: (args, io) => dispatch('findings', findingSubcommands, args, io),
};

const fixFlags = {
  finding: { type: 'string' },
  step: { type: 'string' },
  change: { type: 'string' },
  proposal: { type: 'string' },
  owner: { type: 'string' },
  measure: { type: 'string' },
  status: { type: 'string' },
} as const;

async function fixAddOrEdit(args: string[], io: Io, edit: boolean): Promise<number> {
  const { values, positionals } = parse(args, fixFlags);
  const code = positionals[0];
  if (!code || positionals.length > 1)
    throw new UsageError(`expected one fix code, e.g. drempel fixes ${edit ? 'edit' : 'add'} X-1`);
  checkCode('fix', code);
  if (edit && Object.keys(values).every((k) => k === 'db'))
    throw new UsageError('nothing to change: give the options to change, e.g. --measure bijstand-2026-r2');
  return withDb(values, io, (db) => {
    const exists = listFixes(db).find((x) => x.fix === code);
    if (edit && !exists) throw new DrempelError(`unknown fix: ${code}`, 'See `drempel fixes list`.');
    if (!edit && exists) throw new DrempelError(`fix ${code} exists`, `Change it with \`drempel fixes edit ${code}\`.`);
    if (!edit && (!values.proposal || !values.finding || !values.owner))
      throw new UsageError('a fix needs --finding F-1, --proposal "…" and --owner ROLE');
    checkText('proposal', values.proposal);
    checkText('owner', values.owner);
    saveFix(db, {
      fix: code,
      findings: list(values.finding) ?? exists!.findings,
      step: values.step ?? exists?.step ?? null,
      change: oneOf<ChangeKind>('change', values.change, changeKinds) ?? exists?.change ?? null,
      proposal: values.proposal ?? exists!.proposal,
      owner: values.owner ?? exists?.owner ?? null,
      measure: values.measure ?? exists?.measure ?? null,
      status: oneOf<FixStatus>('status', values.status, fixStatuses) ?? exists?.status ?? 'proposed',
    });
    io.out(`${edit ? 'changed' : 'added'} fix ${code}\n`);
    return 0;
  });
}

/** The backlog's header and rows for a tracker: Jira wants Summary and one Labels column per label. */
function backlogTable(items: BacklogItem[], tracker: 'generic' | 'jira'): unknown[][] {
  if (tracker === 'generic')
    return [[...backlogColumns], ...items.map((x) => [x.title, x.description, x.labels.join(','), x.priority])];
  const most = Math.max(1, ...items.map((x) => x.labels.length));
  return [
    ['Summary', 'Description', 'Issue Type', 'Priority', ...Array<string>(most).fill('Labels')],
    ...items.map((x) => [
      x.title,
      x.description,
      'Task',
      x.priority,
      ...x.labels,
      ...Array<string>(most - x.labels.length).fill(''),
    ]),
  ];
}

const fixSubcommands = {
  backlog(args: string[], io: Io) {
    const { values } = parse(
      args,
      {
        study: { type: 'string' },
        'site-url': { type: 'string' },
        tracker: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' },
      },
      false,
    );
    const tracker = values.tracker ?? 'generic';
    if (tracker !== 'generic' && tracker !== 'jira')
      throw new UsageError(`invalid --tracker: ${tracker.slice(0, 20)} (expected generic or jira)`);
    const siteUrl = values['site-url'] === undefined ? undefined : siteUrlOf(values['site-url']);
    return withDb(values, io, (db) => {
      if (values.study !== undefined && !listStudies(db).some((x) => x.study === values.study))
        throw new DrempelError(`unknown study: ${values.study.slice(0, 40)}`, 'See `drempel export studies`.');
      const items = buildBacklog(db, { study: values.study, siteUrl, personalData: personalDataOf(io).kinds });
      const text = backlogTable(items, tracker)
        .map((r) => csvLine(r))
        .join('');
      if (!values.out) io.out(text);
      else {
        writeOutput(values.out, (write) => write(text), { replace: !!values.force });
        io.err(`wrote ${items.length} backlog item${items.length === 1 ? '' : 's'} to ${values.out}\n`);
      }
      return 0;
    });
  },
  add: (args: string[], io: Io) => fixAddOrEdit(args, io, false),
  edit: (args: string[], io: Io) => fixAddOrEdit(args, io, true),
  status(args: string[], io: Io) {
    const { values, positionals } = parse(args, {});
    if (positionals.length !== 2) throw new UsageError(`expected a fix code and a status (${fixStatuses.join(', ')})`);
    const status = oneOf<FixStatus>('status', positionals[1], fixStatuses)!;
    return withDb(values, io, (db) => {
      setFixStatus(db, positionals[0], status);
      io.out(`fix ${positionals[0]}: ${status}\n`);
      return 0;
    });
  },
  list(args: string[], io: Io) {
    const { values } = parse(args, { format: { type: 'string' } }, false);
    const format = formatOf(values.format, ['table', 'json']);
    return withDb(values, io, (db) => {
      const fixes = listFixes(db);
      const checks = listVerifications(db);
      if (format === 'json') {
        io.out(
          JSON.stringify(
            fixes.map((x) => ({ ...x, verification: checks.filter((v) => v.fix === x.fix) })),
            null,
            2,
          ) + '\n',
        );
        return 0;
      }
      if (!fixes.length) {
        io.out('no fixes yet: propose one with `drempel fixes add X-1 --finding F-1 --proposal "…" --owner ROLE`\n');
        return 0;
      }
      io.out(
        table([
          ['fix', 'status', 'findings', 'change', 'owner', 'measured by', 'verified', 'proposal'],
          ...fixes.map((x) => [
            x.fix,
            x.status,
            x.findings.join(','),
            x.change ?? '',
            x.owner ?? '',
            x.measure ?? '',
            checks
              .filter((v) => v.fix === x.fix)
              .map((v) => `${v.step}: ${v.result}`)
              .join('; ') ||
              // A verdict is withdrawn whenever what it stands on changes: say how to get it back.
              (x.measure && (x.status === 'done' || x.status === 'in progress') ? 'not yet: drempel fixes verify' : ''),
            x.proposal.length > 50 ? `${x.proposal.slice(0, 49)}…` : x.proposal,
          ]),
        ]),
      );
      return 0;
    });
  },
  verify(args: string[], io: Io) {
    const { values, positionals } = parse(args, { confidence: { type: 'string' }, format: { type: 'string' } });
    const format = formatOf(values.format, ['table', 'json']);
    const confidence = parseConfidence(values.confidence);
    return withDb(values, io, (db) => {
      const r = verifyFixes(db, { now: io.now(), confidence, only: positionals[0] });
      if (format === 'json') {
        io.out(JSON.stringify(r, null, 2) + '\n');
        return 0;
      }
      if (r.verified.length)
        io.out(
          table(
            [
              ['fix', 'step', 'before → after', 'F before', 'F after', 'change [interval]', 'residents', 'result'],
              ...r.verified.map((v) => [
                v.fix,
                v.step,
                `${v.before} → ${v.after}`,
                fixed(v.frictionBefore),
                fixed(v.frictionAfter),
                v.change === null
                  ? ''
                  : `${v.change > 0 ? '+' : ''}${fixed(v.change, 3)} [${fixed(v.changeLow, 3)}, ${fixed(v.changeHigh, 3)}]`,
                `${v.residentsBefore} → ${v.residentsAfter}`,
                `${v.result}${v.indicative ? ' (indicative: under 10 residents)' : ''}`,
              ]),
            ],
            { align: ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'l'] },
          ),
        );
      for (const s of r.skipped) io.out(`${s.fix}: not verified: ${s.reason}\n`);
      if (!r.verified.length && !r.skipped.length) io.out('no fixes to verify\n');
      io.out(
        `"improved" and "worse" only where the ${Math.round(confidence * 100)}% interval of the change excludes zero.\n`,
      );
      return 0;
    });
  },
};

export const fixesCommand: Command = {
  name: 'fixes',
  summary: 'fixes that answer findings, with an owner role and the round that measures them; verify them',
  usage: `drempel fixes add CODE --finding F-1[,F-2] --proposal "…" --owner ROLE [--change ${changeKinds.join('|')}] [--step STEP] [--measure STUDY] [--status ${fixStatuses.join('|')}]
drempel fixes edit CODE [the same options]
drempel fixes status CODE STATUS
drempel fixes list [--format table|json]
drempel fixes verify [CODE] [--confidence 0.9] [--format table|json]
drempel fixes backlog [--study S] [--tracker generic|jira] [--site-url URL] [--out FILE [--force]]
  backlog: a CSV for an issue tracker's import, one row per fix not dropped and per finding
  without a fix (rejected ones left out): title, description (Markdown: the finding, its
  evidence in the residents' words where consent lets the team read them, why it matters with
  every figure and its residents, the verification), labels and priority (Highest … Lowest, from
  the step's place in the ranking). --tracker jira writes Jira's columns (Summary, Description,
  Issue Type, Priority, one Labels column per label); --site-url links to the team dashboard.
  The owner is a role ("productowner inkomen"), never a person's name. verify compares the
  findings' study with the --measure round at the findings' steps: improved or worse only when the
  interval of the change excludes zero, else "no measurable change yet".`,
  run: (args, io) => dispatch('fixes', fixSubcommands, args, io),
};
