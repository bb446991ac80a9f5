import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './contributing.js';

test('contributing: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), ['oe.5.knowledge-sharing.inner-source']);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === 'CONTRIBUTING.md' && l.line === 1)),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
