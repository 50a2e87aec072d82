/**
 * What a resident's pages derive from a procedure: the one list of what to bring, whether an
 * amount is too old to trust, and which texts on a page exist only in Dutch.
 */
import type { SiteLimit, SiteProcedure, SiteStep } from '../../../scripts/app/gate/types';
import { inLang, t, type Lang } from './i18n';

export interface ChecklistGroup {
  /** Null for what everyone needs; else when it is needed ("alleen als u jonger bent dan 27"). */
  when: { text: string; lang: Lang } | null;
  items: { text: string; steps: { slug: string; position: number | null; title: { text: string; lang: Lang } }[] }[];
}

/** Why a step is off the main route, in the resident's words: its condition, else optional or objection. */
export function offRouteReason(lang: Lang, step: SiteStep): { text: string; lang: Lang } {
  const s = t(lang);
  return step.condition !== null
    ? inLang(lang, step.condition, step.en.condition)
    : { text: step.objection !== null ? s.objectionStep : s.optionalStep, lang };
}

/**
 * Everything to bring or have ready, across all steps, once: first what everyone needs (the main
 * route), then per condition what only some residents need. The same document at several steps
 * is one item naming each step; one everyone needs is not repeated under a condition.
 */
export function checklist(lang: Lang, p: SiteProcedure): ChecklistGroup[] {
  const key = (x: string) => x.toLowerCase().replace(/\s+/g, ' ').trim();
  const groups = new Map<string, ChecklistGroup>();
  const everyone = new Set(p.steps.filter((x) => x.position !== null).flatMap((x) => x.documents.map(key)));
  for (const step of p.steps) {
    const when = step.position === null ? offRouteReason(lang, step) : null;
    const groupKey = when ? `${when.lang}:${when.text}` : '';
    const group = groups.get(groupKey) ?? { when, items: [] };
    groups.set(groupKey, group);
    for (const doc of step.documents) {
      if (when && everyone.has(key(doc))) continue;
      const ref = { slug: step.slug, position: step.position, title: inLang(lang, step.title, step.en.title) };
      const item = group.items.find((i) => key(i.text) === key(doc));
      if (item) item.steps.push(ref);
      else group.items.push({ text: doc, steps: [ref] });
    }
  }
  const all = [...groups.values()].filter((g) => g.items.length > 0);
  return [...all.filter((g) => g.when === null), ...all.filter((g) => g.when !== null)];
}

/** An amount's age counts from the date it applies to, else the date it was checked; a year or more is too old. */
export function amountTooOld(amount: { checked: string; valid_on?: string }, today: string): boolean {
  const from = Date.parse(`${(amount.valid_on ?? amount.checked).slice(0, 10)}T00:00:00Z`);
  const now = Date.parse(`${today.slice(0, 10)}T00:00:00Z`);
  return now - from > 365 * 24 * 3600 * 1000;
}

type Pair = [string | null | undefined, string | undefined];
const dutchOnly = (pairs: Pair[]) => pairs.filter(([nl, en]) => nl && !en).length;

/** How many texts of a procedure page have no English yet (0 on the Dutch site). */
export function dutchOnProcedurePage(lang: Lang, p: SiteProcedure): number {
  if (lang === 'nl') return 0;
  return dutchOnly([
    [p.title, p.en.title],
    [p.summary, p.en.summary],
    [p.notice, p.en.notice],
    [p.start?.label, p.start?.en.label],
    [p.start?.otherWays, p.start?.en.otherWays],
    ...[p.contact, ...p.help].flatMap((c): Pair[] => [
      [c?.about, c?.en?.about],
      [c?.opening_hours, c?.en?.opening_hours],
    ]),
    ...p.costs.flatMap((c): Pair[] => [
      [c.title, c.en?.title],
      [c.rule, c.en?.rule],
    ]),
    ...p.terms.flatMap((x): Pair[] => [
      [x.title, x.en?.title],
      [x.duration, x.en?.duration],
    ]),
    ...p.steps.flatMap((x): Pair[] => [
      [x.title, x.en.title],
      [x.description, x.en.description],
      [x.condition, x.en.condition],
      ...x.documents.map((d): Pair => [d, undefined]),
      ...x.next.map((n): Pair => [n.condition, n.en.condition]),
    ]),
  ]);
}

