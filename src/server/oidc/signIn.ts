/**
 * Sign-in with an OpenID Connect provider: the authorization code flow with PKCE through
 * openid-client, a session kept in the database (store.sessions) behind an HttpOnly cookie, and a
 * CSRF token for every write the cookie authenticates. API tokens in the Authorization header do
 * not pass here and need no CSRF token: a browser never adds them by itself.
 *
 * Routes: GET /auth/session (who is signed in, the CSRF token), GET /auth/login (to the provider),
 * GET /auth/callback (back from it), POST /auth/logout.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import { z } from 'zod';
import type { Actor, Store } from '../../store/index.js';
import { HttpError } from '../errors.js';
import { personOf, teamOf } from './claims.js';
import type { OidcSettings } from './config.js';

export const SESSION_COOKIE = 'waymark_session';
const LOGIN_COOKIE = 'waymark_login';
export const CSRF_HEADER = 'x-csrf-token';
const LOGIN_MAX_AGE_S = 10 * 60;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The provider, discovered: what the server needs to sign people in. */
export interface OidcSignIn {
  readonly settings: OidcSettings;
  readonly client: client.Configuration;
}

/** The cookie that carries a sign-in in progress from /auth/login to /auth/callback. */
const PendingLogin = z.strictObject({
  state: z.string().min(1),
  verifier: z.string().min(1),
  nonce: z.string().min(1),
  returnTo: z.string(),
});

/**
 * Reads the issuer's discovery document. Throws an Error whose message names the issuer and the
 * cause and never the secret.
 */
export async function discoverIssuer(settings: OidcSettings): Promise<OidcSignIn> {
  const { config, clientSecret } = settings;
  const issuer = new URL(config.issuer);
  try {
    const found = await client.discovery(
      issuer,
      config.clientId,
      undefined,
      clientSecret ? client.ClientSecretBasic(clientSecret) : client.None(),
      // Plain HTTP is accepted by the config only on loopback.
      issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    return { settings, client: found };
  } catch (err) {
    throw new Error(`cannot use the OpenID issuer ${config.issuer}: ${redact(describe(err), clientSecret)}`);
  }
}

/** An error with its cause (openid-client puts the precise reason there). */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message;
}

function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('[secret]') : text;
}

/** The CSRF token of a session: derived from its id, so nothing more is stored. */
export function csrfTokenOf(sessionId: string): string {
  return createHash('sha256').update(`waymark-csrf:${sessionId}`).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A path on this server to go back to after sign-in; anything else is the portfolio. */
function localPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(reply: FastifyReply, status: number, title: string, message: string): FastifyReply {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Waymark</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to Waymark</a></p></main></body></html>`;
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/**
 * The person a session cookie belongs to, or undefined without a (valid) session. A write with the
 * cookie must carry the session's CSRF token in the x-csrf-token header (403 otherwise).
 */
export async function sessionActor(store: Store, req: FastifyRequest): Promise<Actor | undefined> {
  const id = req.cookies[SESSION_COOKIE];
  if (!id) return undefined;
  const actor = await store.sessions.find(id);
  if (!actor) return undefined;
  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameText(sent, csrfTokenOf(id)))
      throw new HttpError(
        403,
        'forbidden',
        'a write made with the session cookie needs its CSRF token (x-csrf-token)',
      );
  }
  return { teamId: actor.teamId, name: actor.name, role: actor.role };
}

/** Registers the cookie parser and the /auth routes; `signIn` absent: /auth/session says so. */
export async function registerSignIn(
  app: FastifyInstance,
  store: Store,
  signIn: OidcSignIn | undefined,
): Promise<void> {
  await app.register(cookie);

  app.get('/auth/session', { schema: { hide: true } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const id = signIn ? req.cookies[SESSION_COOKIE] : undefined;
    const who = id ? await store.sessions.find(id) : undefined;
    if (!id || !who) return { oidc: signIn !== undefined, user: null };
    return {
      oidc: true,
      user: { name: who.displayName, email: who.email, team: who.teamId, role: who.role },
      csrfToken: csrfTokenOf(id),
    };
  });
  if (!signIn) return;

  const { config } = signIn.settings;
  const secure = new URL(config.redirectUrl).protocol === 'https:';
  const cookieFlags = { httpOnly: true, secure, sameSite: 'lax' } as const;

  app.get('/auth/login', { schema: { hide: true } }, async (req, reply) => {
    const query = z.object({ returnTo: z.string().optional() }).safeParse(req.query);
    const verifier = client.randomPKCECodeVerifier();
    const pending = {
      state: client.randomState(),
      verifier,
      nonce: client.randomNonce(),
      returnTo: localPath(query.success ? query.data.returnTo : undefined),
    };
    const url = client.buildAuthorizationUrl(signIn.client, {
      redirect_uri: config.redirectUrl,
      scope: config.scopes.join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return reply
      .setCookie(LOGIN_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
        ...cookieFlags,
        path: '/auth/callback',
        maxAge: LOGIN_MAX_AGE_S,
      })
      .header('cache-control', 'no-store')
      .redirect(url.href);
  });

  app.get('/auth/callback', { schema: { hide: true } }, async (req, reply) => {
    const raw = req.cookies[LOGIN_COOKIE];
    reply.clearCookie(LOGIN_COOKIE, { ...cookieFlags, path: '/auth/callback' });
    const pending = raw ? parsePending(raw) : undefined;
    if (!pending)
      return page(
        reply,
        400,
        'Sign-in failed',
        'This sign-in was not started here, or it took too long. Start again from Waymark.',
      );
    const current = new URL(config.redirectUrl);
    current.search = new URL(req.url, 'http://callback').search;
    let claims: unknown;
    try {
      const tokens = await client.authorizationCodeGrant(signIn.client, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (err) {
      const why = redact(describe(err), signIn.settings.clientSecret);
      req.log.info({ reason: why }, 'OIDC sign-in refused');
      return page(reply, 400, 'Sign-in failed', `The identity provider's answer was not accepted: ${why}`);
    }
    const person = personOf(claims, config.claim);
    if (!person) return page(reply, 400, 'Sign-in failed', 'The ID token names no subject.');
    const team = teamOf(config, person);
    if (!team) {
      const held = person.values.length > 0 ? person.values.slice(0, 20).join(', ') : 'none';
      return page(
        reply,
        403,
        'No access to Waymark',
        `You signed in as ${person.email ?? person.name}, but none of your ${config.claim} (${held}) is mapped to a Waymark team. Ask a Waymark admin to map one of them in the OIDC configuration.`,
      );
    }
    const ttlMs = config.sessionHours * 3600 * 1000;
    const { id } = await store.sessions.create({
      subject: person.subject,
      name: person.name,
      email: person.email,
      teamId: team.teamId,
      role: team.role,
      ttlMs,
    });
    return reply
      .setCookie(SESSION_COOKIE, id, { ...cookieFlags, path: '/', maxAge: Math.floor(ttlMs / 1000) })
      .header('cache-control', 'no-store')
      .redirect(pending.returnTo);
  });

  app.post('/auth/logout', { schema: { hide: true } }, async (req, reply) => {
    const id = req.cookies[SESSION_COOKIE];
    // Checks the CSRF token (403) when the session is live; a dead cookie is just cleared.
    if (id && (await sessionActor(store, req))) await store.sessions.delete(id);
    return reply
      .clearCookie(SESSION_COOKIE, { ...cookieFlags, path: '/' })
      .status(204)
      .send();
  });
}

function parsePending(raw: string): z.infer<typeof PendingLogin> | undefined {
  try {
    const parsed = PendingLogin.safeParse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
