/**
 * The publication gate: the only door from research data to any site. It keeps only what
 * consent allows, suppresses public figures computed from fewer residents than the minimum
 * group size, and runs the personal-data scanner on every free text that passes: a text with a
 * finding is left out (or, with `redact`, published with the finding replaced by a label).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chainForActor, onMainRoute } from '../../../analysis/chain';
import {
  componentKeys,
  emptyStats,
  frictionEvents,
  frictionLevel,
  minN,
  scoreStep,
  type FrictionLevel,
  type StepScore,
  type StepStats,
  waitQuantiles,
} from '../../../analysis/friction';
import { createPiiScanner, redact as redactText, type PiiFinding } from '../../../analysis/pii';
import { readability } from '../../../analysis/readability';
import { tellItOnce } from '../../../analysis/tell-once';
import { defaultProceduresDir } from '../../../procedures/load';
import type { LegalBasis, Procedure } from '../../../procedures/schema';
import type { Db } from '../../../research/db';
import { DrempelError } from '../../../research/errors';
import { csvLine } from '../../../research/csv/export';
import { evidenceQuotes, residentVisits, teamQuoteWords } from '../../../research/repositories/quotes';
import { listFindings, listFixes, listVerifications } from '../../../research/repositories/findings';
import { codebook, codeFrequencies } from '../../../research/repositories/codebook';
import { experiencesOf, honestQuotes, mostFoundHard } from '../../../analysis/evidence';
import {
  blockedResidents,
  listStudies,
  stepStatistics,
  stepsOfVersion,
  studyResidents,
  type StudyRef,
} from '../../../research/repositories/scoring';
import { buildCompareReport } from '../reports/compare';
import { buildPriorities } from '../reports/priorities';
import { biggestGaps } from '../reports/segments';
import type {
  Audience,
  BlockedText,
  SiteData,
  SiteFriction,
  SiteLimit,
  SiteProcedure,
  SiteReadability,
  SiteRoom,
  SiteStep,
  TeamData,
} from './types';
import { defaultConfidence } from '../../../analysis/distributions';

export interface GateOptions {
  audience: Audience;
  /** Public figures from fewer residents than this are suppressed (default 5). */
  minGroupSize?: number;
  /** Names to block (the bundled list plus the team's own file). */
  names?: string[];
  /** Replace findings with labels instead of leaving the text out. */
  redact?: boolean;
  confidence?: number;
  now: string;
  proceduresDir?: string;
  /** Where the site will be published (https://…/): absolute hreflang and canonical links need it. */
  siteUrl?: string;
  /** The team's ranking of these studies (codes) instead of each procedure's latest round. */
  studies?: string[];
}

/** A names file: one name per line, `#` comments. */
export function readNames(file: string): string[] {
  if (!existsSync(file))
    throw new DrempelError(
      `names file not found: ${file}`,
      'Name a text file with one name per line (--names FILE or DREMPEL_NAMES).',
    );
  if (!statSync(file).isFile()) throw new DrempelError(`names file ${file} is not a file`);
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}

export const bundledNamesFile = join(import.meta.dirname, 'names-nl.txt');

const dutchLevel: Record<FrictionLevel, SiteFriction['label']> = { low: 'laag', medium: 'gemiddeld', high: 'hoog' };
const labelOf = (f: number): SiteFriction['label'] => dutchLevel[frictionLevel(f)];

function measure(text: string): SiteReadability {
  const r = readability(text)!;
  return {
    fleschDouma: r.fleschDouma,
    brouwer: r.brouwer,
    meanSentenceLength: r.meanSentenceLength,
    shareLongSentences: r.shareLongSentences,
    shareLongWords: r.shareLongWords,
    words: r.words,
  };
}

