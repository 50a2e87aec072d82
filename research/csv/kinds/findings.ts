/**
 * Findings as a CSV kind: what the team concluded, at which steps, on which evidence (quote codes,
 * observations as SESSION:VISIT) and the score components that drive it. Every reference is
 * checked against the finding's study; a row whose evidence is unknown names the cell.
 */
import { componentKeys } from '../../../analysis/friction';
import type { Db } from '../../db';
import { DrempelError } from '../../errors';
import {
  findingStatuses,
  listFindings,
  saveFinding,
  type Finding,
  type FindingStatus,
} from '../../repositories/findings';
import { defineColumns, KeyTracker, type RowOf, type Writer, type WriterOptions } from '../columns';
import { code, int, Invalid, oneOf, text, type Parser } from '../values';

/**
 * `a|b|c` (or commas when there is no bar) → ['a', 'b', 'c'], each checked by `item`. A bad item
 * of several is named ("has "x", which is not …"); a cell of one item is named by the importer.
 */
export function listOf(item: Parser<string>): Parser<string[]> {
  return (raw) => {
    const separator = raw.includes('|') ? '|' : ',';
    const items = raw
      .split(separator)
      .map((x) => x.trim())
      .filter(Boolean);
    return [
      ...new Set(
        items.map((x) => {
          try {
            return item(x);
          } catch (e) {
            if (!(e instanceof Invalid) || items.length === 1) throw e;
            throw new Invalid(`has "${x.slice(0, 40)}", which ${e.expected}`);
          }
        }),
      ),
    ];
  };
}

const observationRef: Parser<string> = (raw) => {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}:\d{1,6}$/.test(raw))
    throw new Invalid('is not an observation as SESSION:VISIT (S-014:2)');
  return raw;
};

const component: Parser<string> = (raw) => {
  if (!(componentKeys as readonly string[]).includes(raw))
    throw new Invalid(`is not a score component (${componentKeys.join(', ')})`);
  return raw;
};

const stepSlug: Parser<string> = (raw) => {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(raw)) throw new Invalid('is not a step slug');
  return raw;
};

export const columns = defineColumns([
  { name: 'finding', required: true, parse: code('finding'), example: 'F-001', doc: 'finding code (natural key)' },
  { name: 'study', parse: code('study'), example: 'bijstand-2026-r1', doc: 'the study (round) it was found in' },
  {
    name: 'steps',
    parse: listOf(stepSlug),
    example: 'aanvraag',
    doc: "step slugs of the study's procedure, separated by vertical bars",
  },
  {
    name: 'statement',
    required: true,
    parse: text(2000),
    example: 'Het formulier vraagt gegevens die de gemeente al heeft.',
    doc: 'what the team found, in a sentence (never a name or contact details)',
    noPersonalData: true,
  },
  {
    name: 'status',
    // The Dutch words a Dutch team writes in its own spreadsheet.
    parse: oneOf<FindingStatus>(findingStatuses, { geaccepteerd: 'accepted', afgewezen: 'rejected' }),
    example: 'open',
    doc: `${findingStatuses.join(', ')} (empty = open)`,
  },
  {
    name: 'quotes',
    parse: listOf(code('quote')),
    example: 'Q-004|Q-016',
    doc: 'quote codes of the study that are its evidence, separated by vertical bars',
  },
  {
    name: 'observations',
    parse: listOf(observationRef),
    example: 'S-014:2',
    doc: 'observations that are its evidence, as SESSION:VISIT, separated by vertical bars',
  },
  {
    name: 'components',
    parse: listOf(component),
    example: 'retold|notCompleted',
    doc: 'the score components that drive it, separated by vertical bars',
  },
  {
    name: 'evidence_erased',
    parse: int(0),
    example: '',
    doc: 'how many pieces of its evidence a consent withdrawal or deletion removed (kept on export)',
    json: 'number',
  },
]);

type Row = RowOf<typeof columns>;

