import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './progressiveDelivery.js';

test('progressive-delivery: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.4.safe-deployment.progressive-exposure',
    'oe.4.safe-deployment.rollout-halt',
    'pe.4.testing.in-production',
  ]);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === 'k8s/rollout.yaml' && l.line === 2)),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
