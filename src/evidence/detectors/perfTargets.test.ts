import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../ruleTester.js';
import { fixtureFindings, presentPractices, runDetector, tempTree } from '../testing.js';
import detector from './perfTargets.js';

test('perf-targets: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'pe.1.targets.expectations-recorded',
    'pe.2.critical-flows.inventory',
    'pe.2.metrics.flow-targets',
    'pe.2.metrics.initial-baseline',
    'pe.2.metrics.targets-central',
    'pe.3.mindset.deviation-thresholds',
  ]);
  assert.ok(
    positive.some(
      (f) => f.present && f.locations.some((l) => l.file === 'waymark.perf.yaml' && l.line === 4),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});

test('perf-targets: the baseline file `waymark perf baseline set` writes is a recorded baseline', async () => {
  const root = tempTree({ 'waymark.perf.baseline.yaml': 'version: 1\nflows: []\n' });
  const found = await runDetector(detector, root);
  assert.deepEqual(
    found.filter((f) => f.present).map((f) => [f.practices, f.confidence, f.locations]),
    [[['pe.2.metrics.initial-baseline'], 'high', [{ file: 'waymark.perf.baseline.yaml', line: 1 }]]],
  );
});

ruleTester(detector, [
  {
    name: 'a results table with latency percentiles kept beside the load tests',
    files: {
      'tests-perf/throughput/results.csv':
        'Run ID,Date,Environment,Peak RPS,p50 Latency (ms),p95 Latency (ms),p99 Latency (ms)\nAPI-001,2026-04-15,Staging,7133,30,240,1300\n',
    },
    claims: [
      {
        practice: 'pe.2.metrics.initial-baseline',
        status: 'partial',
        at: 'tests-perf/throughput/results.csv:1',
      },
    ],
  },
  {
    name: 'a CSV of users for the load test, and percentiles in a perf README, record no run',
    trap: true,
    files: {
      'load/users.csv': 'email,password\na@example.test,x\n',
      'load/README.md': '| p50 | p95 |\n| --- | --- |\n',
    },
    claims: [],
  },
]);
