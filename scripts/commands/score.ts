import { frictionLabel, type StepScore } from '../../analysis/friction';
import { csvLine } from '../../research/csv/export';
import { parse, table, UsageError, withDb, type Command } from '../io';
import { buildScoreReport, parseConfidence, parseWeights, type ScoreReport } from '../reports/score';

const num = (x: number | null, digits = 3) => (x === null ? '' : x.toFixed(digits));
const round = (x: number | null) => (x === null ? '' : Math.round(x).toLocaleString('en'));

/** The components that stand out most, in words: "retold 55%, not completed 50%". */
const names: Record<string, string> = {
  notCompleted: 'not completed', overTime: 'over time', errors: 'errors', hardRating: 'hard (SEQ ≤ 4)',
  retold: 'retold', handoff: 'handed off', longWait: 'long wait', channelSwitch: 'channel switch',
};
function topComponents(s: StepScore, k = 3): string {
  return Object.entries(s.components)
    .filter(([, c]) => c!.estimate !== null)
    .sort((a, b) => b[1]!.estimate! - a[1]!.estimate!)
    .slice(0, k)
    .map(([key, c]) => `${names[key]} ${c!.events}/${c!.n}`)
    .join(', ');
}

export function scoreTable(r: ScoreReport): string {
  const head = `${r.procedure} ${r.version}, study ${r.study} (round ${r.round}): friction per step at ${Math.round(r.confidence * 100)}% confidence, ranked by the lower bound\n`;
  const rows = r.steps.map((s, i) => [
    s.friction === null ? '-' : i + 1,
    s.step,
    s.n,
    frictionLabel(s),
    s.friction === null ? '' : `${num(s.friction, 2)} [${num(s.low, 2)}–${num(s.high, 2)}]`,
    topComponents(s),
    round(s.residentsPerYear),
    s.time.geomean === null ? '' : `${(s.time.geomean / 60).toFixed(1)} min`,
    s.ease.mean === null ? '' : s.ease.mean.toFixed(1),
    s.blockedBy.map((b) => `${b.limit} ${b.count}`).join(', '),
  ]);
  const weights = Object.entries(r.weights).filter(([, w]) => w !== 1);
  return (
    head +
    table([['#', 'step', 'n', 'friction', 'F [interval]', 'most frequent friction', 'residents/yr', 'time', 'ease', 'blocked by'], ...rows], {
      align: ['r', 'l', 'r', 'l', 'l', 'l', 'r', 'r', 'r', 'l'],
    }) +
    `weights: ${weights.length ? weights.map(([k, w]) => `${k}=${w}`).join(', ') : 'equal (every component and family 1)'}; no score below 5 residents, indicative below 10\n`
  );
}

const csvColumns = ['rank', 'step', 'title', 'n', 'friction', 'low', 'high', 'indicative', 'residents_per_year', 'burden_hours', 'time_geomean_seconds', 'ease_mean'];

export function scoreCsv(r: ScoreReport): string {
  return (
    csvLine(csvColumns) +
    r.steps
      .map((s, i) => csvLine([s.friction === null ? '' : i + 1, s.step, s.title, s.n, num(s.friction, 4), num(s.low, 4), num(s.high, 4), s.indicative ? 'yes' : 'no', num(s.residentsPerYear, 1), num(s.burdenHours, 1), num(s.time.geomean, 1), num(s.ease.mean, 2)]))
      .join('')
  );
}

/** The JSON shape other tools rely on. */
export function scoreJson(r: ScoreReport): unknown {
  return {
    procedure: r.procedure,
    version: r.version,
    study: r.study,
    confidence: r.confidence,
    weights: r.weights,
    steps: r.steps.map((s) => ({
      step: s.step, title: s.title, n: s.n, friction: s.friction, low: s.low, high: s.high, indicative: s.indicative,
      components: s.components, families: s.families, time: s.time, ease: s.ease,
      residentsPerYear: s.residentsPerYear, burdenHours: s.burdenHours, burden: s.burden, blockedBy: s.blockedBy,
    })),
  };
}

export const scoreCommand: Command = {
  name: 'score',
  summary: 'friction per step of a study, with intervals, ranked by the strength of the evidence',
  usage: `drempel score [--procedure P] [--study S] [--confidence 0.9] [--weights K=W,…] [--format table|csv|json] [--db FILE]
  --study S         the study to score (default: the latest study of the procedure)
  --procedure P     the procedure (needed when several have studies)
  --confidence C    two-sided confidence of every interval (default 0.9)
  --weights K=W,…   component or family weights, e.g. burden=2,overTime=0 (default: all 1)`,
  async run(args, io) {
    const { values } = parse(args, { procedure: { type: 'string' }, study: { type: 'string' }, confidence: { type: 'string' }, weights: { type: 'string' }, format: { type: 'string' } }, false);
    const format = (values.format as string | undefined) ?? 'table';
    if (!['table', 'csv', 'json'].includes(format)) throw new UsageError(`invalid format: ${format} (expected table, csv or json)`);
    const request = { procedure: values.procedure as string | undefined, study: values.study as string | undefined, confidence: parseConfidence(values.confidence), weights: parseWeights(values.weights) };
    return withDb(values, io, (db) => {
      const r = buildScoreReport(db, request);
      io.out(format === 'json' ? JSON.stringify(scoreJson(r), null, 2) + '\n' : format === 'csv' ? scoreCsv(r) : scoreTable(r));
      return 0;
    });
  },
};
