import { componentNames, frictionLabel, minN, type ComponentKey, type StepScore } from '../../analysis/friction';
import { csvLine } from '../../research/csv/export';
import { fixed, parse, table, UsageError, withDb, type Command } from './io';
import { buildSegmentReport, segmentColumns, type SegmentColumn, type SegmentReport } from '../app/reports/segments';
import { buildScoreReport, type ScoreReport } from '../app/reports/score';
import { formatOf, reportFormats, parseConfidence, parseWeights, residentsRule } from './flags';

const round = (x: number | null) => (x === null ? '' : Math.round(x).toLocaleString('en'));

/** The components that stand out most, in words: "retold 55%, not completed 50%". */
function topComponents(s: StepScore, k = 3): string {
  return Object.entries(s.components)
    .filter(([, c]) => c.estimate !== null)
    .sort((a, b) => b[1].estimate! - a[1].estimate!)
    .slice(0, k)
    .map(([key, c]) => `${componentNames[key as ComponentKey]} ${c.events}/${c.n}`)
    .join(', ');
}

const minutes = (seconds: number | null) => (seconds === null ? '' : `${(seconds / 60).toFixed(1)} min`);

export function scoreTable(r: ScoreReport): string {
  const head = `${r.procedure} ${r.version}, study ${r.study} (round ${r.round}): friction per step at ${Math.round(r.confidence * 100)}% confidence, ranked by the lower bound\n`;
  const rows = r.steps.map((s, i) => [
    s.friction === null ? '-' : i + 1,
    s.step,
    s.n,
    frictionLabel(s),
    s.friction === null ? '' : `${fixed(s.friction, 2)} [${fixed(s.low, 2)}–${fixed(s.high, 2)}]`,
    topComponents(s),
    round(s.residentsPerYear),
    round(s.hoursPerYear),
    minutes(s.time.geomean),
    s.ease.mean === null ? '' : s.ease.mean.toFixed(1),
    s.waiting.medianDays === null ? '' : `${s.waiting.medianDays.toFixed(1)} / ${s.waiting.p90Days!.toFixed(1)}`,
    s.blockedBy.map((b) => `${b.limit} ${b.count}`).join(', '),
  ]);
  const weights = Object.entries(r.weights).filter(([, w]) => w !== 1);
  return (
    head +
    table(
      [
        [
          '#',
          'step',
          'n',
          'friction',
          'F [interval]',
          'most frequent friction',
          'residents/yr',
          'hours/yr',
          'time',
          'ease',
          'waiting days (median / P90)',
          'blocked by',
        ],
        ...rows,
      ],
      {
        align: ['r', 'l', 'r', 'l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
      },
    ) +
    `n = distinct residents; ${residentsRule}; hours = time residents spend at the step (waiting not included); ` +
    `weights: ${weights.length ? weights.map(([k, w]) => `${k}=${w}`).join(', ') : 'equal (every component and family 1)'}\n`
  );
}

const csvColumns = [
  'rank',
  'step',
  'title',
  'n',
  'visits',
  'friction',
  'low',
  'high',
  'indicative',
  'residents_per_year',
  'hours_per_year',
  'hours_per_year_low',
  'hours_per_year_high',
  'time_geomean_seconds',
  'time_low_seconds',
  'time_high_seconds',
  'ease_mean',
  'ease_low',
  'ease_high',
  'waiting_n',
  'waiting_median_days',
  'waiting_p90_days',
];

export function scoreCsv(r: ScoreReport): string {
  return (
    csvLine(csvColumns) +
    r.steps
      .map((s, i) =>
        csvLine([
          s.friction === null ? '' : i + 1,
          s.step,
          s.title,
          s.n,
          s.visits,
          fixed(s.friction, 4),
          fixed(s.low, 4),
          fixed(s.high, 4),
          s.indicative ? 'yes' : 'no',
          fixed(s.residentsPerYear, 1),
          fixed(s.hoursPerYear, 1),
          fixed(s.hoursPerYearLow, 1),
          fixed(s.hoursPerYearHigh, 1),
          fixed(s.time.geomean, 1),
          fixed(s.time.low, 1),
          fixed(s.time.high, 1),
          fixed(s.ease.mean, 2),
          fixed(s.ease.low, 2),
          fixed(s.ease.high, 2),
          s.waiting.n,
          fixed(s.waiting.medianDays, 2),
          fixed(s.waiting.p90Days, 2),
        ]),
      )
      .join('')
  );
}

/** One step as JSON: the names other tools rely on. */
const stepJson = (s: StepScore) => ({
  step: s.step,
  title: s.title,
  n: s.n,
  visits: s.visits,
  friction: s.friction,
  low: s.low,
  high: s.high,
  indicative: s.indicative,
  components: s.components,
  families: s.families,
  time: s.time,
  ease: s.ease,
  residentsPerYear: s.residentsPerYear,
  hoursPerYear: s.hoursPerYear,
  hoursPerYearLow: s.hoursPerYearLow,
  hoursPerYearHigh: s.hoursPerYearHigh,
  waiting: s.waiting,
  blockedBy: s.blockedBy,
});

/** The JSON shape other tools rely on. */
export function scoreJson(r: ScoreReport): unknown {
  return {
    procedure: r.procedure,
    version: r.version,
    study: r.study,
    confidence: r.confidence,
    weights: r.weights,
    steps: r.steps.map(stepJson),
  };
}

const segmentName = (v: string | null) => v ?? '(not recorded)';

/** Per step, the friction of every group side by side, and the group furthest from the rest. */
export function segmentTable(r: SegmentReport): string {
  const steps = r.segments[0]?.steps.map((s) => s.step) ?? [];
  const cell = (g: SegmentReport['segments'][number], step: string) => {
    const s = g.steps.find((x) => x.step === step)!;
    return s.friction === null ? `- (${s.n})` : `${fixed(s.friction, 2)}${s.indicative ? '*' : ''} (${s.n})`;
  };
  const gap = (step: string) => {
    const g = r.gaps.find((x) => x.step === step);
    if (!g) return '';
    if (g.difference === null) return `${segmentName(g.segment)}: too few residents to compare`;
    return `${segmentName(g.segment)} ${signedNum(g.difference)} [${signedNum(g.low)}, ${signedNum(g.high)}] ${g.label}`;
  };
  return (
    `${r.procedure} ${r.version}, study ${r.study}: friction per step by ${r.by} (F, * indicative, (residents)), ${Math.round(r.confidence * 100)}% intervals\n` +
    table([
      ['step', ...r.segments.map((g) => `${segmentName(g.segment)} (${g.n})`), 'highest vs the rest'],
      ...steps.map((step) => [step, ...r.segments.map((g) => cell(g, step)), gap(step)]),
    ]) +
    `no figure below ${minN} residents in a group; "higher" only when the interval of the difference excludes zero\n`
  );
}

const signedNum = (x: number | null) => (x === null ? '' : `${x > 0 ? '+' : ''}${x.toFixed(2)}`);

export function segmentCsv(r: SegmentReport): string {
  const head = [
    'by',
    'segment',
    'segment_n',
    'step',
    'n',
    'friction',
    'low',
    'high',
    'indicative',
    'hours_per_year',
    'time_geomean_seconds',
    'ease_mean',
  ];
  return (
    csvLine(head) +
    r.segments
      .flatMap((g) =>
        g.steps.map((s) =>
          csvLine([
            r.by,
            segmentName(g.segment),
            g.n,
            s.step,
            s.n,
            fixed(s.friction, 4),
            fixed(s.low, 4),
            fixed(s.high, 4),
            s.indicative ? 'yes' : 'no',
            fixed(s.hoursPerYear, 1),
            fixed(s.time.geomean, 1),
            fixed(s.ease.mean, 2),
          ]),
        ),
      )
      .join('')
  );
}

export function segmentJson(r: SegmentReport): unknown {
  return {
    procedure: r.procedure,
    version: r.version,
    study: r.study,
    by: r.by,
    confidence: r.confidence,
    segments: r.segments.map((g) => ({ segment: g.segment, n: g.n, steps: g.steps.map(stepJson) })),
    gaps: r.gaps,
  };
}

export const scoreCommand: Command = {
  name: 'score',
  summary:
    'friction per step of a study, with intervals, ranked by the strength of the evidence; or per group of residents',
  usage: `drempel score [--procedure P] [--study S] [--by ATTRIBUTE] [--confidence 0.9] [--weights K=W,…] [--format table|csv|json] [--db FILE]
  --study S         the study to score (default: the latest study of the procedure)
  --procedure P     the procedure (needed when several have studies)
  --by ATTRIBUTE    friction per group of residents: ${segmentColumns.join(', ')}; with, per step,
                    the group with the highest friction against everyone else (who struggles most?)
  --confidence C    two-sided confidence of every interval (default 0.9)
  --weights K=W,…   component or family weights, e.g. burden=2,overTime=0 (default: all 1)
  --format F        table (default), csv or json
  n counts distinct residents (a resident who did a step twice counts once; visits are in the JSON);
  ${residentsRule}.`,
  async run(args, io) {
    const { values } = parse(
      args,
      {
        procedure: { type: 'string' },
        study: { type: 'string' },
        by: { type: 'string' },
        confidence: { type: 'string' },
        weights: { type: 'string' },
        format: { type: 'string' },
      },
      false,
    );
    const format = formatOf(values.format, reportFormats);
    const by = values.by;
    if (by !== undefined && !(segmentColumns as readonly string[]).includes(by))
      throw new UsageError(`invalid --by: ${by.slice(0, 40)} (expected one of ${segmentColumns.join(', ')})`);
    const request = {
      procedure: values.procedure,
      study: values.study,
      confidence: parseConfidence(values.confidence),
      weights: parseWeights(values.weights),
    };
    return withDb(values, io, (db) => {
      if (by) {
        const r = buildSegmentReport(db, { ...request, by: by as SegmentColumn });
        io.out(
          format === 'json'
            ? JSON.stringify(segmentJson(r), null, 2) + '\n'
            : format === 'csv'
              ? segmentCsv(r)
              : segmentTable(r),
        );
        return 0;
      }
      const r = buildScoreReport(db, request);
      io.out(
        format === 'json'
          ? JSON.stringify(scoreJson(r), null, 2) + '\n'
          : format === 'csv'
            ? scoreCsv(r)
            : scoreTable(r),
      );
      return 0;
    });
  },
};
