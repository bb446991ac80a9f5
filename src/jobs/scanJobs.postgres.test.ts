/**
 * Scan jobs on PostgreSQL: pg-boss over the server's own database, taken by real `waymark worker`
 * processes. A worker killed (SIGKILL) mid-job: the job runs out its time limit, another worker
 * retries it, and its scan is stored once. A failing repository is retried with back-off, then
 * failed with its error. No credential in pg-boss's job rows or the workers' logs.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { buildServer } from '../server/index.js';
import { openStore, type Store } from '../store/index.js';
import { makeGitRepo, until } from '../testing/gitRepo.js';
import { BIN, runCli, tempDir } from '../testing/index.js';
import { freePort, type PgServer, startPostgres } from '../testing/postgres.js';
import { serve, stopped } from '../testing/server.js';
import { openBoss, PgBossDispatcher } from './pgQueue.js';

const models = new ModelSet(loadBuiltinModels());
const TOKEN = 'glpat-secretTOKEN0987654321zyx';
const TIMEOUT_S = 12;
const Job = z.object({
  id: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  attempts: z.number(),
  error: z.string().nullable(),
  scanId: z.string().nullable(),
});
const Jobs = z.object({ jobs: z.array(Job) });

interface Worker {
  child: ChildProcess;
  log(): string;
}

describe('scan jobs on PostgreSQL: pg-boss and waymark worker processes', { timeout: 300_000 }, () => {
  let pg: PgServer;
  let url: string;
  let store: Store;
  let app: FastifyInstance;
  let scans: PgBossDispatcher;
  let headers: Record<string, string>;
  let workload: string;
  const workers: Worker[] = [];
  const repo = makeGitRepo();
  const cache = tempDir('waymark-cache-');

  const startWorker = (env: NodeJS.ProcessEnv = {}, extra: string[] = []): Worker => {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'worker',
        '--concurrency',
        '2',
        '--scan-cache',
        cache,
        '--maintenance-interval',
        '1',
        '--scan-timeout',
        String(TIMEOUT_S),
        ...extra,
      ],
      {
        // Its own process group, so that a kill reaches the git it started too.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          DATABASE_URL: url,
          GIT_ALLOW_PROTOCOL: 'file',
          WAYMARK_GIT_TOKEN: TOKEN,
          ...env,
        },
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
  const kill = async (w: Worker, signal: NodeJS.Signals) => {
    if (w.child.pid && w.child.exitCode === null && !w.child.signalCode) process.kill(-w.child.pid, signal);
    await stopped(w.child);
  };

  before(async () => {
    pg = await startPostgres();
    url = pg.createDatabase('jobs');
    store = await openStore({ databaseUrl: url });
    const boss = await openBoss({ databaseUrl: url, supervise: false });
    scans = new PgBossDispatcher(boss, store, {
      retryLimit: 2,
      retryDelaySeconds: 1,
      timeoutSeconds: TIMEOUT_S,
    });
    app = await buildServer({ store, models, auth: 'tokens', scans, localRepositories: true });
    const { token } = await store.createToken('t1', 'editor', 'ci');
    headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const w = await app.inject({
      method: 'POST',
      url: '/api/v1/workloads',
      headers,
      payload: { name: 'checkout' },
    });
    workload = z.object({ id: z.string() }).parse(w.json()).id;
  });
  after(async () => {
    for (const w of workers) await kill(w, 'SIGKILL');
    await app?.close();
    await scans?.close();
    await store?.close();
    pg?.stop();
  });

  const api = (method: 'GET' | 'POST' | 'PUT', path: string, payload?: unknown) =>
    app.inject({
      method,
      url: `/api/v1/workloads/${workload}${path}`,
      headers,
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  const job = async (id: string) =>
    Jobs.parse((await api('GET', '/scan-jobs')).json()).jobs.find((j) => j.id === id);
  const register = async (repoUrl: string) => {
    const r = await api('POST', '/repositories', { url: repoUrl });
    assert.equal(r.statusCode, 201, r.body);
    return z.object({ id: z.string() }).parse(r.json()).id;
  };
  const scanNow = async (repositoryId: string) => {
    const r = await api('POST', '/scan-jobs', { repositoryId });
    assert.equal(r.statusCode, 202, r.body);
    const [j] = Jobs.parse(r.json()).jobs;
    assert.ok(j);
    return j.id;
  };
  const scansOf = async () =>
    Number(
      (
        await store.db
          .selectFrom('scans')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('workload_id', '=', workload)
          .executeTakeFirst()
      )?.n,
    );
  let repoId = '';

  it('scans now through pg-boss and a waymark worker process, which counts it in its /metrics', async () => {
    const port = await freePort();
    const w = startWorker({}, ['--metrics-port', String(port)]);
    repoId = await register(repo.url);
    const id = await scanNow(repoId);
    const done = await until(
      () => job(id),
      (j) => j?.state === 'done' || j?.state === 'failed',
    );
    assert.equal(done?.state, 'done', `${done?.error} ${w.log()}`);
    assert.equal(done?.scanId, id);
    const scan = (await api('GET', '/scans/latest')).json();
    assert.equal(scan.id, id);
    assert.ok(scan.result.suggestions.length > 0);
    assert.equal(await scansOf(), 1);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    assert.match(metrics, /waymark_scan_job_duration_seconds_count\{outcome="done"\} 1/);
    assert.match(metrics, /waymark_scan_queue_depth 0/);
    await kill(w, 'SIGTERM');
  });

  it('retries a job whose worker was killed mid-scan on another worker, and stores its scan once', async () => {
    // This worker's git never returns: the job is caught mid-way, as a crash would leave it.
    const bin = join(tempDir('waymark-bin-'), 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'git'), '#!/bin/sh\nexec sleep 600\n');
    chmodSync(join(bin, 'git'), 0o755);
    const stuck = startWorker({ PATH: `${bin}:${process.env.PATH ?? ''}` });
    const before = await scansOf();
    const id = await scanNow(repoId);
    const running = await until(
      () => job(id),
      (j) => j?.state === 'running',
    );
    assert.equal(running?.attempts, 1);
    await kill(stuck, 'SIGKILL');
    const rescuer = startWorker();
    const done = await until(
      () => job(id),
      (j) => j?.state === 'done' || j?.state === 'failed',
      250,
    );
    assert.equal(done?.state, 'done', `${done?.error} ${rescuer.log()}`);
    assert.ok((done?.attempts ?? 0) >= 2, `attempts: ${done?.attempts}`);
    assert.equal(await scansOf(), before + 1, 'the scan is stored exactly once');
    assert.equal(
      Number(
        (
          await store.db
            .selectFrom('scans')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('id', '=', id)
            .executeTakeFirst()
        )?.n,
      ),
      1,
    );
  });

  it('retries a failing repository with back-off, then shows it failed with its error', async () => {
    const bad = await register('file:///nonexistent/waymark/missing.git');
    const id = await scanNow(bad);
    const failed = await until(
      () => job(id),
      (j) => j?.state === 'failed',
      250,
    );
    assert.equal(failed?.attempts, 3, 'the first attempt and two retries');
    assert.match(failed?.error ?? '', /git clone failed/);
    const list = (await api('GET', '/repositories')).json();
    const shown = list.repositories.find((r: { id: string }) => r.id === bad);
    assert.equal(shown.latestJob.state, 'failed');
    assert.match(shown.latestJob.error, /git clone failed/);
  });

  it('keeps credentials out of job payloads, job outputs and worker logs', async () => {
    const rows = await sql<{ data: string; output: string }>`
      SELECT data::text AS data, coalesce(output::text, '') AS output FROM pgboss.job
      UNION ALL SELECT data::text, coalesce(output::text, '') FROM pgboss.archive`.execute(store.db);
    assert.ok(rows.rows.length >= 3, `pg-boss rows: ${rows.rows.length}`);
    for (const r of rows.rows) {
      assert.doesNotMatch(`${r.data} ${r.output}`, new RegExp(TOKEN));
      assert.doesNotMatch(r.data, /file:\/\/|nonexistent/, 'a job carries its id, not the repository');
    }
    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    for (const w of workers) {
      assert.doesNotMatch(w.log(), new RegExp(TOKEN));
      assert.doesNotMatch(w.log(), new RegExp(basic));
    }
  });

  it('scans on a workload schedule (a pg-boss schedule on its own queue), and removes it', async () => {
    for (const w of workers) await kill(w, 'SIGTERM');
    const bad = await api('PUT', '/scan-schedule', { cron: 'every day' });
    assert.equal(bad.statusCode, 400);
    const r = await api('PUT', '/scan-schedule', { cron: '* * * * *' });
    assert.equal(r.statusCode, 200, r.body);
    const schedules = await sql<{
      name: string;
      cron: string;
    }>`SELECT name, cron FROM pgboss.schedule`.execute(store.db);
    assert.deepEqual(schedules.rows, [{ name: `waymark-scan-cron-${workload}`, cron: '* * * * *' }]);
    assert.equal((await api('GET', '/repositories')).json().schedule, '* * * * *');
    const w = startWorker();
    const Scheduled = z.object({
      jobs: z.array(Job.extend({ trigger: z.string(), repositoryId: z.string() })),
    });
    const done = await until(
      async () => Scheduled.parse((await api('GET', '/scan-jobs')).json()).jobs,
      (all) => all.some((j) => j.trigger === 'schedule' && j.repositoryId === repoId && j.state === 'done'),
      500,
    );
    assert.ok(done.length > 0, w.log());
    assert.equal((await api('PUT', '/scan-schedule', { cron: null })).statusCode, 200);
    const none = await sql`SELECT name FROM pgboss.schedule`.execute(store.db);
    assert.equal(none.rows.length, 0);
    assert.equal((await api('GET', '/repositories')).json().schedule, null);
  });

  it('waymark serve on PostgreSQL sends a signed GitHub push to the queue, and a worker scans it', async () => {
    const secret = 'push-secret-51c2';
    const token = (
      await runCli(['token', 'create', '--team', 't9', '--role', 'editor'], { env: { DATABASE_URL: url } })
    ).stdout.trim();
    const srv = await serve(
      ['--port', String(await freePort()), '--allow-local-repositories', '--scan-cache', cache],
      {
        DATABASE_URL: url,
        WAYMARK_WEBHOOK_SECRET: secret,
        GIT_ALLOW_PROTOCOL: 'file',
      },
    );
    try {
      startWorker();
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const w = await fetch(`${srv.url}/api/v1/workloads`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: 'pushed' }),
      });
      const { id } = z.object({ id: z.string() }).parse(await w.json());
      const other = makeGitRepo();
      const reg = await fetch(`${srv.url}/api/v1/workloads/${id}/repositories`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ url: other.url, branch: 'main' }),
      });
      assert.equal(reg.status, 201);
      const body = JSON.stringify({ ref: 'refs/heads/main', repository: { clone_url: other.url } });
      const hook = (signature: string) =>
        fetch(`${srv.url}/hooks/github`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'push',
            'x-hub-signature-256': signature,
          },
          body,
        });
      assert.equal((await hook('sha256=00')).status, 401);
      const ok = await hook(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
      assert.equal(ok.status, 200);
      const jobsOf = async () =>
        Jobs.parse(
          await (await fetch(`${srv.url}/api/v1/workloads/${id}/scan-jobs`, { headers: auth })).json(),
        ).jobs;
      const jobs = await until(jobsOf, (all) => all.some((j) => j.state === 'done'), 250);
      assert.equal(jobs.length, 1, 'one push, one job; the refused one made none');
    } finally {
      srv.child.kill('SIGTERM');
      await stopped(srv.child);
    }
  });
});
