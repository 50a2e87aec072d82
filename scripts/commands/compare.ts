import { csvLine } from '../../research/csv/export';
import { parse, table, UsageError, withDb, type Command } from '../io';
import { buildCompareReport } from '../reports/compare';
import { buildPriorities } from '../reports/priorities';
import { parseConfidence, parseWeights } from '../reports/score';

const f2 = (x: number | null) => (x === null ? '' : x.toFixed(2));
const signed = (x: number | null) => (x === null ? '' : `${x > 0 ? '+' : ''}${x.toFixed(2)}`);

function formatOf(value: unknown): 'table' | 'csv' | 'json' {
  const f = (value as string | undefined) ?? 'table';
  if (f !== 'table' && f !== 'csv' && f !== 'json') throw new UsageError(`invalid format: ${f} (expected table, csv or json)`);
  return f;
}

export const compareCommand: Command = {
  name: 'compare',
  summary: 'before and after: per step and component, the change with an Agresti–Caffo interval',
  usage: `drempel compare --before S1 --after S2 [--procedure P] [--confidence 0.9] [--weights K=W,…] [--format table|csv|json] [--db FILE]`,
  run(args, io) {
    const { values } = parse(args, { procedure: { type: 'string' }, before: { type: 'string' }, after: { type: 'string' }, confidence: { type: 'string' }, weights: { type: 'string' }, format: { type: 'string' } }, false);
    if (!values.before || !values.after) throw new UsageError('--before and --after are required');
    const format = formatOf(values.format);
    return withDb(values, io, (db) => {
      const r = buildCompareReport(db, {
        procedure: values.procedure as string | undefined, before: values.before as string, after: values.after as string,
        confidence: parseConfidence(values.confidence), weights: parseWeights(values.weights),
      });
      if (format === 'json') {
        io.out(JSON.stringify(r, null, 2) + '\n');
        return 0;
      }
      io.out(`${r.procedure}: ${r.before.study} (round ${r.before.round}) → ${r.after.study} (round ${r.after.round}), ${Math.round(r.confidence * 100)}% intervals; "improved" only when the interval excludes zero\n`);
      const rows = r.steps.map((s) => {
        const changed = Object.entries(s.components).filter(([, c]) => c!.label !== 'unclear').map(([k, c]) => `${k} ${c!.label} (${signed(c!.difference)})`);
        return [s.step, `${s.before.n} → ${s.after.n}`, f2(s.before.friction), f2(s.after.friction), signed(s.change), s.changeLow === null ? '' : `[${signed(s.changeLow)}, ${signed(s.changeHigh)}]`, s.label, changed.join('; ')];
      });
      const body = format === 'csv'
        ? csvLine(['step', 'n', 'before', 'after', 'change', 'interval', 'label', 'components']) + rows.map((x) => csvLine(x)).join('')
        : table([['step', 'n', 'F before', 'F after', 'change', 'interval', 'label', 'components that changed'], ...rows]);
      io.out(body);
      return 0;
    });
  },
};

export const prioritiesCommand: Command = {
  name: 'priorities',
  summary: 'rank steps across all procedures by residents affected per year, with evidence; a CSV backlog',
  usage: `drempel priorities [--confidence 0.9] [--format table|csv|json] [--db FILE]`,
  run(args, io) {
    const { values } = parse(args, { confidence: { type: 'string' }, weights: { type: 'string' }, format: { type: 'string' } }, false);
    const format = formatOf(values.format);
    return withDb(values, io, (db) => {
      const list = buildPriorities(db, { confidence: parseConfidence(values.confidence), weights: parseWeights(values.weights) });
      if (format === 'json') io.out(JSON.stringify(list, null, 2) + '\n');
      else if (format === 'csv') {
        io.out(csvLine(['rank', 'procedure', 'study', 'step', 'title', 'n', 'friction', 'low', 'high', 'indicative', 'residents_per_year', 'residents_per_year_low', 'burden_hours', 'active_hours', 'waiting_hours', 'evidence']));
        for (const p of list) {
          io.out(csvLine([p.rank, p.procedure, p.study, p.step, p.title, p.n, f2(p.friction), f2(p.low), f2(p.high), p.indicative ? 'yes' : 'no',
            p.residentsPerYear === null ? '' : Math.round(p.residentsPerYear), p.residentsPerYearLow === null ? '' : Math.round(p.residentsPerYearLow),
            p.burdenHours === null ? '' : Math.round(p.burdenHours), p.burden.activeHours === null ? '' : Math.round(p.burden.activeHours),
            p.burden.waitingHours === null ? '' : Math.round(p.burden.waitingHours), p.evidence.map((e) => `${e.quote}: ${e.text} [${e.tags.join(', ')}]`).join(' | ')]));
        }
      } else {
        io.out('Priorities: steps ranked by residents affected per year (friction × residents reaching the step)\n');
        io.out(table([
          ['#', 'procedure', 'step', 'n', 'F [interval]', 'residents/yr (at lower bound)', 'burden hours/yr', 'evidence'],
          ...list.map((p) => [p.rank ?? '-', p.procedure, p.step, p.n, p.friction === null ? 'too few observations' : `${f2(p.friction)} [${f2(p.low)}–${f2(p.high)}]${p.indicative ? ' indicative' : ''}`,
            p.residentsPerYear === null ? '' : `${Math.round(p.residentsPerYear).toLocaleString('en')} (${Math.round(p.residentsPerYearLow!).toLocaleString('en')})`,
            p.burdenHours === null ? '' : Math.round(p.burdenHours).toLocaleString('en'), p.evidence[0] ? `${p.evidence[0].quote} "${p.evidence[0].text.slice(0, 60)}${p.evidence[0].text.length > 60 ? '…' : ''}"` : '']),
        ], { align: ['r', 'l', 'l', 'r', 'l', 'r', 'r', 'l'] }));
      }
      return 0;
    });
  },
};
