/**
 * Sign-in with OpenID Connect end to end: a real OpenID provider (oidc-provider from npm) on
 * loopback with a test client and accounts whose claims each test sets, the Waymark server with
 * the built UI over SQLite, and Debian's Chromium through playwright-core. The store's sessions
 * run on SQLite and PostgreSQL in src/store/sessions.test.ts.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { hashSessionId, openStore, type Store } from '../store/index.js';
import { launchChromium } from '../testing/browser.js';
import { BIN, REPO_ROOT, runCli, tempDir } from '../testing/index.js';
import { freePort } from '../testing/postgres.js';
import { buildServer, discoverIssuer, parseOidcConfig, SESSION_COOKIE } from './index.js';

const SECRET = 'test-client-secret-that-must-never-show';
const WEB_ROOT = join(REPO_ROOT, 'dist', 'web');

/** The provider's accounts: login name → claims (`sub` is the login name). */
const accounts = new Map<string, { name: string; email: string; groups: string[] }>();

function configText(issuer: string, waymark: string): string {
  return [
    `issuer: ${issuer}`,
    'clientId: waymark',
    `redirectUrl: ${waymark}/auth/callback`,
    'scopes: [openid, profile, email, groups]',
    'claim: groups',
    'teams:',
    '  - { value: pay-readers, team: payments, role: viewer }',
    '  - { value: pay-writers, team: payments, role: editor }',
    '  - { value: growth-all, team: growth, role: editor }',
    'admins: [root@example.com]',
    '',
  ].join('\n');
}

