import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { tempDir } from '../testing/index.js';
import { MAX_FLOW_WINDOWS, MAX_WINDOWS, newHistogram, RunRecorder, valuesAtRanks } from './flowHistograms.js';
import { bufferSource } from './input.js';
import { readJtlCsv } from './jmeterJtl.js';
import { readJtlXml } from './jmeterXml.js';
import { readResults } from './readResults.js';
import { type RunSummary, summarize } from './summary.js';
import { bucketIndex, bucketTop, WindowHistogram } from './windowHistogram.js';

// JMeter 5's default CSV columns, as `jmeter -n -t plan.jmx -l run.jtl` writes them.
const HEADER =
  'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect';
// 10:00:37.250 UTC: a run that starts in the middle of a clock minute.
const START = Date.UTC(2024, 4, 1, 10, 0, 37, 250);

interface Sample {
  ts: number;
  elapsed: number;
  label: string;
}

/** A steady 30 s run at 140 req/s over two labels, rows in completion order as JMeter writes them. */
function steadyRun(): Sample[] {
  const out: Sample[] = [];
  for (let i = 0; i < 4200; i++)
    out.push({
      ts: START + Math.round((i * 1000) / 140),
      elapsed: 150 + ((i * 37) % 101),
      label: i % 3 === 0 ? 'POST /cart' : 'GET /products',
    });
  return out.sort((a, b) => a.ts + a.elapsed - (b.ts + b.elapsed));
}

const csvRow = (s: Sample, i: number) =>
  `${s.ts},${s.elapsed},${s.label},200,OK,Thread Group 1-${(i % 28) + 1},text,true,,1523,118,28,28,http://127.0.0.1:8080/x,${s.elapsed - 2},0,1`;

const jtlCsv = (samples: Sample[], header = true) =>
  `${[...(header ? [HEADER] : []), ...samples.map(csvRow)].join('\n')}\n`;

