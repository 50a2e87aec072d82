/**
 * `drempel site preview` serves the built site and nothing else: no path out of the folder, no
 * hidden file, no crash on a malformed request, and only on 127.0.0.1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serveDir } from '../../scripts/app/site/serve';
import { tempDir } from '../helpers';

let server: Server;
let port: number;

beforeAll(async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'site/bijstand'), { recursive: true });
  writeFileSync(join(dir, 'site/index.html'), '<p>home</p>');
  writeFileSync(join(dir, 'site/bijstand/index.html'), '<p>bijstand</p>');
  writeFileSync(join(dir, 'site/.drempel-audience'), 'public\n');
  mkdirSync(join(dir, 'secret'));
  writeFileSync(join(dir, 'secret/research.db'), 'SECRET DATA');
  server = await serveDir(join(dir, 'site'), 0);
  port = (server.address() as { port: number }).port;
});

afterAll(() => server?.close());

/** A raw request: the path goes out exactly as written, not normalised by a client. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => ok({ status: res.statusCode!, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('the preview server', () => {
  test('listens on 127.0.0.1 only', () => {
    expect((server.address() as { address: string }).address).toBe('127.0.0.1');
  });

  test.each([
    '/..%2fsecret/research.db',
    '/%2e%2e/secret/research.db',
    '/..%5csecret%5cresearch.db',
    '/bijstand/..%2f..%2fsecret/research.db',
    '/../secret/research.db',
    '/.drempel-audience',
  ])('%s is not found, and nothing outside the site is read', async (path) => {
    const r = await get(path);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('SECRET');
    expect(r.body).not.toContain('public');
  });

  test('a malformed escape (/%E0%A4%A) is answered, and the server keeps serving', async () => {
    expect((await get('/%E0%A4%A')).status).toBe(404);
    expect(await get('/bijstand/')).toMatchObject({ status: 200, body: '<p>bijstand</p>' });
    expect(await get('/')).toMatchObject({ status: 200, body: '<p>home</p>' });
  });

  test('an impossible Range is answered with the whole file, and the server keeps serving', async () => {
    expect(await get('/bijstand/index.html', { Range: 'bytes=5-2' })).toEqual({ status: 200, body: '<p>bijstand</p>' });
    expect((await get('/')).status).toBe(200);
  });

  test('a request for another host name (DNS rebinding) gets nothing', async () => {
    const r = await get('/', { Host: `attacker.example:${port}` });
    expect(r.status).toBe(421);
    expect(r.body).not.toContain('home');
    expect((await get('/', { Host: `localhost:${port}` })).status).toBe(200);
  });
});
