/**
 * A REFI-QDA 1.5 project (`.qdpx`) or codebook (`.qdc`) from the store, for ATLAS.ti, NVivo,
 * MAXQDA and QualCoder. Only what consent lets the team use leaves: sessions with analysis
 * consent, quotes with internal-quote consent (the gate's `evidenceQuotes`), and every free text
 * passes the personal-data scanner first (a text with a finding stays out, as at the gate).
 * GUIDs are derived from drempel's codes, so every export names the same things the same way.
 * What maps to what, and what stays out, is in docs/refi-qda.md.
 */
import { readFileSync } from 'node:fs';
import type { Db } from '../../../research/db';
import { listFindings, type Finding } from '../../../research/repositories/findings';
import { evidenceQuotes, type EvidenceQuote } from '../../../research/repositories/quotes';
import { getStudy, listStudies, stepsOfVersion, type StudyRef } from '../../../research/repositories/scoring';
import { guidOf } from './guid';
import {
  codebookTags,
  refiNotes,
  refiSessions,
  type CodebookTag,
  type RefiNote,
  type RefiSession,
} from '../../../research/repositories/refi';
import { codePoints, normaliseText } from './text';
import { escapeText, openTag } from './xml';

/** drempel's version, for a project's origin (read from package.json beside the code, as `drempel --version` does). */
export function drempelVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export const projectNamespace = 'urn:QDA-XML:project:1.0';
export const codebookNamespace = 'urn:QDA-XML:codebook:1.0';
/** The colour of drempel's own step codes, so they stand apart from the team's codes. */
const stepColour = '#808080';

/** Says whether a free text may leave (`where` names it for the count); false: it holds what looks like personal data. */
export type Pass = (where: string, text: string) => boolean;

export interface ExportOptions {
  /** Only this study (default: every study). */
  study?: string;
  pass: Pass;
  /** The export's time (ISO), for the project's creationDateTime. */
  now: string;
  /** `drempel 1.2.3`, the project's origin. */
  origin: string;
}

export interface ExportCounts {
  sessions: number;
  quotes: number;
  notes: number;
  codes: number;
  codings: number;
  cases: number;
  findings: number;
  /** Free texts left out because they looked like personal data, by kind ("quote", "note", …). */
  withheld: Record<string, number>;
}

export interface RefiProject {
  qde: string;
  /** `sources/<GUID>.txt` files: UTF-8, NFC, LF, no byte order mark. */
  sources: { path: string; text: string }[];
  counts: ExportCounts;
}

/** A step as its code shows it. */
interface StepInfo {
  procedure: string;
  slug: string;
  title: string;
  position: number;
}

/** A quote placed in its session's text: code points [start, end). */
interface Placed {
  quote: EvidenceQuote;
  start: number;
  end: number;
}

/** One session's text and the quotes placed in it. */
interface SourceText {
  session: RefiSession;
  guid: string;
  text: string;
  placed: Placed[];
}

/** What the export holds, gathered and filtered before any XML is written. */
interface Gathered {
  studies: StudyRef[];
  sessions: RefiSession[];
  sources: SourceText[];
  steps: Map<string, StepInfo>;
  procedures: Map<string, string>;
  tags: CodebookTag[];
  findings: Finding[];
  counts: ExportCounts;
}

const stepKey = (procedure: string, slug: string) => `${procedure}/${slug}`;

/** The studies an export covers: the one named (an unknown one is an error), or all. */
function studiesOf(db: Db, study: string | undefined): StudyRef[] {
  return study === undefined ? listStudies(db) : [getStudy(db, study)];
}

/** Every step of the studies' procedure versions, by procedure and slug (the first study's title wins). */
function stepsOf(db: Db, studies: StudyRef[]): Map<string, StepInfo> {
  const steps = new Map<string, StepInfo>();
  for (const s of studies)
    for (const st of stepsOfVersion(db, s.versionId)) {
      const key = stepKey(s.procedure, st.step);
      if (!steps.has(key))
        steps.set(key, { procedure: s.procedure, slug: st.step, title: st.title, position: st.position });
    }
  return steps;
}

