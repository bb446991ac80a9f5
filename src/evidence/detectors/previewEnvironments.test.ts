import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './previewEnvironments.js';

test('preview-environments: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.5.ephemeral-environments.auto-teardown',
    'oe.5.ephemeral-environments.per-branch',
  ]);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === '.gitlab-ci.yml' && l.line === 6)),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
