/**
 * The SYNTHETIC sample study: bijstand aanvragen in Groningen, two rounds (before and after a
 * redesign), walkthroughs, interviews and one staff role-play of the whole chain. Seeded, so
 * the same seed always writes the same files. With `observations` set it writes a large study
 * of that many observation rows for benchmarks.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine } from '../../research/csv/export';
import { kinds } from '../../research/csv/kinds/index';
import { profile, type StepProfile } from './profiles';
import { quoteTemplates, roleplayQuotes } from './quotes';
import { Random } from './random';

export interface GenerateOptions {
  out: string;
  seed?: number;
  /** Write a large study with about this many observation rows instead of the sample. */
  observations?: number;
  onProgress?: (rows: number) => void;
}

const header = (kind: keyof typeof kinds) => kinds[kind].columns.map((c) => c.name);
const ageBands = ['18-26', '27-44', '45-66', '67+'] as const;
const households = [
  'alleenstaand',
  'alleenstaande ouder',
  'samenwonend',
  'gezin met kinderen',
  'woont met medebewoners',
];
const skills = ['laag', 'gemiddeld', 'hoog'];
const rounds = [
  {
    study: 'bijstand-2026-r1',
    round: 1,
    title: 'Bijstand aanvragen 2026, ronde 1 (voor de herziening)',
    start: '2026-03-02',
    end: '2026-03-27',
  },
  {
    study: 'bijstand-2026-r2',
    round: 2,
    title: 'Bijstand aanvragen 2026, ronde 2 (na de herziening)',
    start: '2026-09-07',
    end: '2026-10-02',
  },
];

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The steps one resident goes through, in order (a return to the application included). */
function journey(r: Random, young: boolean): string[] {
  const path = ['melden'];
  if (young) path.push('zoekperiode');
  path.push('aanvraag', 'controle');
  if (r.chance(0.2)) path.push('aanvraag', 'controle');
  path.push('gesprek');
  if (r.chance(0.15)) path.push('huisbezoek');
  if (r.chance(0.3)) path.push('voorschot');
  path.push('besluit');
  if (r.chance(0.1)) path.push('bezwaar');
  else if (r.chance(0.6)) path.push('verplichtingen');
  return path;
}

type Obs = (string | number | null)[];

/** One observation row drawn from a step's profile; `dutch` writes decimals with a comma. */
function observe(
  r: Random,
  session: string,
  step: string,
  visit: number,
  p: StepProfile,
  dutch: boolean,
): { row: Obs; stop: boolean } {
  const u = r.next();
  const outcome = u < p.fail ? (r.chance(0.5) ? 'failed' : 'abandoned') : u < p.fail + p.help ? 'helped' : 'completed';
  const hard = outcome !== 'completed';
  const ease = Math.max(1, Math.min(7, Math.round(p.ease + r.normal() * 1.1 - (hard ? 1 : 0))));
  const handoff = r.chance(p.handoff);
  const wait = p.wait === 0 ? 0 : Math.round(r.lognormal(p.wait, 0.5) * 2) / 2;
  const fmt = (n: number) => (dutch ? String(n).replace('.', ',') : String(n));
  const blocked = p.blockedBy && hard && r.chance(0.6) ? r.pick(p.blockedBy) : null;
  const row: Obs = [
    session,
    step,
    visit,
    outcome,
    Math.round(r.lognormal(p.seconds, 0.45)),
    r.chance(p.errors) ? r.int(1, 3) : 0,
    ease,
    r.chance(p.retold) ? r.int(1, 2) : 0,
    handoff ? r.int(1, 2) : 0,
    handoff ? (p.handoffTo ?? null) : null,
    fmt(wait),
    r.pick(p.channels),
    r.chance(p.switchChannel) ? 1 : 0,
    blocked,
    null,
  ];
  return { row, stop: outcome === 'failed' || outcome === 'abandoned' };
}

