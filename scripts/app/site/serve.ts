/**
 * Serve a built site on 127.0.0.1 only, with sirv (the static-file server Vite's own preview
 * uses). sirv lists the folder's files once at start and answers only with those: a request
 * path is a key into that list, never a path joined onto the disk, so `..`, `%2f` and malformed
 * escapes cannot reach another file. Dotfiles (the build marker) are not served.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import sirv from 'sirv';

const fallback404 =
  '<!doctype html><html lang="nl"><title>Niet gevonden</title><p>Deze pagina bestaat niet.</p></html>';

export function serveDir(dir: string, port = 4321): Promise<Server> {
  const root = resolve(dir);
  const notFoundFile = join(root, '404.html');
  const notFound = existsSync(notFoundFile) ? readFileSync(notFoundFile) : fallback404;
  const files = sirv(root, {
    dev: false,
    dotfiles: false,
    etag: true,
    setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff'),
    onNoMatch: (_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end(notFound);
    },
  });
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    // Only for this machine by name too: a page elsewhere that points its own host name at
    // 127.0.0.1 (DNS rebinding) gets nothing, not even the team site.
    const port = (server.address() as { port: number }).port;
    if (
      !new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]).has((req.headers.host ?? '').toLowerCase())
    ) {
      res
        .writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('This preview answers only to 127.0.0.1 and localhost.\n');
      return;
    }
    // Pages are small: whole files only. (sirv 3 crashes on an impossible Range such as "bytes=5-2".)
    delete req.headers.range;
    files(req, res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok(server));
  });
}