export function publish(db: Db, procedures: Procedure[], opts: GateOptions): SiteData {
  const { audience, minGroupSize = minN, redact = false, confidence = defaultConfidence, now } = opts;
  const dir = opts.proceduresDir ?? defaultProceduresDir();
  const contacts = join(dir, 'public-contacts.txt');
  // Organisations' own contact details in the procedure files are public by nature: they pass.
  const procedureContacts = procedures.flatMap((p) =>
    [p.contact, ...(p.help ?? [])].flatMap((c) => (c ? [c.phone, c.address].filter((x) => x !== undefined) : [])),
  );
  const scanner = createPiiScanner(
    [...readNames(bundledNamesFile), ...(opts.names ?? [])],
    [...(existsSync(contacts) ? readNames(contacts) : []), ...procedureContacts],
  );
  const blocked: BlockedText[] = [];

  /** A quote with personal data is left out (or, with `redact`, published with labels in its place). */
  const pass = (where: string, text: string): string | undefined => {
    const findings: PiiFinding[] = scanner(text);
    if (!findings.length) return text;
    const kinds = [...new Set(findings.map((f) => f.kind))];
    blocked.push({ where, kinds, action: redact ? 'redacted' : 'left out' });
    return redact ? redactText(text, findings) : undefined;
  };
  const studies = listStudies(db);
  const out = procedures.map((p) =>
    procedureData(db, p, latestStudy(studies, p.slug), {
      audience,
      minGroupSize,
      confidence,
      pass,
    }),
  );
  const data = {
    audience,
    generatedAt: now,
    siteUrl: opts.siteUrl ?? null,
    minGroupSize,
    confidence,
    procedures: out,
    team: audience === 'team' ? teamData(db, procedures, confidence, pass, opts.studies) : null,
  };
  // Then every string the site will see, whatever field it sits in, passes the scanner too:
  // anything it finds is replaced by a label. Nothing reaches a page around this door.
  const swept = sweepStrings(data, '', (where, text) => {
    const findings = scanner(text);
    if (!findings.length) return text;
    blocked.push({ where, kinds: [...new Set(findings.map((f) => f.kind))], action: 'redacted' });
    return redactText(text, findings);
  });
  return { ...swept, blocked };
}

/** A procedure's latest study (listStudies returns them oldest first), if it has one. */
function latestStudy(studies: StudyRef[], procedure: string): StudyRef | undefined {
  return studies.filter((s) => s.procedure === procedure).pop();
}

/** A copy of `value` with every string passed through `visit(path, text)`. */
export function sweepStrings<T>(value: T, path: string, visit: (path: string, text: string) => string): T {
  if (typeof value === 'string') return visit(path, value) as T;
  if (Array.isArray(value)) return value.map((v, i) => sweepStrings(v, `${path}[${i}]`, visit)) as T;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const label = typeof o.slug === 'string' ? `${path}(${o.slug})` : path;
    return Object.fromEntries(
      Object.entries(o).map(([k, v]) => [k, sweepStrings(v, label ? `${label}.${k}` : k, visit)]),
    ) as T;
  }
  return value;
}

interface Ctx {
  audience: Audience;
  minGroupSize: number;
  confidence: number;
  pass: (where: string, text: string) => string | undefined;
}

