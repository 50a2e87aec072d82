/**
 * The personal-data scanner as the commands use it: one scanner per names list (the bundled
 * names plus the team's own, DREMPEL_NAMES), giving the kinds a text holds and the text with each
 * finding replaced by its label. Built once per process: indexing the names takes a moment.
 */
import { basename } from 'node:path';
import { createPiiScanner, redact } from '../../analysis/pii';
import { bundledNamesFile, readNames } from './gate/gate';

export interface PersonalData {
  /** The kinds of personal data in a text, each once ("TELEFOON", "NAAM"). */
  kinds(text: string): string[];
  /** The text with every finding replaced by its label ("bel me op [TELEFOON]"). */
  redact(text: string): string;
}

const cache = new Map<string, PersonalData>();

/** The scanner for the bundled names and those in `namesFile` (the value of DREMPEL_NAMES). */
export function personalData(namesFile?: string): PersonalData {
  const key = namesFile ?? '';
  let tools = cache.get(key);
  if (!tools) {
    const scan = createPiiScanner([...readNames(bundledNamesFile), ...(namesFile ? readNames(namesFile) : [])]);
    tools = {
      kinds: (text) => [...new Set(scan(text).map((f) => f.kind))],
      redact: (text) => redact(text, scan(text)),
    };
    cache.set(key, tools);
  }
  return tools;
}

/**
 * A file name as the append-only audit log may keep it: "quotes P-018 Jan de Vries.csv" would
 * outlive an erasure, so codes and personal data in it are replaced by labels.
 */
export function auditName(path: string, namesFile?: string): string {
  return personalData(namesFile)
    .redact(basename(path))
    .replace(/(?<![\p{L}\p{N}])[A-Za-z]{1,4}-\d{1,6}(?![\p{N}])/gu, '[code]');
}
