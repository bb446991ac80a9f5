import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './helm.js';

test('helm: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.1.iac.declarative',
    'oe.1.iac.mainstream-tooling',
    'oe.1.iac.parameterized-environments',
  ]);
  assert.ok(
    positive.some(
      (f) => f.present && f.locations.some((l) => l.file === 'charts/web/Chart.yaml' && l.line === 2),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
