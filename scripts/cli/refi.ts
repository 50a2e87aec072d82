/**
 * `drempel export refi`, `drempel export codebook --format qdc` and `drempel import refi`: the
 * REFI-QDA exchange with ATLAS.ti, NVivo, MAXQDA and QualCoder (docs/refi-qda.md). The export and
 * import commands hand over here when their kind is `refi` or `codebook`.
 */
import { buildCodebook, buildProject, drempelVersion, type ExportCounts } from '../app/refi/export';
import { importRefi, type RefiImportSummary } from '../app/refi/import';
import { writeZip } from '../app/refi/zip';
import { auditName, personalData } from '../app/personal-data';
import { DrempelError } from '../../research/errors';
import { getStudy } from '../../research/repositories/scoring';
import { inputFile, parse, UsageError, withDb, writeOutput, type Io } from './io';

/**
 * The index of the first positional argument (-1: none), skipping flags and the values of `valued` flags (`--out refi`
 * names a file, not a kind): how export and import decide to hand over before their own parsing.
 */
export function firstPositional(args: string[], valued: readonly string[]): number {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return i + 1 < args.length ? i + 1 : -1;
    if (a.startsWith('-')) {
      if (a.startsWith('--') && !a.includes('=') && valued.includes(a.slice(2))) i++;
      continue;
    }
    return i;
  }
  return -1;
}

/** Everything but the argument at `i` (the kind), so the kind's own parser sees only its options and file. */
const without = (args: string[], i: number): string[] => [...args.slice(0, i), ...args.slice(i + 1)];

/** A free text may leave drempel when the personal-data scanner finds nothing in it (the gate's rule). */
const passOf = (io: Io) => {
  const scan = personalData(io.env.DREMPEL_NAMES || undefined);
  return (_where: string, text: string) => scan.kinds(text).length === 0;
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 quotes, 1 note": what the scanner kept out, for the line after the export. */
function withheldLine(counts: ExportCounts): string | undefined {
  const parts = Object.entries(counts.withheld).map(([kind, n]) => plural(n, kind));
  return parts.length
    ? `note: left out because they look like personal data: ${parts.join(', ')} (see \`drempel quotes redact --all-flagged\` and \`drempel notes redact --all-flagged\`)\n`
    : undefined;
}

/** `drempel export refi --out FILE.qdpx`: a REFI-QDA project of a study (or all), as a ZIP file. */
function exportProject(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string' },
    study: { type: 'string' },
    force: { type: 'boolean' },
  });
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0].slice(0, 40)}`);
  if (!values.out) throw new UsageError('export refi writes a ZIP file: give --out FILE.qdpx');
  const out = values.out;
  return withDb(values, io, (db) => {
    if (values.study !== undefined) getStudy(db, values.study);
    const now = io.now();
    const project = buildProject(db, {
      study: values.study,
      pass: passOf(io),
      now,
      origin: `drempel ${drempelVersion()}`,
    });
    const zip = writeZip(
      [
        { name: 'project.qde', data: Buffer.from(project.qde, 'utf8') },
        ...project.sources.map((s) => ({ name: s.path, data: Buffer.from(s.text, 'utf8') })),
      ],
      new Date(now),
    );
    writeOutput(out, (write) => write(zip), { replace: !!values.force });
    const c = project.counts;
    io.err(
      `wrote ${out}: ${plural(c.sessions, 'session')} as text sources, ${plural(c.quotes, 'quote')} as coded selections, ${plural(c.notes, 'observation note')}, ${plural(c.codes, 'code')}, ${plural(c.codings, 'coding')}, ${plural(c.cases, 'case')}, ${plural(c.findings, 'finding')} as notes\n`,
    );
    const withheld = withheldLine(c);
    if (withheld) io.err(withheld);
    return 0;
  });
}

/** `drempel export codebook --format qdc`: the codebook alone, as a REFI-QDA `.qdc`. */
function exportCodebook(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  });
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0].slice(0, 40)}`);
  if ((values.format ?? 'qdc') !== 'qdc')
    throw new UsageError(`invalid format for the codebook: ${values.format!.slice(0, 20)} (expected qdc)`);
  return withDb(values, io, (db) => {
    const { qdc, codes } = buildCodebook(db, { pass: passOf(io), origin: `drempel ${drempelVersion()}` });
    if (!codes)
      throw new DrempelError(
        'the codebook has no codes to export',
        'Tags arrive with the quotes (`drempel import quotes`).',
      );
    if (!values.out) io.out(qdc);
    else {
      writeOutput(values.out, (write) => write(qdc), { replace: !!values.force });
      io.err(`wrote ${values.out}: ${plural(codes, 'code')}\n`);
    }
    return 0;
  });
}

