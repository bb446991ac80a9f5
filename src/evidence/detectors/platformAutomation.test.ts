import { ruleTester } from '../ruleTester.js';
import detector from './platformAutomation.js';

ruleTester(detector, [
  {
    name: 'AKS upgrade channels across zones',
    files: {
      'aks.tf': `resource "azurerm_kubernetes_cluster" "main" {
  name                      = "main"
  automatic_upgrade_channel = "node-image"
  node_os_upgrade_channel   = "NodeImage"
  default_node_pool {
    zones = [1, 2, 3]
  }
}
`,
    },
    claims: [
      {
        practice: 'oe.4.maintenance-automation.patching',
        status: 'met',
        confidence: 'medium',
        at: 'aks.tf:3',
      },
      { practice: 'oe.2.automation.platform-native', status: 'met', at: 'aks.tf:6' },
    ],
  },
  {
    name: 'GKE Autopilot upgrades and scales nodes itself',
    files: {
      'gke.tf':
        'resource "google_container_cluster" "c" {\n  name             = "c"\n  enable_autopilot = true\n}\n',
    },
    claims: [
      { practice: 'oe.4.maintenance-automation.patching', status: 'met', at: 'gke.tf:3' },
      { practice: 'oe.2.automation.platform-native', status: 'met', at: 'gke.tf:3' },
    ],
  },
  {
    name: 'zone-redundant plans and health-probed Front Door origins',
    files: {
      'infra/web.bicep': `resource plan 'Microsoft.Web/serverfarms@2022-03-01' = {
  name: 'plan'
  properties: {
    zoneRedundant: isProduction
  }
}
resource origins 'Microsoft.Cdn/profiles/originGroups@2023-05-01' = {
  name: 'origins'
  properties: {
    healthProbeSettings: {
      probePath: '/health'
    }
  }
}
`,
    },
    claims: [
      { practice: 'oe.2.automation.platform-native', status: 'met', at: 'infra/web.bicep:4' },
      { practice: 'oe.5.friction-automation.self-healing', status: 'met', at: 'infra/web.bicep:10' },
    ],
  },
  {
    name: 'systemd units that restart failed services',
    files: {
      'units/etcd.service':
        '[Unit]\nDescription=etcd\n\n[Service]\nExecStart=/usr/local/bin/etcd\nRestart=on-failure\n',
    },
    claims: [
      { practice: 'oe.5.friction-automation.self-healing', status: 'met', at: 'units/etcd.service:6' },
    ],
  },
  {
    name: 'channels turned off, zone redundancy off, a single zone, and patching only described',
    trap: true,
    files: {
      'aks.tf': `resource "azurerm_kubernetes_cluster" "main" {
  name                      = "main"
  automatic_upgrade_channel = "none"
  node_os_upgrade_channel   = "None"
  default_node_pool {
    zones = ["1"]
  }
}
`,
      'infra/db.bicep': `module cosmos 'br/public:avm/res/document-db/database-account:0.6.0' = {
  name: 'db'
  params: {
    locations: [
      {
        isZoneRedundant: false
      }
    ]
  }
}
`,
      'docs/ops.md': 'We should set automatic_upgrade_channel = "stable" and zoneRedundant: true.\n',
    },
    claims: [],
  },
  {
    name: 'a Step Functions state machine retrying a Lambda task with back-off',
    files: {
      'statemachine/orders.asl.json':
        '{\n  "StartAt": "Pay",\n  "States": {\n    "Pay": {\n      "Type": "Task",\n      "Retry": [\n        { "ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 2, "BackoffRate": 2 }\n      ],\n      "End": true\n    }\n  }\n}\n',
    },
    claims: [
      {
        practice: 'oe.5.friction-automation.self-healing',
        status: 'partial',
        at: 'statemachine/orders.asl.json:6',
      },
    ],
  },
  {
    name: 'a state machine without retries, and a retry policy described in a README, heal nothing',
    trap: true,
    files: {
      'statemachine/orders.asl.json':
        '{\n  "StartAt": "Pay",\n  "States": { "Pay": { "Type": "Task", "End": true } }\n}\n',
      'README.md': 'Add "Retry" with "BackoffRate": 2 to each task.\n',
    },
    claims: [],
  },
  {
    name: 'a module passing its empty health-check parameter through sets no health check',
    trap: true,
    files: {
      'infra/core/host/appservice.bicep':
        "param name string\nparam healthCheckPath string = ''\nresource appService 'Microsoft.Web/sites@2022-03-01' = {\n  name: name\n  properties: {\n    siteConfig: {\n      healthCheckPath: healthCheckPath\n    }\n  }\n}\n",
    },
    claims: [],
  },
  {
    name: 'gunicorn recycling its workers and uWSGI killing hung requests heal on their own (low)',
    files: {
      'src/gunicorn.conf.py': 'workers = 4\nmax_requests = 1000\nmax_requests_jitter = 50\n',
      'docker/uwsgi.ini': '[uwsgi]\nmaster = true\nharakiri = 10\n',
    },
    claims: [
      {
        practice: 'oe.5.friction-automation.self-healing',
        status: 'partial',
        confidence: 'low',
        at: ['src/gunicorn.conf.py:2', 'docker/uwsgi.ini:3'],
      },
    ],
  },
  {
    name: 'gunicorn with its worker timeout switched off, and max_requests in an unrelated settings file, heal nothing',
    trap: true,
    files: {
      Dockerfile: 'FROM python:3.12\nCMD exec gunicorn --bind :$PORT --workers 1 --timeout 0 main:app\n',
      'config/settings.yml': 'api:\n  max_requests = 2\n',
    },
    claims: [],
  },
  {
    name: 'a Spring Boot service with readiness and liveness groups, deployed by a Helm chart on a shared chart',
    files: {
      'src/main/resources/application.properties':
        'management.endpoint.health.enabled=true\nmanagement.endpoint.health.group.readiness.include=db,ping\n',
      'charts/api/Chart.yaml':
        'name: api\ndependencies:\n  - name: java\n    repository: oci://registry.example/helm\n',
    },
    claims: [
      {
        practice: 'oe.5.friction-automation.self-healing',
        status: 'partial',
        confidence: 'low',
        at: ['src/main/resources/application.properties:2', 'charts/api/Chart.yaml'],
      },
    ],
  },
  {
    name: 'health probes switched on in a Spring service that no chart deploys',
    trap: true,
    files: {
      'src/main/resources/config/application.yml':
        'management:\n  endpoint:\n    health:\n      probes:\n        enabled: true\n',
    },
    claims: [],
  },
]);