/** A counter of texts left out, by kind. */
function withholder(pass: Pass, withheld: Record<string, number>) {
  return (kind: string, where: string, text: string): boolean => {
    if (pass(where, text)) return true;
    withheld[kind] = (withheld[kind] ?? 0) + 1;
    return false;
  };
}

/**
 * One session's plain text: one paragraph per quote, prefixed by the title of the step it is tied
 * to ("[Aanvraag indienen] …"), in step order; then its observation notes. Offsets are counted in
 * code points of the normalised text, each piece normalised before it is placed: the separators
 * are ASCII, so the whole stays NFC.
 */
function sessionText(
  session: RefiSession,
  quotes: EvidenceQuote[],
  notes: RefiNote[],
  steps: Map<string, StepInfo>,
): SourceText {
  const stepOf = (slug: string | null) => (slug ? steps.get(stepKey(session.procedure, slug)) : undefined);
  const ordered = [...quotes].sort(
    (a, b) => (stepOf(a.step)?.position ?? 1e9) - (stepOf(b.step)?.position ?? 1e9) || a.quote.localeCompare(b.quote),
  );
  let text = '';
  let length = 0;
  const append = (piece: string) => {
    text += piece;
    length += codePoints(piece);
  };
  const placed: Placed[] = [];
  for (const q of ordered) {
    const words = normaliseText(q.text).trim();
    if (!words) continue;
    if (text) append('\n\n');
    const step = stepOf(q.step);
    if (step) append(`[${normaliseText(step.title)}] `);
    const start = length;
    append(words);
    placed.push({ quote: q, start, end: length });
  }
  for (const n of notes) {
    const words = normaliseText(n.note).trim();
    if (!words) continue;
    if (text) append('\n\n');
    append(`[Notitie, ${normaliseText(stepOf(n.step)?.title ?? n.step)}, bezoek ${n.visit}] ${words}`);
  }
  return { session, guid: guidOf('source', session.session), text, placed };
}

/**
 * The codes an export shows: tags a shown quote carries, tags the team described (its codebook,
 * kept while unused), and the tags above them. A tag only quotes the team may not read carry is
 * left out with them.
 */
function shownTags(all: CodebookTag[], used: Set<string>, allowed: (t: CodebookTag) => boolean): CodebookTag[] {
  const byId = new Map(all.map((t) => [t.id, t]));
  const verdicts = new Map<number, boolean>();
  // Each tag is judged once, so a withheld tag is counted once however many tags sit under it.
  const keep = (t: CodebookTag) => verdicts.get(t.id) ?? verdicts.set(t.id, allowed(t)).get(t.id)!;
  const shown = new Set<number>();
  for (const t of all) {
    if (!(used.has(t.name) || t.description !== null) || !keep(t)) continue;
    // Walk up to the root, stopping at a loop or a parent that may not be shown.
    const seen = new Set<number>();
    for (let x: CodebookTag | undefined = t; x && !seen.has(x.id) && keep(x); x = byId.get(x.parentId ?? -1)) {
      seen.add(x.id);
      shown.add(x.id);
    }
  }
  return all.filter((t) => shown.has(t.id));
}

/** Collect what the export holds, applying consent and the personal-data scanner. */
function gather(db: Db, opts: ExportOptions): Gathered {
  const counts: ExportCounts = {
    sessions: 0,
    quotes: 0,
    notes: 0,
    codes: 0,
    codings: 0,
    cases: 0,
    findings: 0,
    withheld: {},
  };
  const ok = withholder(opts.pass, counts.withheld);
  const studies = studiesOf(db, opts.study);
  const steps = stepsOf(db, studies);
  const procedures = new Map<string, string>();
  const sources: SourceText[] = [];
  const sessions: RefiSession[] = [];
  for (const study of studies) {
    const quotes = evidenceQuotes(db, study.id, 'quote_internal').filter((q) =>
      ok('quote', `quote ${q.quote}`, q.text),
    );
    const notes = refiNotes(db, study.id).filter((n) => ok('note', `note ${n.session}:${n.visit}`, n.note));
    for (const s of refiSessions(db, study.id)) {
      procedures.set(s.procedure, s.procedureTitle);
      const src = sessionText(
        s,
        quotes.filter((q) => q.session === s.session),
        notes.filter((n) => n.session === s.session),
        steps,
      );
      if (!src.text) continue;
      sessions.push(s);
      sources.push(src);
      counts.quotes += src.placed.length;
      counts.notes += notes.filter((n) => n.session === s.session).length;
    }
  }
  counts.sessions = sources.length;
  const used = new Set(sources.flatMap((s) => s.placed.flatMap((p) => p.quote.tags)));
  const keep = (t: CodebookTag) =>
    ok('code', `code ${t.name}`, t.name) && (t.description === null || ok('code', `code ${t.name}`, t.description));
  const tags = shownTags(codebookTags(db), used, keep);
  const codes = new Set(studies.map((s) => s.study));
  const findings = listFindings(db).filter(
    (f) =>
      (f.study === null ? opts.study === undefined : codes.has(f.study)) &&
      ok('finding', `finding ${f.finding}`, f.statement),
  );
  return { studies, sessions, sources, steps, procedures, tags, findings, counts };
}

