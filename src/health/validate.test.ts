/**
 * Issue 18, defect 6: a counter read without rate() is refused by the metric's type (Prometheus'
 * metadata, a page's # TYPE), PromQL is parsed by `health validate` and every query dry-run, and a
 * model's problems are reported in one round. The target is Debian's real node_exporter.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InputErrors } from '../diagnostics/index.js';
import { tempDir } from '../testing/index.js';
import { evaluateHealth } from './evaluate.js';
import { parseHealthModel } from './modelFile.js';
import { checkPromql } from './promql.js';
import type { HealthReport } from './report.js';
import { prometheusApiSource, textEndpointSource } from './sources/index.js';
import { runHealthCli } from './testSupport/cli.js';
import { type RunningExporter, startNodeExporter } from './testSupport/nodeExporter.js';
import { type RunningPrometheus, startPrometheus, waitFor } from './testSupport/prometheus.js';

const signals = `
      - { id: raw-query, query: 'node_cpu_seconds_total{cpu="0",mode="idle"}', unit: ratio, thresholds: { degraded: 0.8, reason: r } }
      - { id: raw-metric, metric: node_cpu_seconds_total, labels: { cpu: "0", mode: idle }, unit: ratio, thresholds: { degraded: 0.8, reason: r } }
      - { id: busy, query: '1 - avg(rate(node_cpu_seconds_total{mode="idle"}[10s]))', unit: ratio, thresholds: { degraded: 0.95, reason: r } }
      - { id: cpus, query: 'count(node_cpu_seconds_total{mode="idle"})', unit: cpus, thresholds: { direction: below, degraded: 1, reason: r } }
      - { id: load, metric: node_load1, unit: load, thresholds: { degraded: 1000, reason: r } }`;

const yaml = (source: string, body = signals) => `version: 1
workload: host
${source}
components:
  - id: node
    signals:${body}
`;

let exporter: RunningExporter;
let prom: RunningPrometheus;
let dir: string;
const byId = (r: HealthReport) => Object.fromEntries(r.components[0]?.signals.map((s) => [s.id, s]) ?? []);

describe('counters, validate and one round of errors (issue 18, defect 6)', { timeout: 60_000 }, () => {
  before(async () => {
    exporter = await startNodeExporter();
    prom = await startPrometheus([exporter.target]);
    dir = tempDir('waymark-health-validate-');
    await waitFor('two scrapes of node_exporter', 20_000, async () => {
      const r = await fetch(
        `${prom.url}/api/v1/query?query=${encodeURIComponent('count_over_time(node_load1[10s])')}`,
      );
      const body = (await r.json()) as { data?: { result?: { value: [number, string] }[] } };
      return Number(body.data?.result?.[0]?.value[1] ?? 0) >= 2;
    });
  });
  after(async () => {
    await prom?.stop();
    await exporter?.stop();
  });

  it("Prometheus' metadata: a raw counter is refused, its rate() and count() are read", async () => {
    const model = parseHealthModel(yaml(''), join(dir, 'm.yaml'));
    const r = byId(await evaluateHealth(model, { source: prometheusApiSource(prom.url) }));
    for (const id of ['raw-query', 'raw-metric']) {
      assert.equal(r[id]?.state, 'unknown', id);
      assert.equal(r[id]?.problem, 'counter', id);
      assert.match(
        r[id]?.reason ?? '',
        /^node_cpu_seconds_total is a counter .*rate\(node_cpu_seconds_total\[5m\]\)/,
      );
    }
    assert.equal(r.busy?.problem, undefined, r.busy?.reason);
    assert.ok((r.busy?.value ?? -1) >= 0 && (r.busy?.value ?? 2) <= 1, r.busy?.reason);
    assert.ok((r.cpus?.value ?? 0) >= 1, r.cpus?.reason);
    assert.equal(r.load?.state, 'healthy', r.load?.reason);
  });

  it("a metrics page's # TYPE: the same counter refused from node_exporter's own page", async () => {
    const model = parseHealthModel(
      yaml(
        '',
        `\n      - { id: raw, metric: node_cpu_seconds_total, labels: { cpu: "0", mode: idle }, unit: s, thresholds: { degraded: 1, reason: r } }`,
      ),
      join(dir, 'p.yaml'),
    );
    const r = byId(await evaluateHealth(model, { source: textEndpointSource(`${exporter.url}/metrics`) }));
    assert.equal(r.raw?.problem, 'counter');
    const allowed = parseHealthModel(
      yaml(
        '',
        `\n      - { id: raw, metric: node_cpu_seconds_total, labels: { cpu: "0", mode: idle }, rawCounter: true, unit: s, thresholds: { degraded: 1e12, reason: r } }`,
      ),
      join(dir, 'p.yaml'),
    );
    const a = byId(await evaluateHealth(allowed, { source: textEndpointSource(`${exporter.url}/metrics`) }));
    assert.equal(a.raw?.state, 'healthy', 'rawCounter: true reads it as it is');
  });

  it('validate parses PromQL without a server and reports the line', async () => {
    writeFileSync(
      join(dir, 'syntax.yaml'),
      yaml(
        '',
        `\n      - { id: ok, query: 'sum(up)', unit: x, thresholds: { degraded: 1, reason: r } }\n      - { id: bad, query: 'sum(rate(up[5m])', unit: x, thresholds: { degraded: 1, reason: r } }`,
      ),
    );
    const r = await runHealthCli(['validate', '-m', 'syntax.yaml'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /syntax\.yaml:8:\d+: PromQL syntax error at column 17, near the end/);
    assert.deepEqual(checkPromql('sum(up)'), { instantMetrics: ['up'] });
  });

  it('validate dry-runs every query: counters and refusals with their lines; exit 3 when the source is down', async () => {
    writeFileSync(
      join(dir, 'dry.yaml'),
      yaml(
        `source: { prometheus: "${prom.url}" }`,
        `${signals}\n      - { id: refused, query: 'rate(node_load1[5m]', unit: x, thresholds: { degraded: 1, reason: r } }`,
      ),
    );
    const parsedOnly = await runHealthCli(['validate', '-m', 'dry.yaml', '--no-dry-run'], dir);
    assert.equal(parsedOnly.code, 2, 'the syntax error is caught without the server');
    writeFileSync(join(dir, 'dry.yaml'), yaml(`source: { prometheus: "${prom.url}" }`));
    const r = await runHealthCli(['validate', '-m', 'dry.yaml'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /dry\.yaml:7:\d+: node\.raw-query: node_cpu_seconds_total is a counter/);
    assert.match(r.stderr, /dry\.yaml:8:\d+: node\.raw-metric: node_cpu_seconds_total is a counter/);
    assert.doesNotMatch(r.stderr, /node\.(busy|cpus|load)/);
    writeFileSync(
      join(dir, 'good.yaml'),
      yaml(
        `source: { prometheus: "${prom.url}" }`,
        signals.split('\n').slice(3).join('\n').replace(/^/, '\n'),
      ),
    );
    const good = await runHealthCli(['validate', '-m', 'good.yaml'], dir);
    assert.equal(good.code, 0, good.stderr);
    assert.match(
      good.stdout,
      /good\.yaml: valid: 1 components, 3 signals; every query gave a value from Prometheus at/,
    );
    const down = await runHealthCli(['validate', '-m', 'good.yaml', '-s', 'http://127.0.0.1:9'], dir);
    assert.equal(down.code, 3, down.stderr);
    assert.match(down.stderr, /the dry run could not reach the source: cannot reach/);
  });

  it('a model is checked in one round: a wrong field and an unknown reference together', () => {
    const text = `version: 1
workload: w
components:
  - id: api
    dependsOn: [dbb]
    signals:
      - { id: s, metric: m, thresholds: { degraded: 1, reason: r } }
  - id: db
    signals:
      - { id: s, metric: m, unit: x, thresholds: { degraded: 1, reason: r } }
`;
    assert.throws(
      () => parseHealthModel(text, 'w.yaml', '.'),
      (err: unknown) => {
        assert.ok(err instanceof InputErrors);
        const messages = err.errors.map((e) => e.format());
        assert.ok(
          messages.some((m) => /w\.yaml:7:\d+: .*unit/.test(m)),
          messages.join('\n'),
        );
        assert.ok(
          messages.some((m) => /w\.yaml:5:\d+: unknown component "dbb"/.test(m)),
          messages.join('\n'),
        );
        return true;
      },
    );
  });
});
