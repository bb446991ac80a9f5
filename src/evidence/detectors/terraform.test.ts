import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../ruleTester.js';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './terraform.js';

test('terraform: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.1.iac.declarative',
    'oe.1.iac.mainstream-tooling',
    'oe.1.iac.parameterized-environments',
    'oe.4.org-alignment.shared-iac-modules',
  ]);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === 'infra/main.tf' && l.line === 1)),
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
    name: 'one configuration switched on the environment, with backend configurations per environment',
    files: {
      'main.tf':
        'resource "azurerm_role_assignment" "push" {\n  count = var.environment == "staging" ? 0 : 1\n}\n',
      'backend-configs/production': 'key = "prod.tfstate"\n',
      'backend-configs/staging': 'key = "staging.tfstate"\n',
    },
    claims: [
      ...DECLARED,
      {
        practice: 'oe.1.iac.parameterized-environments',
        status: 'met',
        confidence: 'high',
        at: ['backend-configs/production', 'backend-configs/staging'],
      },
    ],
  },
  {
    name: 'an environment switch alone, and modules from a shared Git submodule',
    files: {
      '.gitmodules':
        '[submodule ".shared-tools"]\n\tpath = .shared-tools\n\turl = https://github.com/org/shared-tools\n',
      'main.tf': `module "writer" {
  source = "./.shared-tools/terraform/modules/writer"
}
resource "azurerm_dns_zone" "z" {
  count = terraform.workspace == "prod" ? 1 : 0
}
`,
    },
    claims: [
      ...DECLARED,
      {
        practice: 'oe.1.iac.parameterized-environments',
        status: 'met',
        confidence: 'medium',
        at: 'main.tf:5',
      },
      { practice: 'oe.4.org-alignment.shared-iac-modules', status: 'met', at: 'main.tf:2' },
    ],
  },
  {
    name: 'a single variable file, a local module and an environment named in a comment say nothing about environments',
    trap: true,
    files: {
      'terraform/main.tf': `module "net" {
  source = "./modules/net"
}
# count = var.environment == "prod" ? 1 : 0
resource "google_storage_bucket" "b" {
  name = var.name
}
`,
      'terraform/terraform.tfvars': 'name = "bucket"\n',
      'terraform/modules/net/main.tf': 'resource "google_compute_network" "n" {\n  name = "net"\n}\n',
    },
    claims: [...DECLARED],
  },
  {
    name: 'modules loaded from a folder the repository does not hold are shared code cloned in (low)',
    files: {
      'terraform/aks/databases.tf':
        'module "postgres" {\n  source = "./vendor/modules/aks//aks/postgres"\n  name   = "db"\n}\n',
    },
    claims: [
      ...DECLARED,
      {
        practice: 'oe.4.org-alignment.shared-iac-modules',
        status: 'partial',
        confidence: 'low',
        at: 'terraform/aks/databases.tf:1',
      },
    ],
  },
]);
