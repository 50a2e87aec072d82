import { summarizeEventLog } from '../../analysis/eventlog';
import { summarizeJourneys } from '../../analysis/journeys';
import { NotFoundError } from '../../research/errors';
import { eventsCsv, eventsXes, listLogs, sessionEvents, storedEvents } from '../../research/events/export';
import { importEventLog } from '../../research/events/import';
import { chooseStudy, observationRows } from '../../research/repositories/scoring';
import type { Db } from '../../research/db';
import {
  dispatch,
  inputFile,
  parse,
  progressBar,
  table,
  UsageError,
  withDb,
  writeOutput,
  type Command,
  type Io,
} from './io';
import { formatOf } from './flags';

async function importCmd(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    name: { type: 'string' },
    case: { type: 'string' },
    activity: { type: 'string' },
    timestamp: { type: 'string' },
    resource: { type: 'string' },
    group: { type: 'string' },
    'dry-run': { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('expected one file (.csv or .xes)');
  const [file] = positionals;
  inputFile(file);
  const columns = Object.fromEntries(
    (['case', 'activity', 'timestamp', 'resource', 'group'] as const)
      .filter((k) => values[k])
      .map((k) => [k, values[k] as string]),
  );
  return withDb(values, io, async (db) => {
    const bar = progressBar(io, 'importing events');
    const s = await importEventLog(db, file, {
      name: values.name,
      columns,
      now: io.now(),
      dryRun: !!values['dry-run'],
      onProgress: (p) => bar.update(p.bytesRead, p.totalBytes, p.rows),
      onWarning: (m) => io.err(`warning: ${m}\n`),
    }).finally(() => bar.done());
    io.out(
      `${values['dry-run'] ? 'dry run, nothing written: ' : ''}event log "${s.name}" (${s.format}${s.replaced ? ', replaced' : ''}): ${s.cases} cases, ${s.events} events, ${s.activities} activities\n`,
    );
    return 0;
  });
}

function exportCmd(args: string[], io: Io): Promise<number> {
  const { values } = parse(
    args,
    { format: { type: 'string' }, study: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
    false,
  );
  const format = formatOf(values.format, ['csv', 'xes']);
  return withDb(values, io, (db) => {
    if (values.study) chooseStudy(db, { study: values.study });
    const events = sessionEvents(db, values.study);
    const text = format === 'xes' ? eventsXes(events) : eventsCsv(events);
    if (values.out) {
      writeOutput(values.out, (write) => write(text), { replace: !!values.force });
      io.err(`wrote ${events.length} events of ${new Set(events.map((e) => e.case)).size} sessions to ${values.out}\n`);
    } else io.out(text);
    return 0;
  });
}

function listCmd(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {}, false);
  return withDb(values, io, (db) => {
    const logs = listLogs(db);
    io.out(
      logs.length
        ? table([
            ['log', 'source', 'format', 'cases', 'events', 'imported'],
            ...logs.map((l) => [l.name, l.source, l.format, l.cases, l.events, l.imported_at]),
          ])
        : 'no event logs imported\n',
    );
    return 0;
  });
}

const subcommands: Record<string, (args: string[], io: Io) => Promise<number>> = {
  import: importCmd,
  export: exportCmd,
  list: listCmd,
};

export const eventsCommand: Command = {
  name: 'events',
  summary: 'event logs: import CSV/XES from process-mining tools, export sessions as CSV/XES',
  usage: `drempel events <import|export|list> …
  import <file.csv|file.xes> [--name N] [--case COL] [--activity COL] [--timestamp COL] [--resource COL] [--group COL] [--dry-run]
      columns default to PM4Py's: case:concept:name, concept:name, time:timestamp, org:resource, org:group;
      timestamps are normalised to UTC; a log imported again under the same name is replaced
  export [--format csv|xes] [--study S] [--out FILE [--force]]
      walkthrough and role-play sessions as an event log (timestamps reconstructed from date, waiting and time on step)
  list    the imported event logs`,
  run: (args, io) => dispatch('events', subcommands, args, io),
};

function pickLog(db: Db, name: string | undefined) {
  const logs = listLogs(db);
  if (!logs.length)
    throw new NotFoundError('event log', '(none imported)', 'Import one with `drempel events import FILE`.');
  const log = name ? logs.find((l) => l.name === name) : logs[logs.length - 1];
  if (!log) throw new NotFoundError('event log', name!, `Known: ${logs.map((l) => l.name).join(', ')}.`);
  return log;
}

const mins = (s: number) =>
  s >= 86400 ? `${(s / 86400).toFixed(1)} d` : s >= 3600 ? `${(s / 3600).toFixed(1)} h` : `${(s / 60).toFixed(1)} min`;

export const journeysCommand: Command = {
  name: 'journeys',
  summary: 'journeys through the chain: hand-offs, re-tellings, loops, variants, Kafka count; or an event log',
  usage: `drempel journeys [--study S] [--procedure P] [--format table|json] [--db FILE]
  from the walkthroughs and role-plays of a study (default: the latest)
drempel journeys --events [--log NAME] [--format table|json]
  an imported event log, with PM4Py's semantics: variants, directly-follows graph, start/end, rework,
  hand-offs between org:group values, case durations`,
  run(args, io) {
    const { values } = parse(
      args,
      {
        study: { type: 'string' },
        procedure: { type: 'string' },
        events: { type: 'boolean' },
        log: { type: 'string' },
        format: { type: 'string' },
      },
      false,
    );
    const format = formatOf(values.format, ['table', 'json']);
    return withDb(values, io, (db) => {
      if (values.events) {
        const log = pickLog(db, values.log);
        const s = summarizeEventLog(storedEvents(db, log.id));
        if (format === 'json') {
          io.out(JSON.stringify({ log: log.name, ...s }, null, 2) + '\n');
          return 0;
        }
        io.out(
          `event log "${log.name}": ${s.cases} cases, ${s.events} events, ${s.activities} activities, ${s.variants.length} variants, ${s.dfgEdges.length} directly-follows edges\n`,
        );
        io.out(
          `case duration: mean ${mins(s.caseDuration.mean)}, median ${mins(s.caseDuration.median)}, P90 ${mins(s.caseDuration.p90)}, min ${mins(s.caseDuration.min)}, max ${mins(s.caseDuration.max)}\n`,
        );
        io.out(
          `rework: ${s.reworkCases} cases repeat an activity; hand-offs between groups: ${s.groupHandoffs.transitions}\n\nmost frequent variants\n`,
        );
        io.out(
          table([['cases', 'variant'], ...s.variants.slice(0, 10).map((v) => [v.count, v.activities.join(' → ')])], {
            align: ['r', 'l'],
          }),
        );
        io.out('\ndirectly-follows edges\n');
        io.out(
          table(
            [
              ['from', 'to', 'count', 'mean time'],
              ...s.dfgEdges.slice(0, 20).map((e) => [e.from, e.to, e.count, mins(e.meanSeconds)]),
            ],
            { align: ['l', 'l', 'r', 'r'] },
          ),
        );
        io.out('\nactivities\n');
        io.out(
          table(
            [
              ['activity', 'events', 'cases'],
              ...s.activityFrequencies.slice(0, 20).map((a) => [a.activity, a.events, a.cases]),
            ],
            { align: ['l', 'r', 'r'] },
          ),
        );
        if (s.resourceHandovers.length) {
          io.out('\nhandover of work between resources (consecutive events, self-pairs included)\n');
          io.out(
            table([['from', 'to', 'count'], ...s.resourceHandovers.slice(0, 15).map((h) => [h.from, h.to, h.count])], {
              align: ['l', 'l', 'r'],
            }),
          );
          io.out('\nworking together (resources in the same case)\n');
          io.out(
            table(
              [
                ['resource', 'resource', 'cases', 'share'],
                ...s.workingTogether.slice(0, 15).map((w) => [w.a, w.b, w.cases, `${Math.round(w.share * 100)}%`]),
              ],
              { align: ['l', 'l', 'r', 'r'] },
            ),
          );
        }
        return 0;
      }
      const study = chooseStudy(db, { study: values.study, procedure: values.procedure });
      const rows = observationRows(db, study.id).filter((r) => r.kind !== 'interview');
      // Residents and staff role-plays are different journeys: reported apart, never mixed.
      const residents = summarizeJourneys(rows.filter((r) => r.kind !== 'roleplay'));
      const roleplays = summarizeJourneys(rows.filter((r) => r.kind === 'roleplay'));
      if (format === 'json') {
        io.out(
          JSON.stringify({ procedure: study.procedure, study: study.study, residents, roleplays }, null, 2) + '\n',
        );
        return 0;
      }
      for (const [who, j] of [
        ['residents (walkthroughs)', residents],
        ['staff role-plays', roleplays],
      ] as const) {
        if (!j.cases) continue;
        io.out(
          `${study.procedure}, study ${study.study}, ${who}: ${j.cases} journeys, ${j.events} steps (skipped steps not counted), ${j.variants.length} variants\n`,
        );
        io.out(
          `re-told ${j.totals.retold}×, handed off ${j.totals.handoffs}×, loops ${j.totals.loops} (of which ${j.totals.returnsAfterHandoff} right after a hand-off), channel switches ${j.totals.channelSwitches}\n`,
        );
        io.out(
          `Kafka count per journey (hand-offs + re-tellings + loops, each detour once): mean ${j.kafka.mean.toFixed(1)}, median ${j.kafka.median}, max ${j.kafka.max}\n\nthe journeys with the most detours\n`,
        );
        io.out(
          table(
            [
              ['session', 'steps', 'handed off', 're-told', 'loops', 'Kafka count'],
              ...j.perCase.slice(0, 8).map((c) => [c.case, c.steps, c.handoffs, c.retold, c.loops, c.kafka]),
            ],
            { align: ['l', 'r', 'r', 'r', 'r', 'r'] },
          ),
        );
        io.out('\nhand-offs between departments (from the step sequence)\n');
        io.out(
          table([['from', 'to', 'count'], ...j.groupHandoffs.pairs.slice(0, 10).map((p) => [p.from, p.to, p.count])], {
            align: ['l', 'l', 'r'],
          }),
        );
        io.out('\n');
      }
      return 0;
    });
  },
};
