/** `drempel report`: the one-page report for management, through the publication gate (team). */
import { loadProceduresOrThrow } from '../../procedures/load';
import { getStudy } from '../../research/repositories/scoring';
import { publish, readNames } from '../app/gate/gate';
import { renderManagementReport } from '../app/reports/management';
import { parse, UsageError, withDb, writeOutput, type Command } from './io';

export const reportCommand: Command = {
  name: 'report',
  summary: 'a one-page report for management: top frictions, findings, fixes and whether they worked',
  usage: `drempel report --out report.html [--study S] [--top 5] [--names FILE] [--force] [--db FILE]
  One HTML file in Dutch (no scripts, nothing loaded from elsewhere) that prints on A4 from a
  browser: the steps where most residents get stuck per year (with the interval, the hours they
  spend, what goes wrong and a quote), the fixes with their owner role and verification, and a
  before/after chart per procedure with two rounds. Every text passes the publication gate for
  the team audience (quotes with team consent, personal data stopped, no figure under 5 residents).
  --study S    that study (round) only: its ranking, its findings and fixes, and the comparison
               of it with the round before or after (default: each procedure's latest round)
  --top N      how many steps (default 5)
  --names FILE names to keep out, one per line (also DREMPEL_NAMES), added to the bundled list
  --out FILE   readable by you only; never over an existing file unless --force`,
  run(args, io) {
    const { values } = parse(
      args,
      {
        out: { type: 'string' },
        study: { type: 'string' },
        top: { type: 'string' },
        names: { type: 'string' },
        force: { type: 'boolean' },
      },
      false,
    );
    if (!values.out) throw new UsageError('expected --out FILE, e.g. drempel report --out rapport.html');
    const top = values.top === undefined ? 5 : Number(values.top);
    if (!Number.isInteger(top) || top < 1 || top > 50)
      throw new UsageError(`invalid --top: ${String(values.top).slice(0, 20)} (a whole number from 1 to 50)`);
    const out = values.out;
    return withDb(values, io, (db) => {
      const study = values.study === undefined ? undefined : getStudy(db, values.study);
      const namesFile = values.names ?? io.env.DREMPEL_NAMES;
      const data = publish(db, loadProceduresOrThrow(io.env.DREMPEL_PROCEDURES), {
        audience: 'team',
        names: namesFile ? readNames(namesFile) : [],
        now: io.now(),
        proceduresDir: io.env.DREMPEL_PROCEDURES,
        studies: study ? [study.study] : undefined,
      });
      const html = renderManagementReport(data, {
        procedure: study?.procedure,
        study: study?.study,
        top,
        now: io.now(),
      });
      writeOutput(out, (write) => write(html), { replace: !!values.force });
      // The same text can be stopped in two places of the team data (a quote as evidence and in the index).
      for (const line of new Set(data.blocked.map((b) => `blocked: ${b.where}: ${b.kinds.join(', ')} (${b.action})\n`)))
        io.err(line);
      io.err(`wrote ${out}: open it in a browser; print it to PDF from there\n`);
      return 0;
    });
  },
};