/** What an import did, in one line, with the selections it could not place after it. */
function describe(s: RefiImportSummary, io: Io): void {
  io.out(
    `${s.dryRun ? 'dry run, nothing written: ' : ''}REFI-QDA project ${s.file}: ${plural(s.selections, 'selection')}, ${s.matched} on ${plural(s.quotes, 'quote')}: ${plural(s.codingsAdded, 'coding')} added (${s.codingsPresent} present already), ${plural(s.codesNew, 'code')} new, ${s.codesUpdated} filled in\n`,
  );
  if (s.stepCodings)
    io.err(
      `note: ${plural(s.stepCodings, 'coding')} with drempel's step codes left as they are (a quote's step is set by the quotes file)\n`,
    );
  if (s.sourcesSkipped)
    io.err(
      `note: ${plural(s.sourcesSkipped, 'source')} without plain text (PDF, audio, pictures, or text not in the file) not read\n`,
    );
  if (s.unmatched)
    io.err(
      `warning: ${plural(s.unmatched, 'selection')} ${s.unmatched === 1 ? 'matches' : 'match'} no quote the team may use, not imported: ${s.unmatchedExamples.join(', ')}${s.unmatched > s.unmatchedExamples.length ? ', …' : ''}\n`,
    );
}

/** `drempel import refi FILE.qdpx`: codes and codings made in another tool, onto drempel's quotes. */
function importProject(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { study: { type: 'string' }, 'dry-run': { type: 'boolean' } });
  if (positionals.length !== 1) throw new UsageError('expected one REFI-QDA project file (.qdpx)');
  const file = inputFile(positionals[0]);
  return withDb(values, io, (db) => {
    const scan = personalData(io.env.DREMPEL_NAMES || undefined);
    const summary = importRefi(db, file, {
      study: values.study,
      now: io.now(),
      dryRun: !!values['dry-run'],
      auditSource: auditName(file, io.env.DREMPEL_NAMES || undefined),
      scan: scan.kinds,
      onWarning: (m) => io.err(`warning: ${m}\n`),
    });
    describe(summary, io);
    return 0;
  });
}

/** The flags of `drempel export` that take a value. */
const exportValued = ['format', 'out', 'delimiter', 'study', 'db'];
/** The flags of `drempel import` that take a value. */
const importValued = ['date-order', 'rename', 'study', 'db'];

/** `drempel export refi|codebook …`, or undefined when the kind is another (a CSV kind). */
export function refiExport(args: string[], io: Io): Promise<number> | undefined {
  const i = firstPositional(args, exportValued);
  if (args[i] === 'refi') return exportProject(without(args, i), io);
  if (args[i] === 'codebook') return exportCodebook(without(args, i), io);
  return undefined;
}

/** `drempel import refi …`, or undefined when the kind is another. */
export function refiImport(args: string[], io: Io): Promise<number> | undefined {
  const i = firstPositional(args, importValued);
  return args[i] === 'refi' ? importProject(without(args, i), io) : undefined;
}

/** Lines for the usage texts of export and import. */
export const refiUsage = {
  export: `drempel export refi --out FILE.qdpx [--study CODE] [--force] [--db FILE]
  a REFI-QDA project for ATLAS.ti, NVivo, MAXQDA or QualCoder: sessions as text sources, quotes
  as coded selections, participants (pseudonyms) as cases; only what consent lets the team use
drempel export codebook [--format qdc] [--out FILE.qdc [--force]] [--db FILE]
  the codebook alone (codes with their hierarchy and descriptions) as REFI-QDA`,
  import: `drempel import refi FILE.qdpx [--study CODE] [--dry-run] [--db FILE]
  codes and codings made in another tool, added to the quotes they were made on (docs/refi-qda.md)`,
};
