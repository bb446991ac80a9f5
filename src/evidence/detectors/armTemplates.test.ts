import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../ruleTester.js';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './armTemplates.js';

test('arm-templates: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.1.iac.declarative',
    'oe.1.iac.mainstream-tooling',
    'oe.1.iac.parameterized-environments',
  ]);
  assert.ok(
    positive.some(
      (f) => f.present && f.locations.some((l) => l.file === 'deploy/azuredeploy.json' && l.line === 2),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});

ruleTester(detector, [
  {
    name: 'a template with one parameter file says nothing about environments',
    trap: true,
    files: {
      'azuredeploy.json':
        '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": []\n}\n',
      'azuredeploy.parameters.json':
        '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",\n  "parameters": {}\n}\n',
    },
    claims: [
      { practice: 'oe.1.iac.declarative', status: 'met', at: 'azuredeploy.json:2' },
      { practice: 'oe.1.iac.mainstream-tooling', status: 'met' },
    ],
  },
]);
