import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './postmortems.js';

test('postmortems: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.1.collaboration.blameless-reviews',
    'oe.4.incident-validation.postmortems',
  ]);
  assert.ok(
    positive.some(
      (f) =>
        f.present &&
        f.locations.some((l) => l.file === 'docs/postmortems/2024-05-01-outage.md' && l.line === 5),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
