import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './k6.js';

test('k6: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'pe.3.baseline-tests.acceptance',
    'pe.3.baseline-tests.load-tests',
    'pe.3.baseline-tests.test-types',
  ]);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === 'load/checkout.js' && l.line === 1)),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