const jtlXml = (samples: Sample[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<testResults version="1.2">\n${samples
    .map(
      (s, i) =>
        `<httpSample t="${s.elapsed}" it="0" lt="${s.elapsed - 2}" ct="1" ts="${s.ts}" s="true" lb="${s.label}" rc="200" rm="OK" tn="Thread Group 1-${(i % 28) + 1}" dt="text" by="1523" sby="118" ng="28" na="28"/>`,
    )
    .join('\n')}\n</testResults>\n`;

async function summaryOf(text: string, windowMs: number, xml = false): Promise<RunSummary> {
  const rec = new RunRecorder(undefined, windowMs);
  const source = bufferSource(xml ? 'run.jtl.xml' : 'run.jtl', text, 4096);
  const info = xml ? await readJtlXml(source, rec) : await readJtlCsv(source, rec);
  return summarize(rec, [info]);
}

function exactRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length - 1e-9) - 1)] ?? Number.NaN;
}

test('a steady 30 s run at 140 req/s shows 140 req/s in every window, the first and last included', async () => {
  const samples = steadyRun();
  for (const windowSec of [60, 5, 1]) {
    const s = await summaryOf(jtlCsv(samples), windowSec * 1000);
    const w = s.overall.windows;
    assert.equal(w.length, Math.ceil(30 / windowSec), `${windowSec} s windows`);
    assert.equal(w[0]?.startMs, START, 'the first window starts at the first sample, not a clock minute');
    for (const x of w)
      assert.ok(
        Math.abs(x.throughput - 140) <= 1.5,
        `${windowSec} s window at ${x.startMs}: ${x.throughput}`,
      );
    assert.equal(
      w.reduce((n, x) => n + (x.count ?? 0), 0),
      4200,
    );
    // Windows tile the run: each starts where the one before it ends.
    for (let i = 1; i < w.length; i++) assert.equal(w[i]?.startMs, w[i - 1]?.endMs);
    assert.equal(s.windowing.windowSec, windowSec);
    assert.equal(s.windowing.originMs, START);
    // Each flow has the same windows, its own share of the rate.
    const cart = s.flows.find((f) => f.flow === 'POST /cart');
    for (const x of cart?.windows ?? [])
      assert.ok(Math.abs(x.throughput - 140 / 3) <= 1, `cart ${windowSec} s: ${x.throughput}`);
  }
});

test('window percentiles are within 0.1% of the exact ones, and equal the run’s for the same samples', async () => {
  const samples = steadyRun();
  // One window holding the whole run reads exactly the run's figures.
  const whole = await summaryOf(jtlCsv(samples), 60_000);
  const only = whole.overall.windows[0];
  for (const k of ['p50', 'p90', 'p95', 'p99'] as const)
    assert.equal(only?.percentiles?.[k]?.ms, whole.overall.percentiles[k].ms, k);
  assert.equal(only?.p95Ms, whole.overall.percentiles.p95.ms);
  assert.equal(only?.meanMs, whole.overall.meanMs);
  assert.equal(only?.maxMs, whole.overall.maxMs);
  // Each 5 s window against the exact percentile of the samples that started in it.
  const s = await summaryOf(jtlCsv(samples), 5000);
  for (const w of s.overall.windows) {
    const inside = samples.filter((x) => x.ts >= w.startMs && x.ts < w.endMs).map((x) => x.elapsed);
    assert.equal(w.count, inside.length);
    for (const [k, p] of [
      ['p50', 50],
      ['p95', 95],
      ['p99', 99],
    ] as const) {
      const exact = exactRank(inside, p);
      const got = w.percentiles?.[k]?.ms ?? Number.NaN;
      assert.ok(got >= exact && got <= exact * (1 + 1 / 1024), `${k} ${got} vs exact ${exact}`);
    }
    assert.equal(w.p95Ms, w.percentiles?.p95?.ms, '700 samples are enough for p95');
    assert.equal(w.percentiles?.p99?.enough, true, 'p99 is judged from 555');
  }
});

test('CSV with and without a header and XML give the same windows', async () => {
  const samples = steadyRun();
  const a = await summaryOf(jtlCsv(samples), 5000);
  const b = await summaryOf(jtlCsv(samples, false), 5000);
  const c = await summaryOf(jtlXml(samples), 5000, true);
  assert.deepEqual(b.overall.windows, a.overall.windows);
  assert.deepEqual(c.overall.windows, a.overall.windows);
  assert.deepEqual(
    c.flows.map((f) => f.windows),
    a.flows.map((f) => f.windows),
  );
});

test('a sample that started before the first row written joins the first window', async () => {
  // JMeter writes a row when its sample ends: the slow first request comes second.
  const text = jtlCsv([
    { ts: START + 300, elapsed: 50, label: 'GET /a' },
    { ts: START, elapsed: 900, label: 'GET /a' },
    ...Array.from({ length: 18 }, (_, i) => ({ ts: START + 1000 + i * 500, elapsed: 50, label: 'GET /a' })),
  ]);
  const s = await summaryOf(text, 5000);
  assert.equal(s.overall.windows[0]?.startMs, START);
  assert.equal(s.overall.windows.length, 2);
  assert.equal(s.overall.windows[0]?.count, 11);
  assert.equal(s.overall.windows[0]?.endMs, START + 300 + 5000);
  assert.equal(s.overall.windows[1]?.endMs, START + 10_000, 'one mean interval after the last start');
});

test('a gap in the run is a window with no samples, not a line drawn across it', async () => {
  const text = jtlCsv([
    ...Array.from({ length: 10 }, (_, i) => ({ ts: START + i * 100, elapsed: 20, label: 'GET /a' })),
    ...Array.from({ length: 10 }, (_, i) => ({ ts: START + 3000 + i * 100, elapsed: 20, label: 'GET /b' })),
  ]);
  const s = await summaryOf(text, 1000);
  assert.deepEqual(
    s.overall.windows.map((w) => w.count),
    [10, 0, 0, 10],
  );
  const b = s.flows.find((f) => f.flow === 'GET /b');
  assert.deepEqual(
    b?.windows.map((w) => w.count),
    [0, 0, 0, 10],
  );
  assert.equal(b?.windows[0]?.p95Ms, null);
});

test('a long run in narrow windows is widened to at most MAX_WINDOWS, and says so', async () => {
  // 1,300 s at 2 req/s in 1 s windows: 1,300 windows, widened twice to 4 s.
  const samples = Array.from({ length: 2600 }, (_, i) => ({
    ts: START + i * 500,
    elapsed: 10,
    label: 'GET /a',
  }));
  const s = await summaryOf(jtlCsv(samples), 1000);
  assert.equal(s.windowing.requestedSec, 1);
  assert.equal(s.windowSec, 4);
  assert.ok(s.overall.windows.length <= MAX_WINDOWS);
  assert.equal(s.overall.windows.length, 325);
  assert.ok(s.overall.windows.every((w) => Math.abs(w.throughput - 2) < 1e-9));
  assert.ok(s.notes.some((n) => /widened from 1 s to 4 s/.test(n)));
});

test('many flows in narrow windows are widened too: at most MAX_FLOW_WINDOWS histograms', () => {
  const rec = new RunRecorder(undefined, 1000);
  // 100 flows over 300 s in 1 s windows would be 30,000 histograms.
  for (let t = 0; t < 300; t++)
    for (let f = 0; f < 100; f++) rec.add(rec.matcher.flowOf(`GET /f${f}`), START + t * 1000, 5000, true);
  assert.ok(rec.windowCount <= MAX_FLOW_WINDOWS);
  assert.equal(rec.windowMs, 2000);
  const s = summarize(rec, []);
  assert.equal(s.overall.windows.length, 150);
  assert.ok(s.overall.windows.every((w) => w.count === 200));
});

test('parallel parsing gives the same windows as one thread', async () => {
  const dir = tempDir('perf-windows-');
  try {
    const file = join(dir, 'run.jtl');
    writeFileSync(file, jtlCsv(steadyRun()));
    const one = await readResults([file], { windowMs: 1000, parallel: { threads: 1 } });
    const two = await readResults([file], { windowMs: 1000, parallel: { threads: 3, minBytes: 0 } });
    assert.deepEqual(two.overall.windows, one.overall.windows);
    assert.deepEqual(
      two.flows.map((f) => f.windows),
      one.flows.map((f) => f.windows),
    );
    assert.equal(two.windowing.originMs, START);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('window buckets are the three-digit HDR buckets: same index and the same value read', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: 1, max: 86_400_000_000 })),
        {
          minLength: 1,
          maxLength: 300,
        },
      ),
      fc.constantFrom(1, 50, 90, 95, 99, 100),
      (values, p) => {
        const h = newHistogram();
        const w = new WindowHistogram();
        for (const v of values) {
          h.recordValue(v);
          w.record(bucketIndex(v), v);
          assert.equal(bucketTop(bucketIndex(v)), h.highestEquivalentValue(v));
        }
        const rank = Math.max(1, Math.ceil((p / 100) * values.length));
        assert.deepEqual(w.valuesAtRanks([rank]), valuesAtRanks(h, [rank]));
        // Merged and encoded windows read the same.
        const m = new WindowHistogram();
        m.addEncoded(w.encode());
        assert.deepEqual(m.valuesAtRanks([rank, 1]), w.valuesAtRanks([rank, 1]));
        assert.equal(m.count, values.length);
      },
    ),
    { numRuns: 300 },
  );
});

test('a window histogram holds only what it recorded: a few KiB, not a dense 96 KiB', () => {
  const dense = newHistogram();
  const w = new WindowHistogram();
  // A 5 s window of one flow: 700 samples between 150 and 250 ms.
  for (let i = 0; i < 700; i++) {
    const v = (150 + ((i * 37) % 101)) * 1000;
    w.record(bucketIndex(v), v);
  }
  assert.ok(w.bytes <= 2048, `${w.bytes} bytes`);
  assert.ok(dense.countsArrayLength * 4 >= 96 * 1024);
});