export function writer(db: Db, opts: WriterOptions): Writer<Row> {
  const keys = new KeyTracker();
  const studyVersion = db.prepare<[string], number>('SELECT version_id FROM studies WHERE code = ?').pluck();
  const stepIn = db.prepare<[number, string], number>('SELECT id FROM steps WHERE version_id = ? AND slug = ?').pluck();
  const quoteIn = db
    .prepare<[string, string], number>(
      'SELECT q.id FROM quotes q JOIN sessions s ON s.id = q.session_id JOIN studies st ON st.id = s.study_id WHERE q.code = ? AND st.code = ?',
    )
    .pluck();
  const observationIn = db
    .prepare<[string, number, string], number>(
      'SELECT o.id FROM observations o JOIN sessions s ON s.id = o.session_id JOIN studies st ON st.id = s.study_id WHERE s.code = ? AND o.visit = ? AND st.code = ?',
    )
    .pluck();
  const setErased = db.prepare('UPDATE findings SET evidence_erased = ? WHERE code = ?');
  const existing = new Map(listFindings(db).map((f) => [f.finding, f]));
  return {
    write(v, ctx) {
      const first = keys.check(v.finding, ctx.row);
      if (first !== undefined) ctx.problem('finding', v.finding, `is a duplicate of row ${first}`);
      // A column the file leaves out keeps what is stored (as every kind's import does).
      const before = existing.get(v.finding);
      const kept = <T>(column: string, value: T, stored: T | undefined, empty: T): T =>
        opts.present.has(column) ? value : (stored ?? empty);
      v.study = kept('study', v.study, before?.study, null);
      v.status = kept('status', v.status, before?.status, null);
      const steps = kept('steps', v.steps ?? [], before?.steps, []);
      const quotes = kept('quotes', v.quotes ?? [], before?.evidence, []);
      const observations = kept('observations', v.observations ?? [], before?.observations, []);
      v.components = kept('components', v.components, before?.components, null);
      const version = v.study ? studyVersion.get(v.study) : undefined;
      if (v.study && version === undefined) ctx.problem('study', v.study, 'is not a known study');
      else if (!v.study && (steps.length || quotes.length || observations.length))
        ctx.problem('study', '', 'is needed: the row names steps or evidence, which belong to a study');
      let ok =
        first === undefined &&
        (v.study ? version !== undefined : !steps.length && !quotes.length && !observations.length);
      if (version !== undefined && v.study) {
        for (const s of steps)
          if (stepIn.get(version, s) === undefined) {
            ctx.problem('steps', s, `is not a step of study ${v.study}'s procedure`);
            ok = false;
          }
        for (const q of quotes)
          if (quoteIn.get(q.toUpperCase(), v.study) === undefined) {
            ctx.problem('quotes', q, `is not a quote of study ${v.study}`);
            ok = false;
          }
        for (const o of observations) {
          const [session, visit] = o.split(':');
          if (observationIn.get(session.toUpperCase(), Number(visit), v.study) === undefined) {
            ctx.problem('observations', o, `is not an observation of study ${v.study}`);
            ok = false;
          }
        }
      }
      if (!ok) return false;
      const f: Omit<Finding, 'evidenceErased'> = {
        finding: v.finding,
        study: v.study,
        steps,
        statement: v.statement,
        status: v.status ?? 'open',
        evidence: quotes.map((q) => q.toUpperCase()),
        observations: observations.map((o) => o.replace(/^[^:]+/, (s) => s.toUpperCase())),
        components: v.components ?? [],
      };
      const erased = v.evidence_erased ?? before?.evidenceErased ?? 0;
      if (before && key(before) === key(f) && before.evidenceErased === erased) return false;
      try {
        saveFinding(db, f);
      } catch (e) {
        if (!(e instanceof DrempelError)) throw e;
        ctx.problem('study', v.study ?? '', e.message.replace(/^finding \S+ /, ''));
        return false;
      }
      setErased.run(erased, v.finding);
      return true;
    },
  };
}

/** A finding as one string, its lists sorted: whether a row changes it. */
function key(f: Omit<Finding, 'evidenceErased'>): string {
  const sorted = (xs: string[]) => [...xs].sort();
  return JSON.stringify([
    f.finding,
    f.study,
    sorted(f.steps),
    f.statement,
    f.status,
    sorted(f.evidence),
    sorted(f.observations),
    sorted(f.components),
  ]);
}

export const exportSql = `
  SELECT f.code AS finding, st.code AS study,
    (SELECT group_concat(slug, '|') FROM (SELECT sp.slug FROM finding_steps x JOIN steps sp ON sp.id = x.step_id
      WHERE x.finding_id = f.id ORDER BY sp.position, sp.slug)) AS steps,
    f.statement, f.status,
    (SELECT group_concat(code, '|') FROM (SELECT q.code FROM finding_evidence e JOIN quotes q ON q.id = e.quote_id
      WHERE e.finding_id = f.id ORDER BY q.code)) AS quotes,
    (SELECT group_concat(ref, '|') FROM (SELECT s.code || ':' || o.visit AS ref FROM finding_observations x
      JOIN observations o ON o.id = x.observation_id JOIN sessions s ON s.id = o.session_id
      WHERE x.finding_id = f.id ORDER BY s.code, o.visit)) AS observations,
    (SELECT group_concat(component, '|') FROM (SELECT component FROM finding_components WHERE finding_id = f.id
      ORDER BY component)) AS components,
    nullif(f.evidence_erased, 0) AS evidence_erased
  FROM findings f LEFT JOIN studies st ON st.id = f.study_id
  ORDER BY f.code`;

export const studyFilter = 'f.study_id = (SELECT id FROM studies WHERE code = @study)';
