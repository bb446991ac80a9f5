/**
 * Several server instances over one PostgreSQL (issue 13, section 2): two real `waymark serve`
 * processes (A and B) and two real `waymark worker` processes over one database started here.
 * What one instance writes the other reads at once — answers, the cached portfolio, sessions and
 * tokens; scan jobs sent through either are taken by the workers and stored once, also when the
 * worker holding one is killed mid-job.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import Provider from 'oidc-provider';
import { z } from 'zod';
import { openStore, type Store } from '../store/index.js';
import { launchChromium } from '../testing/browser.js';
import { makeGitRepo, until } from '../testing/gitRepo.js';
import { BIN, runCli, tempDir } from '../testing/index.js';
import { freePort, type PgServer, startPostgres } from '../testing/postgres.js';
import { SAMPLE_PRACTICE, serve, stopped } from '../testing/server.js';

const SECRET = 'multi-instance-client-secret';
/** pg-boss gives up on an attempt after this long: how soon a killed worker's job is retried. */
const TIMEOUT_S = 8;
const Job = z.object({
  id: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  attempts: z.number(),
  error: z.string().nullable(),
  scanId: z.string().nullable(),
});
const Jobs = z.object({ jobs: z.array(Job) });
const Portfolio = z.object({
  workloads: z.array(z.object({ id: z.string(), name: z.string(), answered: z.number() })),
});

interface Answer {
  status: number;
  etag: string | null;
  body: unknown;
}

interface Proc {
  child: ChildProcess;
  log(): string;
}

