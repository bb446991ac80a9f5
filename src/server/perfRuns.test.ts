/**
 * Load-test runs kept on the server, on SQLite and on PostgreSQL: pushed, listed, followed per
 * flow across runs with the baseline changes marked, any two compared, drawn as charts; bad pushes
 * refused with a message, and nothing of one team shown to another.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadBuiltinModels, ModelSet } from '../model/index.js';
import { baselineFromSummary, formatBaseline, type RunSummary, readResults } from '../perf/index.js';
import { exportAll } from '../store/index.js';
import { storeBackends } from '../testing/backends.js';
import { tempDir } from '../testing/index.js';
import { type ApiFixture, apiFixture } from '../testing/server.js';
import { baselineChanges } from './routes/perfRuns.js';

const models = new ModelSet(loadBuiltinModels());
const backends = storeBackends('perfruns');

const TARGETS = `version: 1
flows:
  - name: GET /cart
    targets: { p95: 150ms }
  - name: POST /checkout
`;

/** A real summary: a JTL of 3,000 samples over two flows, `slow` times slower on checkout. */
async function summary(dir: string, name: string, slow: number): Promise<RunSummary> {
  const lines = ['timeStamp,elapsed,label,responseCode,success'];
  for (let i = 0; i < 3000; i++) {
    const checkout = i % 2 === 1;
    const ms = Math.round((checkout ? 80 : 40) * (checkout ? slow : 1) * (0.6 + ((i * 7919) % 100) / 125));
    const failed = i % 97 === 0;
    lines.push(
      `${1_714_550_400_000 + i * 20},${ms},${checkout ? 'POST /checkout' : 'GET /cart'},${failed ? 500 : 200},${!failed}`,
    );
  }
  const file = join(dir, `${name}.jtl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return readResults([file], { windowMs: 10_000 });
}

for (const [name, open] of backends) {
  describe(`load-test runs on the server, ${name}`, () => {
    let fx: ApiFixture;
    let id: string;
    const dir = tempDir('perf-runs-');
    const runs: Record<string, string> = {};
    let base: RunSummary;
    let slow: RunSummary;
    const push = (body: unknown, who: 'editor' | 'viewer' | 'other' = 'editor', workload = id) =>
      fx.call('POST', `/api/v1/workloads/${workload}/perf/runs`, who, body);

    before(async () => {
      fx = await apiFixture(await open(), models);
      const created = await fx.call('POST', '/api/v1/workloads', 'editor', { name: 'shop' });
      id = created.json().id;
      base = await summary(dir, 'base', 1);
      slow = await summary(dir, 'slow', 1.4);
    });
    after(() => fx?.close());

    it('keeps every run pushed, with the verdict of its comparison, newest first', async () => {
      const first = baselineFromSummary(base, new Date('2024-05-01T09:00:00Z'));
      const made = await push({
        name: 'build 1',
        kind: 'baseline',
        summary: base,
        baseline: formatBaseline(first),
        targets: TARGETS,
      });
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(made.json().verdict, null, 'a run made the baseline is not judged against itself');
      runs.b1 = made.json().id;
      const same = await push({
        name: 'build 2',
        summary: base,
        baseline: formatBaseline(first),
        targets: TARGETS,
      });
      assert.equal(same.statusCode, 201, same.body);
      assert.deepEqual(same.json().verdict.exitCode, 0);
      runs.b2 = same.json().id;
      const worse = await push({
        name: 'build 3',
        summary: slow,
        baseline: formatBaseline(first),
        targets: TARGETS,
      });
      assert.equal(worse.json().verdict.exitCode, 1);
      assert.deepEqual(
        worse.json().verdict.flows.find((f: { flow: string }) => f.flow === 'POST /checkout').verdicts,
        ['regressed'],
      );
      runs.b3 = worse.json().id;
      // The team moves the baseline to the slower run; the next run is judged against that one.
      const second = baselineFromSummary(slow, new Date('2024-05-02T09:00:00Z'));
      const after = await push({ name: 'build 4', summary: slow, baseline: formatBaseline(second) });
      assert.equal(after.json().verdict.exitCode, 0, after.body);
      runs.b4 = after.json().id;
      // Pushed from `perf summary`: no baseline, no targets, no verdict.
      const plain = await push({ summary: base });
      assert.equal(plain.statusCode, 201, plain.body);
      assert.equal(plain.json().verdict, null);
      assert.equal(plain.json().name, null);
      runs.b5 = plain.json().id;

      const list = await fx.call('GET', `/api/v1/workloads/${id}/perf/runs`, 'viewer');
      assert.equal(list.statusCode, 200, list.body);
      const body = list.json();
      assert.deepEqual(
        body.runs.map((r: { id: string }) => r.id),
        [runs.b5, runs.b4, runs.b3, runs.b2, runs.b1],
      );
      assert.deepEqual(body.flows, ['GET /cart', 'POST /checkout', '(all)']);
      const b3 = body.runs[2];
      assert.equal(b3.startedAt, '2024-05-01T08:00:00.000Z');
      assert.equal(b3.overall.count, 3000);
      assert.equal(b3.overall.errors, 31);
      assert.deepEqual(b3.sources, [join(dir, 'slow.jtl')]);
      const limited = await fx.call('GET', `/api/v1/workloads/${id}/perf/runs?limit=2`, 'viewer');
      assert.equal(limited.json().runs.length, 2);
    });

    it("follows a flow across runs: p95, p99, error rate and throughput, the baseline's changes marked", async () => {
      const r = await fx.call(
        'GET',
        `/api/v1/workloads/${id}/perf/flows/${encodeURIComponent('POST /checkout')}/series`,
        'viewer',
      );
      assert.equal(r.statusCode, 200, r.body);
      const s = r.json();
      assert.equal(s.flow, 'POST /checkout');
      assert.deepEqual(
        s.points.map((p: { runId: string }) => p.runId),
        [runs.b1, runs.b2, runs.b3, runs.b4, runs.b5],
      );
      const checkout = (x: RunSummary) => x.flows.find((f) => f.flow === 'POST /checkout');
      const [p1, , p3] = s.points;
      assert.equal(p1.p95, checkout(base)?.percentiles.p95.ms);
      assert.equal(p3.p99, checkout(slow)?.percentiles.p99.ms);
      assert.ok(p3.p95 > p1.p95 * 1.3, `${p3.p95} against ${p1.p95}`);
      assert.equal(p1.errorRate, checkout(base)?.errorRate);
      assert.equal(p1.throughput, checkout(base)?.throughput);
      assert.equal(p1.label, 'build 1');
      assert.deepEqual(
        s.baselineChanges.map((c: { runId: string; what: string }) => [c.runId, c.what]),
        [
          [runs.b1, 'made the baseline'],
          [runs.b4, 'compared against a new baseline (of 2024-05-02T09:00:00.000Z)'],
        ],
      );
      assert.equal(s.figure, undefined, 'no chart unless asked for');
      const charted = await fx.call(
        'GET',
        `/api/v1/workloads/${id}/perf/flows/${encodeURIComponent('(all)')}/series?width=700`,
        'viewer',
      );
      const figure = charted.json().figure;
      assert.equal(figure.id, 'trend');
      assert.equal(figure.panels[0].width, 700);
      assert.match(figure.panels[0].svg, /^<svg role="img"/);
      assert.deepEqual(
        figure.legend.map((e: { label: string }) => e.label),
        ['p95', 'p99', 'error rate', 'throughput', 'baseline changed'],
      );
      const none = await fx.call('GET', `/api/v1/workloads/${id}/perf/flows/nothing/series`, 'viewer');
      assert.equal(none.statusCode, 404);
    });

    it('compares any two runs by the rules of perf compare', async () => {
      const r = await fx.call(
        'GET',
        `/api/v1/workloads/${id}/perf/runs/${runs.b3}/compare/${runs.b2}`,
        'viewer',
      );
      assert.equal(r.statusCode, 200, r.body);
      const c = r.json();
      assert.equal(c.run.id, runs.b3);
      assert.equal(c.reference.id, runs.b2);
      const checkout = c.comparison.flows.find((f: { flow: string }) => f.flow === 'POST /checkout');
      assert.deepEqual(checkout.verdicts, ['regressed']);
      const cart = c.comparison.flows.find((f: { flow: string }) => f.flow === 'GET /cart');
      assert.deepEqual(cart.verdicts, ['pass']);
      assert.equal(c.comparison.baselineFile, 'run build 2');
      assert.equal(c.figures, undefined);
      // The other way round, the faster run is no regression.
      const back = await fx.call(
        'GET',
        `/api/v1/workloads/${id}/perf/runs/${runs.b2}/compare/${runs.b3}?width=400`,
        'viewer',
      );
      assert.equal(back.json().comparison.regressed, 0);
      const figures = back.json().figures;
      assert.deepEqual(
        figures.map((f: { id: string }) => f.id),
        ['distribution', 'flow-distributions'],
      );
      const lead = figures[0];
      assert.deepEqual(
        lead.legend.map((e: { label: string }) => e.label),
        ['build 2', 'build 3 (reference)'],
      );
    });

    it('draws a run as the HTML report does, at the width asked for', async () => {
      const r = await fx.call(
        'GET',
        `/api/v1/workloads/${id}/perf/runs/${runs.b3}/charts?width=390`,
        'viewer',
      );
      assert.equal(r.statusCode, 200, r.body);
      const figures = r.json().figures as { id: string; panels: { width: number; svg: string }[] }[];
      assert.deepEqual(
        figures.map((f) => f.id),
        ['distribution', 'over-time', 'responses', 'flow-distributions', 'flows-over-time'],
      );
      assert.equal(figures[0]?.panels[0]?.width, 390);
      const plain = await fx.call('GET', `/api/v1/workloads/${id}/perf/runs/${runs.b5}/charts`, 'viewer');
      assert.deepEqual(
        (plain.json().figures as { id: string }[]).map((f) => f.id),
        ['over-time', 'distribution', 'responses', 'flows-over-time'],
      );
      const one = await fx.call('GET', `/api/v1/workloads/${id}/perf/runs/${runs.b3}`, 'viewer');
      assert.equal(one.json().summary.overall.count, 3000);
      assert.equal(one.json().baseline.created, '2024-05-01T09:00:00.000Z');
      assert.match(one.json().targets, /GET \/cart/);
    });

    it('refuses a push it cannot read, with a message, and stores nothing of it', async () => {
      const count = async () => (await exportAll(fx.store)).perf_runs.length;
      const before = await count();
      const cases: [unknown, RegExp][] = [
        [{ summary: { ...base, flows: 'none' } }, /body\/summary\/flows must be array/],
        [
          { summary: base, baseline: 'version: 2\n' },
          /not a valid baseline: baseline:1:10: .*\(at version\)/,
        ],
        [{ summary: base, targets: 'flows: []\n' }, /not a valid targets file/],
        [{ summary: base, kind: 'baseline' }, /sent with the baseline it became/],
        [{ summary: base, extra: 1 }, /must not have additional properties \("extra"\)/],
      ];
      for (const [body, message] of cases) {
        const r = await push(body);
        assert.equal(r.statusCode, 400, r.body);
        assert.match(r.json().message, message);
      }
      assert.equal(await count(), before);
      assert.equal((await push({ summary: base }, 'viewer')).statusCode, 403);
    });

    it("shows another team nothing of this team's runs", async () => {
      for (const url of [
        `/api/v1/workloads/${id}/perf/runs`,
        `/api/v1/workloads/${id}/perf/runs/${runs.b1}`,
        `/api/v1/workloads/${id}/perf/runs/${runs.b1}/charts`,
        `/api/v1/workloads/${id}/perf/runs/${runs.b1}/compare/${runs.b2}`,
        `/api/v1/workloads/${id}/perf/flows/${encodeURIComponent('(all)')}/series`,
      ]) {
        const r = await fx.call('GET', url, 'other');
        assert.equal(r.statusCode, 404, `${url}: ${r.body}`);
        assert.doesNotMatch(r.body, /build|checkout/);
      }
      assert.equal((await push({ summary: base }, 'other')).statusCode, 404);
      // A run of another workload of the same team is not found under this one.
      const other = await fx.call('POST', '/api/v1/workloads', 'editor', { name: 'other shop' });
      const r = await fx.call('GET', `/api/v1/workloads/${other.json().id}/perf/runs/${runs.b1}`, 'viewer');
      assert.equal(r.statusCode, 404);
    });

    it('deletes the runs with their workload', async () => {
      const doomed = (await fx.call('POST', '/api/v1/workloads', 'editor', { name: 'doomed' })).json().id;
      assert.equal((await push({ summary: base }, 'editor', doomed)).statusCode, 201);
      const del = await fx.call('DELETE', `/api/v1/workloads/${doomed}`, 'admin');
      assert.ok(del.statusCode < 300, del.body);
      const left = (await exportAll(fx.store)).perf_runs.filter((r) => r.workload_id === doomed);
      assert.deepEqual(left, []);
    });
  });
}

describe('baseline changes along runs', () => {
  const run = (id: string, kind: 'run' | 'baseline', baselineCreated: string | null) => ({
    id,
    workloadId: 'w',
    pushedAt: '2024-05-01T00:00:00Z',
    pushedBy: 'ci',
    startedAt: null,
    name: null,
    kind,
    baselineCreated,
    figures: {},
    verdict: null,
  });
  it('marks a run made the baseline and the first run against a different one, not runs without one', () => {
    const changes = baselineChanges([
      run('a', 'run', 'A'),
      run('b', 'run', null),
      run('c', 'run', 'A'),
      run('d', 'run', 'B'),
      run('e', 'baseline', 'C'),
      run('f', 'run', 'C'),
      run('g', 'run', 'D'),
    ]);
    assert.deepEqual(
      [...changes],
      [
        ['d', 'compared against a new baseline (of B)'],
        ['e', 'made the baseline'],
        ['g', 'compared against a new baseline (of D)'],
      ],
    );
  });
});
