/**
 * Text as REFI-QDA counts it: positions are Unicode code points from 0, end exclusive, in text
 * normalised to NFC with LF line ends and no byte order mark. JavaScript strings count UTF-16
 * units, so an emoji before a selection would shift every offset by one: convert here only.
 */
import { xmlSafe } from './xml';

/** NFC, LF line ends, no byte order mark, nothing XML cannot carry: the text every offset is counted in. */
export function normaliseText(s: string): string {
  return xmlSafe(s.replace(/\r\n?/g, '\n').replace(/\ufeff/g, '')).normalize('NFC');
}

/** The number of code points in `s` (a surrogate pair is one). */
export function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The UTF-16 index of code point `cp` in `s` (or -1 when `s` has fewer code points). */
export function utf16Index(s: string, cp: number): number {
  let i = 0;
  for (let n = 0; n < cp; n++) {
    if (i >= s.length) return -1;
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return i;
}

/** The code points [start, end) of `s`, or undefined when they run beyond its end. */
export function sliceCodePoints(s: string, start: number, end: number): string | undefined {
  const a = utf16Index(s, start);
  const b = utf16Index(s, end);
  return a < 0 || b < 0 ? undefined : s.slice(a, b);
}
