import { csvLine } from '../../research/csv/export';
import { fixed, parse, table, UsageError, withDb, type Command } from './io';
import { componentNames, type ComponentKey } from '../../analysis/friction';
import { buildCompareReport, type CompareReport } from '../app/reports/compare';
import { compareRule, formatOf, reportFormats, parseConfidence, parseWeights } from './flags';
import { defaultConfidence } from '../../analysis/distributions';

const signed = (x: number | null) => (x === null ? '' : `${x > 0 ? '+' : ''}${x.toFixed(2)}`);

/** The columns of the table and the CSV, one row per step. */
function rows(r: CompareReport): (string | number)[][] {
  return r.steps.map((s) => {
    const changed = Object.entries(s.components)
      .filter(([, c]) => c.label !== 'unclear')
      .map(([k, c]) => `${componentNames[k as ComponentKey]} ${c.label} (${signed(c.difference)})`);
    const time = s.timeRatio
      ? `×${s.timeRatio.ratio.toFixed(2)} [${s.timeRatio.low.toFixed(2)}–${s.timeRatio.high.toFixed(2)}] ${s.timeRatio.label}`
      : '';
    const ease = s.easeDifference
      ? `${signed(s.easeDifference.difference)} [${signed(s.easeDifference.low)}, ${signed(s.easeDifference.high)}] ${s.easeDifference.label}`
      : '';
    return [
      s.step,
      `${s.before.n} → ${s.after.n}`,
      fixed(s.before.friction),
      fixed(s.after.friction),
      signed(s.change),
      s.changeLow === null ? '' : `[${signed(s.changeLow)}, ${signed(s.changeHigh)}]`,
      s.indicative ? `${s.label} (indicative)` : s.label,
      time,
      ease,
      changed.join('; '),
    ];
  });
}

export const compareCommand: Command = {
  name: 'compare',
  summary:
    'before and after: per step and component, the change with an Agresti–Caffo interval; time ratio and ease difference',
  usage: `drempel compare --before S1 --after S2 [--procedure P] [--confidence 0.9] [--weights K=W,…] [--format table|csv|json] [--db FILE]
  --before S1, --after S2   the two studies (rounds) of one procedure to compare
  --procedure P             check that both studies are of this procedure
  --confidence C            two-sided confidence of every interval (default ${defaultConfidence})
  --weights K=W,…           component or family weights, as for score
  --format F                table (default), csv or json
  Per step: friction before and after with the change and its interval, the time ratio (after ÷ before
  of the geometric means, Welch on log times) and the ease difference (Welch). A change is called
  improved or worse only when its interval excludes zero; ${compareRule}.`,
  run(args, io) {
    const { values } = parse(
      args,
      {
        procedure: { type: 'string' },
        before: { type: 'string' },
        after: { type: 'string' },
        confidence: { type: 'string' },
        weights: { type: 'string' },
        format: { type: 'string' },
      },
      false,
    );
    if (!values.before || !values.after) throw new UsageError('--before and --after are required');
    const format = formatOf(values.format, reportFormats);
    return withDb(values, io, (db) => {
      const r = buildCompareReport(db, {
        procedure: values.procedure,
        before: values.before as string,
        after: values.after as string,
        confidence: parseConfidence(values.confidence),
        weights: parseWeights(values.weights),
      });
      if (format === 'json') {
        io.out(JSON.stringify(r, null, 2) + '\n');
        return 0;
      }
      const head = [
        'step',
        'n (residents)',
        'F before',
        'F after',
        'change',
        'interval',
        'label',
        'time after/before',
        'ease after−before',
        'components that changed',
      ];
      if (format === 'csv') {
        io.out(
          csvLine(head) +
            rows(r)
              .map((x) => csvLine(x))
              .join(''),
        );
        return 0;
      }
      io.out(
        `${r.procedure}: ${r.before.study} (round ${r.before.round}) → ${r.after.study} (round ${r.after.round}), ${Math.round(r.confidence * 100)}% intervals; "improved" only when the interval excludes zero\n`,
      );
      io.out(table([head, ...rows(r)]));
      io.out(`n = distinct residents; ${compareRule}\n`);
      return 0;
    });
  },
};
