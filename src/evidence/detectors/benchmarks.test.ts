import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './benchmarks.js';

test('benchmarks: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), ['pe.2.code.hot-path-review']);
  assert.ok(
    positive.some(
      (f) => f.present && f.locations.some((l) => l.file === 'pkg/parse_test.go' && l.line === 5),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
