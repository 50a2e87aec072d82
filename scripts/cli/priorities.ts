import { csvLine } from '../../research/csv/export';
import { fixed, parse, table, UsageError, withDb, type Command } from './io';
import { buildPriorities, priorityRankings, type Priority, type PriorityRanking } from '../app/reports/priorities';
import { formatOf, reportFormats, parseConfidence, parseWeights, residentsRule } from './flags';

const whole = (x: number | null) => (x === null ? '' : Math.round(x).toLocaleString('en'));
const days = (x: number | null) => (x === null ? '' : x.toFixed(1));

const csvColumns = [
  'rank',
  'procedure',
  'study',
  'step',
  'title',
  'n',
  'visits',
  'friction',
  'low',
  'high',
  'indicative',
  'residents_per_year',
  'residents_per_year_low',
  'hours_per_year',
  'hours_per_year_low',
  'hours_per_year_high',
  'waiting_n',
  'waiting_median_days',
  'waiting_p90_days',
  'evidence',
];

export function prioritiesCsv(list: Priority[]): string {
  return (
    csvLine(csvColumns) +
    list
      .map((p) =>
        csvLine([
          p.rank,
          p.procedure,
          p.study,
          p.step,
          p.title,
          p.n,
          p.visits,
          fixed(p.friction),
          fixed(p.low),
          fixed(p.high),
          p.indicative ? 'yes' : 'no',
          p.residentsPerYear === null ? '' : Math.round(p.residentsPerYear),
          p.residentsPerYearLow === null ? '' : Math.round(p.residentsPerYearLow),
          p.hoursPerYear === null ? '' : Math.round(p.hoursPerYear),
          p.hoursPerYearLow === null ? '' : Math.round(p.hoursPerYearLow),
          p.hoursPerYearHigh === null ? '' : Math.round(p.hoursPerYearHigh),
          p.waiting.n,
          days(p.waiting.medianDays),
          days(p.waiting.p90Days),
          p.evidence.map((e) => `${e.quote}: ${e.text} [${e.tags.join(', ')}]`).join(' | '),
        ]),
      )
      .join('')
  );
}

export function prioritiesTable(list: Priority[], by: PriorityRanking): string {
  const head =
    by === 'hours'
      ? 'Priorities: steps ranked by the hours residents spend there per year (mean time on the step × residents reaching it; waiting not included), at the lower bound of its interval\n'
      : 'Priorities: steps ranked by residents affected per year (friction × residents reaching the step), at the lower bound of F: the figure the evidence supports\n';
  return (
    head +
    table(
      [
        [
          '#',
          'procedure',
          'step',
          'n',
          'F [interval]',
          'residents/yr (at lower bound)',
          'hours/yr [interval]',
          'waiting median / P90 (days)',
          'evidence',
        ],
        ...list.map((p) => [
          p.rank ?? '-',
          p.procedure,
          p.step,
          p.n,
          p.friction === null
            ? 'too few residents'
            : `${fixed(p.friction)} [${fixed(p.low)}–${fixed(p.high)}]${p.indicative ? ' indicative' : ''}`,
          p.residentsPerYear === null ? '' : `${whole(p.residentsPerYear)} (${whole(p.residentsPerYearLow)})`,
          p.hoursPerYear === null
            ? ''
            : `${whole(p.hoursPerYear)} [${whole(p.hoursPerYearLow)}–${whole(p.hoursPerYearHigh)}]`,
          p.waiting.medianDays === null
            ? ''
            : `${days(p.waiting.medianDays)} / ${days(p.waiting.p90Days)} (n ${p.waiting.n})`,
          p.evidence[0]
            ? `${p.evidence[0].quote} "${p.evidence[0].text.slice(0, 60)}${p.evidence[0].text.length > 60 ? '…' : ''}"`
            : '',
        ]),
      ],
      { align: ['r', 'l', 'l', 'r', 'l', 'r', 'r', 'r', 'l'] },
    ) +
    `n = distinct residents; ${residentsRule}\n`
  );
}

export const prioritiesCommand: Command = {
  name: 'priorities',
  summary:
    'rank steps across all procedures by residents affected per year, or by hours residents spend; with evidence; a CSV backlog',
  usage: `drempel priorities [--by residents|hours] [--study S]… [--confidence 0.9] [--weights K=W,…] [--format table|csv|json] [--db FILE]
  --by residents    rank by residents affected per year: friction × residents reaching the step (default),
                    at the lower bound of F (the figure in brackets), as score ranks: a step ranks high
                    only when the evidence is strong
  --by hours        rank by hours residents spend at the step per year: mean time × residents reaching it,
                    at the lower bound of its interval
                    (waiting is elapsed time, reported in days beside it, never added to hours)
  --study S         rank the steps of this study (repeat for several); default the latest study of every procedure
  --confidence C    two-sided confidence of every interval (default 0.9)
  --weights K=W,…   component or family weights, e.g. burden=2 (default: all 1)
  --format F        table (default), csv (for an issue tracker or a spreadsheet) or json`,
  run(args, io) {
    const { values } = parse(
      args,
      {
        by: { type: 'string' },
        study: { type: 'string', multiple: true },
        confidence: { type: 'string' },
        weights: { type: 'string' },
        format: { type: 'string' },
      },
      false,
    );
    const format = formatOf(values.format, reportFormats);
    const by = values.by ?? 'residents';
    if (!(priorityRankings as string[]).includes(by))
      throw new UsageError(`invalid ranking: ${by.slice(0, 40)} (expected residents or hours)`);
    return withDb(values, io, (db) => {
      const list = buildPriorities(db, {
        by: by as PriorityRanking,
        studies: values.study,
        confidence: parseConfidence(values.confidence),
        weights: parseWeights(values.weights),
      });
      io.out(
        format === 'json'
          ? JSON.stringify(list, null, 2) + '\n'
          : format === 'csv'
            ? prioritiesCsv(list)
            : prioritiesTable(list, by as PriorityRanking),
      );
      return 0;
    });
  },
};
