/**
 * The publication gate: the only door from research data to any site. It keeps only what
 * consent allows, suppresses public figures computed from fewer residents than the minimum
 * group size, and runs the personal-data scanner on every free text that passes: a text with a
 * finding is left out (or, with `redact`, published with the finding replaced by a label).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chainForActor } from '../../analysis/chain';
import { defaultWaitNorm, emptyStats, frictionLevel, hardEase, scoreStep, type FrictionLevel, type StepStats } from '../../analysis/friction';
import { createPiiScanner, redact as redactText, type PiiFinding } from '../../analysis/pii';
import { readability } from '../../analysis/readability';
import { tellItOnce } from '../../analysis/tell-once';
import { defaultProceduresDir } from '../../procedures/load';
import type { Procedure } from '../../procedures/schema';
import type { Db } from '../../research/db';
import { evidenceQuotes } from '../../research/repositories/quotes';
import { listStudies, stepStatistics, stepsOfVersion, type StudyRef } from '../../research/repositories/scoring';
import { buildCompareReport } from '../reports/compare';
import { buildPriorities } from '../reports/priorities';
import type { Audience, BlockedText, SiteData, SiteFriction, SiteLimit, SiteProcedure, SiteReadability, SiteStep } from './types';

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
}

/** A names file: one name per line, `#` comments. */
export function readNames(file: string): string[] {
  return readFileSync(file, 'utf8').split(/\r?\n/).map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
}

export const bundledNamesFile = join(import.meta.dirname, 'names-nl.txt');

const dutchLevel: Record<FrictionLevel, SiteFriction['label']> = { low: 'laag', medium: 'gemiddeld', high: 'hoog' };
const labelOf = (f: number): SiteFriction['label'] => dutchLevel[frictionLevel(f)];

function measure(text: string): SiteReadability {
  const r = readability(text)!;
  return { fleschDouma: r.fleschDouma, brouwer: r.brouwer, meanSentenceLength: r.meanSentenceLength, shareLongSentences: r.shareLongSentences, shareLongWords: r.shareLongWords, words: r.words };
}

export function publish(db: Db, procedures: Procedure[], opts: GateOptions): SiteData {
  const { audience, minGroupSize = 5, redact = false, confidence = 0.9, now } = opts;
  const dir = opts.proceduresDir ?? defaultProceduresDir();
  const scanner = createPiiScanner([...readNames(bundledNamesFile), ...(opts.names ?? [])], readNames(join(dir, 'public-contacts.txt')));
  const blocked: BlockedText[] = [];

  /** Every free text passes here. Returns the text to publish, or undefined to leave it out. */
  const pass = (where: string, text: string, required = false): string | undefined => {
    const findings: PiiFinding[] = scanner(text);
    if (!findings.length) return text;
    const kinds = [...new Set(findings.map((f) => f.kind))];
    if (redact || required) {
      blocked.push({ where, kinds, action: 'redacted' });
      return redactText(text, findings);
    }
    blocked.push({ where, kinds, action: 'left out' });
    return undefined;
  };
  const studies = listStudies(db);
  const out = procedures.map((p) => procedureData(db, p, studies.filter((s) => s.procedure === p.slug).pop(), { audience, minGroupSize, confidence, pass }));
  return {
    audience,
    generatedAt: now,
    minGroupSize,
    confidence,
    procedures: out,
    team: audience === 'team' ? teamData(db, procedures, confidence, pass) : null,
    blocked,
  };
}

interface Ctx {
  audience: Audience;
  minGroupSize: number;
  confidence: number;
  pass: (where: string, text: string, required?: boolean) => string | undefined;
}