/** `<Code>` elements for the tag tree under `parent` (null: the roots), indented by depth. */
function tagCodes(tags: CodebookTag[], indent: string): string[] {
  const ids = new Set(tags.map((t) => t.id));
  const children = new Map<number | null, CodebookTag[]>();
  const byId = new Map(tags.map((t) => [t.id, t]));
  /** A tag's parent, if shown and not part of a loop (a loop's tags are shown at the top). */
  const parentOf = (t: CodebookTag): number | null => {
    const seen = new Set([t.id]);
    for (let p = t.parentId; p !== null && ids.has(p); p = byId.get(p)!.parentId) {
      if (seen.has(p)) return null;
      seen.add(p);
    }
    return t.parentId !== null && ids.has(t.parentId) ? t.parentId : null;
  };
  for (const t of tags) {
    const p = parentOf(t);
    children.set(p, [...(children.get(p) ?? []), t]);
  }
  const render = (t: CodebookTag, pad: string): string[] => {
    const kids = children.get(t.id) ?? [];
    const open = openTag('Code', { guid: guidOf('code', t.name), name: normaliseText(t.name), isCodable: true });
    if (!kids.length && t.description === null) return [`${pad}${open}/>`];
    return [
      `${pad}${open}>`,
      ...(t.description === null
        ? []
        : [`${pad}  <Description>${escapeText(normaliseText(t.description))}</Description>`]),
      ...kids.flatMap((k) => render(k, `${pad}  `)),
      `${pad}</Code>`,
    ];
  };
  return (children.get(null) ?? []).flatMap((t) => render(t, indent));
}

/** drempel's step codes: per procedure a code that cannot be coded, with a codable code per step under it. */
function stepCodes(g: Gathered, indent: string): string[] {
  const out: string[] = [];
  for (const [procedure, title] of g.procedures) {
    const steps = [...g.steps.values()]
      .filter((s) => s.procedure === procedure)
      .sort((a, b) => a.position - b.position);
    if (!steps.length) continue;
    out.push(
      `${indent}${openTag('Code', { guid: guidOf('procedure', procedure), name: `Stappen: ${normaliseText(title)}`, isCodable: false, color: stepColour })}>`,
      `${indent}  <Description>${escapeText(`drempel: de stappen van de procedure ${procedure}. Een citaat bij een stap is met die stap gecodeerd; deze codes komen bij een import niet terug als tags.`)}</Description>`,
      ...steps.map(
        (s) =>
          `${indent}  ${openTag('Code', { guid: guidOf('step', stepKey(procedure, s.slug)), name: normaliseText(s.title), isCodable: true, color: stepColour })}><Description>${escapeText(`stap ${s.slug}`)}</Description></Code>`,
      ),
      `${indent}</Code>`,
    );
  }
  return out;
}

const segmentVariables = ['age_band', 'household', 'digital_skills', 'language'] as const;
const sourceVariables = ['study', 'kind', 'date', 'mode'] as const;

/** A `<VariableValue>` with a text or date value. */
function variableValue(name: string, value: string, indent: string): string {
  const element = name === 'date' ? 'DateValue' : 'TextValue';
  return `${indent}<VariableValue><VariableRef targetGUID="${guidOf('variable', name)}"/><${element}>${escapeText(normaliseText(value))}</${element}></VariableValue>`;
}

