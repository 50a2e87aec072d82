/**
 * The team's backlog as a CSV an issue tracker imports (Jira's CSV importer, GitLab's issue
 * import, Azure Boards): one row per fix that is still wanted (not dropped) and one per finding
 * that has no fix yet and was not rejected. Columns: title, description (Markdown, with the
 * evidence and links to it), labels, priority (Jira's default names, from the step's place in
 * the ranking by residents affected per year at the lower bound of F).
 */
import { componentNames } from '../../../analysis/friction';
import type { Db } from '../../../research/db';
import { teamQuoteWords } from '../../../research/repositories/quotes';
import { listFindings, listFixes, listVerifications, type Finding } from '../../../research/repositories/findings';
import { listStudies } from '../../../research/repositories/scoring';
import { buildPriorities, type Priority } from './priorities';

export interface BacklogItem {
  title: string;
  description: string;
  labels: string[];
  priority: 'Highest' | 'High' | 'Medium' | 'Low' | 'Lowest';
}

export const backlogColumns = ['title', 'description', 'labels', 'priority'] as const;

/** A step's place among its study's ranked steps, as a tracker's priority. */
function priorityOf(rows: Priority[], steps: string[]): BacklogItem['priority'] {
  const ranked = rows.filter((r) => r.rank !== null);
  const ranks = rows.filter((r) => steps.includes(r.step) && r.rank !== null).map((r) => r.rank!);
  if (!ranks.length || !ranked.length) return 'Low'; // no figure: fewer than 5 residents at its steps
  const share = (Math.min(...ranks) - 1) / ranked.length;
  return share < 0.2 ? 'Highest' : share < 0.4 ? 'High' : share < 0.6 ? 'Medium' : share < 0.8 ? 'Low' : 'Lowest';
}

const label = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const round = (x: number) => Math.round(x).toLocaleString('en');

/** Why a step ranks where it does, in one line per step, every figure with its residents. */
function whyLines(rows: Priority[], steps: string[]): string[] {
  return rows
    .filter((r) => steps.includes(r.step))
    .map((r) =>
      r.friction === null
        ? `- ${r.step}: ${r.n} residents, too few for a figure (at least 5)`
        : `- ${r.step}: in ${r.study}, rank ${r.rank ?? '–'} of ${rows.filter((x) => x.rank !== null).length} steps; friction ${r.friction.toFixed(2)} [${r.low!.toFixed(2)}–${r.high!.toFixed(2)}] from ${r.n} residents${r.indicative ? ' (indicative)' : ''}` +
          (r.residentsPerYearLow !== null && r.residentsPerYear !== null
            ? `; about ${round(r.residentsPerYear)} residents a year affected (at least ${round(r.residentsPerYearLow)})`
            : '') +
          (r.hoursPerYear !== null
            ? `; ${round(r.hoursPerYear)} hours a year${r.hoursPerYearLow !== null && r.hoursPerYearHigh !== null ? ` [${round(r.hoursPerYearLow)}–${round(r.hoursPerYearHigh)}]` : ''}`
            : '') +
          (r.drivers.length
            ? `; driven by ${r.drivers.map((d) => `${componentNames[d.key]} (${d.events} of ${d.n} residents)`).join(', ')}`
            : ''),
    );
}

