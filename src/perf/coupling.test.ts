import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baselineFromSummary, formatBaseline, parseBaseline } from './baseline.js';
import { compareRun } from './compare.js';
import { RunRecorder } from './flowHistograms.js';
import { bufferSource } from './input.js';
import { readJtlCsv } from './jmeterJtl.js';
import { minSamplesFor, percentileCiRanks } from './orderStatistics.js';
import { renderComparison } from './render.js';
import { type RunSummary, summarize } from './summary.js';

const HEADER =
  'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect';
const START = Date.UTC(2024, 4, 1, 10, 0, 12, 480);
const FLOWS: [string, number][] = [
  ['GET /home', 40],
  ['GET /products', 90],
  ['GET /products/{id}', 200],
  ['POST /cart', 60],
  ['POST /checkout', 150],
];

/**
 * A closed-loop JMeter run: `threads` threads, each going through the five requests in turn and
 * sending the next one when the last has answered, for 30 s. `slower` scales one flow's latency.
 */
function closedLoopJtl(threads: number, slower?: { flow: string; factor: number }): string {
  const rows: { ts: number; el: number; line: string }[] = [];
  for (let t = 0; t < threads; t++) {
    let now = START + t * 7;
    for (let i = 0; now < START + 30_000; i++) {
      const [label, ms] = FLOWS[i % FLOWS.length] as [string, number];
      const jitter = 0.8 + ((i * 31 + t * 17) % 41) / 100;
      const el = Math.round(ms * jitter * (slower?.flow === label ? slower.factor : 1));
      rows.push({
        ts: now,
        el,
        line: `${now},${el},${label},200,OK,Thread Group 1-${t + 1},text,true,,2048,180,${threads},${threads},http://127.0.0.1:8080${label.split(' ')[1]},${el - 1},0,1`,
      });
      now += el;
    }
  }
  rows.sort((a, b) => a.ts + a.el - (b.ts + b.el));
  return `${HEADER}\n${rows.map((r) => r.line).join('\n')}\n`;
}

async function summary(text: string): Promise<RunSummary> {
  const rec = new RunRecorder();
  const info = await readJtlCsv(bufferSource('run.jtl', text), rec);
  return summarize(rec, [info]);
}

const roundTrip = (s: RunSummary) => parseBaseline(formatBaseline(baselineFromSummary(s)), 'b.yaml');

test('closed loop: one flow 40% slower lowers every flow’s throughput, and the verdict names it', async () => {
  const base = roundTrip(await summary(closedLoopJtl(10)));
  const cur = await summary(closedLoopJtl(10, { flow: 'GET /products/{id}', factor: 1.4 }));
  const c = compareRun(cur, undefined, base);
  assert.ok(c.coupling, 'the pattern is found');
  assert.equal(c.coupling.cause, 'GET /products/{id}');
  assert.ok((c.coupling.contributions[0]?.share ?? 0) > 0.95, 'the others did not change');
  // No think time in this plan: the added time per request explains the whole drop.
  assert.ok(c.coupling.throughputChange < -5);
  assert.ok(
    Math.abs(c.coupling.explainedChange - c.coupling.throughputChange) < 1.5,
    `${c.coupling.explainedChange} vs ${c.coupling.throughputChange}`,
  );
  for (const f of c.flows) {
    const row = f.rows.find((r) => r.metric === 'throughput');
    assert.equal(row?.explainedBy, 'GET /products/{id}', f.flow);
    assert.match(row?.note ?? '', /closed loop/);
  }
  const slow = c.flows.find((f) => f.flow === 'GET /products/{id}');
  assert.ok(slow?.rows.find((r) => r.metric === 'p95')?.verdicts.includes('regressed'));
  const text = renderComparison(c, 'text');
  assert.match(
    text,
    /closed loop: throughput fell for every flow .* GET \/products\/\{id\}'s latency explains it/,
  );
});

test('no coupling when only one flow’s throughput falls (open loop) or nothing slowed', async () => {
  const base = roundTrip(await summary(closedLoopJtl(10)));
  assert.equal(compareRun(await summary(closedLoopJtl(10)), undefined, base).coupling, null);
  // Fewer threads: everything falls alike but no latency rose, so nothing explains it by latency.
  assert.equal(compareRun(await summary(closedLoopJtl(7)), undefined, base).coupling, null);
  // One flow's rows lost (a label renamed, a request taken out of the plan): its throughput alone falls.
  const text = closedLoopJtl(10)
    .split('\n')
    .filter((l, i) => !(l.includes(',POST /cart,') && i % 2 === 0))
    .join('\n');
  assert.equal(compareRun(await summary(text), undefined, base).coupling, null);
});

test('p99 of 967 samples is judged, with its confidence interval; 400 are too few, and say so', async () => {
  const values = (n: number, scale: number) =>
    Array.from({ length: n }, (_, i) => Math.round((20 + ((i * 7919) % n) / 10) * scale));
  const run = (n: number, scale: number) => {
    const rec = new RunRecorder();
    const id = rec.matcher.flowOf('api');
    values(n, scale).forEach((ms, i) => {
      rec.add(id, START + i * 30, ms * 1000, true);
    });
    return summarize(rec, []);
  };
  assert.equal(minSamplesFor(99), 555);
  const base = roundTrip(run(1041, 1));
  const c = compareRun(run(967, 1.4), undefined, base);
  const p99 = c.flows.find((f) => f.flow === 'api')?.rows.find((r) => r.metric === 'p99');
  assert.deepEqual(p99?.verdicts, ['regressed']);
  assert.ok(p99?.ci && p99.ci[0] <= (p99.current ?? 0) && (p99.current ?? 0) <= p99.ci[1]);
  assert.match(renderComparison(c, 'text'), /p99 \(ms\).*\d–\d/);
  const few = compareRun(run(400, 1.4), undefined, base);
  const p99few = few.flows.find((f) => f.flow === 'api')?.rows.find((r) => r.metric === 'p99');
  assert.deepEqual(p99few?.verdicts, ['too few samples']);
  assert.equal(p99few?.note, 'needs 555 samples');
  // Its interval ends at the largest sample (so one sample sets it); with 100 there is none at all.
  assert.equal(
    p99few?.ci?.[1],
    values(400, 1.4).reduce((a, b) => Math.max(a, b)),
  );
  const none = compareRun(run(100, 1.4), undefined, base);
  assert.equal(none.flows[0]?.rows.find((r) => r.metric === 'p99')?.ci, undefined);
  assert.match(c.rules.join('\n'), /p50 9, p90 54, p95 110, p99 555/);
});

test('the order-statistic interval covers the true percentile at least 95% of the time', () => {
  // Uniform samples on [0, 1): the true p99 is 0.99.
  // mulberry32: a small generator with good low-order bits.
  let seed = 1;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (const [p, n] of [
    [99, 600],
    [95, 150],
    [50, 12],
    [99, 20_000],
  ] as const) {
    const [lo, hi] = percentileCiRanks(p, n);
    assert.ok(hi <= n && lo >= 1 && lo < hi);
    let covered = 0;
    const trials = 1500;
    for (let t = 0; t < trials; t++) {
      const v = Array.from({ length: n }, rand).sort((a, b) => a - b);
      if ((v[lo - 1] ?? 2) <= p / 100 && p / 100 <= (v[hi - 1] ?? -1)) covered++;
    }
    assert.ok(covered / trials >= 0.935, `p${p} n=${n}: ${covered / trials}`);
  }
  assert.equal(percentileCiRanks(99, 100)[1], 101, 'unbounded: 100 samples cannot bound p99');
});
