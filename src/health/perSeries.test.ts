/**
 * Per-instance signals (issue 18): one state per series, rolled up by worst or by a healthy share,
 * each series named in notifications. A real Prometheus scrapes a page whose three "instances"
 * the test moves, and Debian's node_exporter, whose filesystems are this machine's.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDir } from '../testing/index.js';
import { evaluateHealth } from './evaluate.js';
import { parseHealthModel } from './modelFile.js';
import type { HealthReport } from './report.js';
import { prometheusApiSource } from './sources/index.js';
import { serve, type TestServer } from './testSupport/http.js';
import { type RunningExporter, startNodeExporter } from './testSupport/nodeExporter.js';
import { type RunningPrometheus, startPrometheus, waitFor } from './testSupport/prometheus.js';
import { detectChanges } from './watch.js';

const busy: Record<string, number> = { a: 0.1, b: 0.2, c: 0.3 };
let app: TestServer;
let exporter: RunningExporter;
let prom: RunningPrometheus;
let dir: string;

const model = (perSeries: string) =>
  parseHealthModel(
    `version: 1
workload: fleet
components:
  - id: web
    signals:
      - { id: busy, metric: app_busy_ratio, perSeries: ${perSeries}, unit: ratio, thresholds: { degraded: 0.8, unhealthy: 0.95, reason: r } }
  - id: disk
    signals:
      - { id: avail, query: node_filesystem_avail_bytes, perSeries: worst, unit: bytes, thresholds: { direction: below, degraded: 0, reason: r } }
`,
    join(dir, 'm.yaml'),
  );
const evaluate = (m: ReturnType<typeof model>) =>
  evaluateHealth(m, { source: prometheusApiSource(prom.url) });
const signal = (r: HealthReport, c: string) => r.components.find((x) => x.id === c)?.signals[0];

describe('per-instance signals (issue 18)', { timeout: 60_000 }, () => {
  before(async () => {
    dir = tempDir('waymark-health-series-');
    app = await serve((_req, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end(
        `# TYPE app_busy_ratio gauge\n${Object.entries(busy)
          .map(([i, v]) => `app_busy_ratio{host="${i}"} ${v}`)
          .join('\n')}\n`,
      );
    });
    exporter = await startNodeExporter(['filesystem']);
    prom = await startPrometheus([`127.0.0.1:${app.port}`, exporter.target]);
    await waitFor('both targets scraped', 20_000, async () => {
      const r = await evaluate(model('worst'));
      return signal(r, 'web')?.series?.length === 3 && (signal(r, 'disk')?.series?.length ?? 0) > 0;
    });
  });
  after(async () => {
    await prom?.stop();
    await exporter?.stop();
    await app?.close();
  });

  it('worst: one bad instance makes the signal bad, is named, and its change is notified with its labels', async () => {
    const m = model('worst');
    const before = await evaluate(m);
    assert.equal(signal(before, 'web')?.state, 'healthy');
    assert.equal(signal(before, 'web')?.reason, '3 of 3 series healthy');
    busy.b = 0.9;
    await waitFor('b degraded', 10_000, async () => signal(await evaluate(m), 'web')?.state === 'degraded');
    const after = await evaluate(m);
    const s = signal(after, 'web');
    assert.match(
      s?.reason ?? '',
      /^2 of 3 series healthy; worst: \{host="b",instance="127\.0\.0\.1:\d+",job="app"\} 0\.9 ratio > 0\.8/,
    );
    assert.equal(s?.value, 0.9);
    const changes = detectChanges(before, after).filter((c) => c.level === 'series');
    assert.equal(changes.length, 1);
    assert.match(
      changes[0]?.key ?? '',
      /^fleet\/web\.busy\{host="b",instance="127\.0\.0\.1:\d+",job="app"\}$/,
    );
    assert.deepEqual([changes[0]?.from, changes[0]?.to], ['healthy', 'degraded']);
  });

  it('a healthy share: 2 of 3 healthy passes at 60%, not at 90%', async () => {
    busy.b = 0.9;
    const share = signal(await evaluate(model('{ healthyShare: 0.6 }')), 'web');
    assert.equal(share?.state, 'healthy', share?.reason);
    const strict = signal(await evaluate(model('{ healthyShare: 0.9 }')), 'web');
    assert.equal(strict?.state, 'degraded');
    assert.match(strict?.reason ?? '', /2 of 3 series healthy \(at least 90% must be\); worst: \{host="b"/);
    busy.b = 0.2;
  });

  it("node_exporter's filesystems: one state per mount point, as many as Prometheus has", async () => {
    const r = await fetch(`${prom.url}/api/v1/query?query=count(node_filesystem_avail_bytes)`);
    const n = Number(
      ((await r.json()) as { data: { result: { value: [number, string] }[] } }).data.result[0]?.value[1],
    );
    const s = signal(await evaluate(model('worst')), 'disk');
    assert.equal(s?.series?.length, n);
    assert.ok(s?.series?.every((x) => /mountpoint="/.test(x.name)));
  });

  it('perSeries and aggregation together are refused with the line', () => {
    assert.throws(
      () =>
        parseHealthModel(
          'version: 1\nworkload: w\ncomponents:\n  - id: c\n    signals:\n      - { id: s, metric: m, perSeries: worst, aggregation: max, unit: x, thresholds: { degraded: 1, reason: r } }\n',
          'x.yaml',
          '.',
        ),
      /x\.yaml:6:\d+: perSeries judges each series; aggregation makes one of them/,
    );
  });
});
