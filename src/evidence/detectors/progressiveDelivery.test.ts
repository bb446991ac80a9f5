import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../ruleTester.js';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './progressiveDelivery.js';

test('progressive-delivery: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.4.safe-deployment.progressive-exposure',
    'oe.4.safe-deployment.rollout-halt',
    'pe.4.testing.in-production',
  ]);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === 'k8s/rollout.yaml' && l.line === 2)),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});

ruleTester(detector, [
  {
    name: 'Cloud Build deploying a Cloud Run revision with no traffic, then shifting 20% to it',
    files: {
      'ops/deploy.cloudbuild.yaml':
        'steps:\n  - name: gcr.io/cloud-builders/gcloud\n    args:\n      - run\n      - deploy\n      - web\n      - --no-traffic\n',
      'ops/canary.cloudbuild.yaml':
        "steps:\n  - name: gcr.io/cloud-builders/gcloud\n    args: ['run', 'services', 'update-traffic', 'web', '--to-revisions', 'web-2=20']\n",
    },
    // A share of traffic with no metric analysis is exposure only, not a performance check.
    claims: [
      {
        practice: 'oe.4.safe-deployment.progressive-exposure',
        status: 'met',
        at: ['ops/canary.cloudbuild.yaml:3', 'ops/deploy.cloudbuild.yaml:3'],
      },
    ],
  },
  {
    name: 'a plain Cloud Run deploy shifts no traffic gradually',
    trap: true,
    files: {
      'cloudbuild.yaml':
        "steps:\n  - name: gcr.io/cloud-builders/gcloud\n    args: ['run', 'deploy', 'web', '--image', 'gcr.io/p/web']\n",
    },
    claims: [],
  },
  {
    name: 'update-traffic to a revision share written over continued lines',
    files: {
      'builders/promote.yaml':
        'steps:\n- name: \'gcr.io/google.com/cloudsdktool/cloud-sdk:396.0.0-alpine\'\n  args:\n  - \'bash\'\n  - \'-c\'\n  - |-\n    gcloud run services update-traffic "api" \\\n      --quiet \\\n      --region "${_REGION}" \\\n      --to-revisions "${_REVISION}=${_PERCENTAGE}"\n',
    },
    claims: [
      { practice: 'oe.4.safe-deployment.progressive-exposure', status: 'met', at: 'builders/promote.yaml:7' },
    ],
  },
]);
