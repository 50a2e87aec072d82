/**
 * Fixes as a CSV kind: what changes (procedure, letter, form, chain), the findings it answers, the
 * role that owns it (never a person), the round that will measure it and how far it is. The
 * verification is not a column: `drempel fixes verify` makes it from the rounds' data.
 */
import type { Db } from '../../db';
import { DrempelError } from '../../errors';
import {
  changeKinds,
  fixStatuses,
  listFixes,
  saveFix,
  type ChangeKind,
  type Fix,
  type FixStatus,
} from '../../repositories/findings';
import { defineColumns, KeyTracker, type RowOf, type Writer, type WriterOptions } from '../columns';
import { code, Invalid, oneOf, text, type Parser } from '../values';
import { listOf } from './findings';

const stepSlug: Parser<string> = (raw) => {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(raw)) throw new Invalid('is not a step slug');
  return raw;
};

export const columns = defineColumns([
  { name: 'fix', required: true, parse: code('fix'), example: 'X-001', doc: 'fix code (natural key)' },
  {
    name: 'findings',
    required: true,
    parse: listOf(code('finding')),
    example: 'F-001',
    doc: 'the findings it answers, separated by vertical bars (all of one round)',
  },
  {
    name: 'step',
    parse: stepSlug,
    example: '',
    doc: "the one step it changes (empty = its findings' steps)",
  },
  {
    name: 'change',
    parse: oneOf<ChangeKind>(changeKinds, {
      procedure: 'procedure',
      brief: 'letter',
      formulier: 'form',
      keten: 'chain',
      anders: 'other',
    }),
    example: 'form',
    doc: `what changes: ${changeKinds.join(', ')}`,
  },
  {
    name: 'proposal',
    required: true,
    parse: text(2000),
    example: 'Adres en inkomen vooraf invullen.',
    doc: 'the change, in a sentence',
    noPersonalData: true,
  },
  {
    name: 'owner',
    parse: text(80),
    example: 'productowner inkomen',
    doc: 'the role that owns it, never a person',
    noPersonalData: true,
  },
  {
    name: 'measure',
    parse: code('study'),
    example: 'bijstand-2026-r2',
    doc: 'the later round of the same procedure that will measure it',
  },
  {
    name: 'status',
    parse: oneOf<FixStatus>(fixStatuses, {
      voorgesteld: 'proposed',
      gepland: 'planned',
      'in uitvoering': 'in progress',
      uitgevoerd: 'done',
      klaar: 'done',
      geschrapt: 'dropped',
    }),
    example: 'proposed',
    doc: `${fixStatuses.join(', ')} (empty = proposed)`,
  },
]);

export function writer(db: Db, opts: WriterOptions): Writer<RowOf<typeof columns>> {
  const keys = new KeyTracker();
  // A finding's code as stored, however the file writes it (f-001 is F-001, as quote codes are read).
  const finding = db.prepare<[string], string>('SELECT code FROM findings WHERE code = ? COLLATE NOCASE').pluck();
  const study = db.prepare<[string], number>('SELECT id FROM studies WHERE code = ?').pluck();
  const existing = new Map(listFixes(db).map((x) => [x.fix, x]));
  const key = (x: Fix) =>
    JSON.stringify([x.fix, [...x.findings].sort(), x.step, x.change, x.proposal, x.owner, x.measure, x.status]);
  return {
    write(v, ctx) {
      const first = keys.check(v.fix, ctx.row);
      if (first !== undefined) ctx.problem('fix', v.fix, `is a duplicate of row ${first}`);
      let ok = first === undefined;
      v.findings = v.findings.map((f) => finding.get(f) ?? f);
      for (const f of v.findings)
        if (finding.get(f) === undefined) {
          ctx.problem('findings', f, 'is not a known finding (import findings first)');
          ok = false;
        }
      if (v.findings.length === 0) {
        ctx.problem('findings', '', 'is empty: a fix answers at least one finding');
        ok = false;
      }
      if (v.measure && study.get(v.measure) === undefined) {
        ctx.problem('measure', v.measure, 'is not a known study');
        ok = false;
      }
      if (!ok) return false;
      // A column the file leaves out keeps what is stored (as every kind's import does).
      const before = existing.get(v.fix);
      const kept = <T>(column: string, value: T, stored: T | undefined): T =>
        opts.present.has(column) || before === undefined ? value : (stored as T);
      const fix: Fix = {
        fix: v.fix,
        findings: v.findings,
        step: kept('step', v.step, before?.step),
        change: kept('change', v.change, before?.change),
        proposal: v.proposal,
        owner: kept('owner', v.owner, before?.owner),
        measure: kept('measure', v.measure, before?.measure),
        status: kept('status', v.status, before?.status) ?? 'proposed',
      };
      if (before && key(before) === key(fix)) return false;
      try {
        saveFix(db, fix);
      } catch (e) {
        if (!(e instanceof DrempelError)) throw e;
        // The rules that join several cells: one round per fix, a later round of the same
        // procedure, a step of that procedure.
        const column = /measured in/.test(e.message) ? 'measure' : /step/.test(e.message) ? 'step' : 'findings';
        ctx.problem(column, String(v[column] ?? ''), e.message.replace(/^fix \S+ /, ''));
        return false;
      }
      return true;
    },
  };
}

export const exportSql = `
  SELECT x.code AS fix,
    (SELECT group_concat(code, '|') FROM (SELECT f.code FROM fix_findings l JOIN findings f ON f.id = l.finding_id
      WHERE l.fix_id = x.id ORDER BY f.code)) AS findings,
    sp.slug AS step, x.change_kind AS change, x.proposal, x.owner_role AS owner, m.code AS measure, x.status
  FROM fixes x LEFT JOIN steps sp ON sp.id = x.step_id LEFT JOIN studies m ON m.id = x.measure_study_id
  ORDER BY x.code`;

/** A study's fixes: those answering a finding of that study. */
export const studyFilter = `x.id IN (SELECT l.fix_id FROM fix_findings l JOIN findings f ON f.id = l.finding_id
  WHERE f.study_id = (SELECT id FROM studies WHERE code = @study))`;
