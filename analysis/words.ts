/**
 * Words as search compares them, the same on the command line (research/search/) and on the team
 * site (QuoteSearch): NFC, lower case, letters and digits, and each word's Dutch stem, so that
 * "aanvragen" finds "aanvraag".
 */
import { stemDutch } from './stem-nl';

/** The words of a text: NFC, lower case, letters and digits; "auto's" is one word ("autos"). */
export function wordsOf(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/(\p{L})['’](\p{L})/gu, '$1$2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** A word's stem: Dutch stemming for words of letters; numbers and codes stay as they are. */
export const stemOf = (word: string): string => (/^\p{L}+$/u.test(word) ? stemDutch(word) : word);
