import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InputError } from '../diagnostics/index.js';
import { bufferSource } from './input.js';
import { readResults } from './readResults.js';
import { loadTargets } from './targetsFile.js';

const root = new URL('../../../', import.meta.url);
const fixture = (name: string) => fileURLToPath(new URL(`test/fixtures/perf/${name}`, root));

test('k6 --out json: http_req_duration points, zones normalised, bad and truncated lines counted', async () => {
  const s = await readResults([fixture('k6.ndjson')]);
  assert.equal(s.sources[0]?.format, 'k6-json');
  const checkout = s.flows.find((f) => f.flow === 'POST /checkout');
  assert.equal(checkout?.count, 2);
  assert.equal(checkout?.errors, 1);
  assert.equal(checkout?.maxMs, 250.25);
  assert.equal(s.flows.find((f) => f.flow === 'GET /products')?.count, 1);
  assert.equal(s.startMs, Date.UTC(2024, 4, 1, 8, 0, 0, 100));
  const reasons = new Map(s.skipped.reasons.map((r) => [r.reason, r.where]));
  assert.ok(reasons.get('non-numeric http_req_duration value')?.[0]?.endsWith('k6.ndjson:6'));
  assert.ok(reasons.get('truncated last line')?.[0]?.endsWith('k6.ndjson:7'));
  assert.ok(s.notes.some((n) => /several time zones/.test(n)));
});

test('k6 --summary-export: reported percentiles, flagged as such', async () => {
  const targets = loadTargets(fixture('waymark.perf.yaml'));
  const s = await readResults([fixture('k6-summary.json')], { targets });
  assert.equal(s.overall.count, 12000);
  assert.equal(s.overall.errors, 60);
  assert.equal(s.overall.percentiles.p95.ms, 420.7);
  assert.equal(s.overall.percentiles.p99.ms, null, 'k6 exports no p99 unless asked');
  assert.equal(s.overall.exactness, 'reported');
  assert.equal(s.durationSec, 120);
  const checkout = s.flows.find((f) => f.flow === 'checkout');
  assert.equal(checkout?.percentiles.p95.ms, 500);
  assert.equal(checkout?.count, 3000);
  assert.equal(checkout?.percentiles.p95.ci, undefined);
  assert.ok(s.notes.some((n) => /percentiles, not samples/.test(n)));
});

test('Locust --csv: stats plus history; several entries in one flow give an upper bound', async () => {
  const targets = loadTargets(fixture('waymark.perf.yaml'));
  const s = await readResults([fixture('locust_stats.csv'), fixture('locust_stats_history.csv')], {
    targets,
  });
  const browse = s.flows.find((f) => f.flow === 'browse');
  assert.equal(browse?.count, 9000);
  assert.equal(browse?.errors, 40);
  assert.equal(browse?.exactness, 'reported-upper-bound');
  assert.equal(browse?.percentiles.p95.ms, 190, 'the larger of 170 and 190');
  assert.equal(s.overall.count, 12000);
  assert.equal(s.overall.percentiles.p99.ms, 700);
  assert.equal(s.durationSec, 120);
  // Two intervals between three rows, counted from the running totals.
  assert.equal(s.overall.windows.length, 2);
  assert.equal(s.overall.windows[0]?.count, 955);
  assert.equal(s.overall.windows[0]?.throughput, 95.5);
  assert.equal(s.overall.windows[0]?.p95Ms, 240);
  assert.equal(s.unmatched.count, 0);
  assert.ok(s.notes.some((n) => /Locust reports percentiles, not samples/.test(n)));
});

test('mixing tools is refused', async () => {
  await assert.rejects(readResults([fixture('locust_stats.csv'), fixture('k6.ndjson')]), /cannot mix/);
});

test('XML JTL: top-level samples only, entities decoded, bad attributes counted', async () => {
  const s = await readResults([fixture('sample.jtl.xml')]);
  assert.equal(s.sources[0]?.format, 'jmeter-xml');
  const byName = new Map(s.flows.map((f) => [f.flow, f]));
  assert.equal(byName.get('POST /checkout')?.count, 1, 'the nested redirect is not a separate sample');
  assert.equal(byName.has('POST /checkout-0'), false);
  assert.equal(byName.get('GET /products, "all"')?.errors, 1);
  assert.equal(byName.get('GET /products')?.count, 1);
  assert.equal(s.skipped.reasons[0]?.reason, 'non-numeric elapsed (latency)');
  assert.ok(s.skipped.reasons[0]?.where[0]?.endsWith('sample.jtl.xml:9'));
});

test('XML JTL: a truncated file keeps the complete samples and reports the rest', async () => {
  const xml = '<testResults>\n<sample t="5" ts="1" s="true" lb="a"/>\n<sample t="7" ts="2" s="tr';
  const s = await readResults([bufferSource('cut.xml', xml, 9)]);
  assert.equal(s.overall.count, 1);
  assert.equal(s.skipped.reasons[0]?.reason, 'truncated last element');
});

test('Locust stats: a header from elsewhere is refused at line 1; rows of the wrong width are counted', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'waymark-locust-'));
  const header = 'Type,Name,Request Count,Failure Count,Median Response Time,95%,99%';
  const good = join(dir, 'run_stats.csv');
  writeFileSync(good, `${header}\nGET,/a,100,1,20,40,60\nGET,/b,100\n,Aggregated,100,1,20,40,60`);
  const s = await readResults([good]);
  // Without a targets file a flow is named by its request name alone.
  assert.equal(s.flows.find((f) => f.flow === '/a')?.count, 100);
  assert.deepEqual(
    s.skipped.reasons.map((r) => [r.reason, r.where.map((w) => w.slice(w.lastIndexOf(':')))]),
    [['wrong number of fields (expected 7)', [':3']]],
  );
  const foreign = join(dir, 'other_stats.csv');
  writeFileSync(foreign, 'label,elapsed\nGET /a,20\n');
  await assert.rejects(
    readResults([foreign], { format: 'locust-stats' }),
    (e: unknown) =>
      e instanceof InputError &&
      e.location.line === 1 &&
      /no "Name" and "Request Count" columns/.test(e.message),
  );
});
