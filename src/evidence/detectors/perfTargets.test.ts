import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './perfTargets.js';

test('perf-targets: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'pe.1.targets.documented',
    'pe.1.targets.percentiles',
    'pe.2.critical-flows.inventory',
    'pe.2.metrics.initial-baseline',
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
