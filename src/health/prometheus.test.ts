/**
 * Against a real Prometheus (Debian's package; CI installs it): the test serves a metrics page it
 * controls, Prometheus scrapes it every second, and the health model is evaluated through the
 * HTTP API while the values cross thresholds. Fails, never skips, when the binary is missing.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDir } from '../testing/index.js';
import { evaluateHealth } from './evaluate.js';
import { createSignalHold } from './hold.js';
import { type HealthModel, parseHealthModel } from './modelFile.js';
import { webhookNotifier } from './notify.js';
import type { HealthReport } from './report.js';
import { prometheusApiSource } from './sources/index.js';
import { runHealthCli } from './testSupport/cli.js';
import { serve, type TestServer } from './testSupport/http.js';
import { type RunningPrometheus, startPrometheus, waitFor } from './testSupport/prometheus.js';
import type { HealthNotification } from './watch.js';
import { watchHealth } from './watchLoop.js';

const values = { errors: 0.001, latency: 0.2 };
const page = () =>
  [
    '# TYPE app_error_ratio gauge',
    `app_error_ratio{service="api"} ${values.errors}`,
    '# TYPE app_latency_seconds summary',
    `app_latency_seconds{service="api",quantile="0.99"} ${values.latency}`,
    `app_latency_seconds{service="api",quantile="0.5"} 0.05`,
    'app_latency_seconds_sum{service="api"} 10',
    'app_latency_seconds_count{service="api"} 100',
    'app_queue_depth{queue="a"} 3',
    'app_queue_depth{queue="b"} 4',
    'app_nan NaN',
    '',
  ].join('\n');

const modelYaml = (url: string) => `
version: 1
workload: shop
source: { prometheus: "${url}", timeout: 3s }
components:
  - id: api
    critical: true
    dependsOn: [queue]
    signals:
      - id: errors
        query: max(app_error_ratio{service="api"})
        unit: ratio
        thresholds: { degraded: 0.01, unhealthy: 0.05, reason: "1% errors for a minute exhausts the week's budget" }
      - id: latency
        metric: app_latency_seconds
        labels: { service: api, quantile: "0.99" }
        window: 10s
        overTime: max
        unit: s
        thresholds: { degraded: 0.5, unhealthy: 2, reason: "checkout times out at 2 s" }
  - id: queue
    signals:
      - id: depth
        metric: app_queue_depth
        aggregation: sum
        unit: messages
        thresholds: { degraded: 100, unhealthy: 1000, reason: "1000 messages is 10 minutes of backlog" }
`;

const badYaml = (url: string) => `
version: 1
workload: bad
source: { prometheus: "${url}" }
components:
  - id: c
    signals:
      - { id: syntax, query: "sum(rate(app_error_ratio[5m])", unit: x, thresholds: { unhealthy: 1, reason: r } }
      - { id: several, metric: app_queue_depth, unit: x, thresholds: { unhealthy: 1, reason: r } }
      - { id: nan, metric: app_nan, unit: x, thresholds: { unhealthy: 1, reason: r } }
      - { id: label, metric: app_latency_seconds, labels: { region: eu }, unit: x, thresholds: { unhealthy: 1, reason: r } }
      - { id: absent, metric: app_never_exported, unit: x, thresholds: { unhealthy: 1, reason: r } }
`;

let app: TestServer;
/** A target that answers every other scrape with 503: its series go stale and come back. */
let flapping: TestServer;
let flapScrapes = 0;
let prom: RunningPrometheus;
let model: HealthModel;
let dir: string;

const evaluate = () => evaluateHealth(model, { source: prometheusApiSource(prom.url) });
const signal = (r: HealthReport, key: string) =>
  r.components.flatMap((c) => c.signals).find((s) => s.key === key);

