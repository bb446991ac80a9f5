import assert from 'node:assert/strict';
import { realpath } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { tempTree } from '../testing.js';
import { createRepoView, FIXTURE_DIRS, walk } from '../walker.js';
import {
  at,
  type CloudResource,
  cloudResources,
  iacFiles,
  lineIn,
  parseAzd,
  parseBicep,
  parseCloudFormationYaml,
  parseCompose,
  parseJsonResources,
  parseTerraform,
  serviceOf,
  sharedModuleName,
} from './cloudResources.js';

const brief = (rs: CloudResource[]) => rs.map((r) => `${r.lang} ${r.form} ${r.type} ${r.name} @${r.line}`);

async function index(files: Record<string, string>) {
  const root = await realpath(tempTree(files));
  const repo = createRepoView(await walk(root, { skipDirs: FIXTURE_DIRS }), { git: false });
  return { resources: await cloudResources(repo), files: await iacFiles(repo) };
}

describe('cloudResources: Bicep', () => {
  const BICEP = `param useApim bool = false
// resource commented 'Microsoft.Web/sites@2022-03-01' = {}
resource plan 'Microsoft.Web/serverfarms@2022-03-01' = {
  name: 'plan-\${token}'
  properties: {
    reserved: true // keep '{' in a comment from counting
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2023-04-01' existing = {
  name: 'hub'
  resource peer 'virtualNetworkPeerings' = {
    name: 'to-spoke'
  }
}

module site 'br/public:avm/res/web/site:0.3.0' = {
  name: 'site'
}

module local './app/api.bicep' = {
  name: 'api'
}

module apim 'br/public:avm/res/api-management/service:0.2.0' = if (useApim) {
  name: 'apim'
}

var text = '''
resource fake 'Microsoft.Sql/servers@2021-01-01' = {
}
'''
`;
  const rs = parseBicep('main.bicep', BICEP);

  it('indexes resources and registry modules; skips comments, strings, existing and local modules', () => {
    assert.deepEqual(brief(rs), [
      'bicep resource Microsoft.Web/serverfarms plan @3',
      'bicep resource Microsoft.Network/virtualNetworks/virtualNetworkPeerings peer @12',
      'bicep module avm/res/web/site site @17',
      'bicep module avm/res/api-management/service apim @25',
    ]);
  });

  it('keeps the body to the matching brace and marks resources behind a switch that is off', () => {
    const plan = rs[0] as CloudResource;
    assert.equal(plan.body.split('\n').length, 6);
    assert.equal(lineIn(plan, /reserved/), 6);
    assert.equal(rs[3]?.optional, true);
    assert.equal(rs[2]?.optional, undefined);
  });

  it('names the service of each type', () => {
    assert.deepEqual(
      rs.map((r) => serviceOf(r)?.title),
      ['App Service plan', 'virtual network', 'App Service or Functions app', 'API Management'],
    );
  });
});

describe('cloudResources: Terraform', () => {
  const TF = `# resource "aws_lb" "commented" {}
resource "azurerm_kubernetes_cluster" "main" {
  name = "main"
  default_node_pool {
    name = "system"
  }
  tags = { note = "a } in a string" }
  # private_cluster_enabled = true
}

data "azurerm_subnet" "existing" {
  name = "x"
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

module "local" {
  source = "./modules/thing"
}

resource "aws_instance" "vm" {
  user_data = <<-EOF
    #!/bin/bash
    echo "resource \\"aws_lb\\" \\"fake\\" {"
  EOF
}
`;
  const rs = parseTerraform('main.tf', TF);

  it('indexes resources and registry modules, not data sources, local modules, comments or heredocs', () => {
    assert.deepEqual(brief(rs), [
      'terraform resource azurerm_kubernetes_cluster main @2',
      'terraform module terraform-aws-modules/eks/aws eks @15',
      'terraform resource aws_instance vm @24',
    ]);
    assert.deepEqual(
      rs.map((r) => serviceOf(r)?.title),
      ['AKS', 'EKS', 'virtual machine'],
    );
  });

  it('indexes modules of another repository, and local ones the repository does not hold, as shared', () => {
    const shared = parseTerraform(
      'aks/db.tf',
      'module "pg" {\n  source = "git::https://github.com/org/terraform-modules.git//aks/postgres?ref=stable"\n}\nmodule "redis" {\n  source = "./vendor/modules/aks//aks/redis"\n}\nmodule "net" {\n  source = "./modules/net"\n}\n',
      undefined,
      (source) => source.startsWith('./vendor/'),
    );
    assert.deepEqual(brief(shared), [
      'terraform module shared:org/terraform-modules//aks/postgres pg @1',
      'terraform module shared:vendor/modules/aks//aks/redis redis @4',
    ]);
    assert.equal(sharedModuleName('github.com/org/infra-modules//dns?ref=v2'), 'org/infra-modules//dns');
  });

  it('blanks comments in bodies', () => {
    const aks = rs[0] as CloudResource;
    assert.equal(lineIn(aks, /private_cluster_enabled/), undefined);
    assert.equal(aks.body.split('\n').length, 8);
  });
});

