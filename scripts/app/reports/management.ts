/**
 * A one-page report for management (`drempel report`): where residents get stuck most, what the
 * team found and is changing, and whether the changes worked — in Dutch, one self-contained HTML
 * file (no scripts, no outside files) that reads on a screen and prints on two sides of A4. It is
 * rendered from the team build's data, so every text has passed the publication gate and every
 * figure stands on at least the gate's minimum number of residents.
 */
import { esc } from './html';
import type { ComponentKey } from '../../../analysis/friction';
import type { SiteData, TeamData } from '../gate/types';

const nl = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 });
const dec = (x: number | null | undefined, digits = 2) =>
  x === null || x === undefined
    ? '–'
    : x.toLocaleString('nl-NL', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const whole = (x: number | null | undefined) => (x === null || x === undefined ? '–' : nl.format(Math.round(x)));

const drivers: Record<ComponentKey, string> = {
  notCompleted: 'lukte niet zonder hulp',
  overTime: 'duurde langer dan de norm',
  errors: 'maakte fouten',
  hardRating: 'vond het moeilijk',
  retold: 'moest informatie opnieuw geven',
  handoff: 'werd doorgestuurd',
  longWait: 'wachtte langer dan de norm',
  channelSwitch: 'moest van kanaal wisselen',
};

const results: Record<string, string> = {
  improved: 'verbeterd',
  'no measurable change yet': 'nog geen meetbaar verschil',
  worse: 'verslechterd',
  'too few residents': 'te weinig inwoners om te meten',
};

const statuses: Record<string, string> = {
  proposed: 'voorgesteld',
  planned: 'gepland',
  'in progress': 'in uitvoering',
  done: 'uitgevoerd',
  dropped: 'geschrapt',
};

export interface ReportOptions {
  /** Only this procedure (the slug), e.g. the procedure of `--study`. */
  procedure?: string;
  /** Only this study's findings and the comparisons it is part of (`--study`). */
  study?: string;
  /** How many steps to show (default 5). */
  top?: number;
  now: string;
}

/** Before and after per step: a dot for F with its interval, grey before and dark after. */
function chart(cmp: TeamData['comparisons'][number]): string {
  const steps = cmp.steps.filter((s) => s.before.friction !== null || s.after.friction !== null);
  if (!steps.length) return '';
  const rowH = 34;
  const left = 230;
  const width = 640;
  const plot = width - left - 20;
  const x = (v: number) => left + v * plot;
  const height = steps.length * rowH + 40;
  const interval = (low: number | null, high: number | null, mid: number | null, y: number, cls: string) =>
    mid === null || low === null || high === null
      ? ''
      : `<line class="${cls}" x1="${x(low).toFixed(1)}" x2="${x(high).toFixed(1)}" y1="${y}" y2="${y}"/><circle class="${cls}" cx="${x(mid).toFixed(1)}" cy="${y}" r="5"/>`;
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (t) =>
        `<line class="grid" x1="${x(t)}" x2="${x(t)}" y1="8" y2="${height - 24}"/><text class="tick" x="${x(t)}" y="${height - 8}" text-anchor="middle">${dec(t)}</text>`,
    )
    .join('');
  const rows = steps
    .map((s, i) => {
      const y = 20 + i * rowH;
      return `<text class="label" x="${left - 10}" y="${y + 9}" text-anchor="end">${esc(s.title.length > 30 ? `${s.title.slice(0, 29)}…` : s.title)}</text>${interval(s.before.low, s.before.high, s.before.friction, y + 2, 'before')}${interval(s.after.low, s.after.high, s.after.friction, y + 14, 'after')}`;
    })
    .join('');
  const described = steps
    .map(
      (s) =>
        `${s.title}: ${dec(s.before.friction)} (${s.before.n} inwoners) naar ${dec(s.after.friction)} (${s.after.n} inwoners)`,
    )
    .join('; ');
  return `<figure>
<svg viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc" width="100%">
<title id="chart-title">Drempel per stap voor en na, ${esc(cmp.before.study)} en ${esc(cmp.after.study)}</title>
<desc id="chart-desc">${esc(described)}</desc>
${ticks}${rows}
</svg>
<figcaption><span class="key before-key">●</span> ronde ${cmp.before.round} (${esc(cmp.before.study)}) &nbsp; <span class="key after-key">●</span> ronde ${cmp.after.round} (${esc(cmp.after.study)}). De punt is de drempel (0 = geen, 1 = iedereen liep overal tegenaan), de lijn het ${Math.round(cmp.confidence * 100)}%-betrouwbaarheidsinterval. Lager is beter.</figcaption>
</figure>`;
}

