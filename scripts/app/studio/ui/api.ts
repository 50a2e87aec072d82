/** The studio's API as the page calls it: JSON, with the page's CSRF token on every change. */
const csrf = document.querySelector<HTMLMetaElement>('meta[name="drempel-csrf"]')?.content ?? '';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly field?: string,
  ) {
    super(message);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
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
  const data = (await res.json().catch(() => ({}))) as T & { error?: string; field?: string };
  if (!res.ok) throw new ApiError(data.error ?? `HTTP ${res.status}`, res.status, data.field);
  return data;
}

export const get = <T>(path: string) => call<T>('GET', path);
export const post = <T>(path: string, body: unknown) => call<T>('POST', path, body);
