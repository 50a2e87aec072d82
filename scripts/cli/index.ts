/** Every subcommand, in the order `drempel --help` lists them. */
import type { Command } from './io';
import { auditCommand } from './audit';
import { benchCommand } from './bench';
import { compareCommand } from './compare';
import { prioritiesCommand } from './priorities';
import { reportCommand } from './report';
import { demoCommand } from './demo';
import { eventsCommand, journeysCommand } from './events';
import { exportCommand, templateCommand } from './export';
import { findingsCommand, fixesCommand } from './findings';
import { importCommand } from './import';
import { init } from './init';
import { proceduresCommand } from './procedures';
import {
  backupCommand,
  checkCommand,
  consentCommand,
  participantCommand,
  purgeCommand,
  restoreCommand,
} from './privacy';
import { codebookCommand } from './codebook';
import { deleteCommand, notesCommand, quotesCommand } from './records';
import { sampleCommand } from './sample';
import { scoreCommand } from './score';
import { siteCommand } from './site';
import { studioCommand } from './studio';

export const commands: Command[] = [
  init,
  proceduresCommand,
  importCommand,
  studioCommand,
  deleteCommand,
  quotesCommand,
  codebookCommand,
  notesCommand,
  exportCommand,
  templateCommand,
  scoreCommand,
  prioritiesCommand,
  compareCommand,
  findingsCommand,
  fixesCommand,
  reportCommand,
  journeysCommand,
  eventsCommand,
  consentCommand,
  purgeCommand,
  participantCommand,
  backupCommand,
  restoreCommand,
  checkCommand,
  auditCommand,
  siteCommand,
  demoCommand,
  sampleCommand,
  benchCommand,
];
