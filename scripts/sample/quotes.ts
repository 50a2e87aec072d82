/**
 * Quotes for the SYNTHETIC sample study: invented, in the plain Dutch residents use, tied to a
 * step and tagged from a small codebook. No real person said these.
 */
export interface QuoteTemplate {
  step: string | null;
  text: string;
  tags: string[];
  round?: 1 | 2;
}

export const quoteTemplates: QuoteTemplate[] = [
  {
    step: 'melden',
    text: 'Ik wist niet dat ik me ook nog bij werk.nl moest inschrijven. Dat hoorde ik pas later.',
    tags: ['onduidelijke informatie', 'doorverwezen'],
  },
  {
    step: 'melden',
    text: 'Bellen ging sneller dan de website. Aan de telefoon legden ze het rustig uit.',
    tags: ['kanaalwissel', 'goede ervaring'],
  },
  {
    step: 'zoekperiode',
    text: 'Vier weken zonder geld. Ik heb bij mijn zus op de bank geslapen.',
    tags: ['wachten', 'geldzorgen'],
  },
  {
    step: 'zoekperiode',
    text: 'Niemand vertelde me dat ik de datum van melden moest onthouden.',
    tags: ['onduidelijke informatie'],
  },
  {
    step: 'aanvraag',
    text: 'Ze vroegen bankafschriften van alle rekeningen. Ook van een spaarrekening waar niks op staat.',
    tags: ['bewijsstukken', 'opnieuw vertellen'],
    round: 1,
  },
  {
    step: 'aanvraag',
    text: 'Het formulier vroeg dingen die de gemeente al weet, zoals mijn adres en mijn inkomen.',
    tags: ['opnieuw vertellen'],
    round: 1,
  },
  {
    step: 'aanvraag',
    text: 'Ik ben drie keer opnieuw begonnen omdat de foto van mijn afschrift te groot was.',
    tags: ['bewijsstukken', 'techniek'],
    round: 1,
  },
  {
    step: 'aanvraag',
    text: 'Nu stond er een lijstje bij welke papieren ik nodig had. Dat scheelde veel.',
    tags: ['goede ervaring', 'bewijsstukken'],
    round: 2,
  },
  {
    step: 'aanvraag',
    text: 'Mijn adres stond er al in. Ik hoefde alleen te kijken of het klopte.',
    tags: ['goede ervaring'],
    round: 2,
  },
  {
    step: 'controle',
    text: 'Ik kreeg een brief dat er iets miste, maar niet wat precies.',
    tags: ['onduidelijke informatie', 'wachten'],
    round: 1,
  },
  {
    step: 'controle',
    text: 'Ik heb de stukken twee keer gestuurd. Ze waren de eerste keer kwijt.',
    tags: ['opnieuw vertellen', 'bewijsstukken'],
  },
  {
    step: 'gesprek',
    text: 'In het gesprek moest ik mijn hele verhaal weer vertellen, terwijl alles al in de aanvraag stond.',
    tags: ['opnieuw vertellen'],
    round: 1,
  },
  {
    step: 'gesprek',
    text: 'De consulent nam de tijd en legde uit waarom ze het vroeg. Dan snap je het beter.',
    tags: ['goede ervaring', 'uitleg regel'],
  },
  {
    step: 'gesprek',
    text: 'Ik woon met mijn broer. Ik begreep niet waarom ik daardoor minder krijg.',
    tags: ['uitleg regel'],
  },
  { step: 'huisbezoek', text: 'Ze kwamen kijken of ik alleen woon. Ik voelde me verdacht.', tags: ['wantrouwen'] },
  {
    step: 'voorschot',
    text: 'Niemand zei dat je een voorschot kunt vragen. Dat hoorde ik van de buurvrouw.',
    tags: ['onduidelijke informatie', 'geldzorgen'],
  },
  {
    step: 'besluit',
    text: 'Na zeven weken nog niks gehoord. Ik belde en werd drie keer doorverbonden.',
    tags: ['wachten', 'doorverwezen'],
  },
  {
    step: 'besluit',
    text: 'De brief was moeilijk. Ik heb hem laten voorlezen door iemand van het buurthuis.',
    tags: ['moeilijke taal'],
  },
  {
    step: 'verplichtingen',
    text: 'Mijn werkcoach wist niet wat ik al aan de inkomensconsulent had verteld.',
    tags: ['opnieuw vertellen', 'doorverwezen'],
  },
  { step: null, text: 'Het voelt alsof je van het kastje naar de muur wordt gestuurd.', tags: ['doorverwezen'] },
];

/** What staff said in the role-play of the whole chain. */
export const roleplayQuotes: QuoteTemplate[] = [
  {
    step: 'aanvraag',
    text: 'Klantcontact: ik zie niet wat de inwoner online al heeft ingevuld, dus ik vraag het opnieuw.',
    tags: ['opnieuw vertellen', 'informatie delen'],
  },
  {
    step: 'gesprek',
    text: 'Inkomensconsulent: ik weet niet wat er aan de telefoon is afgesproken.',
    tags: ['informatie delen', 'doorverwezen'],
  },
  {
    step: 'verplichtingen',
    text: 'Werkcoach: ik krijg het dossier pas na het besluit, dus ik begin weer bij nul.',
    tags: ['opnieuw vertellen', 'informatie delen'],
  },
];