function procedureData(db: Db, p: Procedure, study: StudyRef | undefined, ctx: Ctx): SiteProcedure {
  const actors = new Map(p.actors.map((a) => [a.slug, a]));
  const channels = new Map(p.channels.map((c) => [c.slug, c.name]));
  const items = new Map(p.information_items.map((i) => [i.slug, i.name]));
  const file = `procedures/${p.slug}/procedure.yaml`;
  const stats = study ? stepStatistics(db, study.id, { hardEase, defaultWaitNorm }, { residents: true }) : new Map();
  const studySteps = study ? new Map(stepsOfVersion(db, study.versionId).map((s) => [s.step, s.id])) : new Map<string, number>();
  const quotes = study ? evidenceQuotes(db, study.id, ctx.audience === 'public' ? 'quote_public' : 'quote_internal') : [];
  let studyResidents: number | null = null;
  if (study) {
    studyResidents = db.prepare("SELECT count(DISTINCT participant_id) FROM sessions WHERE study_id = ? AND kind != 'roleplay'").pluck().get(study.id) as number;
    if (ctx.audience === 'public' && studyResidents < ctx.minGroupSize) studyResidents = null;
  }
  const steps: SiteStep[] = p.steps.map((s, i) => {
    const a = actors.get(s.actor)!;
    const st = (studySteps.has(s.slug) ? (stats.get(studySteps.get(s.slug)) as (StepStats & { residents: number }) | undefined) : undefined) ?? { ...emptyStats(), residents: 0 };
    const score = scoreStep(st, { step: s.slug, title: s.title }, { confidence: ctx.confidence });
    const enough = score.friction !== null && (ctx.audience === 'team' || st.residents >= ctx.minGroupSize);
    const friction: SiteFriction | null = enough
      ? {
          residents: st.residents, value: score.friction!, low: score.low!, high: score.high!, indicative: score.indicative, label: labelOf(score.friction!),
          components: Object.entries(score.components)
            .map(([key, c]) => ({ key, estimate: c!.estimate!, events: c!.events, n: c!.n }))
            .sort((x, y) => y.estimate - x.estimate),
        }
      : null;
    return {
      slug: s.slug, position: i + 1, title: s.title, actor: a.slug, actorName: a.name, department: a.department, actorKind: a.kind,
      channels: s.channels.map((c) => channels.get(c)!),
      description: ctx.pass(`${file}: steps[${i}].description`, s.description, true)!,
      asks: s.asks.map((x) => items.get(x)!), documents: s.documents, typicalDuration: s.typical_duration ?? null,
      targetMinutes: s.target_minutes ?? null, waitNormDays: s.wait_norm_days,
      limits: p.limits.filter((l) => l.steps.includes(s.slug)).map((l) => l.slug),
      next: p.transitions.filter((t) => t.from === s.slug).map((t) => ({ step: t.to, kind: t.kind, condition: t.condition ?? null })),
      friction,
      minutes: enough && score.time.geomean !== null ? score.time.geomean / 60 : null,
      quotes: quotes
        .filter((q) => q.step === s.slug)
        .flatMap((q) => {
          const text = ctx.pass(`quote ${q.quote}`, q.text);
          return text === undefined ? [] : [{ text, redacted: text !== q.text }];
        }),
    };
  });
  const limits: SiteLimit[] = p.limits.map((l) => ({
    slug: l.slug, title: l.title, steps: l.steps,
    rule: ctx.pass(`${l.file}: De regel`, l.rule, true)!,
    why: ctx.pass(`${l.file}: Waarom deze regel`, l.why, true)!,
    options: ctx.pass(`${l.file}: Wat kunt u doen`, l.options, true)!,
    law: l.legal_basis.law, article: l.legal_basis.article, url: l.legal_basis.url, sources: l.sources,
    knownFriction: l.known_friction, uncertain: l.uncertain ?? null, lastChecked: l.last_checked,
    readability: { rule: measure(l.rule), why: measure(l.why), options: measure(l.options) },
  }));
  return {
    slug: p.slug, title: p.title, shortTitle: p.short_title, version: p.version, validFrom: p.valid_from, municipality: p.municipality,
    summary: ctx.pass(`${file}: summary`, p.summary, true)!, caveats: p.caveats.map((c, i) => ctx.pass(`${file}: caveats[${i}]`, c, true)!), sources: p.sources,
    actors: p.actors.map(({ slug, name, department, kind }) => ({ slug, name, department, kind })),
    departments: [...new Set(p.actors.map((a) => a.department))],
    steps,
    limits,
    study: study ? { round: study.round, startedOn: study.startedOn, endedOn: (db.prepare('SELECT ended_on FROM studies WHERE id = ?').pluck().get(study.id) as string | null), residents: studyResidents } : null,
  };
}

function teamData(db: Db, procedures: Procedure[], confidence: number, pass: Ctx['pass']): NonNullable<SiteData['team']> {
  const studies = listStudies(db);
  const comparisons = procedures.flatMap((p) => {
    const mine = studies.filter((s) => s.procedure === p.slug);
    return mine.length >= 2 ? [buildCompareReport(db, { before: mine[mine.length - 2].study, after: mine[mine.length - 1].study, confidence })] : [];
  });
  const priorities = buildPriorities(db, { confidence }).map((row) => ({
    ...row,
    evidence: row.evidence.flatMap((e) => {
      const text = pass(`quote ${e.quote}`, e.text);
      return text === undefined ? [] : [{ ...e, text }];
    }),
  }));
  return {
    priorities,
    comparisons,
    tellOnce: procedures.map((p) => ({ procedure: p.slug, items: tellItOnce(p) })),
    chains: procedures.flatMap((p) => p.actors.filter((a) => a.kind !== 'resident').map((a) => ({ procedure: p.slug, actor: a.slug, actorName: a.name, steps: chainForActor(p, a.slug) }))),
    quotes: procedures.flatMap((p) => {
      const s = studies.filter((x) => x.procedure === p.slug).pop();
      return s
        ? evidenceQuotes(db, s.id, 'quote_internal').flatMap((q) => {
            const text = pass(`quote ${q.quote}`, q.text);
            return text === undefined ? [] : [{ procedure: p.slug, step: q.step, quote: q.quote, text, tags: q.tags, kind: q.kind }];
          })
        : [];
    }),
  };
}
