import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ruleTester } from '../ruleTester.js';
import { fixtureFindings, presentPractices } from '../testing.js';
import detector from './autoscaling.js';

test('autoscaling: finds the artefact in the positive fixture, nothing in the negative one', async () => {
  const { positive, negative } = await fixtureFindings(detector);
  assert.deepEqual(presentPractices(positive), [
    'oe.2.automation.platform-native',
    'pe.1.compute.scalable',
    'pe.3.scaling.autoscale',
    'pe.3.scaling.scheduled',
  ]);
  assert.ok(
    positive.some((f) => f.present && f.locations.some((l) => l.file === 'k8s/hpa.yaml' && l.line === 2)),
    JSON.stringify(positive.map((f) => f.locations)),
  );
  assert.deepEqual(presentPractices(negative), []);
});

const AUTOSCALED = [
  { practice: 'pe.3.scaling.autoscale', status: 'met', confidence: 'high' },
  { practice: 'oe.2.automation.platform-native', status: 'met' },
  { practice: 'pe.1.compute.scalable', status: 'met' },
] as const;

ruleTester(detector, [
  {
    name: 'the cluster autoscaler on an AKS node pool is autoscaling',
    files: {
      'aks.tf': `resource "azurerm_kubernetes_cluster_node_pool" "apps" {
  name                 = "apps"
  auto_scaling_enabled = true
  min_count            = 1
  max_count            = 5
}
`,
    },
    claims: AUTOSCALED.map((c) => ({ ...c, at: 'aks.tf:3' })),
  },
  {
    name: 'an autoscale setting with a recurrence profile scales on a schedule',
    files: {
      'infra/plan.bicep': `resource autoscale 'Microsoft.Insights/autoscalesettings@2022-10-01' = {
  name: 'plan-autoscale'
  properties: {
    profiles: [
      {
        name: 'office hours'
        recurrence: {
          frequency: 'Week'
        }
      }
    ]
  }
}
`,
    },
    claims: [...AUTOSCALED, { practice: 'pe.3.scaling.scheduled', status: 'met', at: 'infra/plan.bicep:7' }],
  },
  {
    name: 'autoscaling commented out, or only written about, is not autoscaling',
    trap: true,
    files: {
      'aks.tf': `resource "azurerm_kubernetes_cluster" "main" {
  name = "main"
  # auto_scaling_enabled = true
  # max_replicas = 3
}
`,
      'docs/scaling.md': 'We may add Microsoft.Insights/autoscalesettings and maxReplicas: 10 later.\n',
    },
    claims: [],
  },
  {
    name: 'a SAM function and an on-demand table scale by themselves (low)',
    files: {
      'template.yaml':
        "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  OrderFn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n  Orders:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n",
    },
    claims: [
      { practice: 'pe.3.scaling.autoscale', status: 'partial', at: ['template.yaml:4', 'template.yaml:11'] },
      { practice: 'oe.2.automation.platform-native', status: 'partial' },
    ],
  },
  {
    name: 'a Cloud Run service deployed by gcloud in Cloud Build',
    files: {
      'ops/deploy.cloudbuild.yaml':
        'steps:\n  - name: gcr.io/cloud-builders/gcloud\n    args:\n      - run\n      - deploy\n      - website\n',
    },
    claims: [
      { practice: 'pe.3.scaling.autoscale', status: 'partial', at: 'ops/deploy.cloudbuild.yaml:3' },
      { practice: 'oe.2.automation.platform-native', status: 'partial' },
    ],
  },
  {
    name: 'a provisioned table and a Cloud Run deploy in a README are not on-demand scaling',
    trap: true,
    files: {
      'template.yaml':
        'Resources:\n  Orders:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PROVISIONED\n',
      'README.md': 'Deploy with `gcloud run deploy web`.\n',
    },
    claims: [],
  },
  {
    name: 'a script that creates HPAs with kubectl autoscale',
    files: {
      'K8s/autoscale.sh':
        '#!/bin/sh\nfor svc in cart web; do\n  kubectl -n shop autoscale deployment $svc --max 2 --cpu-percent 50\ndone\n',
      'README.md': 'Or run `kubectl autoscale deployment web --max 3` yourself.\n',
    },
    claims: [
      { practice: 'pe.3.scaling.autoscale', status: 'partial', at: 'K8s/autoscale.sh:3' },
      { practice: 'oe.2.automation.platform-native', status: 'partial' },
    ],
  },
  {
    name: 'a Function App on a Flex Consumption plan scales by itself (low)',
    files: {
      'infra/main.bicep':
        "resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {\n  name: 'plan'\n  sku: {\n    name: 'FC1'\n    tier: 'FlexConsumption'\n  }\n}\n",
    },
    claims: [
      { practice: 'pe.3.scaling.autoscale', status: 'partial', at: 'infra/main.bicep:4' },
      { practice: 'oe.2.automation.platform-native', status: 'partial' },
    ],
  },
  {
    name: 'a Flex Consumption plan through the AVM serverfarm module (skuName) scales by itself',
    files: {
      'infra/main.bicep':
        "module plan 'br/public:avm/res/web/serverfarm:0.4.1' = {\n  name: 'plan'\n  params: {\n    skuName: 'FC1'\n    reserved: true\n  }\n}\n",
    },
    claims: [
      { practice: 'pe.3.scaling.autoscale', status: 'partial', at: 'infra/main.bicep:4' },
      { practice: 'oe.2.automation.platform-native', status: 'partial' },
    ],
  },
  {
    trap: true,
    name: 'a dedicated App Service plan (skuName P1v3) is not on-demand scaling',
    files: {
      'infra/main.bicep':
        "module plan 'br/public:avm/res/web/serverfarm:0.4.1' = {\n  name: 'plan'\n  params: {\n    skuName: 'P1v3'\n  }\n}\n",
    },
    claims: [],
  },
]);
