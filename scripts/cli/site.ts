import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DrempelError } from '../../research/errors';
import { dispatch, parse, UsageError, withDb, type Command, type Io } from './io';
import { buildSite, defaultOut } from '../app/site/build';
import { serveDir } from '../app/site/serve';

async function build(args: string[], io: Io): Promise<number> {
  const { values } = parse(
    args,
    {
      audience: { type: 'string' },
      out: { type: 'string' },
      names: { type: 'string' },
      redact: { type: 'boolean' },
      'site-url': { type: 'string' },
    },
    false,
  );
  const audience = values.audience ?? 'public';
  if (audience !== 'public' && audience !== 'team')
    throw new UsageError(`invalid audience: ${audience} (expected public or team)`);
  const siteUrl = values['site-url'] ?? (io.env.DREMPEL_SITE_URL || undefined);
  return withDb(values, io, async (db) => {
    const started = Date.now();
    const r = await buildSite(db, {
      onStart: () => io.err(`building the ${audience} site…\n`),
      audience,
      out: values.out,
      namesFile: values.names ?? io.env.DREMPEL_NAMES,
      redact: !!values.redact,
      siteUrl,
      now: io.now(),
      onLog: (line) => io.isTTY && io.err(`  ${line.slice(0, 120)}\n`),
    });
    if (audience === 'public' && siteUrl === undefined)
      io.err(
        'note: no --site-url (or DREMPEL_SITE_URL): the pages name their other language without hreflang links; give the address the site is published at\n',
      );
    for (const b of r.data.blocked) io.err(`blocked: ${b.where}: ${b.kinds.join(', ')} (${b.action})\n`);
    io.out(
      `built the ${audience} site: ${r.pages} pages in ${r.out} (${((Date.now() - started) / 1000).toFixed(1)} s); ${r.data.blocked.length} text${r.data.blocked.length === 1 ? '' : 's'} stopped by the personal-data check\n`,
    );
    return 0;
  });
}

/** Serve a built site until interrupted. */
export async function serve(dir: string, port: number, io: Io): Promise<number> {
  if (!existsSync(join(dir, 'index.html')))
    throw new DrempelError(`no built site in ${dir}`, 'Build it first with `drempel site build`.');
  const server = await serveDir(dir, port).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EADDRINUSE')
      throw new DrempelError(
        `port ${port} is already in use`,
        'Stop the other server, or choose another port with `drempel site preview --port N`.',
      );
    throw e;
  });
  io.out(`serving ${dir} at http://localhost:${port}/ (Ctrl+C to stop)\n`);
  await new Promise<void>((done) => {
    const stop = () => server.close(() => done());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

async function preview(args: string[], io: Io): Promise<number> {
  const { values } = parse(
    args,
    { out: { type: 'string' }, port: { type: 'string' }, audience: { type: 'string' } },
    false,
  );
  const port = Number(values.port ?? 4321);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`invalid port: ${values.port}`);
  const audience = values.audience ?? 'public';
  if (audience !== 'public' && audience !== 'team')
    throw new UsageError(`invalid audience: ${audience.slice(0, 40)} (expected public or team)`);
  return serve(values.out ?? defaultOut(audience), port, io);
}

const subcommands: Record<string, (args: string[], io: Io) => Promise<number>> = { build, preview };

export const siteCommand: Command = {
  name: 'site',
  summary: 'build the public or team site through the publication gate, and preview it',
  usage: `drempel site build [--audience public|team] [--out DIR] [--names FILE] [--redact] [--site-url URL] [--db FILE]
  public: for residents (default out site/dist/public); team: the designers' dashboard (site/dist/team, never published)
  --names FILE   names to keep out, one per line (also DREMPEL_NAMES), added to the bundled list
  --redact       publish texts with personal data replaced by a label such as [BSN], instead of leaving them out
  --site-url URL the address the site is published at (also DREMPEL_SITE_URL), for absolute hreflang and canonical links
drempel site preview [--audience public|team] [--out DIR] [--port 4321]`,
  run: (args, io) => dispatch('site', subcommands, args, io),
};
