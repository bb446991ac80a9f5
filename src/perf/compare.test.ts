import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputErrors } from '../diagnostics/index.js';
import { baselineFromSummary, formatBaseline, parseBaseline } from './baseline.js';
import { compareRun } from './compare.js';
import { RunRecorder } from './flowHistograms.js';
import { renderComparison, renderSummary } from './render.js';
import { summarize } from './summary.js';
import { parseTargets } from './targetsFile.js';

/** A run where each flow's latencies are `count` samples spread evenly over [lo, hi] ms. */
function run(flows: Record<string, { count: number; lo: number; hi: number; errors?: number }>) {
  const rec = new RunRecorder();
  for (const [name, f] of Object.entries(flows)) {
    const id = rec.matcher.flowOf(name);
    for (let i = 0; i < f.count; i++) {
      const ms = f.lo + ((f.hi - f.lo) * ((i * 7919) % f.count)) / f.count;
      rec.add(id, 1_700_000_000_000 + i * 10, ms * 1000, i >= (f.errors ?? 0));
    }
  }
  return summarize(rec, [{ name: 'run.jtl', format: 'jmeter-csv', rows: 0 }]);
}

function fromValues(ms: number[]) {
  const rec = new RunRecorder();
  const id = rec.matcher.flowOf('api');
  ms.forEach((v, i) => {
    rec.add(id, 1_700_000_000_000 + i * 10, v * 1000, true);
  });
  return summarize(rec, []);
}

const roundTrip = (s: ReturnType<typeof run>) =>
  parseBaseline(formatBaseline(baselineFromSummary(s)), 'b.yaml');

test('a clear slowdown beyond tolerance is a regression; exit code 1', () => {
  const base = roundTrip(run({ api: { count: 5000, lo: 10, hi: 100 } }));
  const cur = run({ api: { count: 5000, lo: 10, hi: 130 } });
  const c = compareRun(cur, undefined, base);
  const api = c.flows.find((f) => f.flow === 'api');
  assert.ok(api);
  const p95 = api.rows.find((r) => r.metric === 'p95');
  assert.deepEqual(p95?.verdicts, ['regressed']);
  assert.ok((p95?.change ?? 0) > 25);
  assert.equal(c.exitCode, 1);
  assert.ok(api.verdicts.includes('regressed'));
});

test('the same distribution again is not a regression, even when small samples wobble', () => {
  const base = roundTrip(run({ api: { count: 5000, lo: 10, hi: 100 } }));
  const same = compareRun(run({ api: { count: 5000, lo: 10, hi: 101 } }), undefined, base);
  assert.equal(same.exitCode, 0);
  // 250 samples with a long tail: p95 sits among a few far-apart samples, so its confidence
  // interval is wide and even a 30% rise there is within noise.
  const tail = (scale: number) => {
    const v: number[] = [];
    for (let i = 0; i < 230; i++) v.push(10 + (i % 40));
    for (let i = 0; i < 20; i++) v.push((100 + i * 47) * scale);
    return v;
  };
  const smallBase = roundTrip(fromValues(tail(1)));
  const c = compareRun(fromValues(tail(1.3)), undefined, smallBase);
  const p95 = c.flows.find((f) => f.flow === 'api')?.rows.find((r) => r.metric === 'p95');
  assert.ok((p95?.change ?? 0) > 10, `change ${p95?.change}`);
  assert.deepEqual(p95?.verdicts, ['pass']);
  assert.match(p95?.note ?? '', /within noise/);
  // The same rise with 100x the samples is a regression.
  const many = (scale: number) => Array.from({ length: 100 }, () => tail(scale)).flat();
  const big = compareRun(fromValues(many(1.3)), undefined, roundTrip(fromValues(many(1))));
  assert.deepEqual(big.flows.find((f) => f.flow === 'api')?.rows.find((r) => r.metric === 'p95')?.verdicts, [
    'regressed',
  ]);
});