describe('two server instances and two workers over one PostgreSQL', { timeout: 240_000 }, () => {
  let pg: PgServer;
  let url: string;
  let store: Store;
  let provider: Server | undefined;
  const servers: ChildProcess[] = [];
  const workers: Proc[] = [];
  let A = '';
  let B = '';
  let auth: Record<string, string> = {};
  let slowAuth: Record<string, string> = {};
  let workload = '';
  const cache = tempDir('waymark-cache-');
  // While this file exists, the workers' git hangs: a job is caught mid-way, as a crash leaves it.
  const stall = join(tempDir('waymark-stall-'), 'hang');

  const startWorker = (name: string): Proc => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'worker',
        '--scan-cache',
        join(cache, name),
        '--maintenance-interval',
        '1',
        '--scan-timeout',
        String(TIMEOUT_S),
      ],
      {
        // Its own process group, so that a kill reaches the git it started too.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DATABASE_URL: url, GIT_ALLOW_PROTOCOL: 'file', PATH: gitPath(stall) },
      },
    );
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
    });
    child.stderr?.on('data', (d) => {
      out += d;
    });
    const w = { child, log: () => out };
    workers.push(w);
    return w;
  };

  before(async () => {
    pg = await startPostgres();
    url = pg.createDatabase('org');
    store = await openStore({ databaseUrl: url });
    const token = async (name: string) =>
      (
        await runCli(['token', 'create', '--team', 't1', '--role', 'editor', '--name', name], {
          env: { DATABASE_URL: url },
        })
      ).stdout.trim();
    auth = { authorization: `Bearer ${await token('ci')}` };
    slowAuth = { authorization: `Bearer ${await token('slow-writer')}` };

    // One OpenID provider; its single redirect URL is A's, as it would be a load balancer's.
    const [opPort, portA, portB] = [await freePort(), await freePort(), await freePort()];
    const issuer = `http://127.0.0.1:${opPort}`;
    const op = new Provider(issuer, {
      clients: [
        {
          client_id: 'waymark',
          client_secret: SECRET,
          redirect_uris: [`http://127.0.0.1:${portA}/auth/callback`],
          response_types: ['code'],
          grant_types: ['authorization_code'],
        },
      ],
      findAccount: (_ctx, sub) => ({
        accountId: sub,
        claims: () => ({ sub, name: 'Erin Ops', email: 'erin@example.com', groups: ['t1-writers'] }),
      }),
      claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups'] },
      scopes: ['openid', 'profile', 'email', 'groups'],
      conformIdTokenClaims: false,
      cookies: { keys: ['multi-instance-cookie-key'] },
    });
    provider = op.listen(opPort, '127.0.0.1');
    const oidcFile = join(tempDir('waymark-oidc-'), 'oidc.yaml');
    writeFileSync(
      oidcFile,
      [
        `issuer: ${issuer}`,
        'clientId: waymark',
        `redirectUrl: http://127.0.0.1:${portA}/auth/callback`,
        'scopes: [openid, profile, email, groups]',
        'claim: groups',
        'teams:',
        '  - { value: t1-writers, team: t1, role: editor }',
        '',
      ].join('\n'),
    );
    const args = (port: number) => [
      '--port',
      String(port),
      '--oidc-config',
      oidcFile,
      '--allow-local-repositories',
      '--scan-timeout',
      String(TIMEOUT_S),
      '--scan-retry-delay',
      '1',
      '--scan-retries',
      '2',
    ];
    const env = { DATABASE_URL: url, WAYMARK_OIDC_CLIENT_SECRET: SECRET };
    // Started together: both run the migrations and pg-boss's set-up at once.
    const started = await Promise.allSettled([serve(args(portA), env), serve(args(portB), env)]);
    for (const r of started) if (r.status === 'fulfilled') servers.push(r.value.child);
    const [a, b] = started.map((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    });
    if (!a || !b) throw new Error('two servers were asked for');
    A = a.url;
    B = b.url;
    startWorker('w1');
    startWorker('w2');
  });

  after(async () => {
    for (const w of workers) await kill(w.child, 'SIGKILL');
    for (const s of servers) {
      s.kill('SIGTERM');
      await stopped(s);
    }
    await new Promise<void>((r) => (provider ? provider.close(() => r()) : r()));
    await store?.close();
    pg?.stop();
  });

  const call = async (
    base: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = auth,
  ): Promise<Answer> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, etag: res.headers.get('etag'), body: text ? JSON.parse(text) : null };
  };
  const created = async (base: string, name: string, headers = auth): Promise<string> => {
    const r = await call(base, 'POST', '/api/v1/workloads', { name }, headers);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return z.object({ id: z.string() }).parse(r.body).id;
  };
  const portfolio = async (base: string) => {
    const r = await call(base, 'GET', '/api/v1/portfolio');
    assert.equal(r.status, 200);
    return Portfolio.parse(r.body).workloads;
  };

  it('serves through B the answers written through A, and B refuses a write on a stale revision', async () => {
    workload = await created(A, 'checkout');
    const put = await call(A, 'PUT', `/api/v1/workloads/${workload}/answers/${SAMPLE_PRACTICE}`, {
      status: 'met',
      revision: 0,
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const read = await call(B, 'GET', `/api/v1/workloads/${workload}/answers`);
    assert.deepEqual(
      z
        .object({
          answers: z.array(z.object({ practiceId: z.string(), status: z.string(), revision: z.number() })),
        })
        .parse(read.body)
        .answers.map((a) => [a.practiceId, a.status, a.revision]),
      [[SAMPLE_PRACTICE, 'met', 1]],
    );
    const stale = await call(B, 'PUT', `/api/v1/workloads/${workload}/answers/${SAMPLE_PRACTICE}`, {
      status: 'not-met',
      revision: 0,
    });
    assert.equal(stale.status, 409, 'A wrote revision 1 since');
  });

  it("refreshes B's cached portfolio and heatmap when A writes", async () => {
    const first = await call(B, 'GET', '/api/v1/portfolio');
    const heat = await call(B, 'GET', '/api/v1/portfolio/heatmap');
    assert.ok(first.etag && heat.etag);
    // B holds both answers now: asked again with their tags, it says nothing changed.
    const again = await fetch(`${B}/api/v1/portfolio`, { headers: { ...auth, 'if-none-match': first.etag } });
    assert.equal(again.status, 304);

    const second = await created(A, 'ledger');
    const put = await call(A, 'PUT', `/api/v1/workloads/${second}/answers/${SAMPLE_PRACTICE}`, {
      status: 'met',
      revision: 0,
    });
    assert.equal(put.status, 200);
    const now = await fetch(`${B}/api/v1/portfolio`, { headers: { ...auth, 'if-none-match': first.etag } });
    assert.equal(now.status, 200, "A's write is a new version of the portfolio on B");
    const rows = Portfolio.parse(await now.json()).workloads;
    assert.deepEqual(rows.map((w) => [w.name, w.answered]).sort(), [
      ['checkout', 1],
      ['ledger', 1],
    ]);
    const heatNow = await fetch(`${B}/api/v1/portfolio/heatmap`, {
      headers: { ...auth, 'if-none-match': heat.etag },
    });
    assert.equal(heatNow.status, 200);
    const heatRows = z.object({ rows: z.array(z.object({ name: z.string() })) }).parse(await heatNow.json());
    assert.deepEqual(heatRows.rows.map((r) => r.name).sort(), ['checkout', 'ledger']);
  });

  it("keeps B's portfolio right when a write through A commits after a later one through B", async () => {
    // Fault injection: the audit entry of this token's writes holds its transaction open 1.5 s,
    // after the entry has taken its place in the log and before it commits.
    await sql`CREATE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.actor = 'slow-writer' THEN PERFORM pg_sleep(1.5); END IF; RETURN NULL; END $$`.execute(
      store.db,
    );
    await sql`CREATE TRIGGER zz_test_slow_commit AFTER INSERT ON audit_log
      FOR EACH ROW EXECUTE FUNCTION test_slow_commit()`.execute(store.db);
    try {
      const slow = created(A, 'slow-one', slowAuth);
      await until(
        async () =>
          (
            await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity
              WHERE wait_event = 'PgSleep' AND query ILIKE '%audit_log%'`.execute(store.db)
          ).rows[0]?.n,
        (n) => Number(n) > 0,
        20,
      );
      await created(B, 'fast-one');
      // Read (and cached) by B while the slow write may still be open.
      await portfolio(B);
      await slow;
      const names = (await portfolio(B)).map((w) => w.name);
      assert.ok(names.includes('slow-one'), `B's portfolio misses the late commit: ${names.join(', ')}`);
      assert.ok(names.includes('fast-one'));
    } finally {
      await sql`DROP TRIGGER zz_test_slow_commit ON audit_log`.execute(store.db);
      await sql`DROP FUNCTION test_slow_commit()`.execute(store.db);
    }
  });

  it('takes a token on both instances, and a sign-in begun on B and finished on A is a session on both', async () => {
    for (const base of [A, B]) {
      assert.equal((await call(base, 'GET', '/api/v1/me')).status, 200);
      assert.equal((await call(base, 'GET', '/api/v1/me', undefined, {})).status, 401);
    }
    const browser = await launchChromium();
    let cookie = '';
    try {
      const context = await browser.newContext();
      await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
      const page = await context.newPage();
      await page.goto(`${B}/auth/login`);
      await page.locator('input[name="login"]').fill('erin');
      await page.locator('input[name="password"]').fill('any password');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      const back = page.waitForResponse((r) => r.url().startsWith(`${A}/auth/callback`));
      await page.getByRole('button', { name: 'Continue' }).click();
      assert.equal((await back).status(), 302, 'A completes the sign-in B started');
      const session = (await context.cookies(A)).find((c) => c.name === 'waymark_session');
      assert.ok(session);
      cookie = `waymark_session=${session.value}`;
    } finally {
      await browser.close();
    }
    const Session = z.object({
      user: z.object({ name: z.string() }).nullable(),
      csrfToken: z.string().optional(),
    });
    const onB = Session.parse((await call(B, 'GET', '/auth/session', undefined, { cookie })).body);
    assert.equal(onB.user?.name, 'Erin Ops');
    const csrf = { cookie, 'x-csrf-token': onB.csrfToken ?? '' };
    const id = await created(B, 'signed-in', csrf);
    const onA = await call(A, 'GET', `/api/v1/workloads/${id}`, undefined, { cookie });
    assert.equal(onA.status, 200);
    assert.equal((await call(A, 'POST', '/auth/logout', undefined, csrf)).status, 204);
    assert.equal(
      Session.parse((await call(B, 'GET', '/auth/session', undefined, { cookie })).body).user,
      null,
    );
    assert.equal((await call(B, 'GET', '/api/v1/workloads', undefined, { cookie })).status, 401);
  });

  const jobsOf = async (base: string) =>
    Jobs.parse((await call(base, 'GET', `/api/v1/workloads/${workload}/scan-jobs`)).body).jobs;
  const register = async (base: string) => {
    const r = await call(base, 'POST', `/api/v1/workloads/${workload}/repositories`, {
      url: makeGitRepo().url,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return z.object({ id: z.string() }).parse(r.body).id;
  };
  const scanNow = async (base: string, repositoryId: string) => {
    const r = await call(base, 'POST', `/api/v1/workloads/${workload}/scan-jobs`, { repositoryId });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const [job] = Jobs.parse(r.body).jobs;
    assert.ok(job);
    return job.id;
  };
  const scansWithId = async (id: string) =>
    Number(
      (
        await store.db
          .selectFrom('scans')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('id', '=', id)
          .executeTakeFirst()
      )?.n,
    );

  it('runs scan jobs sent through either instance on the workers, each scan stored once', async () => {
    const ids: string[] = [];
    for (const base of [A, B, A, B]) ids.push(await scanNow(base, await register(base)));
    const jobs = await until(
      () => jobsOf(B),
      (all) =>
        ids.every((id) => all.some((j) => j.id === id && (j.state === 'done' || j.state === 'failed'))),
      200,
    );
    for (const id of ids) {
      const j = jobs.find((x) => x.id === id);
      assert.equal(j?.state, 'done', `${j?.error} ${workers.map((w) => w.log()).join('\n')}`);
      assert.equal(j?.scanId, id);
      assert.equal(await scansWithId(id), 1);
    }
    const latest = await call(A, 'GET', `/api/v1/workloads/${workload}/scans/latest`);
    assert.ok(ids.includes(z.object({ id: z.string() }).parse(latest.body).id));
  });

  it('retries on the other worker a job whose worker was killed mid-scan, and stores its scan once', async () => {
    writeFileSync(stall, '');
    const id = await scanNow(B, await register(A));
    const running = await until(
      async () => workers.find((w) => w.log().includes(`job ${id}: attempt 1`)),
      (w) => w !== undefined,
      50,
    );
    assert.ok(running);
    const job = (await jobsOf(A)).find((j) => j.id === id);
    assert.equal(job?.state, 'running');
    await kill(running.child, 'SIGKILL');
    // Gone before the retry, which comes only once the attempt's time limit has passed.
    rmSync(stall);
    const rescuer = workers.find((w) => w !== running);
    assert.ok(rescuer);
    const done = await until(
      async () => (await jobsOf(A)).find((j) => j.id === id),
      (j) => j?.state === 'done' || j?.state === 'failed',
      250,
    );
    assert.equal(done?.state, 'done', `${done?.error} ${rescuer.log()}`);
    assert.ok((done?.attempts ?? 0) >= 2, `attempts: ${done?.attempts}`);
    assert.match(rescuer.log(), new RegExp(`job ${id}: done`));
    assert.equal(await scansWithId(id), 1, 'the scan is stored exactly once');
  });
});

/** A PATH whose `git` hangs while `marker` exists, and is the machine's git otherwise. */
function gitPath(marker: string): string {
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const dir = join(tempDir('waymark-bin-'), 'bin');
  mkdirSync(dir);
  writeFileSync(join(dir, 'git'), `#!/bin/sh\n[ -e '${marker}' ] && exec sleep 600\nexec '${real}' "$@"\n`);
  chmodSync(join(dir, 'git'), 0o755);
  return `${dir}:${process.env.PATH ?? ''}`;
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.pid && child.exitCode === null && !child.signalCode) process.kill(-child.pid, signal);
  await stopped(child);
}
