import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { distributionPanel } from './distribution.js';
import { comparisonFigureSet, drawFigureSet, renderFigure, runFigureSet } from './index.js';
import { flowsOverTimeFigure, niceScale } from './multiples.js';
import { overTimeFigure } from './overTime.js';
import { responsesFigure } from './responses.js';
import { LegendBook } from './spec.js';
import type { ChartFlow, ChartRun, ChartWindow } from './types.js';
import { warmUpEnd, windowLatency, windowPoints } from './windows.js';

const T0 = Date.UTC(2024, 4, 1, 8, 0, 0);

function flow(name: string, windows: ChartWindow[], extra: Partial<ChartFlow> = {}): ChartFlow {
  const count = windows.reduce((n, w) => n + (w.count ?? 0), 0);
  return {
    flow: name,
    count,
    errors: 0,
    errorRate: 0,
    throughput: count / 60,
    minMs: 10,
    maxMs: 900,
    percentiles: { p50: { ms: 50 }, p90: { ms: 120 }, p95: { ms: 200 }, p99: { ms: 400 } },
    windows,
    ...extra,
  };
}

/** `rates` requests per second in consecutive 10 s windows from T0. */
function run(rates: number[], opts: { p95?: (i: number) => number | null } = {}): ChartRun {
  const windows = rates.map((r, i) => ({
    startMs: T0 + i * 10_000,
    count: r * 10,
    errors: 0,
    throughput: r,
    errorRate: 0,
    p95Ms: opts.p95 ? opts.p95(i) : 200,
  }));
  const f = flow('GET /a', windows);
  return {
    startMs: T0,
    endMs: T0 + rates.length * 10_000,
    windowSec: 10,
    flows: [f],
    overall: { ...f, flow: '(all)' },
  };
}

const labels = (entries: { label: string }[]) => entries.map((e) => e.label);

