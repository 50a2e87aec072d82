import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { chainForActor, whoDoes, type ChainStep, type Provided } from '../../analysis/chain';
import {
  readability,
  readabilityWarnings,
  type Readability,
  type ReadabilityThresholds,
} from '../../analysis/readability';
import { tellItOnce } from '../../analysis/tell-once';
import { formatProblem } from '../../procedures/errors';
import {
  defaultProceduresDir,
  loadProcedures,
  loadProceduresOrThrow,
  loadReadabilityConfig,
  readabilityFile,
} from '../../procedures/load';
import type { Procedure } from '../../procedures/schema';
import { translatable } from '../../procedures/translations';
import { NotFoundError } from '../../research/errors';
import { syncProcedure } from '../../research/repositories/procedures';
import { dispatch, parse, table, UsageError, withDb, type Command, type Io } from './io';
import { formatOf } from './flags';

function proceduresDir(positional: string | undefined, io: Io): string {
  return resolve(positional ?? io.env.DREMPEL_PROCEDURES ?? defaultProceduresDir());
}

/** Every resident-facing text of a procedure, labelled by where it lives. */
export function residentTexts(p: Procedure): { where: string; text: string }[] {
  const base = relative(process.cwd(), p.dir) || '.';
  return [
    { where: `${base}/procedure.yaml: summary`, text: p.summary },
    ...p.steps.map((s, i) => ({ where: `${base}/procedure.yaml: steps[${i}].description`, text: s.description })),
    ...p.steps.flatMap((s, i) =>
      s.condition ? [{ where: `${base}/procedure.yaml: steps[${i}].condition`, text: s.condition }] : [],
    ),
    ...(p.outcomes ?? []).flatMap((o, i) =>
      o.description ? [{ where: `${base}/procedure.yaml: outcomes[${i}].description`, text: o.description }] : [],
    ),
    ...(p.start?.other_ways ? [{ where: `${base}/procedure.yaml: start.other_ways`, text: p.start.other_ways }] : []),
    ...p.limits.flatMap((l) => [
      { where: `${l.file}: De regel`, text: l.rule },
      { where: `${l.file}: Waarom deze regel`, text: l.why },
      { where: `${l.file}: Wat kunt u doen`, text: l.options },
    ]),
  ];
}

/** Where the readability thresholds come from: the folder's readability.yaml, or drempel's own. */
function thresholdsSource(dir: string): string {
  const file = readabilityFile(dir);
  return existsSync(file) ? relative(process.cwd(), file) : "drempel's defaults (no readability.yaml in the folder)";
}

function thresholdsOf(dir: string): ReadabilityThresholds {
  const c = loadReadabilityConfig(dir);
  return {
    minFleschDouma: c.min_flesch_douma,
    minBrouwer: c.min_brouwer,
    maxMeanSentenceLength: c.max_mean_sentence_length,
    maxShareLongSentences: c.max_share_long_sentences,
    maxShareLongWords: c.max_share_long_words,
  };
}

function readabilityRows(procedures: Procedure[], t: ReadabilityThresholds) {
  return procedures.flatMap((p) =>
    residentTexts(p).flatMap(({ where, text }) => {
      const r = readability(text);
      // A text without words (a lone "-") has no figures to measure or to warn about.
      return r ? [{ where, r, warnings: readabilityWarnings(r, t) }] : [];
    }),
  );
}

function check(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    strict: { type: 'boolean' },
    readability: { type: 'boolean' },
    translations: { type: 'boolean' },
  });
  const dir = proceduresDir(positionals[0], io);
  const { procedures, problems } = loadProcedures(dir);
  for (const p of problems) io.err(`${p.severity}: ${formatProblem(p)}\n`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  for (const p of procedures)
    io.out(
      `${p.slug} ${p.version}: ${p.steps.length} steps, ${p.transitions.length} transitions, ${p.limits.length} policy limits\n`,
    );

  const t = thresholdsOf(dir);
  const rows = readabilityRows(procedures, t);
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  if (values.readability) {
    io.out(`\nReadability of resident-facing texts (thresholds: ${thresholdsSource(dir)})\n`);
    io.out(
      table(
        [
          ['text', 'words', 'Flesch–Douma', 'Brouwer', 'words/sentence', '>20 words', '4+ syllables'],
          ...rows.map(({ where, r }) => [
            where,
            r.words,
            r.fleschDouma.toFixed(1),
            r.brouwer.toFixed(1),
            r.meanSentenceLength.toFixed(1),
            pct(r.shareLongSentences),
            pct(r.shareLongWords),
          ]),
        ],
        { align: ['l', 'r', 'r', 'r', 'r', 'r', 'r'] },
      ),
    );
  }
  const warned = rows.filter((r) => r.warnings.length);
  for (const { where, warnings } of warned)
    io.err(`${values.strict ? 'error' : 'warning'}: ${where}: ${warnings.join('; ')}\n`);
  const mean = (f: (r: Readability) => number) => rows.reduce((s, x) => s + f(x.r), 0) / Math.max(1, rows.length);
  if (rows.length)
    io.out(
      `readability of ${rows.length} texts: mean Flesch–Douma ${mean((r) => r.fleschDouma).toFixed(1)}, mean Brouwer ${mean((r) => r.brouwer).toFixed(1)}, ` +
        `${warned.length} over a threshold${values.readability ? '' : ' (--readability lists every text)'}\n`,
    );
  if (values.translations) {
    const texts = procedures.flatMap(translatable);
    const missing = texts.filter((t) => t.en === undefined);
    io.out(`\nEnglish: ${texts.length - missing.length} of ${texts.length} resident-facing texts translated\n`);
    for (const t of missing) io.out(`  missing: ${t.where}\n`);
  }
  const failed = errors + (values.strict ? warned.length : 0);
  io.out(
    `${procedures.length} procedure${procedures.length === 1 ? '' : 's'} valid, ${errors} error${errors === 1 ? '' : 's'}${values.strict ? `, ${warned.length} readability error${warned.length === 1 ? '' : 's'} (--strict)` : ''}\n`,
  );
  return failed ? 1 : 0;
}