export function renderManagementReport(data: SiteData, opts: ReportOptions): string {
  const team = data.team;
  if (!team) throw new Error('the management report needs the team build of the data');
  const top = opts.top ?? 5;
  const of = <T extends { procedure: string | null }>(xs: T[]) =>
    opts.procedure ? xs.filter((x) => x.procedure === opts.procedure) : xs;
  const titles = new Map(data.procedures.map((p) => [p.slug, p.title]));
  const stepTitles = new Map(
    data.procedures.flatMap((p) => p.steps.map((s) => [`${p.slug}/${s.slug}`, s.title] as const)),
  );
  const stepTitle = (procedure: string | null, slug: string) => stepTitles.get(`${procedure}/${slug}`) ?? slug;
  const priorities = of(team.priorities)
    .filter((p) => p.rank !== null)
    .slice(0, top);
  const findings = of(team.findings).filter((f) => !opts.study || f.study === opts.study);
  const fixes = team.fixes.filter((x) => x.findings.some((f) => findings.some((y) => y.finding === f)));
  const comparisons = of(team.comparisons).filter(
    (c) => !opts.study || c.before.study === opts.study || c.after.study === opts.study,
  );
  const studies = [...new Set(priorities.map((p) => p.study))];
  const generated = new Date(opts.now).toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' });
  const stepFindings = (procedure: string, step: string) =>
    findings.filter((f) => f.procedure === procedure && f.steps.includes(step));
  const frictionRows = priorities
    .map((p) => {
      const fs = stepFindings(p.procedure, p.step);
      const fx = fixes.filter((x) => x.findings.some((code) => fs.some((f) => f.finding === code)));
      const why = p.drivers.map((d) => `${d.events} van de ${d.n} ${drivers[d.key]}`).join('; ');
      const quote = p.evidence[0];
      return `<tr>
<td class="num">${p.rank}</td>
<td><strong>${esc(p.title)}</strong><br><span class="muted">${esc(titles.get(p.procedure) ?? p.procedure)}</span></td>
<td class="num">${whole(p.residentsPerYear)}<br><span class="muted">minstens ${whole(p.residentsPerYearLow)}</span></td>
<td class="num">${whole(p.hoursPerYear)}${p.hoursPerYearLow !== null && p.hoursPerYearHigh !== null ? `<br><span class="muted">${whole(p.hoursPerYearLow)}–${whole(p.hoursPerYearHigh)}</span>` : ''}</td>
<td>${esc(why)}${quote ? `<br>Een inwoner: <q>${esc(quote.text)}</q>` : ''}<br><span class="muted">${p.n} inwoners${p.indicative ? ', een eerste indicatie' : ''}</span></td>
<td>${fx.length ? fx.map((x) => `${esc(x.fix)} (${esc(statuses[x.status] ?? x.status)})`).join('<br>') : fs.length ? 'bevinding, nog geen oplossing' : '–'}</td>
</tr>`;
    })
    .join('\n');
  const fixRows = fixes
    .map((x) => {
      const vs = team.verifications.filter((v) => v.fix === x.fix);
      const fs = findings.filter((f) => x.findings.includes(f.finding));
      const procedure = fs.find((f) => f.procedure)?.procedure ?? null;
      const verdict = vs.length
        ? vs
            .map(
              (v) =>
                `<strong>${esc(results[v.result] ?? v.result)}</strong> bij ${esc(stepTitle(procedure, v.step))}: ${v.change === null ? '' : `${v.change > 0 ? '+' : ''}${dec(v.change, 3)} (${dec(v.changeLow, 3)} tot ${dec(v.changeHigh, 3)}), `}${v.residentsBefore} → ${v.residentsAfter} inwoners${v.indicative ? ', een eerste indicatie' : ''}`,
            )
            .join('<br>')
        : x.measure
          ? `wordt gemeten in ${esc(x.measure)}`
          : 'nog niet gepland om te meten';
      return `<tr>
<td>${esc(x.fix)}</td>
<td>${esc(x.proposal)}<br><span class="muted">${fs.map((f) => `${esc(f.finding)}: ${esc(f.statement)}`).join('<br>')}</span></td>
<td>${esc(x.owner ?? '–')}</td>
<td>${esc(statuses[x.status] ?? x.status)}</td>
<td>${verdict}</td>
</tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Drempels in de dienstverlening${opts.procedure ? `: ${esc(titles.get(opts.procedure) ?? opts.procedure)}` : ''}</title>
<style>
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; max-width: 60em; margin: 0 auto; padding: 1.5em; }
h1 { font-size: 1.6em; margin: 0 0 .2em; } h2 { font-size: 1.2em; margin: 1.6em 0 .4em; border-bottom: 2px solid #1a1a1a; }
p.lead { font-size: 1.05em; } .muted { color: #555; font-size: .9em; } .note { border-left: 4px solid #555; padding: .2em .8em; background: #f3f3f3; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: .35em .5em; border-bottom: 1px solid #bbb; }
th { font-size: .9em; } td.num, th.num { text-align: right; white-space: nowrap; } q { font-style: italic; }
svg .grid { stroke: #ddd; } svg .tick, svg .label { font-size: 12px; fill: #1a1a1a; }
svg .before { stroke: #8a8a8a; fill: #8a8a8a; stroke-width: 3; } svg .after { stroke: #1a1a1a; fill: #1a1a1a; stroke-width: 3; }
.key { font-size: 1.2em; } .before-key { color: #8a8a8a; } .after-key { color: #1a1a1a; }
figure { margin: 0; } figcaption { font-size: .9em; color: #444; }
@media print { body { padding: 0; font-size: 10pt; } h2 { break-after: avoid; } tr, figure { break-inside: avoid; } a { color: inherit; } }
@page { size: A4; margin: 15mm; }
</style>
</head>
<body>
<header>
<h1>Drempels in de dienstverlening${opts.procedure ? `: ${esc(titles.get(opts.procedure) ?? opts.procedure)}` : ''}</h1>
<p class="muted">Gemaakt op ${esc(generated)} met drempel, uit ${esc(studies.join(', ') || 'geen onderzoek')}. Alleen voor intern gebruik: citaten staan hier met toestemming voor het team, niet voor publicatie.</p>
</header>
<main>
<p class="lead">Waar lopen inwoners het vaakst vast, wat gaan we daaraan doen, en werkte het? Elke stap staat hieronder met het aantal inwoners per jaar dat erop vastloopt en de uren die het hen kost, met de onderbouwing uit het onderzoek.</p>
<h2>Waar inwoners het vaakst vastlopen</h2>
${
  priorities.length
    ? `<table>
<thead><tr><th class="num" scope="col">#</th><th scope="col">Stap</th><th class="num" scope="col">Inwoners per jaar</th><th class="num" scope="col">Uren per jaar</th><th scope="col">Wat er misgaat</th><th scope="col">Oplossing</th></tr></thead>
<tbody>
${frictionRows}
</tbody>
</table>
<p class="muted">Gerangschikt naar het aantal inwoners per jaar dat op de stap vastloopt, aan de onderkant van het ${Math.round(data.confidence * 100)}%-interval ("minstens"): een stap staat alleen hoog als het bewijs sterk is. Een cijfer staat er alleen bij ten minste ${data.minGroupSize} inwoners.</p>`
    : `<p>Nog geen stap met genoeg inwoners (ten minste ${data.minGroupSize}) voor een cijfer.</p>`
}
<h2>Wat we veranderen en of het werkte</h2>
${
  fixes.length
    ? `<table>
<thead><tr><th scope="col">Oplossing</th><th scope="col">Wat verandert, en waarom</th><th scope="col">Eigenaar</th><th scope="col">Stand</th><th scope="col">Resultaat</th></tr></thead>
<tbody>
${fixRows}
</tbody>
</table>
<p class="muted">"Verbeterd" staat er alleen als het hele interval van het verschil onder nul ligt; anders "nog geen meetbaar verschil".</p>`
    : '<p>Nog geen oplossingen vastgelegd (<code>drempel fixes add</code>).</p>'
}
${comparisons.length ? `<h2>Voor en na</h2>\n${comparisons.map(chart).join('\n')}` : ''}
<p class="note">Hoe gemeten: inwoners doorliepen de aanvraag met een onderzoeker erbij. Per stap telt drempel hoeveel van hen het niet zonder hulp lukte, fouten maakten, het moeilijk vonden, informatie opnieuw moesten geven, werden doorgestuurd, lang wachtten of van kanaal moesten wisselen. "Inwoners" telt mensen, niet bezoeken; "uren" de tijd die inwoners kwijt zijn.</p>
</main>
</body>
</html>
`;
}
