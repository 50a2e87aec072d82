/**
 * Friction profiles of the bijstand procedure for the SYNTHETIC sample study: how often each
 * step goes wrong in round 1 (before the redesign) and round 2 (after it). The redesign in
 * the story: a new application form with a document checklist, income and address pre-filled
 * from the BRP and UWV, and one contact person from the conversation on.
 */
export interface StepProfile {
  seconds: number; // median time on the step
  fail: number; // chance of failed/abandoned
  help: number; // chance of completed only with help
  errors: number; // chance of at least one error
  ease: number; // mean SEQ 1–7
  retold: number; // chance information had to be given again
  handoff: number; // chance of being sent elsewhere
  handoffTo?: string;
  wait: number; // median waiting days
  switchChannel: number;
  blockedBy?: string[];
  channels: string[];
}

const base: Record<string, StepProfile> = {
  melden: {
    seconds: 600,
    fail: 0.05,
    help: 0.2,
    errors: 0.3,
    ease: 5.2,
    retold: 0.05,
    handoff: 0.25,
    handoffTo: 'uwv',
    wait: 0,
    switchChannel: 0.3,
    channels: ['online', 'telefoon', 'balie'],
  },
  zoekperiode: {
    seconds: 900,
    fail: 0.15,
    help: 0.2,
    errors: 0.2,
    ease: 3.6,
    retold: 0.2,
    handoff: 0.2,
    handoffTo: 'uwv',
    wait: 28,
    switchChannel: 0.2,
    blockedBy: ['zoekperiode-jongeren'],
    channels: ['online', 'balie'],
  },
  aanvraag: {
    seconds: 4800,
    fail: 0.15,
    help: 0.35,
    errors: 0.7,
    ease: 3.4,
    retold: 0.55,
    handoff: 0.15,
    handoffTo: 'klantcontactcentrum',
    wait: 3,
    switchChannel: 0.45,
    blockedBy: ['inlichtingenplicht', 'vermogensgrens'],
    channels: ['online', 'mijn-groningen'],
  },
  controle: {
    seconds: 1500,
    fail: 0.1,
    help: 0.3,
    errors: 0.4,
    ease: 3.8,
    retold: 0.5,
    handoff: 0.3,
    handoffTo: 'inkomensconsulent',
    wait: 16,
    switchChannel: 0.4,
    blockedBy: ['inlichtingenplicht'],
    channels: ['mijn-groningen', 'post'],
  },
  gesprek: {
    seconds: 2700,
    fail: 0.05,
    help: 0.15,
    errors: 0.2,
    ease: 4.6,
    retold: 0.6,
    handoff: 0.2,
    handoffTo: 'werkcoach',
    wait: 18,
    switchChannel: 0.2,
    blockedBy: ['kostendelersnorm'],
    channels: ['balie', 'telefoon'],
  },
  huisbezoek: {
    seconds: 3300,
    fail: 0.05,
    help: 0.1,
    errors: 0.1,
    ease: 3.9,
    retold: 0.45,
    handoff: 0.05,
    handoffTo: 'inkomensconsulent',
    wait: 9,
    switchChannel: 0.05,
    blockedBy: ['huisbezoek-toestemming'],
    channels: ['huisbezoek'],
  },
  voorschot: {
    seconds: 300,
    fail: 0.2,
    help: 0.4,
    errors: 0.2,
    ease: 3.2,
    retold: 0.2,
    handoff: 0.4,
    handoffTo: 'uitkeringsadministratie',
    wait: 33,
    switchChannel: 0.35,
    blockedBy: ['voorschot'],
    channels: ['telefoon', 'mijn-groningen'],
  },
  besluit: {
    seconds: 900,
    fail: 0.1,
    help: 0.2,
    errors: 0.15,
    ease: 4.4,
    retold: 0.1,
    handoff: 0.1,
    handoffTo: 'klantcontactcentrum',
    wait: 45,
    switchChannel: 0.15,
    blockedBy: ['beslistermijn'],
    channels: ['post', 'mijn-groningen'],
  },
  verplichtingen: {
    seconds: 1800,
    fail: 0.1,
    help: 0.25,
    errors: 0.3,
    ease: 4.2,
    retold: 0.4,
    handoff: 0.35,
    handoffTo: 'werkcoach',
    wait: 10,
    switchChannel: 0.25,
    blockedBy: ['arbeidsplicht'],
    channels: ['mijn-groningen', 'balie'],
  },
  bezwaar: {
    seconds: 2400,
    fail: 0.2,
    help: 0.4,
    errors: 0.3,
    ease: 3.0,
    retold: 0.3,
    handoff: 0.3,
    handoffTo: 'jurist',
    wait: 30,
    switchChannel: 0.3,
    blockedBy: ['bezwaartermijn'],
    channels: ['online', 'post'],
  },
};

/** Round 2: what the redesign changed (and what it did not). */
const redesign: Record<string, Partial<StepProfile>> = {
  aanvraag: { seconds: 3000, fail: 0.05, help: 0.15, errors: 0.3, ease: 5.1, retold: 0.1, switchChannel: 0.15 },
  controle: { seconds: 900, help: 0.15, errors: 0.2, ease: 4.8, retold: 0.1, handoff: 0.1, wait: 9 },
  gesprek: { retold: 0.2, ease: 5.3 },
};

export function profile(step: string, round: number): StepProfile {
  return round >= 2 ? { ...base[step], ...redesign[step] } : base[step];
}

export const stepSlugs = Object.keys(base);
