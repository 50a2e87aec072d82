/**
 * An access request answered as a page a resident can read: everything held about one
 * participant, in plain Dutch, one self-contained HTML file (no scripts, no outside files) that
 * opens on a phone and prints on A4. The JSON export holds the same facts for the file.
 */
import { esc } from './html';

type Row = Record<string, unknown>;

const dutchDay = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** 2026-03-04 → 4 maart 2026. */
export function dutchDate(iso: unknown): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso ?? ''));
  return m ? dutchDay.format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : '';
}

const kinds: Record<string, string> = {
  interview: 'gesprek',
  walkthrough: 'u deed een aanvraag stap voor stap, met een onderzoeker erbij',
  roleplay: 'rollenspel',
};
const modes: Record<string, string> = { 'in person': 'op locatie', phone: 'telefonisch', video: 'via video' };
const outcomes: Record<string, string> = {
  completed: 'gelukt',
  helped: 'gelukt met hulp',
  failed: 'niet gelukt',
  abandoned: 'gestopt',
  skipped: 'overgeslagen',
};

function minutes(seconds: unknown): string {
  if (typeof seconds !== 'number') return '';
  const m = Math.round(seconds / 60);
  return m < 1 ? 'minder dan een minuut' : m === 1 ? '1 minuut' : `${m} minuten`;
}

const yesNo = (v: unknown) => (v === 1 || v === true ? 'ja' : 'nee');
/** A scope as it stands: a withdrawn consent grants nothing any more. */
const granted = (c: Row, v: unknown) => (c.withdrawn_on ? `nee (ingetrokken; eerder: ${yesNo(v)})` : yesNo(v));

const languages: Record<string, string> = {
  nl: 'Nederlands',
  en: 'Engels',
  ar: 'Arabisch',
  tr: 'Turks',
  pl: 'Pools',
  ti: 'Tigrinya',
  uk: 'Oekraïens',
  ru: 'Russisch',
  fa: 'Perzisch',
  so: 'Somalisch',
  es: 'Spaans',
  fr: 'Frans',
  de: 'Duits',
  pap: 'Papiaments',
};

/**
 * The page for `participantRecord(…)`, exported at `exportedAt`. `mask` replaces personal data in
 * free text by its label: a researcher's note may name someone else (a partner, a neighbour),
 * whose data an access request does not hand over (GDPR art. 15(4)).
 */
