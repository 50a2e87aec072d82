/** The studio's API as the page calls it: JSON, with the page's CSRF token on every change. */
let csrf = document.querySelector<HTMLMetaElement>('meta[name="drempel-csrf"]')?.content ?? '';

/** The page's CSRF token as the studio gives it now (a restarted studio has a new one). */
async function freshCsrf(): Promise<boolean> {
  try {
    const html = await (await fetch('/', { credentials: 'same-origin' })).text();
    const token = /name="drempel-csrf" content="([^"]+)"/.exec(html)?.[1];
    if (!token || token === csrf) return false;
    csrf = token;
    return true;
  } catch {
    return false;
  }
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly field?: string,
  ) {
    super(message);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, retried = false): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: method === 'POST' ? { 'Content-Type': 'application/json', 'X-Drempel-CSRF': csrf } : {},
      body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('offline', 0);
  }
  // The studio was restarted while the page stayed open: take its new token and send again.
  if (res.status === 403 && method === 'POST' && !retried && (await freshCsrf())) return call(method, path, body, true);
  const data = (await res.json().catch(() => ({}))) as T & { error?: string; field?: string };
  if (!res.ok) throw new ApiError(data.error ?? `HTTP ${res.status}`, res.status, data.field);
  return data;
}

export const get = <T>(path: string) => call<T>('GET', path);
export const post = <T>(path: string, body: unknown) => call<T>('POST', path, body);
