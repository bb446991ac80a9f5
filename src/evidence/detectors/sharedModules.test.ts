import { ruleTester } from '../ruleTester.js';
import detector from './sharedModules.js';

const GIT = 'git::https://github.com/org/terraform-modules.git';

ruleTester(detector, [
  {
    name: "a workload's inputs to its organisation's app, database, cache and uptime-check modules",
    files: {
      'terraform/app.tf': `module "web" {
  source     = "${GIT}//aks/application?ref=stable"
  replicas   = 3
  probe_path = "/healthcheck"
}
`,
      'terraform/db.tf': `module "postgres" {
  source                         = "${GIT}//aks/postgres?ref=stable"
  azure_enable_monitoring        = var.enable_monitoring
  azure_enable_high_availability = true
  azure_maintenance_window       = var.maintenance_window
}
module "redis-queue" {
  source                 = "./vendor/modules/aks//aks/redis"
  azure_maxmemory_policy = "noeviction"
}
`,
      'terraform/statuscake.tf': `module "statuscake" {
  source      = "./vendor/modules/aks//monitoring/statuscake"
  uptime_urls = ["https://example.org/ping"]
}
`,
    },
    claims: [
      {
        practice: 'oe.5.friction-automation.self-healing',
        status: 'partial',
        confidence: 'low',
        at: 'terraform/app.tf:4',
      },
      { practice: 'oe.4.maintenance-automation.patching', status: 'partial', at: 'terraform/db.tf:5' },
      { practice: 'oe.2.automation.platform-native', status: 'partial', at: 'terraform/db.tf:4' },
      { practice: 'pe.4.data.storage-monitoring', status: 'partial', at: 'terraform/db.tf:3' },
      { practice: 'pe.3.data.storage-settings', status: 'partial', at: 'terraform/db.tf:9' },
      { practice: 'pe.4.testing.synthetic', status: 'partial', at: 'terraform/statuscake.tf:1' },
    ],
  },
  {
    name: 'switches set off, a monitoring switch on an app module, and inputs of a module kept in the repository',
    trap: true,
    files: {
      'terraform/app.tf': `module "web" {
  source            = "${GIT}//aks/application?ref=stable"
  probe_path        = null
  enable_monitoring = true
  high_availability = false
}
module "db" {
  source            = "./modules/postgres"
  enable_monitoring = true
  maintenance_window = var.window
}
`,
      'terraform/modules/postgres/main.tf':
        'resource "azurerm_postgresql_flexible_server" "s" {\n  name = "pg"\n}\n',
    },
    claims: [],
  },
]);
