import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './autoscaling.js';

test('autoscaling: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.2.automation.platform-native',
    'pe.1.compute.scalable',
    'pe.3.scaling.autoscale',
    'pe.3.scaling.scheduled',
    'pe.3.scaling.thresholds-tuned',
  ]);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === 'k8s/hpa.yaml' && l.line === 2)),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
