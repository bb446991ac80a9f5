/**
 * Repositories and scan jobs on SQLite, through the real server in-process: "scan now" runs in a
 * worker thread, one at a time; push webhooks (GitHub, GitLab) verified by their secret; a failing
 * repository ends failed with its error; a credential never shows in stored rows, errors or answers.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { buildServer } from '../server/index.js';
import { openStore, RepositoryStore, type Store } from '../store/index.js';
import { makeGitRepo, until } from '../testing/gitRepo.js';
import { tempDir } from '../testing/index.js';
import { SAMPLE_PRACTICE } from '../testing/server.js';
import { gitCredentials } from './credentials.js';
import { EmbeddedRunner } from './embedded.js';
import { completeJob } from './recordScan.js';
import { redact } from './redact.js';

const models = new ModelSet(loadBuiltinModels());
const SECRET = 'hook-secret-7f3a';
const TOKEN = 'ghp_secretTOKEN1234567890abcdef';
const Job = z.object({
  id: z.string(),
  repositoryId: z.string(),
  trigger: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  attempts: z.number(),
  error: z.string().nullable(),
  scanId: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
const Jobs = z.object({ jobs: z.array(Job) });

describe('repositories and scan jobs, SQLite (worker thread)', { timeout: 180_000 }, () => {
  let store: Store;
  let app: FastifyInstance;
  let runner: EmbeddedRunner;
  let dbFile: string;
  let headers: Record<string, string>;
  let workload: string;
  const repo = makeGitRepo();
  const cache = join(tempDir(), 'cache');

  before(async () => {
    // Git may reach only this machine: file:// and the loopback HTTP server below.
    process.env.GIT_ALLOW_PROTOCOL = 'file:http';
    process.env.WAYMARK_GIT_TOKEN = TOKEN;
    dbFile = join(tempDir(), 'jobs.db');
    store = await openStore({ sqliteFile: dbFile });
    runner = await EmbeddedRunner.start(store, models, cache);
    app = await buildServer({
      store,
      models,
      auth: 'tokens',
      scans: runner,
      webhookSecret: SECRET,
      localRepositories: true,
    });
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
    delete process.env.WAYMARK_GIT_TOKEN;
    await app?.close();
    await runner?.close();
    await store?.close();
  });

  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: unknown) =>
    app.inject({
      method,
      url: `/api/v1/workloads/${workload}${path}`,
      headers,
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  const jobs = async () => Jobs.parse((await api('GET', '/scan-jobs')).json()).jobs;
  const finished = (id: string) =>
    until(jobs, (all) => all.some((j) => j.id === id && (j.state === 'done' || j.state === 'failed'))).then(
      (all) => all.find((j) => j.id === id),
    );
  let repoId = '';

  it('registers a repository, and refuses a URL that holds a credential without echoing it', async () => {
    const r = await api('POST', '/repositories', { url: repo.url, branch: 'main' });
    assert.equal(r.statusCode, 201, r.body);
    repoId = z.object({ id: z.string() }).parse(r.json()).id;
    const again = await api('POST', '/repositories', { url: repo.url, branch: 'main' });
    assert.equal(again.statusCode, 409);
    const withToken = await api('POST', '/repositories', { url: `https://x:${TOKEN}@github.com/o/r.git` });
    assert.equal(withToken.statusCode, 400);
    assert.doesNotMatch(withToken.body, new RegExp(TOKEN));
    const list = (await api('GET', '/repositories')).json();
    assert.equal(list.repositories.length, 1);
    assert.equal(list.repositories[0].url, repo.url);
    assert.equal(list.runner, 'embedded');
  });

  it("scans now in a worker thread, stores the scan and its suggestions, and leaves a person's answer alone", async () => {
    const answer = await api('PUT', `/answers/${SAMPLE_PRACTICE}`, {
      status: 'not-met',
      revision: 0,
      note: 'mine',
    });
    assert.equal(answer.statusCode, 200, answer.body);
    const r = await api('POST', '/scan-jobs', {});
    assert.equal(r.statusCode, 202, r.body);
    const [queued] = Jobs.parse(r.json()).jobs;
    assert.ok(queued);
    assert.equal(queued.trigger, 'manual');
    const job = await finished(queued.id);
    assert.equal(job?.state, 'done', job?.error ?? '');
    assert.equal(job?.scanId, queued.id, 'the scan is stored under the job id');
    const scan = (await api('GET', '/scans/latest')).json();
    assert.equal(scan.id, queued.id);
    assert.equal(scan.createdBy, 'waymark-worker');
    assert.ok(scan.result.suggestions.length > 0, 'the scanner found evidence');
    assert.ok(
      scan.result.suggestions.some((s: { evidence: string[] }) =>
        s.evidence.some((e) => e.startsWith('infra/main.bicep')),
      ),
    );
    const answers = (await api('GET', '/answers')).json().answers;
    const mine = answers.find((a: { practiceId: string }) => a.practiceId === SAMPLE_PRACTICE);
    assert.equal(mine.status, 'not-met');
    assert.equal(mine.revision, 1);
    assert.equal(mine.source, 'person');
    const list = (await api('GET', '/repositories')).json();
    assert.equal(list.repositories[0].latestJob.state, 'done');
    assert.equal(list.repositories[0].lastScan.scanId, queued.id);
  });

  it("stores a job's scan exactly once, however often it completes", async () => {
    const repos = new RepositoryStore(store.db);
    const owned = await repos.ofJob((await jobs())[0]?.id ?? '');
    assert.ok(owned);
    const job = await repos.createJob(owned, 'manual');
    const payload = { root: 'r', scannedAt: new Date().toISOString(), suggestions: [] };
    const first = await completeJob(store, repos, models, job.id, owned, payload);
    const second = await completeJob(store, repos, models, job.id, owned, payload);
    assert.equal(first.id, second.id);
    const n = await store.db
      .selectFrom('scans')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('id', '=', job.id)
      .executeTakeFirst();
    assert.equal(Number(n?.n), 1);
  });

  it('runs jobs one at a time and keeps them in order', async () => {
    const r1 = Jobs.parse((await api('POST', '/scan-jobs', { repositoryId: repoId })).json()).jobs[0];
    const r2 = Jobs.parse((await api('POST', '/scan-jobs', { repositoryId: repoId })).json()).jobs[0];
    assert.ok(r1 && r2);
    await runner.idle();
    const all = await jobs();
    const a = all.find((j) => j.id === r1.id);
    const b = all.find((j) => j.id === r2.id);
    assert.equal(a?.state, 'done');
    assert.equal(b?.state, 'done');
    assert.ok(
      (b?.startedAt ?? '') >= (a?.finishedAt ?? 'z'),
      'the second started after the first had finished',
    );
    // Each job's copy of the repository is removed once it is scanned (in the background).
    const left = await until(
      async () => readdirSync(cache),
      (entries) => entries.length === 0,
      20,
    );
    assert.deepEqual(left, []);
  });

  it('ends a failing repository in the failed state with its error, the credential redacted', async () => {
    // A loopback git server that refuses every request, and notes what it was sent.
    const seen: string[] = [];
    const srv = createServer((req, res) => {
      seen.push(String(req.headers.authorization ?? ''));
      res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' }).end('no');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    try {
      const url = `http://127.0.0.1:${port}/private/${TOKEN.slice(0, 3)}repo.git`;
      const reg = await api('POST', '/repositories', { url });
      assert.equal(reg.statusCode, 201, reg.body);
      const id = z.object({ id: z.string() }).parse(reg.json()).id;
      const missing = await api('POST', '/repositories', { url: 'file:///nonexistent/waymark/none.git' });
      const missingId = z.object({ id: z.string() }).parse(missing.json()).id;
      const [j1] = Jobs.parse((await api('POST', '/scan-jobs', { repositoryId: id })).json()).jobs;
      const [j2] = Jobs.parse((await api('POST', '/scan-jobs', { repositoryId: missingId })).json()).jobs;
      assert.ok(j1 && j2);
      const http = await finished(j1.id);
      const file = await finished(j2.id);
      assert.equal(http?.state, 'failed');
      assert.match(http?.error ?? '', /git clone failed/);
      assert.equal(file?.state, 'failed');
      assert.match(file?.error ?? '', /git clone failed/);
      // The token did go to the git server, as a header...
      const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
      assert.ok(seen.includes(`Basic ${basic}`), `the git server saw ${JSON.stringify(seen)}`);
      // ...and nowhere else: not in the API's answers, not in the database file.
      const bodies = [
        (await api('GET', '/scan-jobs')).body,
        (await api('GET', '/repositories')).body,
        (await api('GET', '/scans/latest')).body,
      ];
      for (const body of bodies) {
        assert.doesNotMatch(body, new RegExp(TOKEN));
        assert.doesNotMatch(body, new RegExp(basic));
      }
      const db =
        readFileSync(dbFile).toString('latin1') +
        readFileSync(`${dbFile}-wal`, { flag: 'r' }).toString('latin1');
      assert.ok(!db.includes(TOKEN) && !db.includes(basic), 'the database holds no credential');
      const list = (await api('GET', '/repositories')).json();
      const shown = list.repositories.find((r: { id: string }) => r.id === id);
      assert.equal(shown.latestJob.state, 'failed');
    } finally {
      srv.close();
    }
  });

  it('creates a job for a signed GitHub push, and refuses a badly signed one with 401 and nothing made', async () => {
    const before = (await jobs()).length;
    const payload = JSON.stringify({ ref: 'refs/heads/main', repository: { clone_url: repo.url } });
    const sign = (key: string) => `sha256=${createHmac('sha256', key).update(payload).digest('hex')}`;
    const hook = (signature: string | undefined, body = payload) =>
      app.inject({
        method: 'POST',
        url: '/hooks/github',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'push',
          ...(signature ? { 'x-hub-signature-256': signature } : {}),
        },
        payload: body,
      });
    const bad = await hook(sign('wrong-secret'));
    assert.equal(bad.statusCode, 401);
    assert.equal((await hook(undefined)).statusCode, 401);
    // A valid signature over other bytes than were sent is refused too.
    assert.equal((await hook(sign(SECRET), `${payload} `)).statusCode, 401);
    assert.equal((await jobs()).length, before, 'a refused webhook creates nothing');
    const ok = await hook(sign(SECRET));
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().jobs, 1);
    const made = await jobs();
    assert.equal(made.length, before + 1);
    assert.equal(made[0]?.trigger, 'push');
    assert.equal(made[0]?.repositoryId, repoId);
    // Another branch: nothing registered, nothing made.
    const other = JSON.stringify({ ref: 'refs/heads/dev', repository: { clone_url: repo.url } });
    const r = await hook(`sha256=${createHmac('sha256', SECRET).update(other).digest('hex')}`, other);
    assert.equal(r.json().jobs, 0);
    await runner.idle();
  });

  it('creates a job for a GitLab push with the right token only', async () => {
    const before = (await jobs()).length;
    const payload = { ref: 'refs/heads/main', project: { git_http_url: repo.url } };
    const hook = (token: string) =>
      app.inject({
        method: 'POST',
        url: '/hooks/gitlab',
        headers: { 'x-gitlab-token': token, 'x-gitlab-event': 'Push Hook' },
        payload,
      });
    assert.equal((await hook('nope')).statusCode, 401);
    assert.equal((await jobs()).length, before);
    const ok = await hook(SECRET);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().jobs, 1);
    await runner.idle();
  });

  it('creates a job for an Azure DevOps push whose basic-auth password is the secret', async () => {
    const before = (await jobs()).length;
    const payload = {
      eventType: 'git.push',
      resource: {
        refUpdates: [{ name: 'refs/heads/main' }, { name: 'refs/tags/v1' }],
        repository: { remoteUrl: repo.url },
      },
    };
    const hook = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/hooks/azure-devops',
        headers: { authorization: `Basic ${Buffer.from(`waymark:${password}`).toString('base64')}` },
        payload,
      });
    assert.equal((await hook('nope')).statusCode, 401);
    assert.equal((await jobs()).length, before);
    const ok = await hook(SECRET);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().jobs, 1);
    await runner.idle();
  });

  it('refuses a schedule without the PostgreSQL queue, and shows job metrics', async () => {
    const r = await api('PUT', '/scan-schedule', { cron: '0 3 * * *' });
    assert.equal(r.statusCode, 409);
    const m = await app.inject({ method: 'GET', url: '/metrics' });
    assert.match(m.body, /waymark_scan_queue_depth 0/);
    assert.match(m.body, /waymark_scan_job_duration_seconds_count\{outcome="done"\} [1-9]/);
    assert.match(m.body, /waymark_scan_job_failures_total [1-9]/);
  });

  it('reads the git token from a file, and hands it to git as a header in its config environment only', () => {
    const file = join(tempDir(), 'token');
    writeFileSync(file, `${TOKEN}\n`);
    const c = gitCredentials({ WAYMARK_GIT_TOKEN_FILE: file });
    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    assert.deepEqual(c.env, {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
    });
    assert.deepEqual(c.secrets, [TOKEN, basic]);
    assert.deepEqual(gitCredentials({}), { env: {}, secrets: [] });
  });

  it('redacts secrets, URL credentials and authorization headers', () => {
    assert.equal(redact(`token ${TOKEN} here`, [TOKEN]), 'token *** here');
    assert.equal(redact('fatal: https://u:p@host/x.git'), 'fatal: https://***@host/x.git');
    assert.equal(redact('Authorization: Basic abc=='), 'Authorization: Basic ***');
  });
});
