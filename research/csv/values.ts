/**
 * Cell parsers for CSV imports. Each takes the trimmed cell text and returns the value, or
 * throws `Invalid` with what was expected: the importer turns that into
 * `file:row:column: "value" is not …`.
 */
export class Invalid {
  constructor(readonly expected: string) {}
}

export type Parser<T> = (raw: string) => T;

const intPattern = /^[+-]?\d+$/;

/** An integer in [min, max]. */
export function int(min = 0, max = Number.MAX_SAFE_INTEGER): Parser<number> {
  const expected = max === Number.MAX_SAFE_INTEGER ? `is not an integer ≥ ${min}` : `is not an integer from ${min} to ${max}`;
  return (raw) => {
    if (!intPattern.test(raw)) throw new Invalid(expected);
    const n = Number(raw);
    if (n < min || n > max) throw new Invalid(expected);
    return n;
  };
}

/** A number ≥ min; a decimal comma (1,5) is accepted as Dutch Excel writes it. */
export function decimal(min = 0): Parser<number> {
  const expected = `is not a number ≥ ${min}`;
  return (raw) => {
    const text = raw.includes(',') && !raw.includes('.') ? raw.replace(',', '.') : raw;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new Invalid(expected);
    const n = Number(text);
    if (!Number.isFinite(n) || n < min) throw new Invalid(expected);
    return n;
  };
}

const truthy = new Set(['yes', 'ja', 'true', '1', 'y', 'j']);
const falsy = new Set(['no', 'nee', 'false', '0', 'n']);

/** yes/no, ja/nee, true/false or 1/0 → 1 or 0 (as SQLite stores it). */
export const bool: Parser<0 | 1> = (raw) => {
  const v = raw.toLowerCase();
  if (truthy.has(v)) return 1;
  if (falsy.has(v)) return 0;
  throw new Invalid('is not yes or no (ja/nee, true/false and 1/0 are accepted too)');
};

/** An ISO date (2026-03-01), or day-month-year as Dutch Excel writes it (01-03-2026, 1/3/2026). */
export const date: Parser<string> = (raw) => {
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(raw))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else throw new Invalid('is not a date (expected YYYY-MM-DD or DD-MM-YYYY)');
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) throw new Invalid('is not a date that exists');
  return t.toISOString().slice(0, 10);
};

/** One of a fixed list. */
export function oneOf<T extends string>(values: readonly T[]): Parser<T> {
  return (raw) => {
    const v = raw.toLowerCase() as T;
    if (!values.includes(v)) throw new Invalid(`is not one of ${values.join(', ')}`);
    return v;
  };
}

/** Free text, kept exactly as written (trimmed): markup, control characters and all; the site escapes it. */
export function text(maxLength = 200_000): Parser<string> {
  return (raw) => {
    if (raw.length > maxLength) throw new Invalid(`is longer than ${maxLength} characters`);
    return raw;
  };
}

/** A code such as P-014, S-2026-01 or bijstand-r1: letters, digits, - _ . ; no spaces. */
export function code(what: string): Parser<string> {
  return (raw) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$/.test(raw)) throw new Invalid(`is not a ${what} code (letters, digits, - _ . and no spaces)`);
    return raw;
  };
}

/**
 * A participant's pseudonymous code: one to four letters, an optional hyphen and digits (P-014).
 * Anything else could be a name, so it is refused.
 */
export const pseudonym: Parser<string> = (raw) => {
  if (!/^[A-Za-z]{1,4}-?\d{1,6}$/.test(raw)) throw new Invalid('is not a pseudonymous code such as P-014 (letters, then digits)');
  return raw.toUpperCase();
};

/** A slug: lowercase letters, digits and hyphens. */
export const slug: Parser<string> = (raw) => {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(raw)) throw new Invalid('is not a slug (lowercase letters, digits and hyphens)');
  return raw;
};
