import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../ruleTester.js';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './bicep.js';

test('bicep: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.1.iac.declarative',
    'oe.1.iac.mainstream-tooling',
    'oe.1.iac.parameterized-environments',
    'oe.4.org-alignment.shared-iac-modules',
  ]);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === 'infra/main.bicep' && l.line === 2)),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});

const DECLARED = [
  { practice: 'oe.1.iac.declarative', status: 'met' },
  { practice: 'oe.1.iac.mainstream-tooling', status: 'met' },
] as const;

ruleTester(detector, [
  {
    name: 'one template set whose differences per environment hang on an environment parameter',
    files: {
      'infra/main.bicep': `@allowed(['dev', 'prod'])
param environmentType string = 'dev'
var isProduction = environmentType == 'prod'
resource plan 'Microsoft.Web/serverfarms@2022-03-01' = {
  name: 'plan'
  sku: { name: isProduction ? 'P1v3' : 'B1' }
}
`,
      'infra/main.parameters.json': `{ "parameters": { "environmentType": { "value": "\${ENVIRONMENT=dev}" } } }\n`,
    },
    claims: [
      ...DECLARED,
      {
        practice: 'oe.1.iac.parameterized-environments',
        status: 'met',
        confidence: 'medium',
        at: 'infra/main.bicep:3',
      },
    ],
  },
  {
    name: 'a single parameter file filled from the azd environment is not one file per environment',
    trap: true,
    files: {
      'infra/main.bicep': `param environmentName string\nresource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {\n  name: 'rg-\${environmentName}'\n}\n`,
      'infra/main.parameters.json': `{ "parameters": { "environmentName": { "value": "\${AZURE_ENV_NAME}" } } }\n`,
      'docs/envs.md': "Compare environmentType == 'prod' in the template.\n",
    },
    claims: [...DECLARED],
  },
]);
