/**
 * Timestamps as event logs write them: ISO 8601 with `T` or a space, optional fractional
 * seconds (pandas writes microseconds), and an offset (`+01:00`, `+0100`, `Z`). Normalised to UTC
 * at ingest, because logs cross daylight-saving changes. A timestamp without an offset is read
 * as UTC; the importer warns about it once.
 */
const pattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

export interface ParsedTime {
  ms: number;
  hasOffset: boolean;
}

/** Milliseconds since the epoch (UTC), or undefined when the text is not such a timestamp. */
export function parseTimestamp(text: string): ParsedTime | undefined {
  const m = pattern.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Number((frac + '000').slice(0, 3));
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(t);
  if (
    check.getUTCDate() !== Number(d) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 60
  )
    return undefined;
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60_000;
  }
  return { ms: t, hasOffset: !!zone };
}