describe('health against a real Prometheus', { timeout: 45_000 }, () => {
  before(async () => {
    app = await serve((_req, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end(page());
    });
    flapping = await serve((_req, res) => {
      flapScrapes++;
      if (flapScrapes % 2 === 0) {
        res.statusCode = 503;
        return void res.end();
      }
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end('# TYPE flap_value gauge\nflap_value 0.1\n');
    });
    prom = await startPrometheus([`127.0.0.1:${app.port}`, `127.0.0.1:${flapping.port}`]);
    dir = tempDir('waymark-health-prom-');
    writeFileSync(join(dir, 'waymark.health.yaml'), modelYaml(prom.url));
    model = parseHealthModel(modelYaml(prom.url), join(dir, 'waymark.health.yaml'));
    await waitFor(
      'the first scrape',
      15_000,
      async () => signal(await evaluate(), 'api.errors')?.value === values.errors,
    );
  });
  after(async () => {
    await prom?.stop();
    await app?.close();
    await flapping?.close();
  });

  it('evaluates healthy, then follows the values across thresholds', async () => {
    const r = await evaluate();
    assert.equal(r.state, 'healthy', JSON.stringify(r.components, null, 1));
    assert.equal(signal(r, 'queue.depth')?.value, 7);
    assert.equal(signal(r, 'api.latency')?.value, 0.2);
    assert.match(signal(r, 'api.latency')?.query ?? '', /over 10s$/);
    values.errors = 0.02;
    await waitFor('degraded', 5000, async () => (await evaluate()).state === 'degraded');
    values.errors = 0.3;
    await waitFor('unhealthy', 5000, async () => (await evaluate()).state === 'unhealthy');
    const u = await evaluate();
    assert.equal(signal(u, 'api.errors')?.reason, '0.3 ratio > 0.05 (unhealthy threshold)');
    const cli = await runHealthCli(['eval'], dir);
    assert.equal(cli.code, 1, cli.stderr);
    assert.match(cli.stdout, /^shop: UNHEALTHY — api is unhealthy \(critical\)/);
    values.errors = 0.001;
    await waitFor('healthy again', 5000, async () => (await evaluate()).state === 'healthy');
  });

  it("bad input: Prometheus' own syntax error, several series, NaN, a missing label, no such metric", async () => {
    const bad = parseHealthModel(badYaml(prom.url), join(dir, 'bad.yaml'));
    const r = await evaluateHealth(bad, { source: prometheusApiSource(prom.url) });
    const by = Object.fromEntries(r.components[0]?.signals.map((s) => [s.id, s]) ?? []);
    assert.ok(r.components[0]?.signals.every((s) => s.state === 'unknown'));
    assert.equal(by.syntax?.problem, 'rejected');
    assert.match(by.syntax?.reason ?? '', /^Prometheus: bad_data: .*parse error/);
    assert.match(by.several?.reason ?? '', /^2 series where one was expected/);
    assert.match(by.nan?.reason ?? '', /NaN/);
    assert.match(
      by.label?.reason ?? '',
      /missing label "region": series of app_latency_seconds have labels .*quantile/,
    );
    assert.match(by.absent?.reason ?? '', /no series named app_never_exported/);
    assert.equal(r.components[0]?.state, 'unknown');
    assert.equal(
      r.state,
      'degraded',
      'a non-critical unknown component still keeps the workload from healthy',
    );
    // Degraded used to pass the gate with 0 although no signal could be read.
    writeFileSync(join(dir, 'bad.yaml'), badYaml(prom.url));
    const gate = await runHealthCli(['eval', '-m', 'bad.yaml'], dir);
    assert.equal(gate.code, 3, gate.stderr);
    assert.match(gate.stderr, /unknown: c\.syntax: Prometheus: bad_data: .*parse error/);
    const allowed = await runHealthCli(['eval', '-m', 'bad.yaml', '--allow-unknown'], dir);
    assert.equal(allowed.code, 0, allowed.stderr);
  });

  it('watch notifies a slow, then failing, then recovered webhook of each change, once each by delivery id', async () => {
    type Received = HealthNotification & { deliveryId: string };
    const received: Received[] = [];
    let requests = 0;
    let evaluations = 0;
    const hook = await serve((_req, res, body) => {
      requests++;
      const n = requests;
      const heldAt = evaluations;
      // The first answer waits for two more evaluations (slow); the next two are 500 (failing).
      const answer = () => {
        if (n === 1 && evaluations < heldAt + 2) return void setTimeout(answer, 20);
        if (n === 2 || n === 3) res.statusCode = 500;
        else received.push(JSON.parse(body) as Received);
        res.end();
      };
      answer();
    });
    const stop = new AbortController();
    try {
      await watchHealth({
        evaluate,
        intervalMs: 300,
        count: 80,
        signal: stop.signal,
        notifiers: [webhookNotifier(hook.url)],
        backoff: { initialMs: 50 },
        onEvaluation(report) {
          evaluations++;
          if (evaluations === 2) values.errors = 0.4;
          if (report.state === 'unhealthy') values.errors = 0.001;
        },
        onDelivery(e) {
          if (e.kind === 'delivered' && received.length >= 2) stop.abort();
        },
      });
    } finally {
      await hook.close();
    }
    assert.deepEqual(received.map((n) => `${n.previousState}→${n.state}`).slice(0, 2), [
      'healthy→unhealthy',
      'unhealthy→healthy',
    ]);
    assert.equal(new Set(received.map((n) => n.deliveryId)).size, received.length, 'no change twice');
    assert.ok(requests >= 4, 'the slow answer and the two failures were tried again');
    const change = received[0]?.changes.find((c) => c.id === 'api.errors');
    assert.equal(change?.value, 0.4);
    assert.equal(change?.to, 'unhealthy');
  });

  it('a flapping target, held by for:, is never reported; without for: every flap is (issue 18, defect 4)', async () => {
    const flapModel = (hold: string) =>
      parseHealthModel(
        `
version: 1
workload: flappy
components:
  - id: target
    signals:
      - id: value
        query: max(flap_value)
        unit: ratio
        ${hold}
        thresholds: { degraded: 0.5, reason: "a test value" }
`,
        join(dir, 'flap.yaml'),
      );
    const run = async (m: HealthModel) => {
      const hold = createSignalHold();
      const raw: string[] = [];
      const summary = await watchHealth({
        evaluate: async () => {
          const r = await evaluateHealth(m, { source: prometheusApiSource(prom.url), hold });
          const s = r.components[0]?.signals[0];
          raw.push(s?.pending?.state ?? s?.state ?? '?');
          return r;
        },
        intervalMs: 250,
        count: 24,
      });
      return { raw, changes: summary.changes.filter((c) => c.level === 'signal') };
    };
    await waitFor('the flapping target scraped', 10_000, async () => flapScrapes >= 3);
    // 6 evaluations of 250 ms is longer than the 1 s a scrape's state lasts.
    const held = await run(flapModel('for: 6'));
    assert.ok(held.raw.includes('unknown') && held.raw.includes('healthy'), `it did flap: ${held.raw}`);
    assert.ok(held.changes.length <= 1, `at most the start: ${JSON.stringify(held.changes)}`);
    assert.ok(held.changes.every((c) => c.from === null));
    const bare = await run(flapModel(''));
    assert.ok(bare.changes.length >= 4, `every flap told without for: ${bare.changes.length}`);
  });

  it('a Prometheus that is down makes every signal unknown, never healthy', async () => {
    await prom.stop();
    const r = await evaluate();
    assert.equal(r.state, 'unknown');
    assert.ok(r.components.flatMap((c) => c.signals).every((s) => s.problem === 'down'));
    const cli = await runHealthCli(['eval'], dir);
    assert.equal(cli.code, 3, cli.stderr);
  });
});
