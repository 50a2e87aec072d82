/**
 * The studio's server: Node's own HTTP server on the research store's SQLite file, one process,
 * one connection (better-sqlite3 writes synchronously, so a tap's transaction is done before its
 * answer leaves). It serves one page, its script and style (bundle.ts) and a small JSON API.
 *
 * Who may use it:
 * - Bound to 127.0.0.1 unless `host` names another address. A request must name the studio's own
 *   host in its Host header (a page elsewhere that points its name at 127.0.0.1 — DNS rebinding —
 *   gets nothing).
 * - With another address (a tablet on the office network) nothing is served without the access
 *   token: a random 256-bit token, printed once as a URL. Opening that URL sets an HttpOnly,
 *   SameSite=Strict cookie holding a session key (never the token) and sends the browser on to a
 *   URL without the token.
 * - Every state-changing request is a JSON POST carrying the page's CSRF token (an HMAC of the
 *   cookie's key) in a header, from the studio's own origin.
 * - The page's Content Security Policy allows only the studio's own script, style and API: no
 *   CDN, no external font, so it works with the network cable pulled.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Db } from '../../../research/db';
import { durableCommits, setToday } from '../../../research/db';
import { DrempelError } from '../../../research/errors';
import { RecordError } from '../../../research/csv/record';
import { bundle, type Bundle } from './bundle';
import { act, StudioError, view, type Action, type Clock } from './session';
import { addParticipant, home, startSession } from './start';

export interface StudioOptions {
  db: Db;
  port: number;
  /** The address to listen on; default 127.0.0.1. Any other needs the access token. */
  host?: string;
  /** Today's date (YYYY-MM-DD) on the municipality's clock: sessions are dated with it, consent judged at it. */
  today: () => string;
  clock?: Clock;
  scanText?: (text: string) => string[];
}

export interface Studio {
  server: Server;
  /** The address to open: with the token when one is needed. */
  url: string;
  /** Whether the access token is required (not only on this machine). */
  token: string | null;
  close(): Promise<void>;
}

const loopback = new Set(['127.0.0.1', 'localhost', '::1']);
const systemClock: Clock = { now: () => Date.now(), iso: () => new Date().toISOString() };
const maxBody = 256 * 1024;

const security = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

/** An address of this machine on its network, for the URL printed when listening on every address. */
function networkAddress(): string {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return '127.0.0.1';
}

const escapeAttr = (s: string) => s.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

