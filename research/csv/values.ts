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
  const expected =
    max === Number.MAX_SAFE_INTEGER ? `is not an integer ≥ ${min}` : `is not an integer from ${min} to ${max}`;
  return (raw) => {
    if (!intPattern.test(raw)) throw new Invalid(expected);
    const n = Number(raw);
    if (n < min || n > max) throw new Invalid(expected);
    return n;
  };
}

/**
 * A number ≥ min; a decimal comma (1,5) is accepted as Dutch Excel writes it, and thousands
 * separators where the other separator marks the decimals (1.500,5 or 1,500.5). A number whose
 * only separator is followed by exactly three digits is refused: 1.500 is fifteen hundred to
 * Dutch Excel and one and a half to a US sheet, and guessing would change it a thousandfold.
 */
export function decimal(min = 0): Parser<number> {
  const expected = `is not a number ≥ ${min}`;
  return (raw) => {
    let text = raw;
    if (/^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(text)) text = text.replace(/\./g, '').replace(',', '.');
    else if (/^[+-]?\d{1,3}(,\d{3})+\.\d+$/.test(text)) text = text.replace(/,/g, '');
    else if (/^[+-]?[1-9]\d{0,2}[.,]\d{3}$/.test(text)) {
      const whole = text.replace(/[.,]/, '');
      const fraction = String(Number(text.replace(',', '.'))).replace('.', ',');
      throw new Invalid(
        `could be ${whole} or ${fraction}: is "${text.includes('.') ? '.' : ','}" a thousands separator or a decimal one? Write ${whole} or ${fraction}`,
      );
    } else if (text.includes(',') && !text.includes('.')) text = text.replace(',', '.');
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new Invalid(expected);
    const n = Number(text);
    if (!Number.isFinite(n) || n < min) throw new Invalid(expected);
    return n;
  };
}

const truthy = new Set(['yes', 'ja', 'true', '1', 'y', 'j', 'waar', 'x']);
const falsy = new Set(['no', 'nee', 'false', '0', 'n', 'onwaar']);

/** yes/no, ja/nee, true/false or 1/0 → 1 or 0 (as SQLite stores it). */
export const bool: Parser<0 | 1> = (raw) => {
  const v = raw.toLowerCase();
  if (truthy.has(v)) return 1;
  if (falsy.has(v)) return 0;
  throw new Invalid('is not yes or no (ja/nee, true/false, waar/onwaar and 1/0 are accepted too)');
};

/** The order of day and month in a slash date: day first (Dutch, 3/9/2026 = 3 September) or month first (US, Microsoft Forms). */
export type DateOrder = 'dmy' | 'mdy';

/** 2026-03-01, also with a time of day that is dropped (2026-03-01T10:00:00Z, 2026-03-01 10:00). */
const isoDate = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/** d-m-yyyy, d.m.yyyy or d/m/yyyy, with an optional time of day that is dropped ("9/3/2026 14:05:11"). */
const numericDate =
  /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?)?$/;

/** What a date cell says about the order of its column: only a slash date with a part over 12 decides. */
export function dateEvidence(raw: string): DateOrder | 'ambiguous' | undefined {
  const m = numericDate.exec(raw.trim());
  if (!m || m[2] !== '/') return undefined;
  const [a, b] = [Number(m[1]), Number(m[3])];
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  return a === b ? undefined : 'ambiguous';
}

/** Whether a date cell carries a time of day (which is dropped, with a note). */
export const hasTime = (raw: string) => /\d:\d{2}/.test(raw);

/**
 * A date: ISO (2026-03-01), or day-month-year as Dutch Excel writes it (01-03-2026, 1.3.2026).
 * Slash dates are read in the order the whole column shows (`order`, decided by the importer
 * from the column's cells): US survey tools write month first. A time of day is dropped.
 */
export function dateParser(order: DateOrder = 'dmy'): Parser<string> {
  return (raw) => {
    let y: number, m: number, d: number;
    let match = isoDate.exec(raw);
    if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    else if ((match = numericDate.exec(raw))) {
      const [a, b] = [Number(match[1]), Number(match[3])];
      y = Number(match[4]);
      [d, m] = match[2] === '/' && order === 'mdy' ? [b, a] : [a, b];
    } else throw new Invalid('is not a date (expected YYYY-MM-DD or DD-MM-YYYY)');
    const t = new Date(Date.UTC(y, m - 1, d));
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) {
      throw new Invalid(
        match[2] === '/'
          ? `is not a date that exists read ${order === 'mdy' ? 'month first' : 'day first'}`
          : 'is not a date that exists',
      );
    }
    return t.toISOString().slice(0, 10);
  };
}

