import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './featureFlags.js';

test('feature-flags: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), ['pe.5.releases.flags-decided']);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === 'package.json' && l.line === 3)),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