describe('cloudResources: ARM and CloudFormation JSON', () => {
  it('finds every namespaced resource type, nested ones included, with the line of its type', () => {
    const ARM = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "parameters": { "name": { "type": "string" } },
  "resources": [
    {
      "type": "Microsoft.Web/serverfarms",
      "apiVersion": "2022-03-01",
      "name": "[parameters('name')]",
      "identity": { "type": "SystemAssigned" }
    },
    {
      "name": "db",
      "type": "Microsoft.DocumentDB/databaseAccounts",
      "resources": [{ "type": "Microsoft.DocumentDB/databaseAccounts/sqlDatabases", "name": "todo" }]
    }
  ]
}
`;
    assert.deepEqual(brief(parseJsonResources('t.json', ARM, 'arm')), [
      "arm resource Microsoft.Web/serverfarms [parameters('name')] @6",
      'arm resource Microsoft.DocumentDB/databaseAccounts db @13',
      'arm resource Microsoft.DocumentDB/databaseAccounts/sqlDatabases todo @14',
    ]);
  });

  it('names CloudFormation resources by their logical id', () => {
    const CFN = `{ "Resources": { "Queue": { "Type": "AWS::SQS::Queue", "Properties": {} } } }`;
    assert.deepEqual(brief(parseJsonResources('t.json', CFN, 'cloudformation')), [
      'cloudformation resource AWS::SQS::Queue Queue @1',
    ]);
  });
});

describe('cloudResources: YAML formats', () => {
  it('reads CloudFormation and SAM resources under Resources only', () => {
    const YAML = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env:
    Type: String
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
  # Old:
  #   Type: AWS::S3::Bucket
  Table:
    Type: 'AWS::DynamoDB::Table'
Outputs:
  Arn:
    Value: x
`;
    assert.deepEqual(brief(parseCloudFormationYaml('t.yaml', YAML)), [
      'cloudformation resource AWS::Serverless::Function Fn @6',
      'cloudformation resource AWS::DynamoDB::Table Table @12',
    ]);
  });

  it('reads Compose services and azd hosts', () => {
    const compose = parseCompose(
      'compose.yaml',
      'x-logging: &l\n  driver: json-file\nservices:\n  web:\n    image: nginx\n  db:\n    image: postgres\n',
    );
    assert.deepEqual(brief(compose), ['compose resource service web @4', 'compose resource service db @6']);
    const azd = parseAzd(
      'azure.yaml',
      'name: app\nservices:\n  api:\n    project: ./api\n    host: containerapp\n',
    );
    assert.deepEqual(brief(azd), ['azd resource containerapp api @5']);
    assert.equal(serviceOf(azd[0] as CloudResource)?.title, 'Container Apps');
  });
});

describe('cloudResources: the index over a repository', () => {
  it('reads every IaC language once, in path order, and skips a compiled twin of a Bicep file', async () => {
    const { resources, files } = await index({
      'infra/main.bicep': "resource kv 'Microsoft.KeyVault/vaults@2023-02-01' = {\n  name: 'kv'\n}\n",
      'infra/main.json':
        '{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","metadata":{"_generator":{"name":"bicep"}},"resources":[{"type":"Microsoft.KeyVault/vaults","name":"kv"}]}',
      'k8s/app.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: lb\nspec:\n  type: LoadBalancer\n',
      'docker-compose.yml': 'services:\n  app:\n    build: .\n',
      'README.md': "resource x 'Microsoft.Web/sites@2022-03-01' = {}\n",
      'examples/demo.tf': 'resource "aws_lb" "demo" {\n}\n',
      'src/main/docker/app.yml': 'name: shop\nservices:\n  app:\n    image: shop:1\n',
      'config/services.yaml': 'services:\n  mailer:\n    image: not-compose\n',
    });
    assert.deepEqual(
      resources.map((r) => `${r.file}:${r.line} ${r.type} ${serviceOf(r)?.role ?? '-'}`),
      [
        'docker-compose.yml:2 service -',
        'infra/main.bicep:1 Microsoft.KeyVault/vaults secrets',
        'k8s/app.yaml:2 Ingress load-balancer',
        'k8s/app.yaml:7 Service load-balancer',
        'src/main/docker/app.yml:3 service -',
      ],
    );
    assert.deepEqual(
      files.map((f) => `${f.path} ${f.lang}`),
      [
        'docker-compose.yml compose',
        'infra/main.bicep bicep',
        'k8s/app.yaml kubernetes',
        'src/main/docker/app.yml compose',
      ],
    );
    assert.deepEqual(at(resources[3] as CloudResource, /type:/), { file: 'k8s/app.yaml', line: 11 });
  });
});