describe('sign-in with OpenID Connect', () => {
  let provider: Server | undefined;
  let app: FastifyInstance | undefined;
  let store: Store | undefined;
  let browser: Browser | undefined;
  let issuer = '';
  let waymark = '';
  const contexts: BrowserContext[] = [];

  before(async () => {
    const opPort = await freePort();
    const wPort = await freePort();
    issuer = `http://127.0.0.1:${opPort}`;
    waymark = `http://127.0.0.1:${wPort}`;
    const op = new Provider(issuer, {
      clients: [
        {
          client_id: 'waymark',
          client_secret: SECRET,
          redirect_uris: [`${waymark}/auth/callback`],
          response_types: ['code'],
          grant_types: ['authorization_code'],
        },
      ],
      findAccount: (_ctx, sub) => ({
        accountId: sub,
        claims: () => ({ sub, ...(accounts.get(sub) ?? { groups: [] }) }),
      }),
      claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups'] },
      scopes: ['openid', 'profile', 'email', 'groups'],
      // The claims the scopes grant go into the ID token, which is what Waymark maps.
      conformIdTokenClaims: false,
      cookies: { keys: ['oidc-test-cookie-key'] },
    });
    provider = op.listen(opPort, '127.0.0.1');

    const dir = tempDir('waymark-oidc-');
    store = await openStore({ sqliteFile: join(dir, 'oidc.db') });
    const file = join(dir, 'oidc.yaml');
    writeFileSync(file, configText(issuer, waymark));
    const settings = parseOidcConfig(readFileSync(file, 'utf8'), file, SECRET, () => '');
    app = await buildServer({
      store,
      models: new ModelSet(loadBuiltinModels()),
      auth: 'tokens',
      oidc: await discoverIssuer(settings),
      webRoot: WEB_ROOT,
    });
    await app.listen({ host: '127.0.0.1', port: wPort });
    browser = await launchChromium();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await app?.close();
    await store?.close();
    await new Promise<void>((resolve) => (provider ? provider.close(() => resolve()) : resolve()));
  });

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext();
    contexts.push(context);
    // The provider's pages import a web font; this machine has no internet.
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    return { context, page: await context.newPage() };
  }

  /** Signs `login` in through the provider's pages; returns the status of Waymark's callback. */
  async function signIn(page: Page, login: string): Promise<number> {
    await page.goto(`${waymark}/`);
    await page.getByRole('button', { name: 'Sign in with your organisation' }).click();
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    const back = page.waitForResponse((r) => r.url().startsWith(`${waymark}/auth/callback`));
    await page.getByRole('button', { name: 'Continue' }).click();
    return (await back).status();
  }

  async function sessionCookie(context: BrowserContext): Promise<string | undefined> {
    return (await context.cookies(waymark)).find((c) => c.name === SESSION_COOKIE)?.value;
  }

  /** A request from inside the page, as the UI would make it; returns the status. */
  function pageFetch(
    page: Page,
    path: string,
    init: { method?: string; csrf?: boolean; body?: unknown } = {},
  ) {
    return page.evaluate(
      async ({ path, init }) => {
        const s: unknown = await (await fetch('/auth/session')).json();
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (init.csrf && typeof s === 'object' && s && 'csrfToken' in s && typeof s.csrfToken === 'string')
          headers['x-csrf-token'] = s.csrfToken;
        const res = await fetch(path, {
          method: init.method ?? 'GET',
          headers,
          ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        });
        return { status: res.status, body: await res.text() };
      },
      { path, init },
    );
  }

  it('signs in, shows the name, writes through the UI with the CSRF token; a write without it is refused', async () => {
    accounts.set('alice', { name: 'Alice Example', email: 'alice@example.com', groups: ['pay-writers'] });
    const { context, page } = await newPage();
    assert.equal(await signIn(page, 'alice'), 302);
    await page.getByTestId('user').filter({ hasText: 'Alice Example' }).waitFor();
    await page.getByTestId('access').filter({ hasText: 'Can edit' }).waitFor();

    const cookie = (await context.cookies(waymark)).find((c) => c.name === SESSION_COOKIE);
    assert.ok(cookie, 'a session cookie is set');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.secure, false, 'plain HTTP on loopback: Secure only behind TLS');
    const rows = await store?.db.selectFrom('sessions').selectAll().execute();
    assert.ok(!JSON.stringify(rows).includes(cookie.value), 'the database holds only a hash');
    assert.ok(rows?.some((r) => r.id_hash === hashSessionId(cookie.value) && r.role === 'editor'));

    // The UI's own write carries the CSRF token.
    await page.getByLabel('Name', { exact: true }).fill('Checkout API');
    await page.getByRole('button', { name: 'Create workload' }).click();
    await page.getByRole('heading', { name: 'Checkout API', level: 1 }).waitFor();
    const created = await store?.listWorkloads('payments');
    assert.deepEqual(
      created?.map((w) => w.name),
      ['Checkout API'],
    );

    // The same write with the cookie and without the token: refused, nothing written.
    const forged = await pageFetch(page, '/api/v1/workloads', { method: 'POST', body: { name: 'forged' } });
    assert.equal(forged.status, 403);
    assert.match(forged.body, /CSRF/);
    const withToken = await pageFetch(page, '/api/v1/workloads', {
      method: 'POST',
      csrf: true,
      body: { name: 'Ledger' },
    });
    assert.equal(withToken.status, 201);
    assert.deepEqual((await store?.listWorkloads('payments'))?.map((w) => w.name).sort(), [
      'Checkout API',
      'Ledger',
    ]);

    // API tokens stay as they are for automation, without any CSRF token.
    const token = await store?.createToken('payments', 'editor', 'ci');
    const res = await fetch(`${waymark}/api/v1/workloads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token?.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Batch' }),
    });
    assert.equal(res.status, 201);
  });

  it("keeps a team's workloads from another team's people", async () => {
    accounts.set('bob', { name: 'Bob Growth', email: 'bob@example.com', groups: ['growth-all'] });
    const { page } = await newPage();
    assert.equal(await signIn(page, 'bob'), 302);
    await page.getByTestId('user').filter({ hasText: 'Bob Growth' }).waitFor();
    const list = await pageFetch(page, '/api/v1/workloads');
    assert.equal(list.status, 200);
    assert.deepEqual(JSON.parse(list.body), { workloads: [] });
    const other = (await store?.listWorkloads('payments'))?.[0];
    assert.equal((await pageFetch(page, `/api/v1/workloads/${other?.id}`)).status, 404);
  });

  it('refuses a user whose groups map to no team with a clear 403 page', async () => {
    accounts.set('carol', { name: 'Carol Nobody', email: 'carol@example.com', groups: ['marketing'] });
    const { context, page } = await newPage();
    assert.equal(await signIn(page, 'carol'), 403);
    await page.getByRole('heading', { name: 'No access to Waymark' }).waitFor();
    const text = (await page.textContent('body')) ?? '';
    assert.match(text, /carol@example\.com/);
    assert.match(text, /marketing/);
    assert.match(text, /not mapped|is mapped to a Waymark team/);
    assert.equal(await sessionCookie(context), undefined, 'no session');
  });

  it('takes a role change at the next sign-in, and not before', async () => {
    accounts.set('dave', { name: 'Dave Reader', email: 'dave@example.com', groups: ['pay-readers'] });
    const first = await newPage();
    assert.equal(await signIn(first.page, 'dave'), 302);
    await first.page.getByTestId('access').filter({ hasText: 'Read only' }).waitFor();
    const refused = await pageFetch(first.page, '/api/v1/workloads', {
      method: 'POST',
      csrf: true,
      body: { name: 'not yet' },
    });
    assert.equal(refused.status, 403);

    accounts.set('dave', {
      name: 'Dave Reader',
      email: 'dave@example.com',
      groups: ['pay-readers', 'pay-writers'],
    });
    // The session made before the change keeps its role.
    assert.match((await pageFetch(first.page, '/api/v1/me')).body, /"role":"viewer"/);
    const second = await newPage();
    assert.equal(await signIn(second.page, 'dave'), 302);
    await second.page.getByTestId('access').filter({ hasText: 'Can edit' }).waitFor();
    assert.match((await pageFetch(second.page, '/api/v1/me')).body, /"role":"editor"/);
  });

  it('makes a listed admin an admin whatever the groups say', async () => {
    accounts.set('root', { name: 'Root Admin', email: 'root@example.com', groups: ['pay-readers'] });
    const { page } = await newPage();
    assert.equal(await signIn(page, 'root'), 302);
    await page.getByTestId('user').filter({ hasText: 'Root Admin' }).waitFor();
    assert.match((await pageFetch(page, '/api/v1/me')).body, /"role":"admin"/);
  });

  it('sends an expired session back to sign in (401)', async () => {
    accounts.set('erin', { name: 'Erin Expiring', email: 'erin@example.com', groups: ['pay-writers'] });
    const { context, page } = await newPage();
    assert.equal(await signIn(page, 'erin'), 302);
    await page.getByTestId('user').filter({ hasText: 'Erin Expiring' }).waitFor();
    const id = await sessionCookie(context);
    assert.ok(id);
    await store?.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 60_000).toISOString() })
      .where('id_hash', '=', hashSessionId(id))
      .execute();
    const me = await pageFetch(page, '/api/v1/me');
    assert.equal(me.status, 401);
    await page.reload();
    await page.getByRole('button', { name: 'Sign in with your organisation' }).waitFor();
    // The token sign-in stays for tokens.
    await page.getByLabel('API token').waitFor();
  });

  it('rejects a forged state parameter', async () => {
    accounts.set('frank', { name: 'Frank Forged', email: 'frank@example.com', groups: ['pay-writers'] });
    const { context, page } = await newPage();
    const before = await store?.db.selectFrom('sessions').select('id_hash').execute();
    // The provider is sent a state other than the one Waymark bound to this browser's cookie,
    // as when an attacker's own authorization response is replayed into the victim's browser.
    await page.route(`${waymark}/auth/login**`, async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      const to = new URL(response.headers().location ?? '');
      assert.ok(to.searchParams.get('state'), 'the login sends a state');
      to.searchParams.set('state', 'forged-by-an-attacker');
      await route.fulfill({ response, headers: { ...response.headers(), location: to.href } });
    });
    assert.equal(await signIn(page, 'frank'), 400);
    await page.getByRole('heading', { name: 'Sign-in failed' }).waitFor();
    assert.match((await page.textContent('body')) ?? '', /state/);
    assert.equal(await sessionCookie(context), undefined);
    const afterwards = await store?.db.selectFrom('sessions').select('id_hash').execute();
    assert.equal(afterwards?.length, before?.length, 'no session was created');
  });

  it('signs out: the session ends on the server, the old cookie is worth nothing', async () => {
    accounts.set('gina', { name: 'Gina Leaving', email: 'gina@example.com', groups: ['pay-writers'] });
    const { context, page } = await newPage();
    assert.equal(await signIn(page, 'gina'), 302);
    await page.getByTestId('user').filter({ hasText: 'Gina Leaving' }).waitFor();
    const id = await sessionCookie(context);
    assert.ok(id);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in with your organisation' }).waitFor();
    assert.equal(await sessionCookie(context), undefined, 'the cookie is cleared');
    assert.equal(await store?.sessions.find(id), undefined);
    const replay = await fetch(`${waymark}/api/v1/me`, { headers: { cookie: `${SESSION_COOKIE}=${id}` } });
    assert.equal(replay.status, 401);
  });

  it('starts from the CLI with --oidc-config and the secret from the environment, and sends sign-ins to the provider', async () => {
    const dir = tempDir('waymark-oidc-serve-');
    const port = await freePort();
    const file = join(dir, 'oidc.yaml');
    writeFileSync(file, configText(issuer, `http://127.0.0.1:${port}`));
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', String(port), '--db', join(dir, 'w.db'), '--log-level', 'info'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, NO_COLOR: '1', WAYMARK_OIDC_CONFIG: file, WAYMARK_OIDC_CLIENT_SECRET: SECRET },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await new Promise<void>((resolve, reject) => {
        const onData = (d: Buffer) => {
          output += d;
          if (output.includes('Waymark is running')) resolve();
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
      });
      assert.match(output, /sign-in with http:\/\/127\.0\.0\.1:\d+ or API tokens/);
      const session = await fetch(`http://127.0.0.1:${port}/auth/session`);
      assert.deepEqual(await session.json(), { oidc: true, user: null });
      const login = await fetch(`http://127.0.0.1:${port}/auth/login?returnTo=/workloads`, {
        redirect: 'manual',
      });
      assert.equal(login.status, 302);
      const to = new URL(login.headers.get('location') ?? '');
      assert.equal(to.origin, issuer);
      assert.equal(to.searchParams.get('code_challenge_method'), 'S256');
      assert.ok(to.searchParams.get('state') && to.searchParams.get('nonce'));
      assert.match(login.headers.get('set-cookie') ?? '', /HttpOnly/i);
      // The page to return to is a path on this server, never another site.
      const pendingOf = async (returnTo: string) => {
        const r = await fetch(
          `http://127.0.0.1:${port}/auth/login?returnTo=${encodeURIComponent(returnTo)}`,
          {
            redirect: 'manual',
          },
        );
        const value = /waymark_login=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')?.[1] ?? '';
        return JSON.parse(Buffer.from(value, 'base64url').toString('utf8')).returnTo;
      };
      assert.equal(await pendingOf('/workloads/1?tab=plan'), '/workloads/1?tab=plan');
      assert.equal(await pendingOf('//evil.example/x'), '/');
      assert.equal(await pendingOf('/\\evil.example'), '/');
      assert.equal(await pendingOf('https://evil.example/'), '/');
      const unsigned = await fetch(`http://127.0.0.1:${port}/api/v1/me`);
      assert.equal(unsigned.status, 401);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    assert.ok(!output.includes(SECRET), 'the secret is never logged');
  });

  it('refuses a bad OIDC config with exit 2, no stack trace and never the secret', async () => {
    const dir = tempDir('waymark-oidc-cli-');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'issuer: ftp://example.com\nclientId: waymark\n');
    const r1 = await runCli(['serve', '--port', '0', '--db', join(dir, 'a.db'), '--oidc-config', bad]);
    assert.equal(r1.code, 2, r1.stderr);
    assert.match(r1.stderr, /issuer must be an https:\/\/ URL/);
    assert.doesNotMatch(r1.stderr, /\n\s+at /);

    // An issuer that does not answer: the secret from the environment appears nowhere.
    const gone = join(dir, 'gone.yaml');
    const nobody = `http://127.0.0.1:${await freePort()}`;
    writeFileSync(gone, configText(nobody, 'http://127.0.0.1:8080'));
    const r2 = await runCli(['serve', '--port', '0', '--db', join(dir, 'b.db'), '--oidc-config', gone], {
      env: { WAYMARK_OIDC_CLIENT_SECRET: SECRET },
    });
    assert.equal(r2.code, 2, r2.stderr);
    assert.match(r2.stderr, /cannot use the OpenID issuer/);
    assert.ok(!`${r2.stdout}${r2.stderr}`.includes(SECRET), 'the secret is never shown');
    assert.doesNotMatch(r2.stderr, /\n\s+at /);

    // --single-user and OIDC do not mix.
    const r3 = await runCli(['serve', '--single-user', '--db', join(dir, 'c.db'), '--oidc-config', gone]);
    assert.equal(r3.code, 2, r3.stderr);
  });
});
