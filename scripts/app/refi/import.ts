/**
 * Codes and codings made in another tool, brought back from a REFI-QDA project (`.qdpx`): the
 * codebook (hierarchy and descriptions) and, for every selection that is a drempel quote — by the
 * stable GUID drempel wrote, or by its exact text in a session's source — the codes on it, as
 * tags of that quote. Everything is read and checked before anything is written; then one
 * transaction, audited by counts. Bad input is one error naming the file and the element path.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Db } from '../../../research/db';
import { DrempelError } from '../../../research/errors';
import { appendAudit } from '../../../research/repositories/audit';
import { evidenceQuotes } from '../../../research/repositories/quotes';
import { getStudy, listStudies, stepsOfVersion } from '../../../research/repositories/scoring';
import { projectNamespace } from './export';
import { guidKey, guidOf, guidPattern } from './guid';
import {
  addQuoteTag,
  codebookTags,
  insertTag,
  quoteIds,
  updateTag,
  type CodebookTag,
} from '../../../research/repositories/refi';
import { codePoints, normaliseText, sliceCodePoints } from './text';
import { parseXml, type XmlElement } from './xml';
import { readZip, type ZipItem } from './zip';

/** A `.qdpx` larger than this is refused before it is read. */
const maxFileBytes = 512 << 20;
/** A tag name's length limit, as in the quotes CSV. */
const maxNameLength = 60;
const maxDescriptionLength = 2000;

export interface RefiImportOptions {
  study?: string;
  now: string;
  dryRun?: boolean;
  /** The file name as the audit log may keep it. */
  auditSource: string;
  /** The kinds of personal data a text looks like it holds (the import's scanner). */
  scan: (text: string) => string[];
  onWarning?: (message: string) => void;
}

export interface RefiImportSummary {
  file: string;
  dryRun: boolean;
  selections: number;
  /** Selections that are a drempel quote. */
  matched: number;
  quotes: number;
  codesNew: number;
  codesUpdated: number;
  codingsAdded: number;
  /** Codings the quote had already. */
  codingsPresent: number;
  /** Codings with drempel's own step codes: the step is drempel's, set by the quotes file. */
  stepCodings: number;
  /** Selections that match no quote the team may use: not imported. */
  unmatched: number;
  /** The first few of them, as `source [start–end]`. */
  unmatchedExamples: string[];
  /** Sources other than plain text (PDF, audio, pictures), and text sources whose text is not in the file. */
  sourcesSkipped: number;
}

/** A code as the file has it. */
interface FileCode {
  guid: string;
  name: string;
  description: string | null;
  parent: string | null;
  path: string;
}

/** A selection as the file has it, with the codes on it. */
interface FileSelection {
  guid: string;
  source: FileSource;
  start: number;
  end: number;
  codes: string[];
  path: string;
}

interface FileSource {
  guid: string;
  name: string;
  /** The source's plain text, or undefined when the file does not carry it. */
  text: string | undefined;
  path: string;
}

/** What the project holds that an import uses, checked. */
interface Parsed {
  codes: FileCode[];
  selections: FileSelection[];
  sourcesSkipped: number;
}

/** One error naming the file, project.qde and the element or attribute. */
class Reader {
  constructor(
    readonly file: string,
    readonly items: ZipItem[],
  ) {}

  fail(path: string, message: string): never {
    throw new DrempelError(
      `${this.file}: project.qde: ${path}: ${message}`,
      'Correct the project in the tool that wrote it and export it again; the database was not changed.',
    );
  }

  /** A required attribute, with its path in the message when it is missing or empty. */
  attr(el: XmlElement, path: string, name: string): string {
    const v = el.attrs[name];
    if (v === undefined || v.trim() === '') this.fail(`${path}/@${name}`, 'is missing');
    return v;
  }

  guid(el: XmlElement, path: string, name = 'guid'): string {
    const v = this.attr(el, path, name);
    if (!guidPattern.test(v.trim())) this.fail(`${path}/@${name}`, `${JSON.stringify(v.slice(0, 60))} is not a GUID`);
    return guidKey(v);
  }

  position(el: XmlElement, path: string, name: string): number {
    const v = this.attr(el, path, name).trim();
    if (!/^\d{1,10}$/.test(v))
      this.fail(`${path}/@${name}`, `${JSON.stringify(v.slice(0, 20))} is not a position (a whole number ≥ 0)`);
    return Number(v);
  }