describe('charts of a run', () => {
  it('counts an edge window over the part of it the run covers', () => {
    const r = run([10, 10, 10]);
    // The run starts 5 s into its first window and ends 5 s into its last.
    const cut: ChartRun = { ...r, startMs: T0 + 5_000, endMs: T0 + 25_000 };
    const points = windowPoints(cut.overall, cut);
    assert.deepEqual(
      points.map((p) => p.rate),
      [20, 10, 20],
    );
    assert.equal(points[0]?.x, T0 + 7_500);
  });

  it('fills the empty windows between two with samples: no latency, no requests', () => {
    const r = run([10, 10]);
    const gapped: ChartRun = {
      ...r,
      endMs: T0 + 40_000,
      overall: {
        ...r.overall,
        windows: [r.overall.windows[0], { ...r.overall.windows[1], startMs: T0 + 30_000 }],
      },
    } as ChartRun;
    const points = windowPoints(gapped.overall, gapped);
    assert.equal(points.length, 4);
    assert.deepEqual(
      points.map((p) => p.rate),
      [10, 0, 0, 10],
    );
    assert.equal(points[1]?.window, undefined);
  });

  it('marks a ramp-up as warm-up, and a run at speed from the start as none', () => {
    const ramp = windowPoints(run([2, 5, 9, 20, 21, 20, 19, 20]).overall, run([2, 5, 9, 20, 21, 20, 19, 20]));
    assert.equal(warmUpEnd(ramp), T0 + 30_000);
    const steady = run([20, 21, 20, 19, 20, 8]);
    assert.equal(warmUpEnd(windowPoints(steady.overall, steady)), undefined);
    const spec = overTimeFigure(run([2, 5, 9, 20, 21, 20, 19, 20]), 960);
    assert.ok(spec);
    assert.ok(labels(spec.legend).includes('warm-up'));
    assert.match(spec.note ?? '', /90% of its median/);
    assert.ok(!labels(overTimeFigure(steady, 960)?.legend ?? []).includes('warm-up'));
  });

  it('has legend entries only for what it draws: no p50 or p99 line without per-window figures, no target without targets', () => {
    const spec = overTimeFigure(run([10, 10, 10, 10]), 960);
    assert.deepEqual(labels(spec?.legend ?? []), ['p95 latency', 'throughput', 'error rate']);
    const withAll = run([10, 10, 10, 10]);
    const windows = withAll.overall.windows.map((w) => ({ ...w, p50Ms: 50, p99Ms: 300 }));
    const all = overTimeFigure({ ...withAll, overall: { ...withAll.overall, windows } }, 960);
    assert.deepEqual(labels(all?.legend ?? []), [
      'p50 latency',
      'p95 latency',
      'p99 latency',
      'throughput',
      'error rate',
    ]);
    const none = overTimeFigure(run([10, 10, 10, 10], { p95: () => null }), 960);
    assert.deepEqual(labels(none?.legend ?? []), ['throughput', 'error rate']);

    const multiples = flowsOverTimeFigure(run([10, 10, 10, 10]));
    assert.deepEqual(labels(multiples?.legend ?? []), ['p95 latency']);
    const targeted = flowsOverTimeFigure(run([10, 10, 10, 10]), {
      targets: { flows: [{ name: 'GET /a', targets: { p95: 300 } }] },
    });
    assert.deepEqual(labels(targeted?.legend ?? []), ['p95 latency', 'p95 target']);
  });

  it('draws the busiest 48 of more flows, in their order, and says how many were left out', () => {
    const r = run([10, 10, 10]);
    const flows = Array.from(
      { length: 60 },
      (_, i) => ({ ...r.flows[0], flow: `f${i}`, count: i }) as ChartFlow,
    );
    const spec = flowsOverTimeFigure({ ...r, flows });
    assert.equal(spec?.panels.length, 48);
    assert.match(spec?.panels[0]?.title ?? '', /^f12 /);
    assert.match(spec?.note ?? '', /The 48 busiest of 60 flows are drawn/);
    assert.equal(flowsOverTimeFigure(r)?.note?.includes('busiest'), false);
  });

  it('says so on a flow panel that no window has enough samples for', () => {
    const spec = flowsOverTimeFigure(run([1, 1, 1], { p95: () => null }), {
      targets: { flows: [{ name: 'GET /a', targets: { p95: 300 } }] },
    });
    assert.match(spec?.panels[0]?.title ?? '', /too few samples per window/);
  });

  it('draws the distribution HDR-style: percentile axis at 1/(1 − p), the slowest sample last', () => {
    const legend = new LegendBook();
    const option = distributionPanel(
      {
        flow: flow('GET /a', [], { count: 5_000 }),
        baseline: {
          flow: 'GET /a',
          count: 50,
          minMs: 9,
          maxMs: 700,
          p50: { ms: 45 },
          p90: { ms: 100 },
          p95: { ms: null },
          p99: { ms: 700 },
        },
        targets: { p95: 250, throughput: 5 },
      },
      legend,
      false,
    );
    const series = option.series as { name: string; data: [number, number][] }[];
    const byName = Object.fromEntries(series.map((s) => [s.name, s.data]));
    assert.deepEqual(byName['this run'], [
      [1, 10],
      [2, 50],
      [10, 120],
      [20, 200],
      [100, 400],
      [5_000, 900],
    ]);
    // 50 samples: no p95 figure, and the slowest sample is p99 already.
    assert.deepEqual(byName.baseline, [
      [1, 9],
      [2, 45],
      [10, 100],
      [100, 700],
      [100, 700],
    ]);
    assert.deepEqual(byName.target, [[20, 250]]);
    assert.equal((option.xAxis as { max: number }).max, 10_000);
    assert.deepEqual(labels(legend.entries), ['this run', 'baseline', 'target']);
  });

  it('stacks responses by code when windows carry codes, else succeeded and failed', () => {
    const r = run([10, 10, 10]);
    const plain = responsesFigure(r, 960);
    assert.deepEqual(labels(plain?.legend ?? []), ['succeeded']);
    const windows = r.overall.windows.map(
      (w, i): ChartWindow => ({
        ...w,
        responseCodes: i === 1 ? { '200': 90, '503': 10 } : { '200': 100 },
      }),
    );
    const coded = responsesFigure({ ...r, overall: { ...r.overall, windows } }, 960);
    assert.deepEqual(labels(coded?.legend ?? []), ['200', '503']);
    assert.match(coded?.title ?? '', /by response code/);
    const colours = new Set(coded?.legend.map((e) => e.color));
    assert.equal(colours.size, 2);
  });

  it('stacks failures by their code above the successes when windows carry only the failures’ codes', () => {
    const r = run([10, 10, 10]);
    const windows = r.overall.windows.map(
      (w, i): ChartWindow => ({
        ...w,
        errors: i === 1 ? 30 : 0,
        ...(i === 1 ? { errorCodes: { '503': 20, '200': 10 } } : {}),
      }),
    );
    const fig = responsesFigure({ ...r, overall: { ...r.overall, windows } }, 960);
    assert.deepEqual(labels(fig?.legend ?? []), ['succeeded', 'failed 200', 'failed 503']);
    const failed200 = fig?.legend.find((e) => e.label === 'failed 200')?.color ?? '';
    assert.ok(
      !/^#(3d8b4f|74b97f|a5d6a7|1b5e20)$/.test(failed200),
      `a failed 200 is not drawn green: ${failed200}`,
    );
  });

  it('draws p50 and p99 from the windows’ percentiles, leaving out those below their sample floor', () => {
    const r = run([10, 10, 10]);
    const windows = r.overall.windows.map(
      (w, i): ChartWindow => ({
        ...w,
        percentiles: {
          p50: { ms: 40, enough: true },
          p95: { ms: 200, enough: true },
          p99: { ms: 300 + i, enough: i !== 1 },
        },
      }),
    );
    const fig = overTimeFigure({ ...r, overall: { ...r.overall, windows } }, 960);
    assert.deepEqual(labels(fig?.legend ?? []).slice(0, 3), ['p50 latency', 'p95 latency', 'p99 latency']);
    assert.equal(windowLatency(windows[1], 'p99'), null, 'below its floor');
    assert.equal(windowLatency(windows[2], 'p99'), 302);
    assert.equal(
      windowLatency({ startMs: 0, throughput: 1, p99Ms: 7 }, 'p99'),
      7,
      'a flat figure of a stored run',
    );
  });

  it('scales a flow panel to hold its lines in at most five round steps', () => {
    assert.deepEqual(niceScale(400), { max: 500, interval: 100 });
    assert.deepEqual(niceScale(92), { max: 100, interval: 20 });
    assert.deepEqual(niceScale(1.9), { max: 2, interval: 0.5 });
    assert.deepEqual(niceScale(130), { max: 150, interval: 50 });
  });
});

