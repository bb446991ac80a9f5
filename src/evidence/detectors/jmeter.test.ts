import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './jmeter.js';

test('jmeter: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'pe.3.baseline-tests.acceptance',
    'pe.3.baseline-tests.load-tests',
  ]);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === 'perf/plan.jmx' && l.line === 2)),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