test('targets: missed, met, too few samples, and a flow without samples', () => {
  const targets = parseTargets(
    [
      'flows:',
      '  - name: fast',
      '    targets: { p50: 40ms, p95: 80ms, errorRate: 1% }',
      '  - name: rare',
      '    targets: { p99: 10ms }',
      '  - name: ghost',
      '    targets: { p95: 1s }',
    ].join('\n'),
  );
  const rec = new RunRecorder(targets);
  for (let i = 0; i < 1000; i++) rec.add(0, 1_700_000_000_000 + i, (1 + (i % 100)) * 1000, i % 50 !== 0);
  for (let i = 0; i < 50; i++) rec.add(1, 1_700_000_000_000 + i, 50_000, true);
  const c = compareRun(summarize(rec, []), targets);
  const fast = c.flows.find((f) => f.flow === 'fast');
  assert.deepEqual(fast?.rows.find((r) => r.metric === 'p50')?.verdicts, ['target missed']);
  assert.deepEqual(fast?.rows.find((r) => r.metric === 'p95')?.verdicts, ['target missed']);
  assert.deepEqual(fast?.rows.find((r) => r.metric === 'errorRate')?.verdicts, ['target missed']);
  const rare = c.flows.find((f) => f.flow === 'rare');
  assert.deepEqual(rare?.rows.find((r) => r.metric === 'p99')?.verdicts, ['too few samples']);
  const ghost = c.flows.find((f) => f.flow === 'ghost');
  assert.deepEqual(ghost?.verdicts, ['target missed']);
  assert.match(ghost?.notes[0] ?? '', /no samples/);
  assert.equal(c.targetsMissed, 2);
  assert.equal(c.exitCode, 1);
});

test('error rate: a rise beyond tolerance needs to be significant', () => {
  const base = roundTrip(run({ api: { count: 10_000, lo: 10, hi: 20, errors: 100 } }));
  const worse = compareRun(run({ api: { count: 10_000, lo: 10, hi: 20, errors: 400 } }), undefined, base);
  const row = worse.flows.find((f) => f.flow === 'api')?.rows.find((r) => r.metric === 'errorRate');
  assert.deepEqual(row?.verdicts, ['regressed']);
  assert.equal(row?.change, 3);
  const smallBase = roundTrip(run({ api: { count: 40, lo: 10, hi: 20, errors: 0 } }));
  const small = compareRun(run({ api: { count: 40, lo: 10, hi: 20, errors: 1 } }), undefined, smallBase);
  const r2 = small.flows.find((f) => f.flow === 'api')?.rows.find((r) => r.metric === 'errorRate');
  assert.deepEqual(r2?.verdicts, ['pass'], '1 error in 40 is not evidence');
});

test('renderers: markdown table for a PR comment, JSON that parses, text with the rules', () => {
  const base = roundTrip(run({ 'GET /a|b': { count: 3000, lo: 10, hi: 100 } }));
  const cur = run({ 'GET /a|b': { count: 3000, lo: 10, hi: 150 } });
  const c = compareRun(cur, undefined, base);
  const md = renderComparison(c, 'md');
  assert.match(md, /^## Performance comparison: FAIL/);
  assert.match(
    md,
    /\| metric \| target \| baseline \| this run \| 95% CI \| change \| tolerance \| verdict \|/,
  );
  assert.match(md, /### GET \/a\|b: regressed/);
  assert.match(md, /\| p95 \(ms\) \| – \| 95\.5 \| 143 \| 142–144\.1 \| \+49\.7% \| 10% \| regressed \|/);
  const json = JSON.parse(renderComparison(c, 'json')) as { exitCode: number; flows: unknown[] };
  assert.equal(json.exitCode, 1);
  assert.match(renderComparison(c, 'text'), /Rules:\n {2}target missed/);
  const text = renderSummary(run({ tiny: { count: 5, lo: 1, hi: 2 } }), 'text');
  assert.match(text, /too few samples/);
  assert.match(text, /\*/);
});

test('baseline round-trips through YAML and rejects a damaged file with a line number', () => {
  const s = run({ api: { count: 300, lo: 10, hi: 100 } });
  const b = baselineFromSummary(s, new Date('2024-05-01T00:00:00Z'));
  const parsed = parseBaseline(formatBaseline(b), 'b.yaml');
  assert.deepEqual(parsed.flows, b.flows);
  const damaged = formatBaseline(b).replace(/count: 300/, 'count: many');
  assert.throws(
    () => parseBaseline(damaged, 'b.yaml'),
    (e: unknown) => e instanceof InputErrors && e.errors[0]?.location.line === 9,
  );
});