describe('a run without timestamps (a k6 or Locust summary)', () => {
  it('draws its distribution and nothing over time', () => {
    const f = flow('GET /a', []);
    const set = runFigureSet({
      startMs: null,
      endMs: null,
      windowSec: 60,
      flows: [f],
      overall: { ...f, flow: '(all)' },
    });
    assert.deepEqual(
      set.single(960).map((x) => x.id),
      ['distribution'],
    );
    assert.deepEqual(set.multiples, []);
  });
});

describe('drawn as SVG', () => {
  it('gives every panel its own ids, escapes flow names, and labels each SVG', async () => {
    const r = run([10, 10, 10, 10]);
    const hostile = {
      ...r,
      flows: [{ ...r.flows[0], flow: '<script>alert(1)</script> & "zr0-c0"' } as ChartFlow],
    };
    const figures = await drawFigureSet(runFigureSet(hostile), 960);
    assert.deepEqual(
      figures.map((f) => f.id),
      ['over-time', 'distribution', 'responses', 'flows-over-time'],
    );
    const svgs = figures.flatMap((f) => f.panels.map((p) => p.svg));
    const ids = svgs.flatMap((s) => [...s.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    assert.ok(ids.length > 0);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique across panels');
    for (const s of svgs) {
      assert.match(s, /^<svg role="img" aria-label="[^"<]+" /);
      assert.doesNotMatch(s, /<script/);
    }
    const flowPanel = figures.find((f) => f.id === 'flows-over-time')?.panels[0];
    assert.match(flowPanel?.title ?? '', /^<script>/, 'the title is data; the page escapes it');
    assert.match(
      flowPanel?.svg ?? '',
      /aria-label="[^"]*&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;zr0-c0&quot;/,
    );
  });

  it('leads a comparison with the distributions, this run over the baseline', async () => {
    const r = run([10, 10, 10, 10]);
    const baseline = {
      created: '2024-05-01T00:00:00Z',
      flows: [r.overall, r.overall].map((f, i) => ({
        flow: i === 0 ? 'GET /a' : f.flow,
        count: f.count,
        minMs: 8,
        maxMs: 800,
        p50: { ms: 40 },
        p90: { ms: 100 },
        p95: { ms: 180 },
        p99: { ms: 350 },
      })),
    };
    const set = comparisonFigureSet(r, { baseline });
    assert.deepEqual(
      set.single(360).map((f) => f.id),
      ['distribution', 'over-time', 'responses'],
    );
    assert.deepEqual(
      set.multiples.map((f) => f.id),
      ['flow-distributions', 'flows-over-time'],
    );
    const lead = await renderFigure(set.single(360)[0] as NonNullable<ReturnType<typeof set.single>[0]>);
    assert.deepEqual(labels(lead.legend), ['this run', 'baseline']);
    assert.equal(lead.panels[0]?.width, 360);
  });
});