function procedureData(db: Db, p: Procedure, study: StudyRef | undefined, ctx: Ctx): SiteProcedure {
  const actors = new Map(p.actors.map((a) => [a.slug, a]));
  const channels = new Map(p.channels.map((c) => [c.slug, c.name]));
  const items = new Map(p.information_items.map((i) => [i.slug, i.name]));
  const stats = study ? stepStatistics(db, study.id, frictionEvents, waitQuantiles) : new Map<number, StepStats>();
  const studySteps = study
    ? new Map(stepsOfVersion(db, study.versionId).map((s) => [s.step, s.id]))
    : new Map<string, number>();
  const quotes = study
    ? evidenceQuotes(db, study.id, ctx.audience === 'public' ? 'quote_public' : 'quote_internal')
    : [];
  const experiences = study ? experiencesOf(residentVisits(db, study.id)) : new Map<string, Map<number, boolean>>();
  // Every figure the public sees stands on at least minGroupSize residents; the team sees all.
  const shown = (residents: number) => ctx.audience === 'team' || residents >= ctx.minGroupSize;
  let residents: number | null = study ? studyResidents(db, study.id) : null;
  if (residents !== null && !shown(residents)) residents = null;
  const outcomes = new Map((p.outcomes ?? []).map((o) => [o.slug, o]));
  // Main-route steps are numbered 1, 2, 3 …; a conditional, optional or objection step is not.
  let number = 0;
  const positions = p.steps.map((s) => (onMainRoute(s) ? ++number : null));
  const steps: SiteStep[] = p.steps.map((s, i) => {
    const a = actors.get(s.actor)!;
    const stepId = studySteps.get(s.slug);
    const st = (stepId !== undefined ? stats.get(stepId) : undefined) ?? emptyStats();
    const score = scoreStep(st, { step: s.slug, title: s.title }, { confidence: ctx.confidence });
    const friction = siteFriction(score, shown);
    const enough = friction !== null;
    return {
      slug: s.slug,
      position: positions[i],
      with: (s.with ?? []).map((x) => actors.get(x)!.name),
      condition: s.condition ?? null,
      optional: s.optional ?? false,
      automatic: s.automatic ?? false,
      anonymous: s.anonymous ?? false,
      objection: s.objection ?? null,
      ends: p.transitions.flatMap((t) => {
        const o = t.from === s.slug ? outcomes.get(t.to) : undefined;
        return o
          ? [
              {
                outcome: o.slug,
                title: o.title,
                kind: o.kind,
                condition: t.condition ?? null,
                en: present({ title: o.en?.title, condition: t.en?.condition }),
              },
            ]
          : [];
      }),
      en: present({
        title: s.en?.title,
        description: s.en?.description,
        condition: s.en?.condition,
        typicalDuration: s.en?.typical_duration,
      }),
      title: s.title,
      actor: a.slug,
      actorName: a.name,
      department: a.department,
      actorKind: a.kind,
      channels: s.channels.map((c) => channels.get(c)!),
      description: s.description,
      asks: s.asks.map((x) => items.get(x)!),
      documents: s.documents,
      typicalDuration: s.typical_duration ?? null,
      targetMinutes: s.target_minutes ?? null,
      // The waiting norm is the team's working assumption for scoring: never a term on the public site.
      waitNormDays: ctx.audience === 'team' ? s.wait_norm_days : null,
      limits: p.limits.filter((l) => l.steps.includes(s.slug)).map((l) => l.slug),
      next: p.transitions
        .filter((t) => t.from === s.slug && !outcomes.has(t.to))
        .map((t) => ({
          step: t.to,
          kind: t.kind,
          condition: t.condition ?? null,
          en: present({ condition: t.en?.condition }),
        })),
      friction,
      minutes: enough && score.time.geomean !== null && shown(score.time.n) ? score.time.geomean / 60 : null,
      quotes: honestQuotes(
        quotes
          .filter((q) => q.step === s.slug)
          .flatMap((q) => {
            const text = ctx.pass(`quote ${q.quote}`, q.text);
            const hard = q.participant === null ? undefined : experiences.get(s.slug)?.get(q.participant);
            return text === undefined ? [] : [{ text, redacted: text !== q.text, hard: hard ?? null }];
          }),
        mostFoundHard(experiences.get(s.slug)),
      ),
    };
  });
  const limits = p.limits.map((l) => siteLimit(l, ctx.audience));
  return {
    stepsCsv: stepsCsv(steps, ctx.audience),
    slug: p.slug,
    title: p.title,
    shortTitle: p.short_title,
    version: p.version,
    validFrom: p.valid_from,
    municipality: p.municipality,
    summary: p.summary,
    caveats: p.caveats,
    notice: p.notice ?? null,
    sources: p.sources.map((x) => (typeof x === 'string' ? { title: null, url: x } : x)),
    format: p.format,
    start: p.start
      ? {
          url: p.start.url ?? null,
          label: p.start.label ?? null,
          digid: p.start.digid,
          otherWays: p.start.other_ways ?? null,
          en: present({ label: p.start.en?.label, otherWays: p.start.en?.other_ways }),
        }
      : null,
    contact: p.contact ?? null,
    help: p.help ?? [],
    costs: p.costs ?? [],
    outcomes: p.outcomes ?? [],
    // A working assumption (a waiting norm for scoring) is never shown to residents as a term.
    terms: (p.terms ?? []).filter((t) => ctx.audience === 'team' || t.status === 'legal'),
    en: present({ title: p.en?.title, shortTitle: p.en?.short_title, summary: p.en?.summary, notice: p.en?.notice }),
    actors: p.actors.map(({ slug, name, department, kind }) => ({ slug, name, department, kind })),
    departments: [...new Set(p.actors.map((a) => a.department))],
    steps,
    limits,
    study: study ? { round: study.round, startedOn: study.startedOn, endedOn: study.endedOn, residents } : null,
  };
}

/**
 * A step's friction as the site may show it: none below the group size (the team sees all), and
 * each component share only when it stands on as many residents as the step needs.
 */
