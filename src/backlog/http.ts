import { InputError } from '../diagnostics/index.js';

/** How a client talks to a service: its base URL, its auth header, and how long it waits. */
export interface HttpOptions {
  readonly service: string;
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Waits for a rate limit; tests pass one that records instead of sleeping. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The longest single wait a rate limit may ask for before Waymark gives up (default 120 s). */
  readonly maxWaitMs?: number;
  /** Called before each request, with the method and path only (never a header). */
  readonly onRequest?: (method: string, path: string) => void;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

const RETRIES = 4;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One request with rate limits honoured: a 429, or a 403 that says the limit is spent, is tried
 * again after `retry-after` seconds or at `x-ratelimit-reset`. 401, and a 403 that is not a rate
 * limit, become an InputError naming the service and the URL path, never the token.
 */
export async function request(
  http: HttpOptions,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<HttpResponse> {
  const url = new URL(path, http.baseUrl.endsWith('/') ? http.baseUrl : `${http.baseUrl}/`);
  const where = `${method} ${url.pathname}`;
  for (let attempt = 0; ; attempt++) {
    http.onRequest?.(method, `${url.pathname}${url.search}`);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...http.headers,
          ...(body === undefined ? {} : { 'content-type': contentType }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new InputError(
        `could not reach ${http.service} at ${url.origin} (${where}): ${(err as Error).cause ?? (err as Error).message}`,
      );
    }
    const text = await res.text();
    const parsed = parseBody(text);
    const wait = rateLimitWait(res);
    if (wait !== undefined && attempt < RETRIES) {
      const max = http.maxWaitMs ?? 120_000;
      if (wait > max)
        throw new InputError(
          `${http.service} rate limit: asked to wait ${Math.ceil(wait / 1000)} s (${where})`,
          {},
          'try again later',
        );
      await (http.sleep ?? defaultSleep)(wait);
      continue;
    }
    if (res.status === 401 || res.status === 403)
      throw new InputError(
        `${http.service} refused the credentials (${res.status} on ${where})`,
        {},
        'check the token and that it may read and write work items of this project',
      );
    if (res.status === 404)
      throw new InputError(
        `${http.service} has nothing at ${where} (404): check the project or repository name`,
      );
    if (res.status >= 400)
      throw new InputError(`${http.service} answered ${res.status} to ${where}: ${messageOf(parsed)}`);
    return { status: res.status, headers: res.headers, body: parsed };
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function messageOf(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const m = b.message ?? b.errorMessages ?? b.errors;
    if (m !== undefined) return JSON.stringify(m).slice(0, 200);
  }
  return String(body ?? '').slice(0, 200);
}

/** Milliseconds to wait when the response is a rate limit, else undefined. */
export function rateLimitWait(
  res: { status: number; headers: Headers },
  now = Date.now(),
): number | undefined {
  const limited =
    res.status === 429 ||
    (res.status === 403 &&
      (res.headers.has('retry-after') || res.headers.get('x-ratelimit-remaining') === '0'));
  if (!limited) return undefined;
  const after = Number(res.headers.get('retry-after'));
  if (res.headers.has('retry-after') && Number.isFinite(after)) return Math.max(0, after * 1000);
  const reset = Number(res.headers.get('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  return 60_000;
}
