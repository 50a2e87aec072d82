import { existsSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadProceduresOrThrow } from '../../procedures/load';
import { kindNames, studyKinds, type Kind } from '../../research/csv/kinds/index';
import { verifyFixes } from '../app/reports/fixes';
import { isDrempelDatabase, openDatabase, setToday } from '../../research/db';
import { DrempelError } from '../../research/errors';
import { isDemoDatabase, setFact } from '../../research/repositories/store';
import { syncProcedure } from '../../research/repositories/procedures';
import { studySummaries, tableCounts } from '../../research/repositories/studies';
import { frictionLabel } from '../../analysis/friction';
import { listStudies } from '../../research/repositories/scoring';
import { fixed, localDate, parse, table, type Command } from './io';
import { buildCompareReport } from '../app/reports/compare';
import { buildScoreReport } from '../app/reports/score';
import { buildSite, demoOut } from '../app/site/build';
import { serve } from './site';
import { describeImport, importWithProgress } from './import';

/** The bundled synthetic sample study (written by `drempel sample --out scripts/sample/data`). */
const defaultDemoDb = 'data/demo.db';

export const sampleDir = resolve(import.meta.dirname, '../sample/data');
/** The team's findings and fixes on the sample study (written by hand, synthetic like it). */
export const sampleTeamDir = resolve(import.meta.dirname, '../sample/team');

