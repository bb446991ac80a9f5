/**
 * Issue 18, defect 7: regex and negative label matchers, and `noData: healthy` for alert-style
 * expressions, against Debian's node_exporter (its filesystems are whatever this machine has),
 * read through a real Prometheus and from the exporter's own page.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDir } from '../testing/index.js';
import { evaluateHealth } from './evaluate.js';
import { parseHealthModel } from './modelFile.js';
import type { HealthReport } from './report.js';
import { prometheusApiSource, textEndpointSource } from './sources/index.js';
import type { MetricSource } from './sources/types.js';
import { type RunningExporter, startNodeExporter } from './testSupport/nodeExporter.js';
import { type RunningPrometheus, startPrometheus, waitFor } from './testSupport/prometheus.js';

let exporter: RunningExporter;
let prom: RunningPrometheus;
let dir: string;

const model = (signals: string) =>
  parseHealthModel(
    `version: 1
workload: host
components:
  - id: fs
    signals:
${signals
  .trim()
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
`,
    join(dir, 'm.yaml'),
  );
const byId = (r: HealthReport) => Object.fromEntries(r.components[0]?.signals.map((s) => [s.id, s]) ?? []);
const promValue = async (q: string) => {
  const r = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = (await r.json()) as { data: { result: { value: [number, string] }[] } };
  return body.data.result[0] ? Number(body.data.result[0].value[1]) : undefined;
};

describe('label matchers and noData (issue 18, defect 7)', { timeout: 60_000 }, () => {
  before(async () => {
    dir = tempDir('waymark-health-matchers-');
    exporter = await startNodeExporter();
    prom = await startPrometheus([exporter.target]);
    await waitFor('node_exporter scraped', 20_000, async () => (await promValue('count(node_load1)')) === 1);
  });
  after(async () => {
    await prom?.stop();
    await exporter?.stop();
  });

  it('regex, not and notRegex matchers give what the same PromQL gives, through Prometheus and from the page', async () => {
    const m = model(`
- { id: some, metric: node_filesystem_avail_bytes, labels: { mountpoint: { regex: "/.*" } }, aggregation: count, unit: filesystems, thresholds: { direction: below, degraded: 0, reason: r } }
- { id: real, metric: node_filesystem_avail_bytes, labels: { fstype: { not: tmpfs }, mountpoint: { notRegex: "/(proc|sys)(/.*)?" } }, aggregation: count, unit: filesystems, thresholds: { direction: below, degraded: 0, reason: r } }
- { id: literal, metric: node_filesystem_avail_bytes, labels: { mountpoint: "/.*" }, unit: bytes, thresholds: { direction: below, degraded: 0, reason: r } }`);
    const expected = {
      some: await promValue('count(node_filesystem_avail_bytes{mountpoint=~"/.*"})'),
      real: await promValue(
        'count(node_filesystem_avail_bytes{fstype!="tmpfs",mountpoint!~"/(proc|sys)(/.*)?"})',
      ),
    };
    assert.ok((expected.some ?? 0) >= 1, 'this machine has filesystems');
    const sources: MetricSource[] = [
      prometheusApiSource(prom.url),
      textEndpointSource(`${exporter.url}/metrics`),
    ];
    for (const source of sources) {
      const r = byId(await evaluateHealth(m, { source }));
      assert.equal(r.some?.value, expected.some, `${source.description}: ${r.some?.reason}`);
      assert.equal(r.real?.value, expected.real ?? null, `${source.description}: ${r.real?.reason}`);
      assert.equal(r.literal?.problem, 'no-data', 'a plain string is equality, as in PromQL');
      assert.match(r.literal?.reason ?? '', /with mountpoint="\/\.\*" \(seen: /);
    }
    assert.match(
      byId(await evaluateHealth(m, { source: sources[0] as MetricSource })).some?.query ?? '',
      /mountpoint=~"\/\.\*"/,
    );
  });

  it('noData: healthy reads an alert-style expression that returns nothing as healthy, but not when its metric does not exist', async () => {
    const m = model(`
- { id: quiet, query: node_load1 > 100000, noData: healthy, unit: load, thresholds: { degraded: 0, reason: r } }
- { id: bare, query: node_load1 > 100000, unit: load, thresholds: { degraded: 0, reason: r } }
- { id: typo, query: node_lod1 > 100000, noData: healthy, unit: load, thresholds: { degraded: 0, reason: r } }`);
    const r = byId(await evaluateHealth(m, { source: prometheusApiSource(prom.url) }));
    assert.equal(r.quiet?.state, 'healthy', r.quiet?.reason);
    assert.equal(r.quiet?.problem, undefined);
    assert.match(r.quiet?.reason ?? '', /no series: healthy, as noData: healthy says/);
    assert.equal(r.bare?.state, 'unknown');
    assert.equal(r.typo?.state, 'unknown');
    assert.match(r.typo?.reason ?? '', /needs the metrics it reads to exist: no series named node_lod1/);
  });

  it('a bad regex or matcher is refused with its line', () => {
    assert.throws(
      () =>
        model(
          '- { id: s, metric: m, labels: { a: { regex: "(" } }, unit: x, thresholds: { degraded: 1, reason: r } }',
        ),
      /m\.yaml:6:\d+: not a valid regular expression/,
    );
    assert.throws(
      () =>
        model(
          '- { id: s, metric: m, labels: { a: { like: "x" } }, unit: x, thresholds: { degraded: 1, reason: r } }',
        ),
      /a label value \(equal\), or one of \{ not: … \}, \{ regex: … \}, \{ notRegex: … \}/,
    );
  });
});
