import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './adrs.js';

test('adrs: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.2.roles.decision-records',
    'pe.1.networking.topology',
    'pe.2.patterns.justified',
  ]);
  assert.ok(
    positive.some(
      (f) =>
        f.present && f.locations.some((l) => l.file === 'docs/adr/0001-use-redis-cache.md' && l.line === 3),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
