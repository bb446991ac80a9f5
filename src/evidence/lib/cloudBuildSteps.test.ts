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
