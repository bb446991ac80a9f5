import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spellCloudBuildSteps } from './cloudBuildSteps.js';

test('Cloud Build args lists read as one command line, on the same line numbers', () => {
  const text = [
    'steps:',
    '  - name: gcr.io/cloud-builders/gcloud',
    '    args:',
    '      - run',
    '      - deploy',
    "      - '${_SERVICE}'",
    '      - --no-traffic',
    "  - name: 'gcr.io/cloud-builders/gcloud:latest'",
    "    args: ['run', 'services', 'update-traffic', 'web', '--to-revisions', 'web-1=20']",
    '  - name: ubuntu',
    '    entrypoint: bash',
    "    args: ['-c', 'curl --fail https://latest---web']",
    'options:',
    '  logging: CLOUD_LOGGING_ONLY',
  ].join('\n');
  const out = spellCloudBuildSteps(text).split('\n');
  assert.equal(out.length, 14);
  assert.equal(out[2], '    args: gcloud run deploy ${_SERVICE} --no-traffic');
  assert.deepEqual(out.slice(3, 7), ['', '', '', '']);
  assert.equal(out[8], '    args: gcloud run services update-traffic web --to-revisions web-1=20');
  assert.equal(out[11], '    args: bash -c curl --fail https://latest---web');
  assert.equal(out[13], '  logging: CLOUD_LOGGING_ONLY');
});

test('a Cloud Build config in builders/ is a pipeline; a GitHub workflow or a YAML list of steps is not', async () => {
  const { pipelines } = await import('./pipelines.js');
  const { createRepoView, walk } = await import('../walker.js');
  const { tempTree } = await import('../testing.js');
  const root = tempTree({
    'builders/deploy.yaml':
      "steps:\n- id: deploy\n  name: 'gcr.io/google.com/cloudsdktool/cloud-sdk:396.0.0-alpine'\n  args:\n  - 'bash'\n  - '-c'\n  - |-\n    gcloud run deploy api --no-traffic\n- name: ubuntu\n  args: ['echo', 'done']\n",
    'builders/notes.yaml': 'steps:\n  - name: Write the release notes\n  - name: Tag the release\n',
    'build/steps.yml': 'steps:\n  - name: first step\n    run: make\n',
  });
  const walked = await walk(root);
  const repo = createRepoView(walked);
  const found = await pipelines(repo);
  assert.deepEqual(
    found.map((p) => [p.file, p.system]),
    [['builders/deploy.yaml', 'other']],
  );
  assert.match(found[0]?.text ?? '', /^ {2}args: cloud-sdk bash -c \|-$/m);
});