  /** The bytes of an entry as UTF-8 text (a leading byte order mark dropped); anything else is an error. */
  utf8(item: ZipItem, what: string): string {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(item.read()).replace(/^\ufeff/, '');
    } catch (e) {
      if (e instanceof DrempelError) throw e;
      throw new DrempelError(`${this.file}: ${what} is not UTF-8 text`);
    }
  }

  /** A source's text file, named `internal://<GUID>.txt` (or `internal:///…`, with or without `sources/`). */
  sourceText(path: string, plainTextPath: string): string | undefined {
    const m = /^internal:\/\/+(.*)$/i.exec(plainTextPath.trim());
    if (!m) return undefined; // relative:// or absolute://: not in the file
    const name = m[1].replace(/^sources\//i, '').toLowerCase();
    const item =
      this.items.find((i) => i.name.toLowerCase() === `sources/${name}`) ??
      this.items.find((i) => i.name.toLowerCase() === name);
    if (!item) this.fail(`${path}/@plainTextPath`, `${JSON.stringify(plainTextPath.slice(0, 80))} is not in the file`);
    return this.utf8(item, item.name);
  }
}

/** Children with this local name (any namespace: read leniently), with their 1-based index among them. */
const kids = (el: XmlElement, local: string) => el.children.filter((c) => c.local === local);

/** The codes of a `<Codes>` or `<Code>`, depth first, parents before children. */
function readCodes(r: Reader, el: XmlElement, path: string, parent: string | null, out: FileCode[]): void {
  kids(el, 'Code').forEach((c, i) => {
    const p = `${path}/Code[${i + 1}]`;
    const guid = r.guid(c, p);
    const name = normaliseText(r.attr(c, p, 'name'))
      .trim()
      .replace(/\s+/g, ' ');
    if (!name) r.fail(`${p}/@name`, 'is empty');
    if ([...name].length > maxNameLength)
      r.fail(`${p}/@name`, `is longer than ${maxNameLength} characters (a drempel tag's limit)`);
    const d = kids(c, 'Description')[0];
    const description = d ? normaliseText(d.text).trim() || null : null;
    if (description && [...description].length > maxDescriptionLength)
      r.fail(`${p}/Description`, `is longer than ${maxDescriptionLength} characters`);
    if (out.some((x) => x.guid === guid)) r.fail(`${p}/@guid`, 'is the GUID of another code as well');
    out.push({ guid, name, description, parent, path: p });
    readCodes(r, c, p, guid, out);
  });
}

/** The codes a `<Coding>` list refers to; an unknown code is an error. */
function codingTargets(r: Reader, el: XmlElement, path: string, codes: Set<string>): string[] {
  return kids(el, 'Coding').map((c, i) => {
    const p = `${path}/Coding[${i + 1}]`;
    const ref = kids(c, 'CodeRef')[0];
    if (!ref) r.fail(p, 'has no CodeRef');
    const target = r.guid(ref, `${p}/CodeRef`, 'targetGUID');
    if (!codes.has(target)) r.fail(`${p}/CodeRef/@targetGUID`, `${target} is not a code of the project's codebook`);
    return target;
  });
}

/** Read and check the project: its codebook, and every text source's selections with their codes. */
function readProject(r: Reader, root: XmlElement): Parsed {
  if (root.local !== 'Project' || root.uri !== projectNamespace)
    r.fail(
      root.local,
      `the root element is <${root.local}>${root.uri ? ` in ${root.uri}` : ''}, expected <Project> in ${projectNamespace}`,
    );
  const codes: FileCode[] = [];
  kids(root, 'CodeBook').forEach((cb) =>
    kids(cb, 'Codes').forEach((cs) => readCodes(r, cs, 'Project/CodeBook/Codes', null, codes)),
  );
  const known = new Set(codes.map((c) => c.guid));
  const selections: FileSelection[] = [];
  let sourcesSkipped = 0;
  for (const sources of kids(root, 'Sources')) {
    for (const other of sources.children) if (other.local !== 'TextSource') sourcesSkipped++;
    kids(sources, 'TextSource').forEach((ts, i) => {
      const p = `Project/Sources/TextSource[${i + 1}]`;
      const guid = r.guid(ts, p);
      codingTargets(r, ts, p, known); // codings of a whole source: checked, not imported
      const found = kids(ts, 'PlainTextSelection');
      const content = kids(ts, 'PlainTextContent')[0];
      const text = !found.length
        ? undefined
        : content
          ? content.text
          : ts.attrs.plainTextPath
            ? r.sourceText(p, ts.attrs.plainTextPath)
            : undefined;
      if (text === undefined) sourcesSkipped++;
      const source: FileSource = { guid, name: ts.attrs.name ?? '', text, path: p };
      found.forEach((sel, j) => {
        const sp = `${p}/PlainTextSelection[${j + 1}]`;
        const sguid = r.guid(sel, sp);
        const start = r.position(sel, sp, 'startPosition');
        const end = r.position(sel, sp, 'endPosition');
        if (end < start) r.fail(`${sp}/@endPosition`, `${end} is before startPosition ${start}`);
        if (text !== undefined && end > codePoints(text))
          r.fail(`${sp}/@endPosition`, `${end} is beyond the end of the source text (${codePoints(text)} characters)`);
        selections.push({ guid: sguid, source, start, end, codes: codingTargets(r, sel, sp, known), path: sp });
      });
    });
  }
  return { codes, selections, sourcesSkipped };
}

