/** Flags several commands share, parsed once: confidence, weights, output format. */
import { defaultWeights, minN, solidN, type Weights } from '../../analysis/friction';
import { UsageError } from './io';
import { defaultConfidence } from '../../analysis/distributions';

/** The score's rule about small numbers, as the tables' footers and the help texts say it. */
export const residentsRule = `no figure below ${minN} residents, indicative below ${solidN}`;
/** The same rule for a comparison of two rounds. */
export const compareRule = `no difference from fewer than ${minN} residents on either side, indicative below ${solidN}`;

/** `--confidence 0.9` → 0.9, with a usage error for anything outside (0, 1). */
export function parseConfidence(value: unknown): number {
  if (value === undefined) return defaultConfidence;
  const c = Number(value);
  if (!(c > 0 && c < 1))
    throw new UsageError(`invalid confidence: ${value} (expected a number between 0 and 1, such as 0.9)`);
  return c;
}

/** `--weights burden=2,overTime=0` → {burden: 2, overTime: 0}. */
export function parseWeights(value: unknown): Partial<Weights> {
  if (value === undefined) return {};
  const out: Partial<Weights> = {};
  for (const part of String(value).split(',')) {
    const [key, raw] = part.split('=');
    if (!Object.hasOwn(defaultWeights, key))
      throw new UsageError(`invalid weight: ${key} (expected one of ${Object.keys(defaultWeights).join(', ')})`);
    const w = Number(raw);
    if (!(w >= 0) || raw === undefined || raw === '')
      throw new UsageError(`invalid weight for ${key}: ${raw} (expected a number ≥ 0)`);
    out[key as keyof Weights] = w;
  }
  const all = { ...defaultWeights, ...out };
  if (all.usability === 0 && all.burden === 0)
    throw new UsageError('invalid weights: both families are 0, so no friction could be computed');
  return out;
}

/** `--format`: one of `allowed`, the first by default; anything else is a usage error. */
export function formatOf<const F extends string>(value: string | undefined, allowed: readonly [F, ...F[]]): F {
  const f = value ?? allowed[0];
  const known = allowed.find((a) => a === f);
  if (known === undefined)
    throw new UsageError(
      `invalid format: ${f.slice(0, 40)} (expected ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]})`,
    );
  return known;
}

/** The formats of the reports: a table to read, CSV for a spreadsheet, JSON for other tools. */
export const reportFormats = ['table', 'csv', 'json'] as const;
