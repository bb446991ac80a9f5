import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../ruleTester.js';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './configManagement.js';

test('config-management: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.2.iac-config.desired-state',
    'oe.2.iac-config.post-deploy-scripted',
  ]);
  assert.ok(
    positive.some(
      (f) => f.present && f.locations.some((l) => l.file === 'dsc/WebServer.ps1' && l.line === 1),
    ),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});

ruleTester(detector, [
  {
    name: 'deployment scripts, a VM custom script extension and azd hooks run post-deployment steps',
    files: {
      'infra/vm.bicep': `resource script 'Microsoft.Compute/virtualMachines/extensions@2023-03-01' = {
  name: 'post'
  properties: {
    type: 'CustomScript'
    settings: { commandToExecute: 'bash setup.sh' }
  }
}
resource login 'Microsoft.Compute/virtualMachines/extensions@2023-09-01' = {
  name: 'aad'
  properties: { type: 'AADSSHLoginForLinux' }
}
`,
      'azure.yaml':
        'name: app\nhooks:\n  postprovision:\n    run: ./scripts/seed.sh\nservices:\n  web:\n    host: appservice\n',
    },
    claims: [
      {
        practice: 'oe.2.iac-config.post-deploy-scripted',
        status: 'met',
        confidence: 'medium',
        at: ['infra/vm.bicep:1', 'azure.yaml:3'],
      },
    ],
  },
  {
    name: 'cloud-init user data, Terraform provisioners, Helm post-install hooks and database seed scripts',
    files: {
      'vm.tf': `resource "azurerm_linux_virtual_machine" "agent" {
  name      = "agent"
  user_data = base64encode(templatefile("cloudinit.tftpl", {}))
}
resource "null_resource" "apply" {
  provisioner "local-exec" {
    command = "kubectl apply -f manifests/"
  }
}
`,
      'chart/templates/migrate.yaml':
        'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    "helm.sh/hook": post-install,post-upgrade\n',
      'compose.yaml':
        'services:\n  db:\n    image: postgres\n    volumes:\n      - ./init.sql:/docker-entrypoint-initdb.d/init.sql\n',
    },
    claims: [
      {
        practice: 'oe.2.iac-config.post-deploy-scripted',
        status: 'met',
        at: ['vm.tf:3', 'vm.tf:6', 'chart/templates/migrate.yaml:2', 'compose.yaml:5'],
      },
    ],
  },
  {
    name: 'a database image with init scripts copied in, and a Job that seeds the database',
    files: {
      'db/Dockerfile':
        'FROM postgres:16\nCOPY initdb/0-schema.sql initdb/1-load.sh /docker-entrypoint-initdb.d/\n',
      'k8s/init-db-job.yaml':
        'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: populate-accounts-db\nspec:\n  template: {}\n',
      'k8s/report.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: nightly-report\n',
    },
    claims: [
      {
        practice: 'oe.2.iac-config.post-deploy-scripted',
        status: 'met',
        at: ['db/Dockerfile:2', 'k8s/init-db-job.yaml:2'],
      },
    ],
  },
  {
    name: 'Helm test hooks, an AAD login extension and user data in a comment are no post-deployment steps',
    trap: true,
    files: {
      'chart/templates/tests/smoke.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: smoke\n  annotations:\n    "helm.sh/hook": test\n',
      'infra/vm.bicep':
        "resource login 'Microsoft.Compute/virtualMachines/extensions@2023-09-01' = {\n  name: 'aad'\n  properties: { type: 'AADSSHLoginForLinux' }\n}\n",
      'vm.tf': 'resource "aws_instance" "x" {\n  # user_data = file("init.sh")\n}\n',
    },
    claims: [],
  },
  {
    name: 'a CloudFormation custom resource that fills the tables when the stack is created',
    files: {
      'template.yaml':
        'Resources:\n  FillTables:\n    Type: AWS::CloudFormation::CustomResource\n    Properties:\n      ServiceToken: !GetAtt FillFn.Arn\n  Endpoint:\n    Type: Custom::IotEndpoint\n    Properties:\n      ServiceToken: !GetAtt EndpointFn.Arn\n',
    },
    claims: [
      {
        practice: 'oe.2.iac-config.post-deploy-scripted',
        status: 'met',
        at: ['template.yaml:2', 'template.yaml:6'],
      },
    ],
  },
]);
