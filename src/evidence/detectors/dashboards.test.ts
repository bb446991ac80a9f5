import { ruleTester } from '../ruleTester.js';
import detector from './dashboards.js';

const PLAIN = '{\n  "title": "Web",\n  "panels": [],\n  "schemaVersion": 39\n}\n';
const WITH_TARGET = `{
  "title": "Checkout",
  "panels": [
    {
      "title": "p95 latency",
      "fieldConfig": { "defaults": { "custom": { "thresholdsStyle": { "mode": "line" } } } }
    }
  ],
  "schemaVersion": 39
}
`;

ruleTester(detector, [
  {
    name: 'a Grafana dashboard as code; without target lines it says nothing of targets',
    files: { 'dashboards/web.json': PLAIN },
    claims: [{ practice: 'oe.3.health-model.dashboards', status: 'met', at: 'dashboards/web.json:3' }],
  },
  {
    name: 'a dashboard drawing a threshold line shows the target',
    files: { 'dashboards/checkout.json': WITH_TARGET },
    claims: [
      { practice: 'oe.3.health-model.dashboards', status: 'met' },
      { practice: 'pe.2.metrics.targets-central', status: 'partial', at: 'dashboards/checkout.json:6' },
    ],
  },
  {
    name: 'a JVM dashboard charting heap memory',
    files: {
      'grafana/dashboards/jvm.json':
        '{\n  "title": "JVM",\n  "panels": [\n    { "targets": [ { "expr": "sum(jvm_memory_used_bytes{area=\\"heap\\"})" } ] }\n  ],\n  "schemaVersion": 39\n}\n',
    },
    claims: [
      { practice: 'oe.3.health-model.dashboards', status: 'met' },
      { practice: 'pe.4.code.memory', status: 'partial', at: 'grafana/dashboards/jvm.json:4' },
    ],
  },
  {
    name: 'a JSON file with panels but no schema version is not a dashboard',
    trap: true,
    files: { 'config/panels.json': '{ "panels": [ { "title": "SLO target" } ] }\n' },
    claims: [],
  },
  {
    name: 'a Google Cloud Monitoring dashboard charting JVM memory',
    files: {
      'extras/dashboard.json':
        '{\n  "displayName": "Shop",\n  "gridLayout": {\n    "widgets": [\n      { "xyChart": { "dataSets": [ { "timeSeriesQuery": { "timeSeriesFilter": {\n        "filter": "metric.type=\\"custom.googleapis.com/jvm/memory/used\\""\n      } } } ] } }\n    ]\n  }\n}\n',
    },
    claims: [
      { practice: 'oe.3.health-model.dashboards', status: 'met', at: 'extras/dashboard.json:3' },
      { practice: 'pe.4.code.memory', status: 'partial', at: 'extras/dashboard.json:6' },
    ],
  },
  {
    name: 'the azd monitoring module given a dashboard name deploys a dashboard',
    files: {
      'infra/main.bicep':
        "module monitoring 'br/public:avm/ptn/azd/monitoring:0.1.0' = {\n  name: 'monitoring'\n  params: {\n    applicationInsightsName: 'appi'\n    applicationInsightsDashboardName: '${abbrs.portalDashboards}${resourceToken}'\n  }\n}\n",
    },
    claims: [{ practice: 'oe.3.health-model.dashboards', status: 'met', at: 'infra/main.bicep:5' }],
  },
  {
    name: 'the azd monitoring module without a dashboard name deploys none',
    trap: true,
    files: {
      'infra/main.bicep':
        "module monitoring 'br/public:avm/ptn/azd/monitoring:0.1.0' = {\n  name: 'monitoring'\n  params: {\n    applicationInsightsName: 'appi'\n    applicationInsightsDashboardName: ''\n  }\n}\n",
    },
    claims: [],
  },
  {
    name: 'a dashboard module that main.bicep uses is deployed',
    files: {
      'infra/core/monitor/dashboard.bicep':
        "param name string\nparam location string\nresource dash 'Microsoft.Portal/dashboards@2020-09-01-preview' = {\n  name: name\n  location: location\n}\n",
      'infra/main.bicep': "module dash './core/monitor/dashboard.bicep' = {\n  name: 'dash'\n}\n",
    },
    claims: [
      { practice: 'oe.3.health-model.dashboards', status: 'met', at: 'infra/core/monitor/dashboard.bicep:3' },
    ],
  },
  {
    name: 'a dashboard module that no file uses deploys nothing',
    trap: true,
    files: {
      'infra/core/monitor/dashboard.bicep':
        "param name string\nparam location string\nresource dash 'Microsoft.Portal/dashboards@2020-09-01-preview' = {\n  name: name\n  location: location\n}\n",
      'infra/main.bicep': "module web './core/host/web.bicep' = {\n  name: 'web'\n}\n",
    },
    claims: [],
  },
]);