function siteFriction(score: StepScore, shown: (residents: number) => boolean): SiteFriction | null {
  const { friction, low, high } = score;
  if (friction === null || low === null || high === null || !shown(score.n)) return null;
  return {
    residents: score.n,
    value: friction,
    low,
    high,
    indicative: score.indicative,
    label: labelOf(friction),
    components: componentKeys
      .flatMap((key) => {
        const c = score.components[key];
        return c && c.estimate !== null && shown(c.n) ? [{ key, estimate: c.estimate, events: c.events, n: c.n }] : [];
      })
      .sort((x, y) => y.estimate - x.estimate),
  };
}

/** The English texts a file gives: only the fields it has, so the site can fall back to Dutch. */
function present<T extends Record<string, string | undefined>>(texts: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(texts).filter(([, v]) => v)) as { [K in keyof T]?: string };
}

const basisOf = (b: LegalBasis) => ({ law: b.law, article: b.article, url: b.url });

/** The room a rule leaves staff, as the team site shows it. */
function siteRoom(l: Procedure['limits'][number]): SiteRoom[] {
  return l.room.map((r) => ({ kind: r.kind, text: r.text, who: r.who, ...basisOf(r.legal_basis) }));
}

/** A policy limit as the site shows it, with the readability of its three texts; the room it leaves only for the team. */
function siteLimit(l: Procedure['limits'][number], audience: Audience): SiteLimit {
  return {
    slug: l.slug,
    title: l.title,
    steps: l.steps,
    rule: l.rule,
    why: l.why,
    options: l.options,
    law: l.legal_basis.law,
    article: l.legal_basis.article,
    url: l.legal_basis.url,
    sources: l.sources,
    knownFriction: l.known_friction,
    uncertain: l.uncertain ?? null,
    notice: l.notice ?? null,
    amounts: l.amounts ?? [],
    lastChecked: l.last_checked,
    readability: { rule: measure(l.rule), why: measure(l.why), options: measure(l.options) },
    legalBases: l.legal_bases.map(basisOf),
    room: audience === 'team' ? siteRoom(l) : null,
    en: l.en,
  };
}

/**
 * The table behind each procedure map as CSV, for Dutch Excel: semicolons, decimal commas, UTF-8
 * with a byte-order mark, CRLF; every cell neutralised against formula injection. The waiting
 * norm (the team's assumption) is a column of the team's download only.
 */
function stepsCsv(steps: SiteStep[], audience: Audience): string {
  const team = audience === 'team';
  const comma = (x: number | undefined) => (x === undefined ? '' : x.toFixed(3).replace('.', ','));
  const header = [
    'stap',
    'nummer',
    'titel',
    'wie',
    'afdeling',
    'kanaal',
    ...(team ? ['wachtnorm_dagen'] : []),
    'frictie',
    'frictie_laag',
    'frictie_hoog',
    'frictie_woord',
    'inwoners',
  ];
  const rows = steps.map((s) => [
    s.slug,
    s.position ?? '',
    s.title,
    s.actorName,
    s.department,
    s.channels.join(', '),
    ...(team ? [s.waitNormDays] : []),
    comma(s.friction?.value),
    comma(s.friction?.low),
    comma(s.friction?.high),
    s.friction?.label ?? 'te weinig waarnemingen',
    s.friction?.residents ?? '',
  ]);
  return '\ufeff' + [header, ...rows].map((r) => csvLine(r, ';').replace(/\n$/, '\r\n')).join('');
}

/**
 * What the team site searches and counts: every study's quotes consent lets the team read (and
 * whether they may be published), and the codebook with its frequencies. Texts and code names
 * pass the gate; a code whose name is stopped goes with its counts, and from the quotes.
 */