export function buildBacklog(
  db: Db,
  {
    study,
    siteUrl,
    personalData,
  }: {
    study?: string;
    siteUrl?: string;
    /** The kinds of personal data a text holds (the import's scanner): such a quote stays out. */
    personalData: (text: string) => string[];
  },
): BacklogItem[] {
  const findings = listFindings(db).filter((f) => (!study || f.study === study) && f.status !== 'rejected');
  const fixes = listFixes(db).filter(
    (x) => x.status !== 'dropped' && x.findings.some((code) => findings.some((f) => f.finding === code)),
  );
  const verifications = listVerifications(db);
  const studies = new Map(listStudies(db).map((s) => [s.study, s]));
  const priorities = new Map<string, Priority[]>();
  const words = new Map<string, string | null>();
  for (const code of new Set(findings.map((f) => f.study).filter((s): s is string => s !== null))) {
    priorities.set(code, buildPriorities(db, { studies: [code], evidencePerStep: 0 }));
    const s = studies.get(code);
    // The residents' words travel only where consent lets the team read them, and never with a
    // name, number or address in them: a tracker is not the research store.
    if (s) for (const [q, text] of teamQuoteWords(db, s.id)) words.set(q, personalData(text).length ? null : text);
  }
  const link = (anchor: string) => (siteUrl ? `${siteUrl}team/#${anchor}` : null);
  const findingBlock = (f: Finding) => {
    const lines = [
      `**Finding ${f.finding}** (${f.status}${f.study ? `, ${f.study}` : ''}${f.steps.length ? `, at ${f.steps.join(', ')}` : ''}): ${f.statement}`,
    ];
    if (f.components.length)
      lines.push(
        `What drives it: ${f.components.map((c) => componentNames[c as keyof typeof componentNames] ?? c).join(', ')}.`,
      );
    const evidence = [
      ...f.evidence.map((q) =>
        words.get(q) ? `- ${q}: “${words.get(q)}”` : words.has(q) ? `- ${q} (words left out: personal data)` : `- ${q}`,
      ),
      ...f.observations.map((o) => `- observation ${o}`),
    ];
    if (evidence.length) lines.push('Evidence:', ...evidence);
    if (f.evidenceErased)
      lines.push(`(${f.evidenceErased} piece(s) of evidence were erased after a consent withdrawal.)`);
    const url = link(`bevinding-${f.finding}`);
    lines.push(url ? `On the team dashboard: ${url}` : `In drempel: drempel findings show ${f.finding}`);
    return lines.join('\n');
  };
  const stepsOf = (fs: Finding[]) => [...new Set(fs.flatMap((f) => f.steps))];
  const items: BacklogItem[] = [];
  for (const x of fixes) {
    const fs = findings.filter((f) => x.findings.includes(f.finding));
    const rows = priorities.get(fs.find((f) => f.study)?.study ?? '') ?? [];
    const steps = x.step ? [x.step] : stepsOf(fs);
    const verdicts = verifications.filter((v) => v.fix === x.fix);
    const url = link(`oplossing-${x.fix}`);
    items.push({
      title: `${x.fix}: ${x.proposal.length > 120 ? `${x.proposal.slice(0, 119)}…` : x.proposal}`,
      description: [
        `**Fix ${x.fix}** (${x.status}${x.change ? `, changes the ${x.change}` : ''}${x.owner ? `, owner: ${x.owner}` : ''}${x.measure ? `, measured in ${x.measure}` : ''}): ${x.proposal}`,
        ...fs.map(findingBlock),
        ...(rows.length ? [['Why it matters:', ...whyLines(rows, steps)].join('\n')] : []),
        ...verdicts.map(
          (v) =>
            `Verification at ${v.step} (${v.before} → ${v.after}): ${v.result}` +
            (v.change !== null
              ? `, change ${v.change > 0 ? '+' : ''}${v.change.toFixed(3)} [${v.changeLow!.toFixed(3)}, ${v.changeHigh!.toFixed(3)}] at ${Math.round(v.confidence * 100)}%`
              : '') +
            `, ${v.residentsBefore} → ${v.residentsAfter} residents${v.indicative ? ' (indicative)' : ''}`,
        ),
        ...(url ? [`On the team dashboard: ${url}`] : []),
      ].join('\n\n'),
      labels: [
        'drempel',
        'fix',
        ...(x.change ? [`change-${x.change}`] : []),
        `status-${label(x.status)}`,
        ...steps.map((s) => `step-${s}`),
        ...verdicts.map((v) => `verified-${label(v.result)}`),
      ],
      priority: priorityOf(rows, steps),
    });
  }
  for (const f of findings.filter((f) => !fixes.some((x) => x.findings.includes(f.finding)))) {
    const rows = priorities.get(f.study ?? '') ?? [];
    items.push({
      title: `${f.finding}: ${f.statement.length > 120 ? `${f.statement.slice(0, 119)}…` : f.statement}`,
      description: [
        findingBlock(f),
        'No fix yet.',
        ...(rows.length ? [['Why it matters:', ...whyLines(rows, f.steps)].join('\n')] : []),
      ].join('\n\n'),
      labels: ['drempel', 'finding', 'needs-fix', `status-${f.status}`, ...f.steps.map((s) => `step-${s}`)],
      priority: priorityOf(rows, f.steps),
    });
  }
  // Work still to do first, then what is done (kept for its verification), each by priority.
  const order = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];
  const done = (x: BacklogItem) => (x.labels.includes('status-done') ? 1 : 0);
  return items.sort((a, b) => done(a) - done(b) || order.indexOf(a.priority) - order.indexOf(b.priority));
}