async function sync(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {});
  const procedures = loadProceduresOrThrow(proceduresDir(positionals[0], io));
  return withDb(values, io, (db) => {
    for (const p of procedures) {
      const r = syncProcedure(db, p, io.now());
      io.out(`${r.procedure} ${r.version}: ${r.status}\n`);
    }
    return 0;
  });
}

function pick(procedures: Procedure[], slug: string | undefined): Procedure[] {
  if (!slug) return procedures;
  const p = procedures.find((x) => x.slug === slug);
  if (!p) throw new NotFoundError('procedure', slug, `Known: ${procedures.map((x) => x.slug).join(', ')}.`);
  return [p];
}

function tellOnce(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { format: { type: 'string' }, dir: { type: 'string' } });
  const format = formatOf(values.format, ['table', 'json']);
  const procedures = pick(loadProceduresOrThrow(proceduresDir(values.dir, io)), positionals[0]);
  const result = procedures.map((p) => ({ procedure: p.slug, version: p.version, items: tellItOnce(p) }));
  if (format === 'json') {
    io.out(JSON.stringify(result, null, 2) + '\n');
    return 0;
  }
  for (const r of result) {
    io.out(
      `${r.procedure} ${r.version}: ${r.items.length} information item${r.items.length === 1 ? '' : 's'} asked at more than one step\n`,
    );
    if (r.items.length) {
      io.out(
        table([
          ['item', 'asked at', 'by'],
          ...r.items.map((i) => [
            i.name,
            i.steps.map(stepLabel).join(' → '),
            [...new Set(i.steps.map((s) => s.actorName))].join(', '),
          ]),
        ]).replace(/^(?=.)/gm, '  '),
      );
    }
  }
  return 0;
}

function chain(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    actor: { type: 'string' },
    format: { type: 'string' },
    dir: { type: 'string' },
  });
  const format = formatOf(values.format, ['table', 'json']);
  if (positionals.length !== 1) throw new UsageError('expected one procedure slug');
  if (!values.actor) throw new UsageError('--actor is required');
  const [p] = pick(loadProceduresOrThrow(proceduresDir(values.dir, io)), positionals[0]);
  const actor = values.actor;
  if (!p.actors.some((a) => a.slug === actor))
    throw new NotFoundError('actor', actor, `Actors of ${p.slug}: ${p.actors.map((a) => a.slug).join(', ')}.`);
  const entries = chainForActor(p, actor);
  if (format === 'json') {
    io.out(JSON.stringify({ procedure: p.slug, version: p.version, actor, steps: entries }, null, 2) + '\n');
    return 0;
  }
  const who = (s: ChainStep) => `${s.title} (${whoDoes(s)})${s.condition ? ` [${s.condition}]` : ''}`;
  io.out(`${p.short_title} ${p.version}: the chain around ${actor}\n`);
  if (!entries.length) io.out('  this actor does none of the steps\n');
  for (const e of entries) {
    io.out(`\n${e.title}\n`);
    io.out(`  before: ${e.before.length ? e.before.map(who).join('; ') : 'nothing: this is where it starts'}\n`);
    io.out(`  after:  ${e.after.length ? e.after.map(who).join('; ') : 'nothing: this is where it ends'}\n`);
    io.out(
      `  the resident has already given: ${e.alreadyProvided.length ? e.alreadyProvided.map((x) => `${x.name} (at ${x.at.join(', ')})`).join('; ') : 'nothing yet'}\n`,
    );
    for (const x of e.askedAgain) io.out(`  asked here again: ${x.name} — ${reuseAdvice(x)}\n`);
  }
  return 0;
}

/** A step in a tell-it-once list: its slug, marked when only some residents meet it (the JSON has the condition). */
function stepLabel(s: ChainStep): string {
  return s.condition ? `${s.step} (conditional)` : s.optional ? `${s.step} (optional)` : s.step;
}

/** What to do instead of asking the resident again: ask the colleague who has it, where there is one. */
export function reuseAdvice(x: Provided): string {
  return x.holders.length
    ? `ask ${x.holders.join(' or ')}, not the resident`
    : `already given at ${x.at.join(', ')}: look it up before asking the resident again`;
}

const subcommands: Record<string, (args: string[], io: Io) => number | Promise<number>> = {
  check,
  sync,
  'tell-once': tellOnce,
  chain,
};

export const proceduresCommand: Command = {
  name: 'procedures',
  summary: 'check the procedure files, sync them, tell-it-once and the chain per role',
  usage: `drempel procedures <check|sync|tell-once|chain> …
  check [DIR] [--strict] [--readability] [--translations]
                                           validate every procedure folder (or one) and measure the readability of
                                           resident-facing texts; exit 1 on any error (--strict: also over a threshold);
                                           --translations lists the texts without an English text
  sync [DIR] [--db FILE]                   load the procedures into the database (idempotent; old versions are kept)
  tell-once [SLUG] [--format table|json]   information items asked at more than one step
  chain SLUG --actor ACTOR [--format table|json]
                                           the steps before and after the actor's steps, and what the resident
                                           has already given by then`,
  run: (args, io) => dispatch('procedures', subcommands, args, io),
};