/** Where the demo's file of a kind is: the study's files, or the team's synthesis. */
export const sampleFile = (kind: Kind): string =>
  join((studyKinds as readonly string[]).includes(kind) ? sampleDir : sampleTeamDir, `${kind}.csv`);

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the whole pipeline on the bundled sample study',
  usage: `drempel demo [--no-serve] [--db FILE]
  Builds a fresh database (default data/demo.db) from the bundled synthetic sample study, imports
  every file, prints the summary, the steps with the most friction and the largest before/after
  change, builds the public site and serves it on http://localhost:4321.
  --no-serve   stop after building the site`,
  async run(args, io) {
    const { values } = parse(args, { 'no-serve': { type: 'boolean' } }, false);
    const path = resolve(values.db ?? defaultDemoDb);
    // The demo starts afresh, but only ever replaces a database it made itself (or, from before
    // the demo marked its databases, a drempel database in its own default place).
    const own = isDemoDatabase(path) || (path === resolve(defaultDemoDb) && isDrempelDatabase(path));
    if (existsSync(path) && !own) {
      throw new DrempelError(
        `refusing to replace ${path}: it was not made by \`drempel demo\``,
        'The demo builds its own database; give it a new file with --db, or leave --db out (data/demo.db).',
      );
    }
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    const db = openDatabase(path, { create: true });
    setToday(db, localDate(io.now()));
    setFact(db, 'made_by', 'demo');
    try {
      io.out(`drempel demo: a fresh database at ${path}\n\n1. Procedures\n`);
      for (const p of loadProceduresOrThrow(io.env.DREMPEL_PROCEDURES)) {
        const r = syncProcedure(db, p, io.now());
        io.out(
          `   ${r.procedure} ${r.version}: ${p.steps.length} steps, ${p.limits.length} policy limits (${r.status})\n`,
        );
      }
      io.out(`\n2. Import of the synthetic sample study (${sampleDir}) and the team's findings and fixes\n`);
      for (const kind of kindNames)
        io.out(`   ${describeImport(await importWithProgress(db, kind, sampleFile(kind), io))}`);
      io.out('\n3. Summary\n');
      const rows = studySummaries(db).map((s) => [
        s.study,
        `${s.procedure} ${s.version}`,
        s.round,
        s.walkthroughs,
        s.interviews,
        s.roleplays,
        s.participants,
        s.observations,
        s.quotes,
      ]);
      io.out(
        table(
          [
            [
              'study',
              'procedure',
              'round',
              'walkthroughs',
              'interviews',
              'role-plays',
              'participants',
              'observations',
              'quotes',
            ],
            ...rows,
          ],
          {
            align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
          },
        ).replace(/^(?=.)/gm, '   '),
      );
      const counts = tableCounts(db);
      io.out(`   ${counts.tags} codebook tags, ${counts.audit_log} audit entries\n`);

      io.out('\n4. Friction: the five steps with the most friction (latest round, ranked by the lower bound)\n');
      const report = buildScoreReport(db, { procedure: 'bijstand' });
      const top = report.steps.filter((s) => s.friction !== null).slice(0, 5);
      io.out(
        table(
          [
            ['#', 'step', 'n', 'friction', 'F [90% interval]', 'residents/yr'],
            ...top.map((s, i) => [
              i + 1,
              s.step,
              s.n,
              frictionLabel(s),
              `${fixed(s.friction)} [${fixed(s.low)}–${fixed(s.high)}]`,
              s.residentsPerYear === null ? '' : Math.round(s.residentsPerYear).toLocaleString('en'),
            ]),
          ],
          {
            align: ['r', 'l', 'r', 'l', 'l', 'r'],
          },
        ).replace(/^(?=.)/gm, '   '),
      );
      const studies = listStudies(db, 'bijstand');
      if (studies.length >= 2) {
        const cmp = buildCompareReport(db, { before: studies[0].study, after: studies[studies.length - 1].study });
        const largest = cmp.steps.find((s) => s.change !== null);
        const change = largest?.change;
        if (largest && typeof change === 'number') {
          io.out(
            `\n5. Before/after (${cmp.before.study} → ${cmp.after.study}): the largest change is at ${largest.step}, ` +
              `F ${fixed(largest.before.friction)} → ${fixed(largest.after.friction)} (${change > 0 ? '+' : ''}${change.toFixed(2)}, ` +
              `interval [${fixed(largest.changeLow)}, ${fixed(largest.changeHigh)}]): ${largest.label}\n`,
          );
        }
      }
      // The sample's findings and fixes (imported above), verified against round 2.
      const checked = verifyFixes(db, { now: io.now() });
      io.out(
        `\n6. Findings and fixes (${tableCounts(db).findings} findings, ${tableCounts(db).fixes} fixes; drempel findings list, drempel fixes list)\n`,
      );
      for (const v of checked.verified)
        io.out(
          `   ${v.fix} at ${v.step}: ${v.result} (${v.change !== null && v.change > 0 ? '+' : ''}${fixed(v.change, 3)}, interval [${fixed(v.changeLow, 3)}, ${fixed(v.changeHigh, 3)}], ${v.residentsBefore} → ${v.residentsAfter} residents)\n`,
        );
      for (const s of checked.skipped) io.out(`   ${s.fix}: not verified yet: ${s.reason}\n`);
      io.out('\n7. The public site, through the publication gate\n');
      const site = await buildSite(db, {
        audience: 'public',
        out: demoOut,
        // The demo is served here (npm run demo), so its hreflang links point here too.
        siteUrl: 'http://localhost:4321/',
        now: io.now(),
        onLog: (line) => io.isTTY && io.err(`   ${line.slice(0, 100)}\n`),
      });
      io.out(
        `   ${site.pages} pages in ${site.out}; ${site.data.blocked.length} texts stopped by the personal-data check\n`,
      );
      io.out(
        '\nMore: drempel score, priorities, compare, journeys, quotes search "formulier", codebook list, fixes backlog,\n' +
          'report --out rapport.html, export refi --out studie.qdpx, site build --audience team (add --db data/demo.db)\n',
      );
      io.out(
        `\nRecord a session of your own, live in the browser: npx drempel studio --db ${relative(process.cwd(), path) || path}\n` +
          '   (then open http://127.0.0.1:4322/: add a participant with consent, start a walkthrough, press ? for the keys)\n',
      );
      io.out(`\nThe sample study is synthetic: generated by scripts/sample/generate.ts, no real residents.\n`);
      if (!values['no-serve']) {
        db.close();
        return serve(site.out, 4321, io);
      }
      return 0;
    } finally {
      if (db.open) db.close();
    }
  },
};
