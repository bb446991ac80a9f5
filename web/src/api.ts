/** A small fetch wrapper: adds the bearer token, turns error bodies into ApiError. */

const TOKEN_KEY = 'waymark.token';
const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

type Listener = (err: ApiError) => void;
const authListeners = new Set<Listener>();
/** Called on every 401, so the app can ask for a token again. */
export function onAuthError(fn: Listener): () => void {
  authListeners.add(fn);
  return () => authListeners.delete(fn);
}

/** The OIDC session's CSRF token: writes made with the session cookie carry it. */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Who the session cookie signs in, from /auth/session (not under the API's base). */
export interface CookieSession {
  oidc: boolean;
  user: { name: string; email: string | null; team: string; role: string } | null;
  csrfToken?: string;
}

/** /auth/session asked before the app has loaded (see startEarly); taken once. */
let earlyCookieSession: Promise<Response> | null = null;

export function startCookieSessionEarly(): void {
  earlyCookieSession = fetch('/auth/session', { headers: { accept: 'application/json' } });
  earlyCookieSession.catch(() => {}); // reported to fetchCookieSession's caller
}

export async function fetchCookieSession(): Promise<CookieSession> {
  const early = earlyCookieSession;
  earlyCookieSession = null;
  const res = await (early ?? fetch('/auth/session', { headers: { accept: 'application/json' } }));
  if (!res.ok) return { oidc: false, user: null };
  const data: unknown = await res.json();
  if (typeof data !== 'object' || data === null) return { oidc: false, user: null };
  const oidc = 'oidc' in data && data.oidc === true;
  const u = 'user' in data ? data.user : null;
  const text = (o: object, k: string) =>
    k in o && typeof Reflect.get(o, k) === 'string' ? String(Reflect.get(o, k)) : null;
  const user =
    typeof u === 'object' && u !== null
      ? {
          name: text(u, 'name') ?? '',
          email: text(u, 'email'),
          team: text(u, 'team') ?? '',
          role: text(u, 'role') ?? '',
        }
      : null;
  const csrf = text(data, 'csrfToken');
  return { oidc, user, ...(csrf ? { csrfToken: csrf } : {}) };
}

/** Ends the OIDC session on the server (the cookie is cleared by the answer). */
export async function endCookieSession(): Promise<void> {
  await fetch('/auth/logout', { method: 'POST', headers: csrfToken ? { 'x-csrf-token': csrfToken } : {} });
  csrfToken = null;
}

function send(method: string, path: string, body: unknown, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  else if (csrfToken && method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(BASE + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** GETs started before the page that reads them is drawn; each is taken once, while fresh. */
const early = new Map<string, { token: string | null; at: number; response: Promise<Response> }>();
const EARLY_FRESH_MS = 10_000;

/**
 * Starts a GET now, while the session is still being checked, so that the first page's data
 * does not wait for it: the page's own request for the same path (with the same token) takes it.
 */
export function startEarly(path: string): void {
  const token = getToken();
  const response = send('GET', path, undefined, token);
  response.catch(() => {}); // reported to the page that takes it, not here
  early.set(path, { token, at: Date.now(), response });
}

function takeEarly(path: string, token: string | null): Promise<Response> | undefined {
  const e = early.get(path);
  early.delete(path);
  return e && e.token === token && Date.now() - e.at < EARLY_FRESH_MS ? e.response : undefined;
}

export async function api<T>(method: string, path: string, body?: unknown, token = getToken()): Promise<T> {
  const res = await ((method === 'GET' ? takeEarly(path, token) : undefined) ??
    send(method, path, body, token));
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: Record<string, unknown> = {};
  try {
    data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    data = { message: text };
  }
  if (!res.ok) {
    const err = new ApiError(
      res.status,
      typeof data.error === 'string' ? data.error : 'error',
      typeof data.message === 'string' ? data.message : `${method} ${path} failed with ${res.status}`,
      data,
    );
    if (res.status === 401) for (const fn of authListeners) fn(err);
    throw err;
  }
  return data as T;
}

/**
 * Sends a request that must outlive the page (a page being closed or reloaded): the browser keeps
 * a `keepalive` request going after the page is gone. Its answer is not read.
 */
export function sendOnExit(method: string, path: string, body: unknown, token = getToken()): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  else if (csrfToken) headers['x-csrf-token'] = csrfToken;
  void fetch(BASE + path, { method, headers, body: JSON.stringify(body), keepalive: true }).catch(() => {});
}

/** A message fit to show a person, with what to do about it. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return `Not signed in: ${err.message}. Sign in again.`;
    if (err.status === 403)
      return `Not allowed: ${err.message}. Ask an admin for an editor token to make changes.`;
    if (err.status === 429) return `Too many requests: ${err.message}`;
    return err.message;
  }
  if (err instanceof TypeError) return 'The server does not answer. Check that `waymark serve` is running.';
  return err instanceof Error ? err.message : String(err);
}
