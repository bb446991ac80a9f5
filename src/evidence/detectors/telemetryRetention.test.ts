import { ruleTester } from '../ruleTester.js';
import detector from './telemetryRetention.js';

ruleTester(detector, [
  {
    name: 'Log Analytics retention set in a variable, App Service HTTP log retention inline',
    files: {
      'infra/logs.bicep': `var retention = {
  retentionInDays: 30
}
resource logs 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: 'logs'
  properties: retention
}
`,
      'infra/app.bicep': `module site 'br/public:avm/res/web/site:0.3.0' = {
  name: 'site'
  params: {
    logsConfiguration: {
      httpLogs: { fileSystem: { enabled: true, retentionInDays: 1 } }
    }
  }
}
`,
    },
    claims: [
      {
        practice: 'pe.2.monitoring.retention',
        status: 'met',
        confidence: 'medium',
        at: ['infra/logs.bicep:2', 'infra/app.bicep:5'],
      },
    ],
  },
  {
    name: 'container log rotation and Prometheus retention in Compose',
    files: {
      'compose.yaml': `x-logging: &logging
  driver: json-file
  options:
    max-size: "5m"
services:
  prometheus:
    image: prom/prometheus
    command:
      - --storage.tsdb.retention.time=7d
`,
    },
    claims: [{ practice: 'pe.2.monitoring.retention', status: 'met', at: 'compose.yaml:4' }],
  },
  {
    name: 'a reader role granted on the workspace',
    files: {
      'monitoring.tf': `resource "azurerm_log_analytics_workspace" "main" {
  name              = "logs"
  retention_in_days = 90
}

resource "azurerm_role_assignment" "sre_read_logs" {
  scope                = azurerm_log_analytics_workspace.main.id
  role_definition_name = "Reader"
  principal_id         = var.sre_group_id
}
`,
    },
    claims: [
      { practice: 'pe.2.monitoring.retention', status: 'met', at: 'monitoring.tf:3' },
      { practice: 'oe.2.monitoring.access-restricted', status: 'met', at: 'monitoring.tf:6' },
    ],
  },
  {
    name: 'Key Vault soft-delete retention, a commented retention and a README are not telemetry retention',
    trap: true,
    files: {
      'infra/kv.bicep': `resource kv 'Microsoft.KeyVault/vaults@2023-02-01' = {
  name: 'kv'
  properties: {
    softDeleteRetentionInDays: 7
    // retentionInDays: 30
  }
}
resource ra 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid('kv')
  scope: kv
}
`,
      'README.md': 'Set retentionInDays: 30 on the workspace and grant Log Analytics Reader to the SREs.\n',
    },
    claims: [],
  },
  {
    name: 'a Python logging config rotating its file with a backup count, and a retention period in .env',
    files: {
      'app/core/logconf.prod.json':
        '{\n  "handlers": {\n    "file": {\n      "class": "logging.handlers.RotatingFileHandler",\n      "maxBytes": 10000,\n      "backupCount": 3\n    }\n  }\n}\n',
      '.env': 'COMPOSE_PROJECT_NAME=shop\nEVENT_RETENTION_DAYS=90\n',
    },
    claims: [
      {
        practice: 'pe.2.monitoring.retention',
        status: 'met',
        at: ['app/core/logconf.prod.json:6', '.env:2'],
      },
    ],
  },
  {
    name: 'a log file with no bound, and a retention setting left empty, keep no period',
    trap: true,
    files: {
      'app/logging.json':
        '{ "handlers": { "file": { "class": "logging.FileHandler", "filename": "app.log" } } }\n',
      '.env': 'EVENT_RETENTION_DAYS=\n',
      'docs/logging.md': 'Set backupCount: 5 in your own config.\n',
    },
    claims: [],
  },
]);