/** How many texts of a step page have no English yet. */
export function dutchOnStepPage(lang: Lang, p: SiteProcedure, step: SiteStep): number {
  if (lang === 'nl') return 0;
  return dutchOnly([
    [step.title, step.en.title],
    [step.description, step.en.description],
    [step.condition, step.en.condition],
    [step.typicalDuration, step.en.typicalDuration],
    ...step.documents.map((d): Pair => [d, undefined]),
    ...step.asks.map((d): Pair => [d, undefined]),
    ...step.quotes.map((q): Pair => [q.text, undefined]),
    ...p.limits.filter((l) => step.limits.includes(l.slug)).map((l): Pair => [l.title, l.en.title]),
  ]);
}

/** How many texts of a rule page have no English yet. */
export function dutchOnLimitPage(lang: Lang, l: SiteLimit): number {
  if (lang === 'nl') return 0;
  return dutchOnly([
    [l.title, l.en.title],
    [l.notice, l.en.notice],
    [l.rule, l.en.rule],
    [l.why, l.en.why],
    [l.options, l.en.options],
    ...l.amounts.flatMap((a): Pair[] => [
      [a.title, a.en?.title],
      [a.rule, a.en?.rule],
    ]),
  ]);
}

/**
 * GOV.UK step-by-step's "en"/"of": a main-route step reached from the same step as the main-route
 * step listed before it is "and" (both happen: plain next or hand-off transitions) or "or" (one of
 * them happens: branches with a condition). Other steps have no label.
 */
export function logicLabels(p: Pick<SiteProcedure, 'steps'>): Map<string, 'and' | 'or'> {
  const into = new Map<string, { from: string; kind: string; condition: string | null }[]>();
  for (const step of p.steps)
    for (const n of step.next) into.set(n.step, [...(into.get(n.step) ?? []), { from: step.slug, ...n }]);
  const out = new Map<string, 'and' | 'or'>();
  const main = p.steps.filter((x) => x.position !== null);
  main.forEach((b, i) => {
    const a = main[i - 1];
    if (!a) return;
    for (const x of into.get(a.slug) ?? [])
      for (const y of into.get(b.slug) ?? []) {
        if (x.from !== y.from) continue;
        if (x.kind === 'branch' && y.kind === 'branch' && x.condition && y.condition) out.set(b.slug, 'or');
        else if (x.kind !== 'branch' && x.kind !== 'return' && y.kind !== 'branch' && y.kind !== 'return')
          out.set(b.slug, 'and');
      }
  });
  return out;
}

/**
 * The article a resident sees in a link: the first reference only, without the research notes a
 * file keeps beside it ("art. 34 lid 2 onder b en lid 3 (tekst 2015 noemde …)" → "art. 34 lid 2
 * onder b en lid 3"). The whole text stays for professionals.
 */
export function residentArticle(article: string): string {
  return article.split(/\s\(|;|,\s(?=art\.)/)[0].trim();
}

/**
 * The steps before and after a step along the route a resident follows: on the main route the
 * previous and next main-route steps; off it, the step that leads there and the step it leads to.
 */
export function neighbours(p: Pick<SiteProcedure, 'steps'>, step: SiteStep): { previous?: SiteStep; next?: SiteStep } {
  const bySlug = new Map(p.steps.map((x) => [x.slug, x]));
  if (step.position !== null) {
    const main = p.steps.filter((x) => x.position !== null);
    const i = main.indexOf(step);
    return { previous: main[i - 1], next: main[i + 1] };
  }
  const into = p.steps.find((x) => x.next.some((n) => n.step === step.slug && n.kind !== 'return'));
  const out = step.next.find((n) => n.kind !== 'return');
  return { previous: into, next: out ? bySlug.get(out.step) : undefined };
}