export function participantHtml(record: Row, exportedAt: string, mask: (text: string) => string = (t) => t): string {
  const free = (v: unknown) => esc(typeof v === 'string' ? mask(v) : v);
  const p = (record.participant ?? {}) as Row;
  const consents = (record.consents ?? []) as Row[];
  const sessions = (record.sessions ?? []) as Row[];
  const events = (record.eventLogEvents ?? []) as Row[];
  const about = [
    ['Leeftijdsgroep', p.age_band],
    ['Huishouden', p.household],
    ['Digitale vaardigheden', p.digital_skills],
    ['Taal', languages[String(p.language)] ?? p.language],
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');

  const consentList = consents
    .map(
      (
        c,
      ) => `<li><p>Toestemming gegeven op <strong>${dutchDate(c.given_on)}</strong>${c.withdrawn_on ? `, ingetrokken op <strong>${dutchDate(c.withdrawn_on)}</strong>. Sinds die dag geldt voor alles hieronder: nee` : ''}.</p>
      <dl>
        <dt>Uw gegevens gebruiken voor onderzoek</dt><dd>${granted(c, c.analysis)}</dd>
        <dt>Wat u zei citeren voor het team</dt><dd>${granted(c, c.quote_internal)}</dd>
        <dt>Wat u zei citeren op de openbare website (zonder uw naam)</dt><dd>${granted(c, c.quote_public)}</dd>
        <dt>Een geluidsopname maken van het gesprek</dt><dd>${granted(c, c.recording)}</dd>
        <dt>Bewaren tot</dt><dd>${c.retain_until ? dutchDate(c.retain_until) : 'geen datum afgesproken'}</dd>
      </dl></li>`,
    )
    .join('\n');

  const sessionList = sessions
    .map((s) => {
      const obs = (s.observations ?? []) as Row[];
      const quotes = (s.quotes ?? []) as Row[];
      const notes = (s.notes ?? []) as Row[];
      const steps = obs
        .map(
          (o) =>
            `<tr><td>${esc(o.step_title ?? o.step)}</td><td>${esc(outcomes[String(o.outcome)] ?? o.outcome)}</td><td>${esc(minutes(o.seconds))}</td><td>${o.ease ? `${esc(o.ease)} van 7` : ''}</td><td>${free(o.note)}</td></tr>`,
        )
        .join('\n');
      return `<section>
      <h3>${dutchDate(s.date)}: ${esc(kinds[String(s.kind)] ?? s.kind)}${s.mode ? `, ${esc(modes[String(s.mode)] ?? s.mode)}` : ''}</h3>
      <p>Onderzoek: ${esc(s.study_title)}. Code van dit gesprek: ${esc(s.session)}.</p>
      ${
        obs.length
          ? `<div class="table"><table><caption>Wat we opschreven per stap</caption>
        <thead><tr><th scope="col">Stap</th><th scope="col">Hoe ging het</th><th scope="col">Tijd</th><th scope="col">Hoe makkelijk (1 = heel moeilijk, 7 = heel makkelijk)</th><th scope="col">Notitie</th></tr></thead>
        <tbody>${steps}</tbody></table></div>`
          : ''
      }
      ${quotes.length ? `<h4>Wat u zei en wat we opschreven</h4><ul>${quotes.map((q) => `<li><blockquote>${free(q.text)}</blockquote>${q.note ? `<p>Notitie: ${free(q.note)}</p>` : ''}${(q.tags as string[]).length ? `<p>Onderwerpen: ${(q.tags as string[]).map(free).join(', ')}</p>` : ''}</li>`).join('')}</ul>` : ''}
      ${notes.length ? `<h4>Wat de onderzoeker zelf opschreef</h4><ul>${notes.map((n) => `<li>${free(n.text)}</li>`).join('')}</ul>` : ''}
    </section>`;
    })
    .join('\n');

  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Uw gegevens in het onderzoek (${esc(p.participant)})</title>
<style>
  body { font: 1.125rem/1.6 system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 44rem; padding: 1rem; }
  h1 { font-size: 1.75rem; line-height: 1.2; } h2 { font-size: 1.375rem; margin-top: 2rem; } h3 { font-size: 1.125rem; }
  dl { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: .25rem 1rem; } dt { font-weight: 600; } dd { margin: 0; }
  .table { overflow-x: auto; } table { border-collapse: collapse; width: 100%; } caption { text-align: left; font-weight: 600; }
  th, td { border: 1px solid #767676; padding: .375rem .5rem; text-align: left; vertical-align: top; }
  blockquote { margin: 0; padding-left: .75rem; border-left: 4px solid #767676; }
  @media print { body { max-width: none; } }
</style>
</head>
<body>
<main>
<h1>Uw gegevens in het onderzoek</h1>
<p>U vroeg welke gegevens de gemeente over u bewaart voor onderzoek naar haar regelingen. Hieronder staat alles. Uw naam, adres, telefoonnummer en BSN bewaren we niet als gegeven. Schreef een onderzoeker zoiets toch in een notitie op, dan ziet u hier alleen het soort gegeven, zoals [NAAM] of [TELEFOON]. In het onderzoek heet u <strong>${esc(p.participant)}</strong>.</p>
<p>Gemaakt op ${dutchDate(exportedAt)}.</p>

<h2>Wat we over u weten</h2>
${about.length ? `<dl>${about.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>` : '<p>Niets behalve uw code.</p>'}

<h2>Uw toestemming</h2>
${consents.length ? `<ul>${consentList}</ul>` : '<p>Er is geen toestemming vastgelegd.</p>'}

<h2>Gesprekken en wat we zagen</h2>
${sessions.length ? sessionList : '<p>Er zijn geen gesprekken van u vastgelegd.</p>'}

${events.length ? `<h2>Gebeurtenissen uit andere systemen</h2><p>${events.length} vastgelegde stappen van uw aanvraag, uit ${[...new Set(events.map((e) => e.log))].length} bestand(en).</p>` : ''}

<h2>Wat u kunt doen</h2>
<ul>
<li>Wilt u niet meer meedoen? Zeg het tegen de onderzoeker of de gemeente. Dan wissen we alles hierboven. Dat kan altijd, zonder uitleg.</li>
<li>Klopt er iets niet? Zeg het, dan passen we het aan.</li>
<li>Noem bij uw vraag uw code: <strong>${esc(p.participant)}</strong>.</li>
</ul>
</main>
</body>
</html>
`;
}