/** The values a session's text source carries: its study, kind, date and mode. */
function sourceValues(s: RefiSession): [string, string][] {
  const values: [string, string | null][] = [
    ['study', s.study],
    ['kind', s.kind],
    ['date', /^\d{4}-\d{2}-\d{2}$/.test(s.date) ? s.date : null],
    ['mode', s.mode],
  ];
  return values.filter((v): v is [string, string] => v[1] !== null);
}

/** The values a participant's case carries: their segments (never more than the pseudonym and these). */
function caseValues(s: RefiSession): [string, string][] {
  return segmentVariables.flatMap((k) => (s[k] === null ? [] : [[k, s[k]] as [string, string]]));
}

/** `<Users>`: one user per researcher role (sessions.researcher holds a role, never a name). */
function usersXml(g: Gathered): string[] {
  const roles = [...new Set(g.sessions.flatMap((s) => (s.researcher ? [s.researcher] : [])))].sort();
  if (!roles.length) return [];
  return [
    '  <Users>',
    ...roles.map((r) => `    ${openTag('User', { guid: guidOf('user', r), name: normaliseText(r) })}/>`),
    '  </Users>',
  ];
}

/** `<Variables>`: those a case or a source uses. */
function variablesXml(g: Gathered): string[] {
  const used = new Set([
    ...g.sessions.flatMap((s) => caseValues(s).map(([k]) => k)),
    ...g.sessions.flatMap((s) => sourceValues(s).map(([k]) => k)),
  ]);
  const names = [...segmentVariables, ...sourceVariables].filter((v) => used.has(v));
  if (!names.length) return [];
  return [
    '  <Variables>',
    ...names.map(
      (n) =>
        `    ${openTag('Variable', { guid: guidOf('variable', n), name: n, typeOfVariable: n === 'date' ? 'Date' : 'Text' })}/>`,
    ),
    '  </Variables>',
  ];
}

/** `<Cases>`: a participant (pseudonym only) with their segments and their sessions. */
function casesXml(g: Gathered): string[] {
  const byParticipant = new Map<string, RefiSession[]>();
  for (const s of g.sessions)
    if (s.participant) byParticipant.set(s.participant, [...(byParticipant.get(s.participant) ?? []), s]);
  g.counts.cases = byParticipant.size;
  if (!byParticipant.size) return [];
  const out = ['  <Cases>'];
  for (const [code, sessions] of [...byParticipant].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(
      `    ${openTag('Case', { guid: guidOf('case', code), name: code })}>`,
      ...caseValues(sessions[0]).map(([k, v]) => variableValue(k, v, '      ')),
      ...sessions.map((s) => `      <SourceRef targetGUID="${guidOf('source', s.session)}"/>`),
      '    </Case>',
    );
  }
  out.push('  </Cases>');
  return out;
}

/** A quote's selection: its codings (tags, and its step) and the findings it is evidence for. */
function selectionXml(
  src: SourceText,
  p: Placed,
  g: Gathered,
  shown: Set<string>,
  notesOf: Map<string, string[]>,
): string[] {
  const q = p.quote;
  const user = src.session.researcher ? guidOf('user', src.session.researcher) : undefined;
  const codings = q.tags
    .filter((t) => shown.has(t))
    .map((t) => [guidOf('coding', `${q.quote}\u0000${t}`), guidOf('code', t)]);
  const step = q.step ? g.steps.get(stepKey(src.session.procedure, q.step)) : undefined;
  if (step)
    codings.push([guidOf('coding', `${q.quote}\u0000step`), guidOf('step', stepKey(step.procedure, step.slug))]);
  g.counts.codings += codings.length;
  const notes = notesOf.get(q.quote) ?? [];
  const open = openTag('PlainTextSelection', {
    guid: guidOf('quote', q.quote),
    name: q.quote,
    startPosition: p.start,
    endPosition: p.end,
    creatingUser: user,
  });
  if (!codings.length && !notes.length) return [`      ${open}/>`];
  return [
    `      ${open}>`,
    ...codings.map(
      ([guid, code]) =>
        `        ${openTag('Coding', { guid, creatingUser: user })}><CodeRef targetGUID="${code}"/></Coding>`,
    ),
    ...notes.map((n) => `        <NoteRef targetGUID="${n}"/>`),
    '      </PlainTextSelection>',
  ];
}

