import assert from 'node:assert/strict';
import test from 'node:test';
import { sharedSteps, sharedUses } from './sharedSteps.js';

test('sharedUses: a part of the last path segment names the step; exclusions and root actions do not match', () => {
  const re = sharedUses('deploy', 'docs');
  assert.ok(re.test('      uses: Org-Name/github-actions/deploy-domains-env@master'));
  assert.ok(re.test('    uses: org/wf/.github/workflows/cd_deploy.yml@main'));
  assert.equal(re.test('uses: org/actions/redeployer@v1'), false, 'a word inside another word');
  assert.equal(re.test('uses: org/actions/deploy-docs@v1'), false, 'an excluded part');
  assert.equal(re.test('uses: azure/webapps-deploy@v2'), false, 'an action at the root of its repository');
});

test('sharedSteps: each shared step with the inputs under its with:, not those of the next step', () => {
  const text = [
    'steps:',
    '  - name: Build',
    '    uses: Org-Name/github-actions/build-docker-image@main',
    '    with:',
    '      snyk-token: ${{ secrets.SNYK }}',
    '      # a comment',
    '      context: ""',
    '    env:',
    '      X: 1',
    '  - uses: org/wf/.github/workflows/deploy_env.yml@v2',
    '    with: { environment: dev }',
    '  - uses: actions/checkout@v4',
  ].join('\n');
  const steps = sharedSteps(text);
  assert.deepEqual(
    steps.map((s) => [s.line, s.name, [...s.inputs.keys()]]),
    [
      [3, 'build-docker-image', ['snyk-token', 'context']],
      [10, 'deploy_env', []],
    ],
  );
});