/** A date, day first where it is not ISO. */
export const date: Parser<string> = dateParser('dmy');

/**
 * A duration in seconds, as researchers write it: a number of seconds (540, 1,5), m:ss (12:30),
 * h:mm:ss (1:05:00), or a number with a unit (15 min, 90 sec, 1,5 uur, 2 u, 45 s, 10 minuten).
 */
export function duration(min = 0): Parser<number> {
  const plain = decimal(min);
  const units: [RegExp, number][] = [
    [/^(?:s|sec|secs|seconde|seconden|second|seconds)$/, 1],
    [/^(?:m|min|mins|minuut|minuten|minute|minutes)$/, 60],
    [/^(?:u|uur|uren|h|hr|hrs|hour|hours)$/, 3600],
  ];
  const invalid = 'is not a duration (seconds, m:ss, h:mm:ss, or a number with sec, min or uur, as in 1 uur 30 min)';
  return (input) => {
    // An estimate is still the time: "ca. 10 min", "ongeveer 10 min", "± 10 min".
    const raw = input.replace(/^(?:ca\.?|circa|ongeveer|about|approx\.?|±|~)\s*/i, '');
    const clock = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/.exec(raw);
    if (clock)
      return clock[3] === undefined
        ? Number(clock[1]) * 60 + Number(clock[2])
        : Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
    // One or more number-unit parts: "15 min", "1,5 uur", "1u30", "1 uur 30 min", "2m 30s".
    const parts = [...raw.matchAll(/(\d+(?:[.,]\d+)?)\s*([a-z]+)\.?\s*/gi)];
    if (parts.length && parts.map((p) => p[0]).join('') === raw) {
      let seconds = 0;
      for (const [, amount, word] of parts) {
        const factor = units.find(([re]) => re.test(word.toLowerCase()))?.[1];
        if (factor === undefined) throw new Invalid(invalid);
        seconds += Number(amount.replace(',', '.')) * factor;
      }
      return Math.round(seconds * 1000) / 1000;
    }
    // "1u30", "1h30": hours and minutes without the second unit.
    const hm = /^(\d+)\s*[uh]\s*([0-5]\d)$/i.exec(raw);
    if (hm) return Number(hm[1]) * 3600 + Number(hm[2]) * 60;
    if (/^[-+]?\d+(?:[.,]\d+)*$/.test(raw)) return plain(raw); // its own message: "-5" is not a number ≥ 0
    throw new Invalid(invalid);
  };
}

/**
 * One of a fixed list, case-insensitive; `aliases` maps the words researchers write (Dutch,
 * survey wording) to the stored value. The second part of the message lists what is accepted.
 */
export function oneOf<T extends string>(values: readonly T[], aliases: Record<string, T> = {}): Parser<T> {
  const words = Object.keys(aliases);
  return (raw) => {
    const v = raw
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[.!?]+$/, '');
    if ((values as readonly string[]).includes(v)) return v as T;
    if (Object.hasOwn(aliases, v)) return aliases[v];
    throw new Invalid(
      `is not one of ${values.join(', ')}${words.length ? ` (or ${words.slice(0, 6).join(', ')}${words.length > 6 ? ', …' : ''})` : ''}`,
    );
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
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(raw))
      throw new Invalid(`is not a ${what} code (letters, digits, - _ . and no spaces)`);
    return raw;
  };
}

/**
 * A participant's pseudonymous code: one to four letters, an optional hyphen and digits (P-014).
 * Anything else could be a name, so it is refused.
 */
export const pseudonym: Parser<string> = (raw) => {
  if (!/^[A-Za-z]{1,4}-?\d{1,6}$/.test(raw))
    throw new Invalid('is not a pseudonymous code such as P-014 (letters, then digits)');
  return raw.toUpperCase();
};

/** A reference to a step, actor, channel or limit: a slug or a name (resolved against the procedure by the writer). */
export const reference: Parser<string> = (raw) => {
  if (raw.length > 200) throw new Invalid('is longer than 200 characters');
  return raw;
};

/** A slug: lowercase letters, digits and hyphens. */
export const slug: Parser<string> = (raw) => {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(raw))
    throw new Invalid('is not a slug (lowercase letters, digits and hyphens)');
  return raw;
};