/** `<Sources>`: a text source per session, its text in `sources/<GUID>.txt`. */
function sourcesXml(g: Gathered): string[] {
  if (!g.sources.length) return [];
  const shown = new Set(g.tags.map((t) => t.name));
  const notesOf = new Map<string, string[]>();
  for (const f of g.findings)
    for (const q of f.evidence) notesOf.set(q, [...(notesOf.get(q) ?? []), guidOf('note', f.finding)]);
  const out = ['  <Sources>'];
  for (const src of g.sources) {
    const s = src.session;
    out.push(
      `    ${openTag('TextSource', {
        guid: src.guid,
        name: s.session,
        plainTextPath: `internal://${src.guid}.txt`,
        creatingUser: s.researcher ? guidOf('user', s.researcher) : undefined,
      })}>`,
      `      <Description>${escapeText(`${s.kind}, ${s.date}, ${s.study}${s.participant ? `, ${s.participant}` : ', staff role-play'}`)}</Description>`,
      ...src.placed.flatMap((p) => selectionXml(src, p, g, shown, notesOf)),
      ...sourceValues(s).map(([k, v]) => variableValue(k, v, '      ')),
      '    </TextSource>',
    );
  }
  out.push('  </Sources>');
  return out;
}

/** `<Notes>`: a finding, with its status, steps and the score components that drive it. */
function notesXml(g: Gathered): string[] {
  g.counts.findings = g.findings.length;
  if (!g.findings.length) return [];
  return [
    '  <Notes>',
    ...g.findings.flatMap((f) => [
      `    ${openTag('Note', { guid: guidOf('note', f.finding), name: f.finding })}>`,
      `      <Description>${escapeText(
        [
          `finding, ${f.status}`,
          f.study ? `study ${f.study}` : '',
          f.steps.length ? `steps ${f.steps.join(', ')}` : '',
          f.components.length ? `drives ${f.components.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; '),
      )}</Description>`,
      `      <PlainTextContent>${escapeText(normaliseText(f.statement))}</PlainTextContent>`,
      '    </Note>',
    ]),
    '  </Notes>',
  ];
}

/** The REFI-QDA project of a study (or all studies): `project.qde` and its source texts. */
export function buildProject(db: Db, opts: ExportOptions): RefiProject {
  const g = gather(db, opts);
  const codes = [...tagCodes(g.tags, '      '), ...stepCodes(g, '      ')];
  g.counts.codes = g.tags.length;
  const name = opts.study ? `drempel ${opts.study}` : 'drempel';
  const qde = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `${openTag('Project', { xmlns: projectNamespace, name, origin: opts.origin, creationDateTime: opts.now })}>`,
    ...usersXml(g),
    ...(codes.length ? ['  <CodeBook>', '    <Codes>', ...codes, '    </Codes>', '  </CodeBook>'] : []),
    ...variablesXml(g),
    ...casesXml(g),
    ...sourcesXml(g),
    ...notesXml(g),
    '</Project>',
    '',
  ].join('\n');
  return { qde, sources: g.sources.map((s) => ({ path: `sources/${s.guid}.txt`, text: s.text })), counts: g.counts };
}

/** The codebook alone (`.qdc`): the codes the team may share, with their hierarchy and descriptions. */
export function buildCodebook(db: Db, opts: Omit<ExportOptions, 'study' | 'now'>): { qdc: string; codes: number } {
  const withheld: Record<string, number> = {};
  const ok = withholder(opts.pass, withheld);
  const used = new Set(
    listStudies(db).flatMap((s) => evidenceQuotes(db, s.id, 'quote_internal').flatMap((q) => q.tags)),
  );
  const keep = (t: CodebookTag) =>
    ok('code', `code ${t.name}`, t.name) && (t.description === null || ok('code', `code ${t.name}`, t.description));
  const tags = shownTags(codebookTags(db), used, keep);
  const qdc = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `${openTag('CodeBook', { xmlns: codebookNamespace, origin: opts.origin })}>`,
    '  <Codes>',
    ...tagCodes(tags, '    '),
    '  </Codes>',
    '</CodeBook>',
    '',
  ].join('\n');
  return { qdc, codes: tags.length };
}
