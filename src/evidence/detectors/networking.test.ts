import { ruleTester } from '../ruleTester.js';
import detector from './networking.js';

const DEPLOYMENT = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    spec:
      containers:
        - name: ${name}
          image: ${name}:1
`;

ruleTester(detector, [
  {
    name: 'private endpoints and public access disabled keep traffic private',
    files: {
      'infra/db.bicep': `resource sql 'Microsoft.Sql/servers@2021-11-01' = {
  name: 'sql'
  properties: {
    publicNetworkAccess: isolated ? 'Disabled' : 'Enabled'
  }
}

resource pe 'Microsoft.Network/privateEndpoints@2022-11-01' = {
  name: 'sql-pe'
}
`,
    },
    claims: [
      {
        practice: 'pe.1.networking.private',
        status: 'met',
        confidence: 'medium',
        at: ['infra/db.bicep:8', 'infra/db.bicep:4'],
      },
    ],
  },
  {
    name: 'a private AKS cluster with a standard load balancer in a declared virtual network',
    files: {
      'aks.tf': `resource "azurerm_virtual_network" "main" {
  name          = "main"
  address_space = ["10.0.0.0/16"]
}

resource "azurerm_kubernetes_cluster" "main" {
  name                    = "main"
  private_cluster_enabled = true
  network_profile {
    network_plugin    = "azure"
    load_balancer_sku = "standard"
  }
}
`,
    },
    claims: [
      { practice: 'pe.1.networking.private', status: 'met', at: 'aks.tf:8' },
      { practice: 'pe.1.networking.load-balancing', status: 'partial', confidence: 'low', at: 'aks.tf:11' },
      { practice: 'pe.1.networking.topology', status: 'partial', confidence: 'low', at: 'aks.tf:1' },
    ],
  },
  {
    name: 'workloads behind cluster-internal Services, and an Ingress in front',
    files: {
      'k8s/web.yaml': `${DEPLOYMENT('web')}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
`,
      'k8s/api.yaml': `${DEPLOYMENT('api')}---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  ports:
    - port: 80
`,
    },
    claims: [{ practice: 'pe.1.networking.load-balancing', status: 'partial', at: 'k8s/web.yaml:13' }],
  },
  {
    name: 'the default Compose network is not a choice of private networking (trap)',
    trap: true,
    files: {
      'compose.yaml':
        'services:\n  web:\n    image: web\n    ports:\n      - "80:80"\n  api:\n    image: api\n',
    },
    claims: [],
  },
  {
    name: 'an Envoy cluster with a load-balancing policy, an nginx upstream of two servers',
    files: {
      'proxy/envoy.yaml':
        'static_resources:\n  clusters:\n    - name: frontend\n      type: STRICT_DNS\n      lb_policy: ROUND_ROBIN\n',
      'nginx/nginx.conf': 'upstream api {\n  server api-1:8080;\n  server api-2:8080;\n}\n',
    },
    claims: [
      {
        practice: 'pe.1.networking.load-balancing',
        status: 'partial',
        at: ['proxy/envoy.yaml:5', 'nginx/nginx.conf:1'],
      },
    ],
  },
  {
    name: 'an nginx upstream of one server proxies, it does not spread load',
    trap: true,
    files: {
      'nginx/nginx.conf':
        'upstream backend {\n  server backend:8000;\n}\nserver {\n  location / { proxy_pass http://backend; }\n}\n',
    },
    claims: [],
  },
  {
    name: 'a network named in a README, a commented-out endpoint, a data source and a switched-off gateway',
    trap: true,
    files: {
      'README.md':
        "Put Azure Front Door in front and add resource pe 'Microsoft.Network/privateEndpoints@2022-11-01' = {} later.\n",
      'main.tf': `# resource "azurerm_private_endpoint" "pe" {
# }
data "azurerm_virtual_network" "hub" {
  name = "hub"
}
resource "azurerm_linux_web_app" "app" {
  name = "app"
  # public_network_access_enabled = false
}
`,
      'infra/main.bicep': `param useApim bool = false
module apim 'br/public:avm/res/api-management/service:0.2.0' = if (useApim) {
  name: 'apim'
}
`,
    },
    claims: [],
  },
  {
    name: 'Spring Cloud Gateway routes to lb:// services spread calls over registered instances',
    files: {
      'api-gateway/src/main/resources/application.yml':
        'spring:\n  cloud:\n    gateway:\n      routes:\n        - id: vets\n          uri: lb://vets-service\n          predicates:\n            - Path=/api/vet/**\n',
    },
    claims: [
      {
        practice: 'pe.1.networking.load-balancing',
        status: 'partial',
        at: 'api-gateway/src/main/resources/application.yml:6',
      },
    ],
  },
  {
    name: 'a gateway route to one fixed URL balances nothing',
    trap: true,
    files: {
      'gateway/src/main/resources/application.yml':
        'spring:\n  cloud:\n    gateway:\n      routes:\n        - id: vets\n          uri: http://vets:8080\n',
    },
    claims: [],
  },
]);