/** Open the `.qdpx` and parse its project.qde; every problem is one error naming the file. */
function openProject(file: string): { reader: Reader; root: XmlElement } {
  if (statSync(file).size > maxFileBytes)
    throw new DrempelError(
      `${file}: larger than ${maxFileBytes >> 20} MB; a REFI-QDA project of quotes is far smaller`,
    );
  const buf = readFileSync(file);
  if (buf.length < 4 || buf.readUInt32LE(0) !== 0x04034b50)
    throw new DrempelError(
      `${file}: not a ZIP file, so no REFI-QDA project (.qdpx)`,
      'Export the project as REFI-QDA (.qdpx) from your tool.',
    );
  const items = readZip(buf, file);
  const qde = items.filter((i) => i.name.toLowerCase() === 'project.qde');
  if (qde.length !== 1)
    throw new DrempelError(
      `${file}: ${qde.length ? 'more than one project.qde' : 'no project.qde'} in the ZIP file`,
      'A REFI-QDA project (.qdpx) holds one project.qde; export it again from your tool.',
    );
  const reader = new Reader(file, items);
  return { reader, root: parseXml(reader.utf8(qde[0], 'project.qde'), `${file}: project.qde`) };
}

/** A quote the team may use, as matching needs it. */
interface KnownQuote {
  code: string;
  session: string;
  words: string;
}

/** Words as compared: normalised, trimmed, runs of white space as one space. */
const wordsOf = (s: string) => normaliseText(s).trim().replace(/\s+/g, ' ');

/** The quotes consent lets the team use (of the study, or all), by GUID and by session. */
function knownQuotes(db: Db, study: string | undefined) {
  const studies = study === undefined ? listStudies(db) : [getStudy(db, study)];
  const quotes: KnownQuote[] = studies.flatMap((s) =>
    evidenceQuotes(db, s.id, 'quote_internal').map((q) => ({
      code: q.quote,
      session: q.session,
      words: wordsOf(q.text),
    })),
  );
  const byGuid = new Map(quotes.map((q) => [guidOf('quote', q.code), q]));
  const bySession = new Map<string, KnownQuote[]>();
  for (const q of quotes) bySession.set(q.session, [...(bySession.get(q.session) ?? []), q]);
  const sessionByGuid = new Map([...bySession.keys()].map((s) => [guidOf('source', s), s]));
  // drempel's own step codes (and the procedure codes above them) are not tags.
  const stepGuids = new Set(
    listStudies(db).flatMap((s) => [
      guidOf('procedure', s.procedure),
      ...stepsOfVersion(db, s.versionId).map((st) => guidOf('step', `${s.procedure}/${st.step}`)),
    ]),
  );
  return { byGuid, bySession, sessionByGuid, stepGuids };
}

/** The quote a selection is: by its GUID, or by its exact text within a session's source (one quote only). */
function matchSelection(sel: FileSelection, known: ReturnType<typeof knownQuotes>): KnownQuote | undefined {
  const byGuid = known.byGuid.get(sel.guid);
  if (byGuid) return byGuid;
  if (sel.source.text === undefined) return undefined;
  const session = known.sessionByGuid.get(sel.source.guid) ?? sel.source.name.trim().toUpperCase();
  const words = wordsOf(sliceCodePoints(sel.source.text, sel.start, sel.end) ?? '');
  const found = (known.bySession.get(session) ?? []).filter((q) => q.words === words);
  return words && found.length === 1 ? found[0] : undefined;
}

