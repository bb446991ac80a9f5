import assert from 'node:assert/strict';
import { test } from 'node:test';
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
