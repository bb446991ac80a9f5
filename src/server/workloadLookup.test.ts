import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Actor, openStore, type Store } from '../store/index.js';
import { tempDir } from '../testing/index.js';
import { workloadLookup, workloadParam } from './workloadLookup.js';

describe('workload lookup', () => {
  it('knows which path parameter names a workload', () => {
    assert.equal(workloadParam('/api/v1/workloads/:id'), 'id');
    assert.equal(workloadParam('/api/v1/workloads/:id/answers/:practiceId'), 'id');
    assert.equal(workloadParam('/api/v1/delivery/:workloadId/events'), 'workloadId');
    assert.equal(workloadParam('/api/v1/workloads/:workloadId/perf-runs/:id'), 'workloadId');
    // An :id that is not a workload's is left alone.
    assert.equal(workloadParam('/api/v1/perf-runs/:id'), undefined);
    assert.equal(workloadParam('/api/v1/workloads'), undefined);
    assert.equal(workloadParam('/api/v1/workloads/:identity'), undefined);
  });

  describe('as a pre-handler', () => {
    let store: Store;
    let app: FastifyInstance;
    let id: string;
    const t1: Actor = { teamId: 't1', name: 'ann', role: 'editor' };
    const t2: Actor = { teamId: 't2', name: 'bob', role: 'editor' };
    let calls = 0;
    const seen: string[] = [];
    before(async () => {
      store = await openStore({ sqliteFile: join(tempDir(), 'lookup.db') });
      await store.ensureTeam('t1');
      await store.ensureTeam('t2');
      id = (await store.createWorkload(t1, { name: 'checkout' }, {})).id;
      app = Fastify();
      app.decorateRequest('actor');
      app.addHook('onRequest', async (req) => {
        req.actor = req.headers['x-team'] === 't2' ? t2 : t1;
      });
      workloadLookup(app, store);
      app.get('/workloads/:id', async (req) => {
        calls++;
        return { name: req.workload.name };
      });
      // A route's own pre-handler already sees the workload.
      app.get(
        '/workloads/:id/own',
        {
          preHandler: async (req) => {
            seen.push(req.workload.id);
          },
        },
        async () => ({ seen }),
      );
      app.get('/things/:id', async (req) => ({ name: req.workload.name }));
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    it("hands the handler the caller's workload", async () => {
      const r = await app.inject(`/workloads/${id}`);
      assert.equal(r.statusCode, 200);
      assert.deepEqual(r.json(), { name: 'checkout' });
    });

    it("answers 404 for another team's workload and for none, before the handler runs", async () => {
      const before = calls;
      const other = await app.inject({ url: `/workloads/${id}`, headers: { 'x-team': 't2' } });
      assert.equal(other.statusCode, 404);
      assert.match(other.json().message, /workload not found/);
      const none = await app.inject(`/workloads/${crypto.randomUUID()}`);
      assert.equal(none.statusCode, 404);
      assert.equal(calls, before, 'the handler never ran');
    });

    it("runs before the route's own pre-handlers", async () => {
      const r = await app.inject(`/workloads/${id}/own`);
      assert.deepEqual(r.json(), { seen: [id] });
    });

    it('refuses to be read on a route without a workload in its path', async () => {
      const r = await app.inject(`/things/${id}`);
      assert.equal(r.statusCode, 500);
      assert.match(r.json().message, /\/things\/:id has no workload in its path/);
    });
  });
});
