/** Issue 18, defect 8: what a dependency's state does to its dependent, per dependency. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateHealth } from './evaluate.js';
import { gateVerdict } from './gate.js';
import { parseHealthModel } from './modelFile.js';
import type { HealthReport } from './report.js';
import type { MetricSource, QueryOutcome } from './sources/types.js';

/** api depends on db as `dependsOn` says; db's one signal reads `dbValue` (null: cannot be read). */
const model = (dependsOn: string) =>
  parseHealthModel(
    `version: 1
workload: shop
components:
  - id: api
    critical: true
    dependsOn: ${dependsOn}
    signals:
      - { id: errors, metric: api_errors, unit: ratio, thresholds: { degraded: 0.01, unhealthy: 0.05, reason: r } }
  - id: db
    signals:
      - { id: lag, metric: db_lag, unit: s, thresholds: { degraded: 5, unhealthy: 30, reason: r } }
`,
    'p.yaml',
    '.',
  );

const source = (dbValue: number | null): MetricSource => ({
  description: 'test',
  open: () => ({
    query: async (req): Promise<QueryOutcome> =>
      req.key === 'db.lag' && dbValue === null
        ? { ok: false, problem: 'down', reason: 'db exporter down' }
        : { ok: true, series: [{ labels: {}, values: [req.key === 'db.lag' ? (dbValue ?? 0) : 0] }] },
  }),
});

const api = (r: HealthReport) => r.components.find((c) => c.id === 'api');
const states = async (dependsOn: string) => {
  const m = model(dependsOn);
  const out: Record<string, string> = {};
  for (const [db, v] of [
    ['degraded', 10],
    ['unknown', null],
    ['unhealthy', 60],
  ] as const)
    out[db] = api(await evaluateHealth(m, { source: source(v) }))?.state ?? '?';
  return out;
};

describe('propagation per dependency (issue 18, defect 8)', () => {
  it("by default only an unhealthy dependency carries, as degraded (today's rule)", async () => {
    assert.deepEqual(await states('[db]'), {
      degraded: 'healthy',
      unknown: 'healthy',
      unhealthy: 'degraded',
    });
  });

  it('propagate: same carries every state; none carries nothing', async () => {
    assert.deepEqual(await states('[{ id: db, propagate: same }]'), {
      degraded: 'degraded',
      unknown: 'unknown',
      unhealthy: 'unhealthy',
    });
    assert.deepEqual(await states('[{ id: db, propagate: none }]'), {
      degraded: 'healthy',
      unknown: 'healthy',
      unhealthy: 'healthy',
    });
  });

  it('a mapping says it per state, and the reason and the gate follow it', async () => {
    assert.deepEqual(await states('[{ id: db, propagate: { unknown: degraded, unhealthy: unhealthy } }]'), {
      degraded: 'healthy',
      unknown: 'degraded',
      unhealthy: 'unhealthy',
    });
    const m = model('[{ id: db, propagate: { degraded: degraded } }]');
    const r = await evaluateHealth(m, { source: source(10) });
    assert.equal(api(r)?.reason, 'depends on db, which is degraded');
    assert.deepEqual(api(r)?.decidedBy, { kind: 'dependency', id: 'db' });
    assert.deepEqual(api(r)?.dependsOn, ['db']);
    assert.equal(r.state, 'degraded');
    assert.equal(gateVerdict(r, { failOn: 'degraded' }).outcome, 'degraded');
  });

  it('a wrong propagate is refused with its line; an unknown dependency in the long form too', () => {
    assert.throws(() => model('[{ id: db, propagate: sometimes }]'), /p\.yaml:6:\d+: /);
    assert.throws(() => model('[{ id: db, propagate: { degraded: worse } }]'), /p\.yaml:6:\d+: /);
    assert.throws(() => model('[{ id: dbb, propagate: same }]'), /p\.yaml:6:\d+: unknown component "dbb"/);
  });
});
