import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './approvals.js';

test('approvals: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), ['oe.3.approvals.production-approvers']);
  assert.ok(
    positive.some(
      (f) => f.present && f.locations.some((l) => l.file === 'azure-pipelines.yml' && l.line === 8),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});

test('approvals: a manual GitLab job counts only when it deploys to production', async () => {
  const { runDetector, tempTree } = await import('../testing.js');
  const job = (env: string) =>
    `deploy:\n  script:\n    - ./deploy.sh\n  when: manual\n  environment:\n    name: ${env}\nlint:\n  script:\n    - make lint\n`;
  const prod = await runDetector(detector, tempTree({ '.gitlab-ci.yml': job('production') }));
  assert.deepEqual(
    prod.map((x) => [x.present, x.confidence, x.locations]),
    [[true, 'high', [{ file: '.gitlab-ci.yml', line: 4 }]]],
  );
  const review = await runDetector(
    detector,
    tempTree({ '.gitlab-ci.yml': job('review/$CI_COMMIT_REF_SLUG') }),
  );
  assert.deepEqual(review, []);
});
