import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../ruleTester.js';
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

ruleTester(detector, [
  {
    name: 'a Cloud Build trigger and a Cloud Deploy target that require approval',
    files: {
      'terraform/deploy.tf':
        'resource "google_cloudbuild_trigger" "deploy" {\n  approval_config {\n    approval_required = var.require_deploy_approval\n  }\n  filename = "ops/deploy.cloudbuild.yaml"\n}\n',
      'deploy/targets.yaml':
        'apiVersion: deploy.cloud.google.com/v1\nkind: Target\nmetadata:\n  name: prod\nrequireApproval: true\n',
    },
    claims: [
      {
        practice: 'oe.3.approvals.production-approvers',
        status: 'met',
        confidence: 'high',
        at: ['terraform/deploy.tf:3', 'deploy/targets.yaml:5'],
      },
    ],
  },
  {
    name: 'approval switched off, and a doc about approvals, gate nothing',
    trap: true,
    files: {
      'terraform/deploy.tf':
        'resource "google_cloudbuild_trigger" "deploy" {\n  approval_config {\n    approval_required = false\n  }\n}\n',
      'docs/release.md': 'Set requireApproval: true on the prod target.\n',
    },
    claims: [],
  },
]);
