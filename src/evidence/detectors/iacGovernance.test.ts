import { ruleTester } from '../ruleTester.js';
import detector from './iacGovernance.js';

ruleTester(detector, [
  {
    name: 'CAF abbreviations, a Key Vault and key-based access turned off, one IaC tool',
    files: {
      'infra/abbreviations.json': '{ "keyVaultVaults": "kv-" }\n',
      'infra/main.bicep': `var abbrs = loadJsonContent('./abbreviations.json')
module kv 'br/public:avm/res/key-vault/vault:0.3.5' = {
  name: '\${abbrs.keyVaultVaults}app'
}
module cosmos 'br/public:avm/res/document-db/database-account:0.6.0' = {
  name: 'db'
  params: {
    disableLocalAuth: true
  }
}
`,
    },
    claims: [
      {
        practice: 'oe.2.standard-processes.naming-convention',
        status: 'met',
        confidence: 'medium',
        at: ['infra/main.bicep:1', 'infra/abbreviations.json'],
      },
      {
        practice: 'oe.1.security.no-committed-secrets',
        status: 'met',
        confidence: 'medium',
        at: 'infra/main.bicep:2',
      },
      { practice: 'oe.4.maintenance-automation.secret-rotation', status: 'met', at: 'infra/main.bicep:8' },
      {
        practice: 'oe.2.iac-config.standard-toolset',
        status: 'partial',
        confidence: 'low',
        at: 'infra/main.bicep:2',
      },
    ],
  },
  {
    name: 'a policy assignment and a naming module in Terraform, with a Helm chart beside it',
    files: {
      'main.tf': `module "naming" {
  source = "Azure/naming/azurerm"
}
resource "azurerm_resource_group_policy_assignment" "tags" {
  name = "require-tags"
}
`,
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\n',
    },
    claims: [
      { practice: 'oe.2.standard-processes.naming-convention', status: 'met', at: 'main.tf:2' },
      { practice: 'oe.2.automation.governance-checks', status: 'met', confidence: 'medium', at: 'main.tf:4' },
    ],
  },
  {
    name: 'Helm name helpers and a Kyverno policy',
    files: {
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\n',
      'chart/templates/_helpers.tpl': '{{- define "web.fullname" -}}\n{{ .Release.Name }}-web\n{{- end }}\n',
      'policies/require-limits.yaml':
        'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: require-limits\n',
    },
    claims: [
      {
        practice: 'oe.2.standard-processes.naming-convention',
        status: 'partial',
        confidence: 'low',
        at: 'chart/templates/_helpers.tpl:1',
      },
      { practice: 'oe.2.automation.governance-checks', status: 'met', at: 'policies/require-limits.yaml:2' },
      { practice: 'oe.2.iac-config.standard-toolset', status: 'partial', at: 'chart/Chart.yaml' },
    ],
  },
  {
    name: 'a federated workload identity leaves no key to rotate',
    files: {
      'id.tf': `resource "azurerm_federated_identity_credential" "ci" {
  name    = "ci"
  subject = "repo:org/app:ref:refs/heads/main"
}
resource "random_password" "db" {
  length = 32
}
`,
    },
    claims: [
      { practice: 'oe.4.maintenance-automation.secret-rotation', status: 'met', at: 'id.tf:1' },
      { practice: 'oe.1.security.no-committed-secrets', status: 'met', at: 'id.tf:5' },
      { practice: 'oe.2.iac-config.standard-toolset', status: 'partial', at: 'id.tf:1' },
    ],
  },
  {
    name: 'several IaC tools are no single toolset; naming and policies only written about',
    trap: true,
    files: {
      'main.tf': 'resource "google_storage_bucket" "b" {\n  name = "b"\n}\n',
      'infra/app.bicep': "resource site 'Microsoft.Web/sites@2022-03-01' = {\n  name: 'site'\n}\n",
      'docs/conventions.md':
        'Use the CAF abbreviations.json and a naming.bicep module; assign Microsoft.Authorization/policyAssignments; keep secrets in Key Vault.\n',
      'infra/secrets.bicep':
        "// resource kv 'Microsoft.KeyVault/vaults@2023-02-01' = {}\nparam note string = 'disableLocalAuth: true'\n",
    },
    claims: [],
  },
  {
    name: 'a Container App pulls its image and reads Cosmos DB with its managed identity',
    files: {
      'infra/app.bicep':
        "resource app 'Microsoft.App/containerApps@2023-05-01' = {\n  name: 'web'\n  properties: {\n    configuration: {\n      registries: [\n        {\n          server: registry.properties.loginServer\n          identity: identity.id\n        }\n      ]\n    }\n  }\n}\nresource cosmosRole 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2023-04-15' = {\n  name: guid(app.id)\n}\n",
    },
    claims: [
      {
        practice: 'oe.4.maintenance-automation.secret-rotation',
        status: 'partial',
        confidence: 'low',
        at: ['infra/app.bicep:5', 'infra/app.bicep:14'],
      },
      { practice: 'oe.2.iac-config.standard-toolset', status: 'partial' },
    ],
  },
  {
    name: 'SAM functions reach DynamoDB and SQS through policy templates on their roles',
    files: {
      'template.yaml':
        'Transform: AWS::Serverless-2016-10-31\nResources:\n  CartFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Policies:\n        - DynamoDBCrudPolicy:\n            TableName: !Ref Carts\n        - SQSSendMessagePolicy:\n            QueueName: !GetAtt Q.QueueName\n',
    },
    claims: [
      { practice: 'oe.4.maintenance-automation.secret-rotation', status: 'partial', at: 'template.yaml:8' },
      { practice: 'oe.2.iac-config.standard-toolset', status: 'partial' },
    ],
  },
  {
    name: 'a managed identity that only reads Key Vault still leaves stored secrets to rotate',
    trap: true,
    files: {
      'infra/kv.bicep':
        "resource kvRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {\n  name: guid('kv')\n  properties: {\n    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')\n  }\n}\n",
    },
    claims: [{ practice: 'oe.2.iac-config.standard-toolset', status: 'partial' }],
  },
]);
