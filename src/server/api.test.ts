import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { exportAll, openStore, type Store } from '../store/index.js';
import { storeBackends } from '../testing/backends.js';
import { tempDir } from '../testing/index.js';
import { buildServer } from './app.js';

const models = new ModelSet(loadBuiltinModels());
const stripTime = ({ exportedAt: _, ...rest }: { exportedAt: string }) => rest;

const backends = storeBackends('api');

for (const [name, open] of backends) {
  describe(`API on ${name}`, () => {
    let store: Store;
    let app: FastifyInstance;
    const tok: Record<string, string> = {};
    let workloadId = '';

    const call = (method: string, url: string, token?: string, payload?: unknown) =>
      app.inject({
        method: method as 'GET',
        url: `/api/v1${url}`,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

    before(async () => {
      store = await open();
      app = await buildServer({ store, models, auth: 'tokens', rateLimit: 100_000 });
      for (const [who, team, role] of [
        ['viewer', 't1', 'viewer'],
        ['editor', 't1', 'editor'],
        ['admin', 't1', 'admin'],
        ['other', 't2', 'admin'],
      ] as const) {
        tok[who] = (await store.createToken(team, role, who)).token;
      }
      const created = await call('POST', '/workloads', tok.editor, {
        name: 'checkout',
        criticality: 'high',
        tags: ['pci'],
      });
      assert.equal(created.statusCode, 201, created.body);
      workloadId = created.json().id;
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    it('requires a valid token on every API route', async () => {
      for (const url of ['/workloads', `/workloads/${workloadId}`, '/portfolio', '/models']) {
        const none = await call('GET', url);
        assert.equal(none.statusCode, 401, url);
        assert.equal(none.json().error, 'unauthorized');
        assert.equal(
          (await call('GET', url, 'wmk_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode,
          401,
        );
      }
    });

    it('enforces roles: viewers read, editors write, admins read the audit log', async () => {
      assert.deepEqual((await call('GET', '/me', tok.viewer)).json(), {
        team: 't1',
        name: 'viewer',
        role: 'viewer',
      });
      assert.equal((await call('GET', `/workloads/${workloadId}`, tok.viewer)).statusCode, 200);
      const put = await call('PUT', `/workloads/${workloadId}/answers/oe.1.iac.declarative`, tok.viewer, {
        status: 'met',
        revision: 0,
      });
      assert.equal(put.statusCode, 403);
      assert.match(put.json().message, /needs the editor role/);
      assert.equal((await call('POST', '/workloads', tok.viewer, { name: 'x' })).statusCode, 403);
      assert.equal((await call('GET', '/audit', tok.editor)).statusCode, 403);
      assert.equal((await call('DELETE', `/workloads/${workloadId}`, tok.editor)).statusCode, 403);
      const audit = await call('GET', '/audit', tok.admin);
      assert.equal(audit.statusCode, 200);
      assert.ok(audit.json().entries.some((e: { action: string }) => e.action === 'workload.create'));
    });

    it("never shows or changes another team's workload", async () => {
      assert.equal((await call('GET', `/workloads/${workloadId}`, tok.other)).statusCode, 404);
      assert.deepEqual((await call('GET', '/workloads', tok.other)).json(), { workloads: [] });
      const before = stripTime(await exportAll(store));
      for (const [method, url, body] of [
        ['PUT', `/workloads/${workloadId}/answers/oe.1.iac.declarative`, { status: 'met', revision: 0 }],
        ['PATCH', `/workloads/${workloadId}`, { name: 'mine now' }],
        ['DELETE', `/workloads/${workloadId}`, undefined],
        ['POST', `/workloads/${workloadId}/milestones`, { name: 'x' }],
      ] as const) {
        const r = await call(method, url, tok.other, body);
        assert.equal(r.statusCode, 404, `${method} ${url}`);
      }
      assert.deepEqual(stripTime(await exportAll(store)), before);
    });

    it('answers 4xx with a JSON error and changes nothing on bad input', async () => {
      const before = stripTime(await exportAll(store));
      const url = `/workloads/${workloadId}/answers/oe.1.iac.declarative`;
      const cases: [unknown, number, RegExp][] = [
        [{ status: 'done', revision: 0 }, 400, /status/],
        [{ status: 'met' }, 400, /revision/],
        [{ status: 'met', revision: 0, extra: 1 }, 400, /additional/i],
        [{ status: 'not-applicable', revision: 0 }, 400, /needs a reason/],
        [{ status: 'met', revision: -1 }, 400, /revision/],
      ];
      for (const [body, code, message] of cases) {
        const r = await call('PUT', url, tok.editor, body);
        assert.equal(r.statusCode, code, JSON.stringify(body));
        assert.match(r.json().message, message);
      }
      const unknown = await call('PUT', `/workloads/${workloadId}/answers/oe.1.iac.declarativ`, tok.editor, {
        status: 'met',
        revision: 0,
      });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.json().message, /did you mean "oe\.1\.iac\.declarative"/);
      const malformed = await app.inject({
        method: 'PUT',
        url: `/api/v1${url}`,
        headers: { authorization: `Bearer ${tok.editor}`, 'content-type': 'application/json' },
        payload: '{"status": "met", ',
      });
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json().error, 'bad_request');
      const huge = await call('POST', '/workloads', tok.editor, { name: 'x'.repeat(2 * 1024 * 1024) });
      assert.equal(huge.statusCode, 413);
      assert.equal(huge.json().error, 'payload_too_large');
      assert.equal((await call('GET', '/workloads/not-a-uuid', tok.editor)).statusCode, 400);
      assert.equal((await call('GET', '/nothing-here', tok.editor)).statusCode, 404);
      assert.deepEqual(stripTime(await exportAll(store)), before);
    });

    it('answers 409, not 500, when a name is taken, however the request gets there', async () => {
      const other = await call('POST', '/workloads', tok.editor, { name: 'taken' });
      assert.equal(other.statusCode, 201, other.body);
      const renamed = await call('PATCH', `/workloads/${workloadId}`, tok.editor, { name: 'taken' });
      assert.equal(renamed.statusCode, 409, renamed.body);
      assert.match(renamed.json().message, /a workload named "taken" already exists/);
      assert.equal((await call('GET', `/workloads/${workloadId}`, tok.viewer)).json().name, 'checkout');
      // Racing creates pass the name check together; the database's unique key decides.
      const racing = await Promise.all(
        Array.from({ length: 6 }, () => call('POST', '/workloads', tok.editor, { name: 'racing' })),
      );
      assert.deepEqual(racing.map((r) => r.statusCode).sort(), [201, 409, 409, 409, 409, 409]);
      for (const r of racing.filter((r) => r.statusCode === 409)) assert.equal(r.json().error, 'conflict');
      for (const r of [other, racing.find((r) => r.statusCode === 201)])
        assert.equal((await call('DELETE', `/workloads/${r?.json().id}`, tok.admin)).statusCode, 204);
    });

    it('refuses a health report whose changes could not be recorded', async () => {
      const before = stripTime(await exportAll(store));
      const report = {
        formatVersion: 1,
        workload: 'checkout',
        state: 'unhealthy',
        reason: 'api down',
        evaluatedAt: '2024-05-01T12:00:00Z',
        // A change of state is kept with its reason: a component or signal without one is refused.
        components: [{ id: 'api', state: 'unhealthy', signals: [] }],
      };
      const r = await call('PUT', `/workloads/${workloadId}/health`, tok.editor, report);
      assert.equal(r.statusCode, 400, r.body);
      assert.match(r.json().message, /body\/components\/0 must have required property 'reason'/);
      const signal = { id: 's', key: 'api.s', state: 'unhealthy' };
      const r2 = await call('PUT', `/workloads/${workloadId}/health`, tok.editor, {
        ...report,
        components: [{ id: 'api', state: 'unhealthy', reason: 'r', signals: [signal] }],
      });
      assert.equal(r2.statusCode, 400, r2.body);
      assert.deepEqual(stripTime(await exportAll(store)), before);
    });

    it('rejects a stale revision with 409 and the current answer', async () => {
      const url = `/workloads/${workloadId}/answers/oe.1.iac.declarative`;
      const first = await call('PUT', url, tok.editor, {
        status: 'partial',
        note: 'half the resources',
        revision: 0,
      });
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().answer.revision, 1);
      const stale = await call('PUT', url, tok.admin, { status: 'not-met', revision: 0 });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().current.status, 'partial');
      assert.equal(stale.json().current.author, 'editor');
      const ok = await call('PUT', url, tok.admin, { status: 'met', revision: 1 });
      assert.equal(ok.json().answer.revision, 2);
      const answers = (await call('GET', `/workloads/${workloadId}/answers`, tok.viewer)).json().answers;
      assert.deepEqual(
        answers.map((a: { practiceId: string; status: string; author: string }) => [
          a.practiceId,
          a.status,
          a.author,
        ]),
        [['oe.1.iac.declarative', 'met', 'admin']],
      );
    });

    it('scores, snapshots milestones, diffs them and keeps history', async () => {
      const oe = [...models.practices(models.model('oe'))].filter((r) => r.level.level === 1);
      const m1 = await call('POST', `/workloads/${workloadId}/milestones`, tok.editor, { name: 'Q1' });
      assert.equal(m1.statusCode, 201);
      const current = (await call('GET', `/workloads/${workloadId}/answers`, tok.viewer)).json().answers as {
        practiceId: string;
        revision: number;
      }[];
      for (const ref of oe) {
        const revision = current.find((a) => a.practiceId === ref.practice.id)?.revision ?? 0;
        const r = await call('PUT', `/workloads/${workloadId}/answers/${ref.practice.id}`, tok.editor, {
          status: 'met',
          revision,
        });
        assert.equal(r.statusCode, 200, r.body);
      }
      const score = (await call('GET', `/workloads/${workloadId}/score`, tok.viewer)).json();
      assert.equal(score.pillars[0].level, 1);
      const planned = score.plan.map((i: { pillar: string; level: number }) => `${i.pillar}${i.level}`);
      assert.ok(
        !planned.includes('oe1') && planned.includes('oe2') && planned[0] === 'pe1',
        planned.slice(0, 3).join(),
      );
      const m2 = await call('POST', `/workloads/${workloadId}/milestones`, tok.editor, { name: 'Q2' });
      const diff = await call(
        'GET',
        `/workloads/${workloadId}/milestones/diff?from=${m1.json().id}&to=${m2.json().id}`,
        tok.viewer,
      );
      assert.equal(diff.statusCode, 200, diff.body);
      assert.deepEqual(diff.json().levels, [
        { key: 'oe', from: 0, to: 1 },
        { key: 'pe', from: 0, to: 0 },
      ]);
      assert.equal(diff.json().moved.length, oe.length - 1, 'the one practice already met did not move');
      const history = (await call('GET', `/workloads/${workloadId}/history`, tok.viewer)).json();
      assert.deepEqual(
        history.points.map((p: { name: string; pillars: { level: number }[] }) => [
          p.name,
          p.pillars[0]?.level,
        ]),
        [
          ['Q1', 0],
          ['Q2', 1],
          ['now', 1],
        ],
      );
      // Milestones are snapshots: later answers do not change them.
      const undo = await call('PUT', `/workloads/${workloadId}/answers/${oe[0]?.practice.id}`, tok.editor, {
        status: 'not-met',
        revision: 1,
      });
      assert.equal(undo.statusCode, 200, undo.body);
      const q2 = (
        await call('GET', `/workloads/${workloadId}/milestones/${m2.json().id}`, tok.viewer)
      ).json();
      assert.equal(q2.snapshot.summary.pillars[0].level, 1);
    });

    it('summarises the portfolio across workloads, fresh after every change', async () => {
      const cached = (await call('GET', '/portfolio', tok.viewer)).json();
      assert.deepEqual(cached.distribution.oe, [1, 0, 0, 0, 0, 0]);
      const second = (await call('POST', '/workloads', tok.editor, { name: 'search' })).json();
      const p = (await call('GET', '/portfolio', tok.viewer)).json();
      assert.deepEqual(p.workloads.map((w: { name: string }) => w.name).sort(), ['checkout', 'search']);
      assert.deepEqual(p.distribution.oe, [2, 0, 0, 0, 0, 0]);
      assert.equal(p.topBlocking[0].workloads, 2);
      assert.ok(second.id);
    });

    it('publishes OpenAPI, health, readiness and metrics', async () => {
      const doc = (await app.inject({ url: '/openapi.json' })).json();
      assert.equal(doc.openapi.startsWith('3.'), true);
      assert.ok(doc.paths['/api/v1/workloads/{id}/answers/{practiceId}'].put.requestBody);
      assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
      assert.deepEqual((await app.inject({ url: '/readyz' })).json(), { status: 'ready' });
      const metrics = (await app.inject({ url: '/metrics' })).body;
      assert.match(
        metrics,
        /waymark_http_request_duration_seconds_count\{method="PUT",route="\/api\/v1\/workloads\/:id\/answers\/:practiceId",status="409"\} 1/,
      );
    });

    it('sets security headers', async () => {
      const r = await app.inject({ url: '/healthz' });
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.match(String(r.headers['content-security-policy']), /default-src 'self'/);
    });
  });
}

describe('API rate limit', () => {
  it('answers 429 past the limit', async () => {
    const store = await openStore({ sqliteFile: join(tempDir(), 'rl.db') });
    const app = await buildServer({ store, models, auth: 'single-user', rateLimit: 3 });
    try {
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await app.inject({ url: '/api/v1/workloads' })).statusCode);
      assert.deepEqual(codes, [200, 200, 200, 429, 429]);
    } finally {
      await app.close();
      await store.close();
    }
  });

  it('counts requests without a token by the forwarded client only behind a trusted balancer', async () => {
    const store = await openStore({ sqliteFile: join(tempDir(), 'rl-proxy.db') });
    const codes = async (trustProxy: string[] | undefined) => {
      const app = await buildServer({ store, models, auth: 'tokens', rateLimit: 2, trustProxy });
      try {
        const seen = [];
        for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
          const res = await app.inject({
            url: '/healthz',
            remoteAddress: '10.0.0.5',
            headers: { 'x-forwarded-for': client },
          });
          seen.push(res.statusCode);
        }
        return seen;
      } finally {
        await app.close();
      }
    };
    try {
      // Unknown balancer: its forwarded header is ignored, so three clients share one counter.
      assert.deepEqual(await codes(undefined), [200, 200, 429]);
      assert.deepEqual(await codes(['10.0.0.0/24']), [200, 200, 200]);
      // A header from an address that is not a trusted balancer is not believed.
      assert.deepEqual(await codes(['10.9.0.0/16']), [200, 200, 429]);
      await assert.rejects(buildServer({ store, models, auth: 'single-user', trustProxy: ['10.0.0.5'] }));
    } finally {
      await store.close();
    }
  });
});
