import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { InputError, InputErrors, isInputError } from '../diagnostics/index.js';
import { runCli, tempDir } from '../testing/index.js';
import { baselineFromSummary, formatBaseline, parseBaseline } from './baseline.js';
import { bufferSource } from './input.js';
import { LATENCY_OUT_OF_RANGE, TIMESTAMP_OUT_OF_RANGE } from './limits.js';
import { type InputFormat, readResults } from './readResults.js';
import { renderSummary } from './render.js';
import { parseTargets } from './targetsFile.js';

// Defects 1 and 2: values a histogram or a date cannot hold, and durations of 0 or out of bounds.

const TS = 1_714_550_400_000;
const jtl = (elapsed: string, ts = String(TS)) =>
  `timeStamp,elapsed,label,responseCode,success\n${TS},5,a,200,true\n${ts},${elapsed},a,200,true\n${TS + 2},7,a,200,true\n`;
const xml = (t: string, ts = String(TS)) =>
  `<testResults>\n<sample t="5" ts="${TS}" s="true" lb="a"/>\n<sample t="${t}" ts="${ts}" s="true" lb="a"/>\n<sample t="7" ts="${TS + 2}" s="true" lb="a"/>\n</testResults>\n`;
const k6Point = (value: string, time = '2024-05-01T08:00:00Z') =>
  `{"type":"Point","metric":"http_req_duration","data":{"time":"${time}","value":${value},"tags":{"name":"a"}}}`;
const k6 = (value: string, time?: string) => `${k6Point('5')}\n${k6Point(value, time)}\n${k6Point('7')}\n`;

async function skipsOf(name: string, text: string, format?: InputFormat) {
  const s = await readResults([bufferSource(name, text)], format ? { format } : {});
  // Every summary must also render: a window start out of the Date range used to throw here.
  for (const f of ['text', 'md', 'json'] as const) renderSummary(s, f);
  return { s, reasons: new Map(s.skipped.reasons.map((r) => [r.reason, r.where])) };
}

test('a latency the histogram cannot hold is skipped and reported with its line, in every sample reader', async () => {
  for (const bad of ['10000000000000', '1e13', '1e400', '-5', '9'.repeat(40)]) {
    for (const [name, text] of [
      ['t.jtl', jtl(bad)],
      ['t.xml', xml(bad)],
      ['t.ndjson', k6(bad === '1e400' ? '1e999' : bad)],
    ] as const) {
      const { s, reasons } = await skipsOf(name, text);
      assert.equal(s.overall.count, 2, `${name} ${bad}: the two good samples are kept`);
      const line = name === 't.ndjson' ? 2 : 3;
      assert.deepEqual(reasons.get(LATENCY_OUT_OF_RANGE), [`${name}:${line}`], `${name} ${bad}`);
      assert.ok((s.overall.maxMs ?? 0) <= 7, 'the bad value is in no figure');
    }
  }
  // Text that is no number at all keeps its own reason (NaN, hex and "Infinity" are not decimals).
  for (const bad of ['NaN', '0x10', 'Infinity', '']) {
    const { reasons } = await skipsOf('t.jtl', jtl(bad));
    assert.deepEqual(reasons.get('non-numeric elapsed (latency)'), ['t.jtl:3'], bad);
  }
});

test('a timestamp outside 1970–9999 is skipped, so every over-time window is a printable date', async () => {
  const { s, reasons } = await skipsOf('t.jtl', jtl('6', '99999999999999999'));
  assert.equal(s.overall.count, 2);
  assert.deepEqual(reasons.get(TIMESTAMP_OUT_OF_RANGE), ['t.jtl:3']);
  assert.deepEqual((await skipsOf('t.xml', xml('6', '1e300'))).reasons.get(TIMESTAMP_OUT_OF_RANGE), [
    't.xml:3',
  ]);
  const k = await skipsOf('t.ndjson', k6('6', '+275760-09-13T00:00:00.001Z'));
  assert.equal(k.s.overall.count, 2);
});

test('only out-of-range samples: nothing readable, exit 2 with the reason', async () => {
  await assert.rejects(
    readResults([bufferSource('t.jtl', 'timeStamp,elapsed,label\n1714550400000,1e13,a\n')]),
    (e: unknown) =>
      e instanceof InputError && e.message.includes(LATENCY_OUT_OF_RANGE) && /t\.jtl:2/.test(e.message),
  );
});

test('Locust and k6 summary figures follow the same rule: a latency out of range skips its row', async () => {
  const header = 'Type,Name,Request Count,Failure Count,Median Response Time,95%,99%';
  const { s, reasons } = await skipsOf(
    's_stats.csv',
    `${header}\nGET,/a,100,1,20,40,60\nGET,/b,100,1,20,1e13,60\n,Aggregated,200,2,20,40,60\n`,
  );
  assert.deepEqual(reasons.get(LATENCY_OUT_OF_RANGE), ['s_stats.csv:3']);
  assert.equal(
    s.flows.some((f) => f.flow === '/b'),
    false,
  );
  const summary = (p95: number) =>
    JSON.stringify(
      {
        metrics: {
          http_req_duration: { avg: 10, min: 1, med: 9, max: 50, 'p(90)': 20, 'p(95)': 30 },
          'http_req_duration{name:a}': { avg: 10, min: 1, med: 9, max: 50, 'p(90)': 20, 'p(95)': p95 },
          http_reqs: { count: 100, rate: 10 },
        },
      },
      null,
      1,
    );
  const k = await skipsOf('k.json', summary(-1));
  assert.equal(k.reasons.get(LATENCY_OUT_OF_RANGE)?.length, 1);
  assert.match(k.reasons.get(LATENCY_OUT_OF_RANGE)?.[0] ?? '', /^k\.json:\d+$/);
  assert.equal(k.s.flows.length, 0);
});