/** Tags for the file's codes: existing ones (by GUID or name) filled in where blank, new ones created. */
function applyCodes(db: Db, codes: FileCode[], stepGuids: Set<string>, opts: RefiImportOptions, s: RefiImportSummary) {
  const tags = codebookTags(db);
  const byName = new Map(tags.map((t) => [t.name, t]));
  const byGuid = new Map(tags.map((t) => [guidOf('code', t.name), t]));
  const byId = new Map(tags.map((t) => [t.id, t]));
  const tagOf = new Map<string, CodebookTag>();
  /** True when `ancestor` is `id` or above it: setting it as parent would make a loop. */
  const above = (ancestor: number, id: number) => {
    const seen = new Set<number>();
    for (let x: number | null = ancestor; x !== null && !seen.has(x); x = byId.get(x)?.parentId ?? null) {
      if (x === id) return true;
      seen.add(x);
    }
    return false;
  };
  for (const c of codes) {
    if (stepGuids.has(c.guid)) continue;
    const parent = c.parent && !stepGuids.has(c.parent) ? (tagOf.get(c.parent)?.id ?? null) : null;
    const existing = byGuid.get(c.guid) ?? byName.get(c.name);
    if (!existing) {
      for (const [what, text] of [
        ['name', c.name],
        ['description', c.description ?? ''],
      ] as const) {
        // A code is a field of the store: a name, number or address never becomes one (as
        // `drempel codebook add` refuses it), and the import stops with nothing written.
        const kinds = opts.scan(text);
        if (kinds.length)
          throw new DrempelError(
            `${s.file}: project.qde: ${c.path}: the code's ${what} looks like personal data (${kinds.join(', ')})`,
            'Rename the code (or change its description) in the other tool, export again and import that file.',
          );
      }
      const t: CodebookTag = {
        id: insertTag(db, c.name, c.description, parent),
        name: c.name,
        description: c.description,
        parentId: parent,
      };
      byName.set(t.name, t);
      byId.set(t.id, t);
      tagOf.set(c.guid, t);
      s.codesNew++;
      continue;
    }
    tagOf.set(c.guid, existing);
    if (existing.name !== c.name)
      opts.onWarning?.(
        `${s.file}: project.qde: ${c.path}: the code "${existing.name}" is called "${c.name}" in the file; kept as "${existing.name}" (rename it with drempel codebook edit "${existing.name}" --rename …)`,
      );
    else if (c.description && existing.description && c.description !== existing.description)
      opts.onWarning?.(
        `${s.file}: project.qde: ${c.path}: the code "${existing.name}" has another description in the file; drempel's is kept`,
      );
    // What the team wrote in drempel stands; the file fills in only what is blank.
    const description = existing.description ?? c.description;
    const parentId = existing.parentId ?? (parent !== null && !above(parent, existing.id) ? parent : null);
    if (description !== existing.description || parentId !== existing.parentId) {
      updateTag(db, existing.id, description, parentId);
      Object.assign(existing, { description, parentId });
      s.codesUpdated++;
    }
  }
  return tagOf;
}

/** Import a REFI-QDA project's codes and codings; all or nothing. */
export function importRefi(db: Db, file: string, opts: RefiImportOptions): RefiImportSummary {
  const { reader, root } = openProject(file);
  const parsed = readProject(reader, root);
  const known = knownQuotes(db, opts.study);
  const s: RefiImportSummary = {
    file,
    dryRun: !!opts.dryRun,
    selections: parsed.selections.length,
    matched: 0,
    quotes: 0,
    codesNew: 0,
    codesUpdated: 0,
    codingsAdded: 0,
    codingsPresent: 0,
    stepCodings: 0,
    unmatched: 0,
    unmatchedExamples: [],
    sourcesSkipped: parsed.sourcesSkipped,
  };
  const matches: [FileSelection, KnownQuote][] = [];
  for (const sel of parsed.selections) {
    const q = matchSelection(sel, known);
    if (q) matches.push([sel, q]);
    else if (++s.unmatched <= 5) {
      // A source's name is the other tool's: shown only when it does not look like personal data.
      const name = sel.source.name && !opts.scan(sel.source.name).length ? sel.source.name : sel.source.guid;
      s.unmatchedExamples.push(`${name} [${sel.start}–${sel.end}]`);
    }
  }
  s.matched = matches.length;
  s.quotes = new Set(matches.map(([, q]) => q.code)).size;
  const rollback = new Error('dry run');
  try {
    db.transaction(() => {
      const tagOf = applyCodes(db, parsed.codes, known.stepGuids, opts, s);
      const ids = quoteIds(db, [...new Set(matches.map(([, q]) => q.code))]);
      for (const [sel, q] of matches)
        for (const code of sel.codes) {
          if (known.stepGuids.has(code)) s.stepCodings++;
          else if (addQuoteTag(db, ids.get(q.code)!, tagOf.get(code)!.id)) s.codingsAdded++;
          else s.codingsPresent++;
        }
      appendAudit(db, {
        at: opts.now,
        action: 'import',
        kind: 'refi-qda',
        source: opts.auditSource,
        inserted: s.codesNew + s.codingsAdded,
        updated: s.codesUpdated,
        unchanged: s.codingsPresent,
        detail: `codes: ${s.codesNew} new, ${s.codesUpdated} filled in; codings: ${s.codingsAdded} added on ${s.quotes} quotes; selections matching no quote: ${s.unmatched}`,
      });
      if (opts.dryRun) throw rollback;
    }).immediate();
  } catch (e) {
    if (e !== rollback) throw e;
  }
  return s;
}
