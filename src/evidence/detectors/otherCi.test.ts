import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './otherCi.js';

test('other-ci: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), ['oe.1.source-control.everything-versioned']);
  assert.ok(
    positive.some(
      (f) => f.present && f.locations.some((l) => l.file === '.circleci/config.yml' && l.line === 1),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