function searchData(
  db: Db,
  procedures: Procedure[],
  studies: ReturnType<typeof listStudies>,
  pass: Ctx['pass'],
): Pick<TeamData, 'quoteIndex' | 'codebook' | 'codeSteps'> {
  const codes = codebook(db).filter((c) => pass(`code ${c.name}`, c.name) !== undefined);
  const known = new Set(codes.map((c) => c.name));
  const stepTitles = new Map(procedures.flatMap((p) => p.steps.map((s) => [`${p.slug}/${s.slug}`, s.title] as const)));
  const quoteIndex = studies.flatMap((s) => {
    const published = new Set(evidenceQuotes(db, s.id, 'quote_public').map((q) => q.quote));
    return evidenceQuotes(db, s.id, 'quote_internal').flatMap((q) => {
      const text = pass(`quote ${q.quote}`, q.text);
      return text === undefined
        ? []
        : [
            {
              quote: q.quote,
              study: s.study,
              procedure: s.procedure,
              step: q.step,
              stepTitle: q.step ? (stepTitles.get(`${s.procedure}/${q.step}`) ?? q.step) : null,
              text,
              tags: q.tags.filter((t) => known.has(t)),
              scope: published.has(q.quote) ? ('public' as const) : ('team' as const),
            },
          ];
    });
  });
  return {
    quoteIndex,
    codebook: codes.map((c) => ({
      ...c,
      parent: c.parent !== null && known.has(c.parent) ? c.parent : null,
      description: c.description === null ? null : (pass(`code ${c.name}`, c.description) ?? null),
    })),
    codeSteps: codeFrequencies(db, 'step')
      .filter((f) => known.has(f.code))
      .map((f) => ({ code: f.code, step: f.group, quotes: f.quotes, residents: f.residents })),
  };
}

function teamData(
  db: Db,
  procedures: Procedure[],
  confidence: number,
  pass: Ctx['pass'],
  chosen?: string[],
): NonNullable<SiteData['team']> {
  const studies = listStudies(db);
  const comparisons = procedures.flatMap((p) => {
    const mine = studies.filter((s) => s.procedure === p.slug);
    return mine.length >= 2
      ? [
          buildCompareReport(db, {
            before: mine[mine.length - 2].study,
            after: mine[mine.length - 1].study,
            confidence,
          }),
        ]
      : [];
  });
  const priorities = buildPriorities(db, { confidence, studies: chosen }).map((row) => ({
    ...row,
    evidence: row.evidence.flatMap((e) => {
      const text = pass(`quote ${e.quote}`, e.text);
      return text === undefined ? [] : [{ ...e, text }];
    }),
  }));
  const gaps = procedures.flatMap((p) => {
    const s = latestStudy(studies, p.slug);
    return s ? [{ procedure: p.slug, study: s.study, steps: biggestGaps(db, s, confidence) }] : [];
  });
  return {
    priorities,
    comparisons,
    gaps,
    tellOnce: procedures.map((p) => ({ procedure: p.slug, items: tellItOnce(p) })),
    chains: procedures.flatMap((p) =>
      p.actors
        .filter((a) => a.kind !== 'resident')
        .map((a) => ({ procedure: p.slug, actor: a.slug, actorName: a.name, steps: chainForActor(p, a.slug) })),
    ),
    blockingLimits: procedures.flatMap((p) => {
      const s = latestStudy(studies, p.slug);
      if (!s) return [];
      const byslug = new Map(p.limits.map((l) => [l.slug, l]));
      return [
        {
          procedure: p.slug,
          study: s.study,
          limits: blockedResidents(db, s.id).flatMap(({ limit, residents }) => {
            const l = byslug.get(limit);
            return l ? [{ limit, title: l.title, residents, room: siteRoom(l) }] : [];
          }),
        },
      ];
    }),
    findings: listFindings(db).flatMap((f) => {
      const statement = pass(`finding ${f.finding}`, f.statement);
      const study = f.study ? studies.find((s) => s.study === f.study) : undefined;
      // The evidence's words, where consent allows the team to read them (else only the code).
      const allowed = study ? teamQuoteWords(db, study.id) : new Map<string, string>();
      const quotes = f.evidence.map((code) => {
        const text = allowed.get(code);
        return { quote: code, text: text === undefined ? null : (pass(`quote ${code}`, text) ?? null) };
      });
      return statement === undefined ? [] : [{ ...f, statement, procedure: study?.procedure ?? null, quotes }];
    }),
    fixes: listFixes(db).flatMap((x) => {
      const proposal = pass(`fix ${x.fix}`, x.proposal);
      return proposal === undefined ? [] : [{ ...x, proposal }];
    }),
    verifications: listVerifications(db),
    ...searchData(db, procedures, studies, pass),
    quotes: procedures.flatMap((p) => {
      const s = latestStudy(studies, p.slug);
      return s
        ? evidenceQuotes(db, s.id, 'quote_internal').flatMap((q) => {
            const text = pass(`quote ${q.quote}`, q.text);
            return text === undefined
              ? []
              : [{ procedure: p.slug, step: q.step, quote: q.quote, text, tags: q.tags, kind: q.kind }];
          })
        : [];
    }),
  };
}
