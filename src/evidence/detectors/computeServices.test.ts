import { ruleTester } from '../ruleTester.js';
import detector from './computeServices.js';

/** A long Compose `deploy:` block without limits: the pattern once backtracked exponentially on it. */
const LONG_DEPLOY = `services:\n  web:\n    image: web:1\n    deploy:\n${Array.from({ length: 40 }, (_, i) => `      label${i}:   value ${i}\n`).join('')}    ports: ["80:80"]\n`;

ruleTester(detector, [
  {
    name: 'a long Compose deploy block without resource limits is read in linear time and claims no isolation',
    files: { 'compose.yaml': LONG_DEPLOY },
    claims: [{ practice: 'pe.1.compute.scalable', status: 'partial' }],
  },
  {
    name: 'an App Service plan from a verified module and an azd service can add instances',
    files: {
      'infra/main.bicep': `module plan 'br/public:avm/res/web/serverfarm:0.1.0' = {
  name: 'plan'
}
`,
      'azure.yaml': 'name: todo\nservices:\n  api:\n    project: ./api\n    host: appservice\n',
    },
    claims: [
      {
        practice: 'pe.1.compute.scalable',
        status: 'met',
        confidence: 'medium',
        at: ['infra/main.bicep:1', 'azure.yaml:5'],
      },
    ],
  },
  {
    name: 'AKS pools that scale to zero and carry taints',
    files: {
      'aks.tf': `resource "azurerm_kubernetes_cluster_node_pool" "agents" {
  name                 = "agents"
  auto_scaling_enabled = true
  min_count            = 0
  max_count            = 20
  node_taints          = ["jenkins=agents:NoSchedule"]
}
`,
    },
    claims: [
      { practice: 'pe.1.compute.scalable', status: 'met', at: 'aks.tf:1' },
      { practice: 'pe.1.compute.idle-reviewed', status: 'partial', confidence: 'low', at: 'aks.tf:4' },
      { practice: 'pe.4.isolation.implemented', status: 'partial', confidence: 'low', at: 'aks.tf:6' },
    ],
  },
  {
    name: 'requests and limits on containers and Compose memory limits budget resources, they isolate no flow',
    files: {
      'k8s/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: web:1
          resources:
            limits:
              memory: 128Mi
`,
      'compose.yaml':
        'services:\n  cart:\n    image: cart\n    deploy:\n      resources:\n        limits:\n          memory: 20M\n',
    },
    claims: [{ practice: 'pe.1.compute.scalable', status: 'met', at: 'k8s/web.yaml:2' }],
  },
  {
    name: 'a workload pinned to its own nodes with a node selector and a toleration',
    files: {
      'k8s/checkout.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: checkout\nspec:\n  template:\n    spec:\n      nodeSelector:\n        pool: checkout\n      tolerations:\n        - key: dedicated\n      containers:\n        - name: checkout\n          image: checkout:1\n',
    },
    claims: [
      { practice: 'pe.1.compute.scalable', status: 'met', at: 'k8s/checkout.yaml:2' },
      { practice: 'pe.4.isolation.implemented', status: 'partial', at: 'k8s/checkout.yaml:8' },
    ],
  },
  {
    name: 'services only in Compose run as containers that need an orchestrator to scale',
    files: { 'docker-compose.yml': 'services:\n  app:\n    build: .\n  db:\n    image: postgres:16\n' },
    claims: [
      { practice: 'pe.1.compute.scalable', status: 'partial', confidence: 'low', at: 'docker-compose.yml:2' },
    ],
  },
  {
    name: 'compute in a README, a Helm placement block that sets nothing, and a switched-off plan',
    trap: true,
    files: {
      'README.md':
        "Deploy resource plan 'Microsoft.Web/serverfarms@2022-03-01' with min_count = 0 and node_taints.\n",
      'chart/templates/job.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
`,
      'infra/main.bicep': `param usePlan bool = false
resource plan 'Microsoft.Web/serverfarms@2022-03-01' = if (usePlan) {
  name: 'plan'
}
`,
    },
    claims: [],
  },
]);