function page(csrf: string): string {
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="drempel-csrf" content="${escapeAttr(csrf)}">
<title>drempel studio</title>
<link rel="stylesheet" href="/assets/studio.css">
<script type="module" src="/assets/studio.js"></script>
</head>
<body>
<div id="app"><noscript>De studio heeft JavaScript nodig. / The studio needs JavaScript.</noscript></div>
</body>
</html>
`;
}

const refusal = (title: string, text: string) => `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body><main><h1>${title}</h1><p>${text}</p></main></body></html>
`;

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { ...security, 'Content-Type': type, ...headers });
  res.end(body);
}

const json = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBody) throw new StudioError('the request is too large', 413);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new StudioError('the request is not JSON', 400);
  }
}

const cookieName = 'drempel_studio';

function cookieOf(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === cookieName) return v.join('=');
  }
  return undefined;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Start the studio; resolves once it listens (the bundle is built first, so the first page is whole). */
export async function startStudio(opts: StudioOptions): Promise<Studio> {
  const { db } = opts;
  durableCommits(db);
  const clock = opts.clock ?? systemClock;
  const host = opts.host ?? '127.0.0.1';
  const local = loopback.has(host);
  const token = local ? null : randomBytes(32).toString('base64url');
  const secret = randomBytes(32);
  /** Keys of the cookies this run handed out (a restart asks for the printed URL again). */
  const keys = new Set<string>();
  const csrfOf = (key: string) => createHmac('sha256', secret).update(`csrf:${key}`).digest('base64url');
  const assets: Bundle = await bundle();
  let port = opts.port;

  // Listening on every address (0.0.0.0, ::): a tablet reaches it by any of the machine's names,
  // so the Host header cannot be pinned; the access token is what keeps others out.
  const wildcard = host === '0.0.0.0' || host === '::';
  const allowedHosts = () => {
    const names = local ? ['127.0.0.1', 'localhost', '[::1]'] : [host.includes(':') ? `[${host}]` : host];
    return new Set(names.map((n) => `${n}:${port}`.toLowerCase()));
  };
  const hostAllowed = (h: string) => wildcard || allowedHosts().has(h.toLowerCase());

  const today = () => {
    const t = opts.today();
    setToday(db, t);
    return t;
  };

  async function api(req: IncomingMessage, res: ServerResponse, path: string) {
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/api/home') return json(res, 200, home(db, today()));
    let m = /^\/api\/sessions\/([A-Za-z0-9][A-Za-z0-9_.-]{0,63})$/.exec(path);
    if (method === 'GET' && m) {
      // Reading only: a session imported from a file gets its studio place with its first tap.
      today();
      return json(res, 200, view(db, m[1], clock));
    }
    if (method !== 'POST') return json(res, 405, { error: 'method not allowed' });
    const body = (await readJson(req)) as Record<string, unknown>;
    if (path === '/api/sessions') {
      const started = startSession(db, body as never, today(), clock, opts.scanText);
      return json(res, 201, started);
    }
    if (path === '/api/participants') {
      const added = addParticipant(db, body as never, today(), opts.scanText);
      return json(res, 201, { ...added, home: home(db, today()) });
    }
    m = /^\/api\/sessions\/([A-Za-z0-9][A-Za-z0-9_.-]{0,63})\/act$/.exec(path);
    if (m) {
      today();
      const { action, revision } = body as { action: Action; revision: number };
      if (!action || typeof action !== 'object' || typeof revision !== 'number')
        throw new StudioError('expected {action, revision}', 400);
      return json(res, 200, act(db, m[1], action, revision, clock, { scanText: opts.scanText }));
    }
    return json(res, 404, { error: 'not found' });
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://studio');
      if (!hostAllowed(req.headers.host ?? ''))
        return send(res, 421, 'text/plain; charset=utf-8', 'This studio answers only to its own address.\n');
      let key = cookieOf(req);
      if (key && !keys.has(key)) key = undefined;
      if (token !== null && !key) {
        const given = url.searchParams.get('token');
        if (req.method === 'GET' && given && same(given, token)) {
          const fresh = randomBytes(32).toString('base64url');
          keys.add(fresh);
          return send(res, 303, 'text/plain; charset=utf-8', 'See /\n', {
            Location: '/',
            'Set-Cookie': `${cookieName}=${fresh}; HttpOnly; SameSite=Strict; Path=/`,
          });
        }
        return send(
          res,
          401,
          'text/html; charset=utf-8',
          refusal(
            'Toegangscode nodig / Access token needed',
            'Open het adres met de toegangscode die <code>drempel studio</code> in de terminal liet zien (na een herstart is dat een nieuw adres). / Open the address with the access token that <code>drempel studio</code> printed in its terminal (a new one after a restart).',
          ),
        );
      }
      const csrf = csrfOf(key ?? 'local');
      const path = url.pathname;
      if (req.method === 'GET' && path === '/') return send(res, 200, 'text/html; charset=utf-8', page(csrf));
      if (req.method === 'GET' && path === '/assets/studio.js')
        return send(res, 200, 'text/javascript; charset=utf-8', assets.js);
      if (req.method === 'GET' && path === '/assets/studio.css')
        return send(res, 200, 'text/css; charset=utf-8', assets.css);
      if (req.method === 'GET' && path === '/favicon.ico') return send(res, 204, 'text/plain', '');
      if (!path.startsWith('/api/')) return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
      if (req.method !== 'GET') {
        const origin = req.headers.origin;
        const sentCsrf = req.headers['x-drempel-csrf'];
        if (
          (req.headers['content-type'] ?? '').split(';')[0] !== 'application/json' ||
          typeof sentCsrf !== 'string' ||
          !same(sentCsrf, csrf) ||
          (origin !== undefined &&
            origin.replace(/^https?:\/\//, '').toLowerCase() !== (req.headers.host ?? '').toLowerCase())
        )
          return json(res, 403, { error: 'refused: this request did not come from the studio page (CSRF check)' });
      }
      try {
        await api(req, res, path);
      } catch (e) {
        if (e instanceof RecordError)
          return json(res, 422, { error: e.message, field: e.problems[0]?.column || undefined });
        if (e instanceof StudioError) return json(res, e.status, { error: e.message, field: e.field });
        if (e instanceof DrempelError) return json(res, 422, { error: e.message });
        return json(res, 500, { error: `unexpected: ${e instanceof Error ? e.message : String(e)}` });
      }
    })();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port, host, () => ok());
  });
  port = (server.address() as AddressInfo).port;
  const shown = wildcard ? networkAddress() : host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown}:${port}/${token ? `?token=${token}` : ''}`;
  return {
    server,
    url,
    token,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
