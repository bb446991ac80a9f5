import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './templates.js';

test('templates: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.1.methodology.work-tracking',
    'oe.2.standard-processes.problem-tracking',
    'oe.4.safe-deployment.change-tests',
  ]);
  assert.ok(
    positive.some(
      (f) =>
        f.present && f.locations.some((l) => l.file === '.github/pull_request_template.md' && l.line === 3),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});
