import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './devcontainer.js';

test('devcontainer: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), ['oe.5.friction-automation.dev-environment-definition']);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === '.devcontainer/devcontainer.json')),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
