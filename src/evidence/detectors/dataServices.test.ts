import { ruleTester } from '../ruleTester.js';
import detector from './dataServices.js';

ruleTester(detector, [
  {
    name: 'Cosmos containers with partition keys, in an AVM parameter default',
    files: {
      'infra/db.bicep': `param containers array = [
  {
    name: 'Items'
    paths: [
      '/listId'
    ]
  }
]
module cosmos 'br/public:avm/res/document-db/database-account:0.6.0' = {
  name: 'cosmos'
}
`,
    },
    claims: [
      { practice: 'pe.3.data.partitioning', status: 'met', confidence: 'medium', at: 'infra/db.bicep:4' },
    ],
  },
  {
    name: 'a multi-region Cosmos account with automatic failover, backups and a TTL',
    files: {
      'cosmos.tf': `resource "azurerm_cosmosdb_account" "db" {
  name                       = "db"
  automatic_failover_enabled = true
  geo_location {
    location          = "westeurope"
    failover_priority = 0
  }
  geo_location {
    location          = "northeurope"
    failover_priority = 1
  }
  backup {
    type = "Continuous"
  }
}

resource "azurerm_cosmosdb_sql_container" "events" {
  name                = "events"
  partition_key_paths = ["/tenantId"]
  default_ttl         = 2592000
}
`,
    },
    claims: [
      { practice: 'pe.4.data.replicas', status: 'met', at: 'cosmos.tf:4' },
      { practice: 'oe.4.maintenance-automation.regional-failover', status: 'met', at: 'cosmos.tf:3' },
      { practice: 'oe.2.automation.scheduled-backups', status: 'met', at: 'cosmos.tf:12' },
      { practice: 'pe.3.data.partitioning', status: 'met', at: 'cosmos.tf:19' },
      { practice: 'pe.4.data.lifecycle', status: 'met', at: 'cosmos.tf:20' },
    ],
  },
  {
    name: 'automatic SQL backups relied on, blob lifecycle rules, Front Door compression',
    files: {
      'infra/sql.bicep': `resource db 'Microsoft.Sql/servers/databases@2021-11-01' = {
  name: 'db'
  properties: {
    requestedBackupStorageRedundancy: 'Zone'
  }
}
resource policy 'Microsoft.Storage/storageAccounts/managementPolicies@2023-01-01' = {
  name: 'default'
}
resource route 'Microsoft.Cdn/profiles/afdEndpoints/routes@2023-05-01' = {
  name: 'route'
  properties: {
    cacheConfiguration: {
      compressionSettings: {
        isCompressionEnabled: true
      }
    }
  }
}
`,
    },
    claims: [
      {
        practice: 'oe.2.automation.scheduled-backups',
        status: 'partial',
        confidence: 'low',
        at: 'infra/sql.bicep:4',
      },
      { practice: 'pe.4.data.lifecycle', status: 'met', at: 'infra/sql.bicep:7' },
      { practice: 'pe.4.data.compression', status: 'met', at: 'infra/sql.bicep:15' },
    ],
  },
  {
    name: 'a comment giving the reason for a store and its settings',
    files: {
      'storage.tf': `resource "azurerm_storage_account" "archives" {
  name                     = "archives"
  account_replication_type = "GRS" # recommended for backups
  min_tls_version          = "TLS1_2" # needed for tfsec
}
`,
    },
    claims: [
      { practice: 'pe.1.data.fit', status: 'partial', confidence: 'low', at: 'storage.tf:3' },
      { practice: 'pe.3.data.storage-settings', status: 'partial', at: 'storage.tf:3' },
    ],
  },
  {
    name: 'a single-region store, job TTLs, a read-scale setting and plain tfsec comments',
    trap: true,
    files: {
      'infra/db.bicep': `resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2023-04-15' = {
  name: 'db'
  properties: {
    locations: [
      {
        locationName: location
        failoverPriority: 0
      }
    ]
  }
}
resource sql 'Microsoft.Sql/servers/databases@2021-11-01' = {
  name: 'sql'
  properties: {
    readScale: 'Enabled'
  }
}
`,
      'k8s/job.yaml':
        'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: cleanup\nspec:\n  ttlSecondsAfterFinished: 100\n',
      'main.tf': `resource "azurerm_storage_account" "logs" {
  name            = "logs"
  min_tls_version = "TLS1_2" # default value, needed for tfsec
}
`,
      'README.md':
        'Enable geo-replication, a lifecycle policy and isCompressionEnabled: true before launch.\n',
    },
    claims: [],
  },
]);
