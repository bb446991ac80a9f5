import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './testsInCi.js';

test('tests-in-ci: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.2.standard-processes.ci-required',
    'oe.4.build-optimization.parallel-jobs',
  ]);
  assert.ok(
    positive.some(
      (f) => f.present && f.locations.some((l) => l.file === '.github/workflows/ci.yml' && l.line === 19),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});

test('tests-in-ci: pipelines without a test command are a (low-confidence) absence', async () => {
  const { runDetector, tempTree } = await import('../testing.js');
  const root = tempTree({ '.gitlab-ci.yml': 'build:\n  script:\n    - docker build .\n' });
  const found = await runDetector(detector, root);
  assert.deepEqual(
    found.map((x) => [x.present, x.confidence, x.practices]),
    [[false, 'low', ['oe.2.standard-processes.ci-required']]],
  );
});
