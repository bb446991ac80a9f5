import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, tempDir } from '../testing/index.js';
import { evaluateHealth, mapLimit } from './evaluate.js';
import { type HealthModel, parseHealthModel } from './modelFile.js';
import type { HealthReport, SignalResult } from './report.js';
import { jsonValuesSource, type MetricSource, textEndpointSource } from './sources/index.js';

const FIX = join(REPO_ROOT, 'test/fixtures/health');
const modelText = readFileSync(join(FIX, 'waymark.health.yaml'), 'utf8');
const model = parseHealthModel(modelText, join(FIX, 'waymark.health.yaml'));
const baseValues = JSON.parse(readFileSync(join(FIX, 'values.json'), 'utf8')) as {
  values: Record<string, unknown>;
  series: { metric: string; labels?: Record<string, string>; value: unknown }[];
};

/** Evaluates the fixture model against a copy of values.json changed by `edit`. */
async function evalWith(edit: (v: typeof baseValues) => void, m: HealthModel = model): Promise<HealthReport> {
  const v = structuredClone(baseValues);
  edit(v);
  const file = join(tempDir('waymark-health-'), 'values.json');
  writeFileSync(file, JSON.stringify(v));
  return evaluateHealth(m, { source: jsonValuesSource(file) });
}

function signal(r: HealthReport, key: string): SignalResult {
  const s = r.components.flatMap((c) => c.signals).find((x) => x.key === key);
  assert.ok(s, `no signal ${key}`);
  return s;
}
const states = (r: HealthReport) =>
  Object.fromEntries([['workload', r.state], ...r.components.map((c) => [c.id, c.state])]);

describe('evaluate', () => {
  it('evaluates the fixture as healthy, with values and the threshold each stays clear of', async () => {
    const r = await evaluateHealth(model, { source: jsonValuesSource(join(FIX, 'values.json')) });
    assert.deepEqual(states(r), { workload: 'healthy', api: 'healthy', db: 'healthy', cache: 'healthy' });
    const lag = signal(r, 'db.replication-lag');
    assert.equal(lag.value, 2.5, 'max over the two replicas');
    assert.deepEqual(lag.threshold, { state: 'degraded', op: '>', value: 5, crossed: false });
    assert.equal(signal(r, 'cache.hit-ratio').reason, '0.93 ratio, above the degraded threshold of 0.8');
    assert.equal(r.formatVersion, 1);
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r, 'the report is plain JSON');
  });

  it('a critical component carries its state; the value and threshold say why', async () => {
    const r = await evalWith((v) => {
      const lag = v.series.find((s) => s.labels?.replica === 'b');
      if (lag) lag.value = 45;
    });
    assert.deepEqual(states(r), {
      workload: 'unhealthy',
      api: 'degraded',
      db: 'unhealthy',
      cache: 'healthy',
    });
    assert.equal(signal(r, 'db.replication-lag').reason, '45 s > 30 (unhealthy threshold)');
    assert.deepEqual(r.decidedBy, { kind: 'component', id: 'db' });
    const api = r.components.find((c) => c.id === 'api');
    assert.deepEqual(api?.decidedBy, { kind: 'dependency', id: 'db' });
    assert.equal(api?.ownState, 'healthy');
  });

  it('a non-critical component makes the workload at most degraded', async () => {
    const r = await evalWith((v) => {
      const c = v.series.find((s) => s.metric === 'cache_hit_ratio');
      if (c) c.value = 0.3;
    });
    assert.deepEqual(states(r), { workload: 'degraded', api: 'degraded', db: 'healthy', cache: 'unhealthy' });
    assert.match(r.reason, /degraded/);
  });

  it('NaN, no data, a missing label and several series make a signal unknown with the reason', async () => {
    const r = await evalWith((v) => {
      v.values['api.error-rate'] = 'NaN';
      v.series = v.series.filter(
        (s) => s.metric !== 'cache_hit_ratio' && s.metric !== 'http_request_duration_seconds',
      );
      v.series.push({ metric: 'http_request_duration_seconds', labels: { job: 'api' }, value: 0.2 });
      v.series.push({ metric: 'cache_hit_ratio', labels: { node: 'a' }, value: 0.9 });
      v.series.push({ metric: 'cache_hit_ratio', labels: { node: 'b' }, value: 0.9 });
    });
    assert.equal(signal(r, 'api.error-rate').problem, 'not-finite');
    assert.match(signal(r, 'api.error-rate').reason, /NaN/);
    assert.match(
      signal(r, 'api.latency-p99').reason,
      /missing label "quantile": series of http_request_duration_seconds have labels job/,
    );
    assert.equal(signal(r, 'cache.hit-ratio').problem, 'several-series');
    assert.match(
      signal(r, 'cache.hit-ratio').reason,
      /^2 series where one was expected \(\{node="a"\}, \{node="b"\}\)/,
    );
    assert.equal(r.state, 'unknown', 'unknown outranks healthy and degraded, never counts as healthy');
    const inf = await evalWith((v) => {
      v.values['api.error-rate'] = '+Inf';
    });
    assert.match(signal(inf, 'api.error-rate').reason, /\+Inf/);
    const none = await evalWith((v) => {
      v.values['api.error-rate'] = null;
    });
    assert.equal(signal(none, 'api.error-rate').problem, 'no-data');
  });

  it('rollUp.unknown: unhealthy makes an unreadable signal count as unhealthy', async () => {
    const pessimistic = parseHealthModel(
      modelText.replace('unknown: unknown', 'unknown: unhealthy'),
      join(FIX, 'm.yaml'),
    );
    const r = await evalWith((v) => {
      v.values['api.error-rate'] = null;
    }, pessimistic);
    assert.equal(signal(r, 'api.error-rate').state, 'unknown');
    assert.equal(r.components[0]?.state, 'unhealthy');
    assert.equal(r.state, 'unhealthy');
    assert.match(r.components[0]?.reason ?? '', /is unknown \(counts as unhealthy\)/);
  });

  it('a metrics page answers metric signals and says PromQL needs Prometheus', async () => {
    const r = await evaluateHealth(model, { source: textEndpointSource(join(FIX, 'metrics.prom')) });
    assert.equal(signal(r, 'api.error-rate').problem, 'unsupported');
    assert.match(signal(r, 'api.error-rate').reason, /cannot run PromQL/);
    assert.match(signal(r, 'db.replication-lag').reason, /no series named pg_replication_lag_seconds/);
  });

  it('keeps at most `concurrency` queries in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const source: MetricSource = {
      description: 'counting',
      open: () => ({
        async query() {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((r) => setTimeout(r, 5));
          inFlight--;
          return { ok: true, series: [{ labels: {}, values: [0] }] };
        },
      }),
    };
    const comps = Array.from({ length: 10 }, (_, i) => ({
      id: `c${i}`,
      critical: true,
      dependsOn: [],
      signals: Array.from({ length: 5 }, (_, j) => ({
        id: `s${j}`,
        metric: 'up',
        unit: 'x',
        thresholds: { direction: 'above' as const, unhealthy: 1, reason: 'r' },
      })),
    }));
    const big = { ...model, source: undefined, components: comps };
    const r = await evaluateHealth(big, { source, concurrency: 4 });
    assert.equal(peak, 4);
    assert.equal(r.components.flatMap((c) => c.signals).length, 50);
    assert.deepEqual(await mapLimit([3, 1, 2], 2, async (x) => x * 2), [6, 2, 4]);
  });
});
