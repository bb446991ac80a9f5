/**
 * Delivery events through the server: each provider's webhook signed as the provider signs it,
 * a replayed delivery counted once, the generic endpoint, the metrics with their explanations,
 * and one team never reaching another's workload. On SQLite and a real PostgreSQL.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import type { Store } from '../store/index.js';
import { storeBackends } from '../testing/backends.js';
import { REPO_ROOT } from '../testing/index.js';
import { buildServer } from './app.js';
import { deliveryHookSecret } from './routes/delivery.js';

const models = new ModelSet(loadBuiltinModels());
const SERVER_SECRET = 'server-hook-secret-19ab';
const fixture = (name: string) => readFileSync(join(REPO_ROOT, 'test/fixtures/delivery', name));

for (const [name, open] of storeBackends('deliveryapi')) {
  describe(`delivery API on ${name}`, { timeout: 120_000 }, () => {
    let store: Store;
    let app: FastifyInstance;
    let editor: Record<string, string>;
    let viewer: Record<string, string>;
    let admin: Record<string, string>;
    let outsider: Record<string, string>;
    let workload: string;
    let other: string;

    const bearer = (token: string) => ({
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    });
    before(async () => {
      store = await open();
      app = await buildServer({ store, models, auth: 'tokens', webhookSecret: SERVER_SECRET });
      await store.ensureTeam('t1');
      await store.ensureTeam('t2');
      editor = bearer((await store.createToken('t1', 'editor', 'ci')).token);
      viewer = bearer((await store.createToken('t1', 'viewer', 'dash')).token);
      admin = bearer((await store.createToken('t1', 'admin', 'lead')).token);
      outsider = bearer((await store.createToken('t2', 'admin', 'them')).token);
      const make = async (headers: Record<string, string>, n: string) =>
        (await app.inject({ method: 'POST', url: '/api/v1/workloads', headers, payload: { name: n } })).json()
          .id;
      workload = await make(editor, 'shop');
      other = await make(outsider, 'theirs');
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    const hook = (
      provider: string,
      body: Buffer,
      headers: Record<string, string>,
      w = workload,
      query = '',
    ) =>
      app.inject({
        method: 'POST',
        url: `/hooks/delivery/${w}/${provider}${query}`,
        headers: { 'content-type': 'application/json', ...headers },
        payload: body,
      });
    const githubSignature = (secret: string, body: Buffer) =>
      `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

    it('hands the workload admin the hook paths and the secret, and no one else', async () => {
      const url = `/api/v1/workloads/${workload}/delivery/webhooks`;
      const r = await app.inject({ method: 'GET', url, headers: admin });
      assert.equal(r.statusCode, 200);
      assert.equal(r.json().secret, deliveryHookSecret(SERVER_SECRET, workload));
      assert.equal(r.json().hooks.gitlab, `/hooks/delivery/${workload}/gitlab`);
      assert.equal((await app.inject({ method: 'GET', url, headers: editor })).statusCode, 403);
      assert.equal((await app.inject({ method: 'GET', url, headers: outsider })).statusCode, 404);
    });

    it('stores a signed GitHub deployment_status once, however often it is delivered', async () => {
      const body = fixture('github-deployment_status.json');
      const secret = deliveryHookSecret(SERVER_SECRET, workload);
      const headers = (delivery: string) => ({
        'x-github-event': 'deployment_status',
        'x-github-delivery': delivery,
        'x-hub-signature-256': githubSignature(secret, body),
      });
      const first = await hook('github', body, headers('72d3162e-cc78-11e3-81ab-4c9367dc0958'));
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual(first.json(), { stored: 1, replayed: 0 });
      const again = await hook('github', body, headers('8a1f2b3c-cc78-11e3-81ab-4c9367dc0958'));
      assert.deepEqual(again.json(), { stored: 0, replayed: 1 });
    });

    it("refuses a wrong signature, the server secret itself, and another workload's secret", async () => {
      const body = fixture('github-deployment_status.json');
      const tries = [
        githubSignature('guess', body),
        githubSignature(SERVER_SECRET, body),
        githubSignature(deliveryHookSecret(SERVER_SECRET, other), body),
      ];
      for (const signature of tries) {
        const r = await hook('github', body, {
          'x-github-event': 'deployment_status',
          'x-hub-signature-256': signature,
        });
        assert.equal(r.statusCode, 401);
      }
      // Signed for the other workload and sent to it: stored there, not here.
      const theirs = await hook(
        'github',
        body,
        {
          'x-github-event': 'deployment_status',
          'x-hub-signature-256': githubSignature(deliveryHookSecret(SERVER_SECRET, other), body),
        },
        other,
      );
      assert.deepEqual(theirs.json(), { stored: 1, replayed: 0 });
      assert.equal((await hook('bitbucket', body, {})).statusCode, 404);
    });

    it('takes GitLab events with their token and Azure DevOps events with basic authentication', async () => {
      const secret = deliveryHookSecret(SERVER_SECRET, workload);
      const gitlab = await hook('gitlab', fixture('gitlab-deployment.json'), {
        'x-gitlab-event': 'Deployment Hook',
        'x-gitlab-token': secret,
      });
      assert.deepEqual(gitlab.json(), { stored: 1, replayed: 0 });
      const wrongToken = await hook('gitlab', fixture('gitlab-pipeline.json'), {
        'x-gitlab-event': 'Pipeline Hook',
        'x-gitlab-token': 'nope',
      });
      assert.equal(wrongToken.statusCode, 401);
      const basic = (password: string) => `Basic ${Buffer.from(`waymark:${password}`).toString('base64')}`;
      const azure = await hook('azure-devops', fixture('azure-deployment-completed.json'), {
        authorization: basic(secret),
      });
      assert.deepEqual(azure.json(), { stored: 1, replayed: 0 });
      const yaml = await hook(
        'azure-devops',
        fixture('azure-run-state-changed.json'),
        { authorization: basic(secret) },
        workload,
        '?workflow=shop-release&environment=production',
      );
      assert.deepEqual(yaml.json(), { stored: 1, replayed: 0 });
      const notDeploying = await hook(
        'azure-devops',
        fixture('azure-run-state-changed.json'),
        { authorization: basic(secret) },
        workload,
        '?workflow=nightly',
      );
      assert.match(notDeploying.json().ignored, /not one of the deploying workflows \(nightly\)/);
      assert.equal(
        (
          await hook('azure-devops', fixture('azure-deployment-completed.json'), {
            authorization: basic('x'),
          })
        ).statusCode,
        401,
      );
    });

    it('answers 400 naming the field for a signed payload of the wrong shape', async () => {
      const body = Buffer.from(JSON.stringify({ deployment_status: { id: 1 } }));
      const r = await hook('github', body, {
        'x-github-event': 'deployment_status',
        'x-hub-signature-256': githubSignature(deliveryHookSecret(SERVER_SECRET, workload), body),
      });
      assert.equal(r.statusCode, 400);
      assert.match(r.json().message, /not a GitHub deployment_status payload: deployment_status\.state/);
    });

    it('takes generic events from an editor, not from a viewer or another team', async () => {
      const url = `/api/v1/workloads/${workload}/delivery/events`;
      const payload = {
        events: [
          {
            type: 'deployment',
            id: 'rel-7',
            environment: 'production',
            status: 'success',
            time: '2026-03-06T16:00:00Z',
            commits: ['0a1b2c3d4e5f60718293a4b5c6d7e8f901234567'],
          },
          {
            type: 'incident',
            id: 'INC-9',
            openedAt: '2026-03-06T17:00:00Z',
            resolvedAt: '2026-03-06T19:30:00Z',
          },
        ],
      };
      const r = await app.inject({ method: 'POST', url, headers: editor, payload });
      assert.equal(r.statusCode, 201, r.body);
      assert.deepEqual(r.json(), { stored: 2, replayed: 0 });
      assert.deepEqual((await app.inject({ method: 'POST', url, headers: editor, payload })).json(), {
        stored: 0,
        replayed: 2,
      });
      assert.equal((await app.inject({ method: 'POST', url, headers: viewer, payload })).statusCode, 403);
      assert.equal((await app.inject({ method: 'POST', url, headers: outsider, payload })).statusCode, 404);
      const bad = await app.inject({
        method: 'POST',
        url,
        headers: editor,
        payload: { events: [{ ...payload.events[0], status: 'done' }] },
      });
      assert.equal(bad.statusCode, 400);
    });

    it('gives the metrics per environment with what each figure used', async () => {
      const url = `/api/v1/workloads/${workload}/delivery/metrics?to=2026-03-10T00:00:00Z&days=14&weeks=2`;
      const r = await app.inject({ method: 'GET', url, headers: viewer });
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json();
      const prod = body.environments.find((e: { environment: string }) => e.environment === 'production');
      // GitHub 1204 (4 Mar), GitLab 7731 (6 Mar), Azure 7780 (8 Mar) and run-2210 (9 Mar), generic rel-7 (6 Mar).
      assert.equal(prod.deploymentFrequency.deployments, 5);
      assert.equal(prod.changeFailureRate.failing, 1);
      const failed = prod.changeFailureRate.used[0];
      assert.equal(failed.deployment, 'generic:rel-7');
      assert.deepEqual(failed.incidents, ['generic:INC-9']);
      const inc = prod.incidents.find((i: { id: string }) => i.id === 'INC-9');
      assert.equal(inc.rule, 'latest-before');
      assert.match(inc.link, /rel-7 .* 1\.0 h earlier, within the 24 h horizon/);
      assert.equal(prod.recoveryTime.recovered[0].hours, 3.5);
      assert.equal(prod.trend.length, 2);
      assert.equal(
        prod.trend.reduce((n: number, p: { deployments: number }) => n + p.deployments, 0),
        5,
      );
      assert.equal((await app.inject({ method: 'GET', url, headers: outsider })).statusCode, 404);
      const badQuery = await app.inject({
        method: 'GET',
        url: `${url.split('?')[0]}?days=0`,
        headers: viewer,
      });
      assert.equal(badQuery.statusCode, 400);
    });
  });
}

describe('measured suggestions through the API', () => {
  it("suggests from recent deployments and a recent health evaluation, leaving a person's answer alone", async () => {
    const { openStore } = await import('../store/index.js');
    const { tempDir } = await import('../testing/index.js');
    const store = await openStore({ sqliteFile: join(tempDir(), 'suggest.db') });
    const app = await buildServer({ store, models, auth: 'single-user' });
    try {
      const id = (
        await app.inject({ method: 'POST', url: '/api/v1/workloads', payload: { name: 'shop' } })
      ).json().id;
      const person = await app.inject({
        method: 'PUT',
        url: `/api/v1/workloads/${id}/answers/oe.4.build-optimization.small-updates`,
        payload: { status: 'not-met', note: 'we batch monthly', revision: 0 },
      });
      assert.equal(person.statusCode, 200, person.body);
      const now = Date.now();
      const events = Array.from({ length: 20 }, (_, i) => ({
        type: 'deployment',
        id: `rel-${i}`,
        environment: 'production',
        status: 'success',
        time: new Date(now - (i * 3 + 1) * 86_400_000).toISOString(),
        commits: [
          {
            sha: (i + 1).toString(16).padStart(40, 'b'),
            time: new Date(now - (i * 3 + 2) * 86_400_000).toISOString(),
          },
        ],
      }));
      const posted = await app.inject({
        method: 'POST',
        url: `/api/v1/workloads/${id}/delivery/events`,
        payload: { events },
      });
      assert.equal(posted.statusCode, 201, posted.body);
      await app.inject({
        method: 'PUT',
        url: `/api/v1/workloads/${id}/health`,
        payload: {
          formatVersion: 1,
          workload: 'shop',
          state: 'healthy',
          reason: 'ok',
          evaluatedAt: new Date(now - 3_600_000).toISOString(),
          components: [],
        },
      });
      const r = await app.inject({ method: 'GET', url: `/api/v1/workloads/${id}/delivery/suggestions` });
      assert.equal(r.statusCode, 200, r.body);
      const byId = new Map(r.json().suggestions.map((s: { practiceId: string }) => [s.practiceId, s]));
      const small = byId.get('oe.4.build-optimization.small-updates') as {
        status: string;
        evidence: string[];
      };
      assert.equal(small.status, 'met');
      assert.match(small.evidence[0] ?? '', /a week: 1\.56 in 90 days to production/);
      assert.equal((byId.get('oe.3.health-model.roll-up') as { status: string }).status, 'met');
      const answers = (await app.inject({ method: 'GET', url: `/api/v1/workloads/${id}/answers` })).json()
        .answers;
      assert.deepEqual(
        answers.map((a: { practiceId: string; status: string; source: string }) => [
          a.practiceId,
          a.status,
          a.source,
        ]),
        [['oe.4.build-optimization.small-updates', 'not-met', 'person']],
      );
    } finally {
      await app.close();
      await store.close();
    }
  });
});
