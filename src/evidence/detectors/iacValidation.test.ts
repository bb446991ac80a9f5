import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './iacValidation.js';

test('iac-validation: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), ['oe.3.testing.infrastructure-tests']);
  assert.ok(
    positive.some(
      (f) => f.present && f.locations.some((l) => l.file === '.github/workflows/deploy.yml' && l.line === 18),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