/** Write the sample (or a large benchmark study) as seven CSV files in `out`. */
export async function generateSample({
  out,
  seed = 2026,
  observations,
  onProgress,
}: GenerateOptions): Promise<Record<string, number>> {
  mkdirSync(out, { recursive: true });
  const r = new Random(seed);
  const large = observations !== undefined;
  const counts: Record<string, number> = {};
  const write = (kind: keyof typeof kinds, rows: unknown[][], delimiter = ',') => {
    writeFileSync(
      join(out, `${kind}.csv`),
      csvLine(header(kind), delimiter) + rows.map((row) => csvLine(row, delimiter)).join(''),
    );
    counts[kind] = rows.length;
  };

  write(
    'studies',
    rounds.map((s) => [
      s.study,
      s.title,
      'bijstand',
      '2026.1',
      s.round,
      s.start,
      s.end,
      s.round === 1
        ? 'Waar lopen inwoners vast bij het aanvragen van bijstand, en waar moeten zij hun verhaal opnieuw vertellen?'
        : 'Is het aanvragen makkelijker geworden na het nieuwe formulier met lijst van bewijsstukken en vooraf ingevulde gegevens?',
    ]),
  );

  const walkthroughsPerRound = large ? Math.ceil(observations / 2 / 5) : 14;
  const interviewsPerRound = large ? 0 : 3;
  const participants: unknown[][] = [];
  const consents: unknown[][] = [];
  const sessions: unknown[][] = [];
  const young = new Map<string, boolean>();
  let pn = 0;
  const newParticipant = (given: string) => {
    const code = `P-${String(++pn).padStart(large ? 6 : 3, '0')}`;
    const age = r.pick(ageBands.slice(0, 3));
    young.set(code, age === '18-26');
    participants.push([
      code,
      age,
      r.pick(households),
      r.pick(skills),
      r.chance(0.85) ? 'nl' : r.pick(['en', 'ar', 'tr', 'pl']),
    ]);
    const publicOk = large || r.chance(0.7);
    consents.push([
      code,
      given,
      'yes',
      'yes',
      publicOk ? 'yes' : 'no',
      r.chance(0.8) ? 'yes' : 'no',
      addDays(given, 730),
      null,
    ]);
    return code;
  };
  let sn = 0;
  for (const s of rounds) {
    for (let i = 0; i < walkthroughsPerRound; i++) {
      const day = addDays(s.start, r.int(0, 25));
      const p = newParticipant(day);
      sessions.push([
        `S-${String(++sn).padStart(large ? 6 : 3, '0')}`,
        s.study,
        p,
        'walkthrough',
        day,
        r.pick(['onderzoeker-a', 'onderzoeker-b']),
        r.pick(['in person', 'in person', 'video', 'phone']),
        s.round,
      ]);
    }
    for (let i = 0; i < interviewsPerRound; i++) {
      const day = addDays(s.start, r.int(0, 25));
      sessions.push([
        `S-${String(++sn).padStart(3, '0')}`,
        s.study,
        newParticipant(day),
        'interview',
        day,
        'onderzoeker-b',
        r.pick(['in person', 'video']),
        s.round,
      ]);
    }
  }
  if (!large)
    sessions.push([
      `S-${String(++sn).padStart(3, '0')}`,
      rounds[0].study,
      null,
      'roleplay',
      '2026-03-19',
      'onderzoeker-a',
      'in person',
      1,
    ]);
  write('participants', participants);
  write('consents', consents);
  write(
    'sessions',
    sessions.map((s) => s.slice(0, 7)),
  );

  // Observations: Dutch Excel style in the sample (semicolons, decimal comma), plain in large files.
  const delimiter = large ? ',' : ';';
  const stream = createWriteStream(join(out, 'observations.csv'));
  stream.write(csvLine(header('observations'), delimiter));
  let n = 0;
  let buffer = '';
  for (const [code, , participant, kind, , , , round] of sessions as [
    string,
    string,
    string | null,
    string,
    string,
    string,
    string,
    number,
  ][]) {
    if (kind === 'interview') continue;
    const path =
      kind === 'roleplay'
        ? ['melden', 'aanvraag', 'controle', 'gesprek', 'besluit', 'verplichtingen']
        : journey(r, young.get(participant!) ?? false);
    for (let v = 0; v < path.length; v++) {
      const p = profile(path[v], round);
      const { row, stop } = observe(
        r,
        code,
        path[v],
        v + 1,
        kind === 'roleplay' ? { ...p, fail: 0, retold: 0.9, handoff: 0.9 } : p,
        !large,
      );
      if (kind === 'roleplay') row[14] = 'rollenspel: medewerker speelt de inwoner';
      buffer += csvLine(row, delimiter);
      n++;
      if (stop || (large && n >= observations)) break;
    }
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await new Promise<void>((res) => stream.once('drain', () => res()));
      buffer = '';
      onProgress?.(n);
    }
    if (large && n >= observations) break;
  }
  stream.write(buffer);
  await new Promise<void>((res, rej) => stream.end((e?: Error | null) => (e ? rej(e) : res())));
  counts.observations = n;

  const quotes: unknown[][] = [];
  if (!large) {
    let qn = 0;
    for (const [code, , participant, kind, , , , round] of sessions as [
      string,
      string,
      string | null,
      string,
      string,
      string,
      string,
      number,
    ][]) {
      const pool = kind === 'roleplay' ? roleplayQuotes : quoteTemplates.filter((q) => !q.round || q.round === round);
      const take = kind === 'interview' ? 4 : kind === 'roleplay' ? roleplayQuotes.length : r.chance(0.5) ? 1 : 0;
      const used = new Set<number>();
      for (let i = 0; i < take; i++) {
        const index = kind === 'roleplay' ? i : r.int(0, pool.length - 1);
        if (used.has(index)) continue;
        used.add(index);
        const q = pool[index];
        quotes.push([
          `Q-${String(++qn).padStart(3, '0')}`,
          code,
          q.step,
          q.text,
          q.tags.join('|'),
          participant ? null : 'rollenspel met medewerkers',
          // An interview's quotes have their time in the conversation (as the studio records it).
          kind === 'interview' ? (i + 1) * 420 : null,
        ]);
      }
    }
  }
  write('quotes', quotes);

  // The interviewer's own notes, with their time in the conversation (as the studio records them).
  const notes: unknown[][] = [];
  if (!large) {
    const said = [
      [null, 'Heeft de brieven van de gemeente in een map bij zich en bladert erin tijdens het gesprek.'],
      ['aanvraag', 'Laat op de telefoon zien waar het uploaden van de bankafschriften vastliep.'],
      ['gesprek', 'Wordt stiller bij het gesprek met de consulent; wil er liever niet lang over praten.'],
    ] as const;
    let i = 0;
    for (const [code, , , kind] of sessions as [string, string, string | null, string][]) {
      if (kind !== 'interview') continue;
      for (let n = 0; n < 2; n++) {
        const [step, text] = said[(i + n) % said.length];
        notes.push([`${code}-N0${n + 1}`, code, 240 + n * 600, step, text]);
      }
      i++;
    }
  }
  write('notes', notes);
  return counts;
}
