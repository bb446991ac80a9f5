import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './cloudformation.js';

test('cloudformation: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), ['oe.1.iac.declarative', 'oe.1.iac.mainstream-tooling']);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === 'template.yaml' && l.line === 1)),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