/** The messages and lines of a targets or baseline file that must be refused. */
function refusal(fn: () => unknown): { line: number | undefined; message: string }[] {
  try {
    fn();
  } catch (err) {
    assert.ok(isInputError(err), String(err));
    const all = err instanceof InputErrors ? err.errors : [err as InputError];
    return all.map((e) => ({ line: e.location.line, message: e.message }));
  }
  assert.fail('accepted');
}

test('targets file: every duration positive and bounded, reported at its line', () => {
  for (const window of ['0s', '0', '500ms', '25h', '-1s', `${'9'.repeat(400)}s`, '1e400']) {
    const errs = refusal(() =>
      parseTargets(`version: 1\ndefaults:\n  window: ${window}\nflows:\n  - name: a\n`, 't.yaml'),
    );
    assert.equal(errs[0]?.line, 3, window);
    assert.match(errs[0]?.message ?? '', /between 1 s and 24 h|not a duration|expected/, window);
  }
  for (const p95 of ['0ms', '0', '-1', '25h', '86400001']) {
    const errs = refusal(() => parseTargets(`flows:\n  - name: a\n    targets: { p95: ${p95} }\n`, 't.yaml'));
    assert.equal(errs[0]?.line, 3, p95);
    assert.match(errs[0]?.message ?? '', /above 0 and at most 24 h/, p95);
  }
  // The bounds themselves are fine, and so are the usual spellings.
  assert.equal(parseTargets('defaults: { window: 1s }\nflows: [{ name: a }]\n').windowMs, 1000);
  assert.equal(parseTargets('defaults: { window: 24h }\nflows: [{ name: a }]\n').windowMs, 86_400_000);
  assert.equal(parseTargets('flows: [{ name: a, targets: { p99: 1.5s } }]\n').flows[0]?.targets.p99, 1500);
});

const BASELINE_FLOW = `  - flow: a
    count: 10
    errors: 1
    errorRate: 10
    throughput: 1
    meanMs: 5
    minMs: 1
    maxMs: 9
    exactness: samples
    p50: { ms: 5, enough: false, minSamples: 20 }
    p90: { ms: 8, enough: false, minSamples: 100 }
    p95: { ms: 9, enough: false, minSamples: 200 }
    p99: { ms: 9, enough: false, minSamples: 1000 }
`;
const baseline = (durationSec: string, flow = BASELINE_FLOW) =>
  `version: 1\ncreated: "2024-05-01T00:00:00.000Z"\nsources: [a.jtl]\ndurationSec: ${durationSec}\nflows:\n${flow}`;

test('baseline file: duration and latencies bounded, errors at most the count, each at its line', () => {
  assert.equal(parseBaseline(baseline('10')).durationSec, 10);
  for (const d of ['0', '-1', '1e300'])
    assert.equal(refusal(() => parseBaseline(baseline(d), 'b.yaml'))[0]?.line, 4, d);
  const cases: [string, string, number][] = [
    ['meanMs: 5', 'meanMs: -5', 11],
    ['maxMs: 9', 'maxMs: 86400001', 13],
    ['p95: { ms: 9,', 'p95: { ms: 1e13,', 17],
    ['errors: 1', 'errors: 11', 8],
  ];
  for (const [from, to, line] of cases) {
    const errs = refusal(() => parseBaseline(baseline('10', BASELINE_FLOW.replace(from, to)), 'b.yaml'));
    assert.equal(errs[0]?.line, line, to);
  }
});

test('--window is validated like the targets file: 1 s to 24 h, exit 2 with the flag named', async () => {
  const dir = tempDir('perf-window-');
  try {
    const file = join(dir, 'a.jtl');
    writeFileSync(file, jtl('6'));
    for (const w of ['0', '1e308', 'abc', '25h']) {
      const r = await runCli(['perf', 'summary', '--window', w, file]);
      assert.equal(r.code, 2, `${w}: ${r.stderr}`);
      assert.match(r.stderr, /--window (must be|.*between 1 s and 24 h)/, w);
    }
    assert.equal((await runCli(['perf', 'summary', '--window', '90', file])).code, 0);
    const r = await runCli(['perf', 'summary', '--format', 'json', '--window', '5m', file]);
    assert.equal((JSON.parse(r.stdout) as { windowSec: number }).windowSec, 300);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('a reported run duration far below 1 ms gives no infinite throughput, and its baseline reads back', async () => {
  // Found by the round-trip fuzz: Requests/s of 1e300 made the duration 5e-300 s.
  const header = 'Type,Name,Request Count,Failure Count,Requests/s,95%';
  const s = await readResults([
    bufferSource('x_stats.csv', `${header}\nGET,/a,5,0,1e300,40\n,Aggregated,5,0,1e300,40\n`),
  ]);
  assert.ok(Number.isFinite(s.overall.throughput), String(s.overall.throughput));
  assert.equal(s.durationSec, 0.001);
  const b = baselineFromSummary(s);
  assert.deepEqual(parseBaseline(formatBaseline(b)).flows, b.flows);
});
