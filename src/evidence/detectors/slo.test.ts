import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './slo.js';

test('slo: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.4.production-feedback.slos',
    'pe.2.metrics.flow-targets',
  ]);
  assert.ok(
    positive.some(
      (f) => f.present && f.locations.some((l) => l.file === 'slo/checkout.yaml' && l.line === 1),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
