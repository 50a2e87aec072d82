/**
 * `drempel studio`: record sessions live in the browser, straight into the research store.
 * The command parses flags, prints the address (and, for another machine, the token URL and a QR
 * code) and keeps the studio running until Ctrl+C; the studio itself is scripts/app/studio/.
 */
import QRCode from 'qrcode';
import { DrempelError } from '../../research/errors';
import { personalData } from '../app/personal-data';
import { startStudio } from '../app/studio/server';
import { localDate, parse, UsageError, withDb, type Command } from './io';

const usage = `drempel studio [--port 4322] [--host ADDRESS] [--db FILE]
  a local web application to record walkthroughs, interviews and chain role-plays while they
  happen, every tap saved at once in the database; open the address it prints
  --port N        the port (default 4322; 0 picks a free one)
  --host ADDRESS  listen on another address than 127.0.0.1 (a tablet on the office network):
                  then nothing is served without the access token in the printed URL (or QR code)`;

export const studioCommand: Command = {
  name: 'studio',
  summary: 'record sessions live in the browser (walkthroughs, interviews, role-plays)',
  usage,
  async run(args, io) {
    const { values } = parse(
      args,
      { port: { type: 'string' }, host: { type: 'string' }, names: { type: 'string' } },
      false,
    );
    const port = Number(values.port ?? 4322);
    if (!/^\d+$/.test(values.port ?? '4322') || port > 65535)
      throw new UsageError(`invalid port: ${String(values.port).slice(0, 40)}`);
    const host = values.host ?? '127.0.0.1';
    if (host === '' || /[\s/?#@]/.test(host)) throw new UsageError(`invalid host: ${host.slice(0, 60)}`);
    const scan = personalData(values.names ?? io.env.DREMPEL_NAMES);
    return withDb(values, io, async (db) => {
      const studio = await startStudio({
        db,
        port,
        host,
        today: () => localDate(io.now()),
        scanText: scan.kinds,
      }).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'EADDRINUSE')
          throw new DrempelError(
            `port ${port} is already in use`,
            'Stop the other server, or choose another port with --port N.',
          );
        if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND')
          throw new DrempelError(
            `${host} is not an address of this machine`,
            'Give one of its network addresses, e.g. --host 192.168.1.20.',
          );
        throw e;
      });
      io.out(`drempel studio: ${studio.url}\n`);
      if (studio.token) {
        io.out(
          'Anyone on this network who has this address can record in the database: give it only to the researchers.\n',
        );
        io.out(await QRCode.toString(studio.url, { type: 'terminal', small: true }));
      }
      io.out('Ctrl+C stops the studio; every tap is already saved.\n');
      await new Promise<void>((done) => {
        const stop = () => void studio.close().then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      return 0;
    });
  },
};
