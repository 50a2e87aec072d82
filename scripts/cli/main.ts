/**
 * `drempel`: one entry, one file per subcommand in scripts/cli/. This file only parses the
 * command name and dispatches. User errors (DrempelError) print `error: …` and exit 1; wrong
 * usage exits 2. Anything else is a bug: one line saying so and exit 2, the stack only with
 * DREMPEL_DEBUG=1, so a user never reads a stack trace.
 */
import { DrempelError } from '../../procedures/errors';
import { readFileSync } from 'node:fs';
import { closest } from '../../procedures/errors';
import { commands } from './index';
import { processIo, UsageError, type Io } from './io';

export function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'drempel: find and remove the barriers residents meet in municipal procedures',
    '',
    'Usage: drempel <command> [options]    (every command takes --db FILE; default ./data/drempel.db or $DREMPEL_DB)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `drempel <command> --help` for its options, `drempel --version` for the version.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.out(`drempel ${version()}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const near = closest(
      name.toLowerCase(),
      commands.map((c) => c.name),
    );
    io.err(
      `error: unknown command: ${clipLongTokens(name)}${near ? `\nhint: did you mean \`drempel ${near}\`?` : ''}\n\n${help()}`,
    );
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(command.usage.trimEnd() + '\n');
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${clipLongTokens(e.message)}\n\nusage: ${command.usage.trimEnd()}\n`);
      return 2;
    }
    if (e instanceof DrempelError) {
      io.err(`error: ${clipLongTokens(e.message)}\n${e.hint ? `hint: ${e.hint}\n` : ''}`);
      return 1;
    }
    return unexpected(e, io);
  }
}

/** The version in package.json (read once, beside the code, so it is right in a clone and an install). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * A message never repeats a pasted 5,000-character value: any run of more than 120 characters
 * without a space is cut (values a command quotes itself are cut at about 80 where it quotes them).
 */
export function clipLongTokens(message: string): string {
  return message.replace(/\S{121,}/g, (t) => `${t.slice(0, 119)}…`);
}

/** A bug, not a user error: one line, and the stack only when asked for. */
export function unexpected(e: unknown, io: Io): number {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  if (io.env.DREMPEL_DEBUG) io.err(`${e instanceof Error && e.stack ? e.stack : message}\n`);
  else
    io.err(
      `error: unexpected: ${message.split('\n')[0].slice(0, 200)}\nhint: this is a bug in drempel; run again with DREMPEL_DEBUG=1 for details\n`,
    );
  return 2;
}
