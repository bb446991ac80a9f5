import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './e2eTests.js';

test('e2e-tests: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), ['oe.3.testing.application-tests']);
  assert.ok(
    positive.some(
      (f) => f.present && f.locations.some((l) => l.file === 'e2e/checkout.spec.ts' && l.line === 2),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
