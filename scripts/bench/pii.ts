/**
 * Benchmark: the personal-data scanner on one 200,000-character cell, in shapes that made the
 * earlier, pattern-per-position scanner slow (a long run of letters took 17 s in its e-mail
 * pattern). The reference, timed in the same process on the same text: one Unicode NFKC pass
 * and one regular-expression pass over it, the least any scanner of normalised text must do.
 * Target: every shape under 50 ms.
 */
import { createPiiScanner } from '../../analysis/pii';
import { bundledNamesFile, readNames } from '../app/gate/gate';
import type { Io } from '../cli/io';
import { best } from './timing';

const size = 200_000;
const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

export const shapes: Record<string, string> = {
  'letters only': fill('a'),
  'spaces only': fill(' '),
  'one long word with dots': fill('a.'),
  'digits and spaces': fill('1 '),
  'at signs': fill('a@'),
  'spelled-out at': fill('x (at) '),
  'Dutch prose': fill('Ik heb mijn verhaal drie keer verteld, bij de balie en aan de telefoon. '),
  'prose full of numbers': fill('Op 12-03-2026 belde ik 06 1234 5678 over kenmerk 2026/12399 en € 1.234,56. '),
};

export function benchPii(io: Io): Record<string, number> {
  const scan = createPiiScanner(readNames(bundledNamesFile));
  io.out(
    `personal-data scanner: one cell of ${size.toLocaleString('en')} characters, best of 11 runs (target < 50 ms)\n`,
  );
  const results: Record<string, number> = {};
  for (const [name, text] of Object.entries(shapes)) {
    let findings = 0;
    const ours = best(() => (findings = scan(text).length));
    const reference = best(() => void [...text.normalize('NFKC').matchAll(/[\d@]/g)].length);
    results[name] = ours;
    io.out(
      `  ${name.padEnd(24)} ${ours.toFixed(1).padStart(7)} ms  (reference ${reference.toFixed(1)} ms, ratio ${(ours / Math.max(reference, 0.01)).toFixed(1)}×; ${findings} findings)${ours < 50 ? '' : '  over target'}\n`,
    );
  }
  return results;
}
