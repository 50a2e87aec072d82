/**
 * Every resident-facing text of a procedure with its English text where the file has one
 * (format 2 `en:` fields and English limit sections): what `procedures check --translations`
 * lists and what the English site shows.
 */
import { join, relative } from 'node:path';
import type { Procedure } from './schema';

export interface Translatable {
  /** Where the Dutch text lives: file and field path. */
  where: string;
  nl: string;
  en: string | undefined;
}

export function translatable(p: Procedure): Translatable[] {
  const file = relative(process.cwd(), join(p.dir, 'procedure.yaml'));
  const out: Translatable[] = [];
  const add = (where: string, nl: string | undefined, en: string | undefined) => {
    if (nl !== undefined) out.push({ where, nl, en });
  };
  add(`${file}: title`, p.title, p.en?.title);
  add(`${file}: short_title`, p.short_title, p.en?.short_title);
  add(`${file}: summary`, p.summary, p.en?.summary);
  add(`${file}: notice`, p.notice, p.en?.notice);
  if (p.start) {
    add(`${file}: start.label`, p.start.label, p.start.en?.label);
    add(`${file}: start.other_ways`, p.start.other_ways, p.start.en?.other_ways);
  }
  const contacts = [
    ...(p.contact ? [['contact', p.contact] as const] : []),
    ...(p.help ?? []).map((h, i) => [`help[${i}]`, h] as const),
  ];
  for (const [path, c] of contacts) {
    add(`${file}: ${path}.about`, c.about, c.en?.about);
    add(`${file}: ${path}.opening_hours`, c.opening_hours, c.en?.opening_hours);
  }
  p.steps.forEach((s, i) => {
    add(`${file}: steps[${i}].title`, s.title, s.en?.title);
    add(`${file}: steps[${i}].description`, s.description, s.en?.description);
    add(`${file}: steps[${i}].condition`, s.condition, s.en?.condition);
    add(`${file}: steps[${i}].typical_duration`, s.typical_duration, s.en?.typical_duration);
  });
  p.transitions.forEach((t, i) => add(`${file}: transitions[${i}].condition`, t.condition, t.en?.condition));
  p.outcomes?.forEach((o, i) => {
    add(`${file}: outcomes[${i}].title`, o.title, o.en?.title);
    add(`${file}: outcomes[${i}].description`, o.description, o.en?.description);
  });
  p.costs?.forEach((c, i) => {
    add(`${file}: costs[${i}].title`, c.title, c.en?.title);
    add(`${file}: costs[${i}].rule`, c.rule, c.en?.rule);
  });
  // Only legal terms are shown to residents; a working assumption stays with the team.
  p.terms?.forEach((t, i) => {
    if (t.status !== 'legal') return;
    add(`${file}: terms[${i}].title`, t.title, t.en?.title);
    add(`${file}: terms[${i}].duration`, t.duration, t.en?.duration);
  });
  for (const l of p.limits) {
    add(`${l.file}: title`, l.title, l.en.title);
    add(`${l.file}: notice`, l.notice, l.en.notice);
    l.amounts?.forEach((a, i) => {
      add(`${l.file}: amounts[${i}].title`, a.title, a.en?.title);
      add(`${l.file}: amounts[${i}].rule`, a.rule, a.en?.rule);
    });
    add(`${l.file}: De regel`, l.rule, l.en.rule);
    add(`${l.file}: Waarom deze regel`, l.why, l.en.why);
    add(`${l.file}: Wat kunt u doen`, l.options, l.en.options);
  }
  return out;
}
