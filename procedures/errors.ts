/**
 * The error types users can cause. Only the CLI catches them: it prints `error: <message>`,
 * the hint when there is one, and exits 1. Any other error is a bug and shows its stack.
 *
 * `name` is set explicitly on every class so it survives bundling (GOV.UK Frontend's rule).
 * This file lives in procedures/ because that is the lowest layer every other folder may use.
 */
export class DrempelError extends Error {
  override name = 'DrempelError';
  /** What the user can do about it, printed on its own line. */
  hint?: string;

  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

/** One problem in a procedure file, at a field path such as `steps[3].actor`. */
export interface ProcedureProblem {
  file: string;
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

/** A procedure folder that does not validate; carries every problem found, not just the first. */
export class ProcedureFileError extends DrempelError {
  override name = 'ProcedureFileError';
  problems: ProcedureProblem[];

  constructor(problems: ProcedureProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(
      errors.map((p) => formatProblem(p)).join('\n'),
      'Fix the fields named above; `drempel procedures check` lists every problem.',
    );
    this.problems = problems;
  }
}

/** `file: path: message`, or `file: message` for a problem with the whole file. */
export function formatProblem(p: ProcedureProblem): string {
  return p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`;
}

/** The names a message offers after "known:", the first twelve and an ellipsis: enough to spot a typo. */
export function knownList(names: readonly string[], max = 12): string {
  return names.length > max ? `${names.slice(0, max).join(', ')}, …` : names.join(', ');
}

/** Levenshtein distance, stopping early above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** The known name `name` is probably a typo of: within one edit (two for longer names). */
export function closest(name: string, known: readonly string[]): string | undefined {
  if (name.length < 3) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const max = Math.min(name.length, k.length) >= 6 ? 2 : 1;
    const d = distance(name, k, max);
    if (d <= max && d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/** `unknown actor "inwonr" (did you mean "inwoner"? known: inwoner, …)`: a typo is named with what it probably meant. */
export function unknownName(what: string, name: string, known: readonly string[]): string {
  const near = closest(name, known);
  return `unknown ${what} "${name}" (${near ? `did you mean "${near}"? ` : ''}known: ${knownList(known)})`;
}

/** The message of anything thrown: an Error's message, or the value itself as text. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
