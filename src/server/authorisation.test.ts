/**
 * Authentication, roles and team isolation on every route the server publishes, on both
 * databases: each route is asked by no token, a forged token, each role, and an admin of
 * another team. The number of checks made is printed as a diagnostic.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { exportAll, ROLES } from '../store/index.js';
import { storeBackends } from '../testing/backends.js';
import {
  type ApiFixture,
  apiFixture,
  apiOperations,
  type Operation,
  operationUrl,
  sampleBodies,
} from '../testing/server.js';

const models = new ModelSet(loadBuiltinModels());
const stripTime = ({ exportedAt: _, ...rest }: { exportedAt: string }) => rest;
const RANK = Object.fromEntries(ROLES.map((r, i) => [r, i]));

const backends = storeBackends('authz');

for (const [name, open] of backends) {
  describe(`authorisation on every route, ${name}`, () => {
    let fx: ApiFixture;
    let ops: Operation[];
    before(async () => {
      fx = await apiFixture(await open(), models);
      ops = await apiOperations(fx.app);
    });
    after(() => fx?.close());

    it('asks for a token, then for the role each route declares', async (t) => {
      const samples = sampleBodies();
      const nowhere = { ...fx.params, id: crypto.randomUUID() };
      let checks = 0;
      assert.ok(ops.length >= 20, `found ${ops.length} routes`);
      for (const op of ops) {
        const body = samples[op.key];
        const url = operationUrl(op, nowhere, crypto.randomUUID());
        const none = await fx.call(op.method, url, undefined, body);
        assert.equal(none.statusCode, 401, `${op.key} without a token`);
        const forged = await fx.app.inject({
          method: op.method,
          url,
          headers: { authorization: `Bearer wmk_00000000_${'A'.repeat(43)}` },
        });
        assert.equal(forged.statusCode, 401, `${op.key} with a forged token`);
        checks += 2;
        for (const role of ROLES) {
          const r = await fx.call(op.method, url, role, body);
          if ((RANK[role] ?? 0) < (RANK[op.role] ?? 0)) {
            assert.equal(r.statusCode, 403, `${op.key} as ${role}`);
            assert.match(r.json().message, new RegExp(`needs the ${op.role} role`));
          } else {
            assert.ok(![401, 403].includes(r.statusCode), `${op.key} as ${role}: ${r.statusCode} ${r.body}`);
          }
          checks++;
        }
      }
      t.diagnostic(`role checks: ${checks} over ${ops.length} routes`);
    });

    it("never shows or changes another team's data, whatever the route", async (t) => {
      const samples = sampleBodies();
      const before = stripTime(await exportAll(fx.store));
      let checks = 0;
      for (const op of ops) {
        if (!op.path.includes('{id}')) continue;
        const r = await fx.call(
          op.method,
          operationUrl(op, fx.params, crypto.randomUUID()),
          'other',
          samples[op.key],
        );
        assert.equal(r.statusCode, 404, `${op.key} by another team: ${r.body}`);
        assert.doesNotMatch(r.body, new RegExp(fx.params.id ?? 'x'), 'the answer does not echo the workload');
        checks++;
      }
      // Lists show the other team nothing of team t1.
      const lists = await Promise.all(
        ['/api/v1/workloads', '/api/v1/portfolio', '/api/v1/portfolio/heatmap', '/api/v1/audit'].map((u) =>
          fx.call('GET', u, 'other'),
        ),
      );
      for (const r of lists) {
        assert.equal(r.statusCode, 200, r.body);
        assert.doesNotMatch(r.body, /checkout|t1/, r.body.slice(0, 200));
        checks++;
      }
      assert.deepEqual(
        stripTime(await exportAll(fx.store)),
        before,
        "another team's requests changed nothing",
      );
      checks++;
      t.diagnostic(`cross-team checks: ${checks}`);
    });
  });
}
