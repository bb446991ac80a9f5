import { ruleTester } from '../ruleTester.js';
import detector from './alertRules.js';

const PROM = `groups:
  - name: web
    rules:
      - alert: HighLatency
        expr: histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m])) > 0.3
        labels:
          severity: warning
        annotations:
          runbook_url: https://example.com/runbooks/latency
`;

const GRAFANA = `apiVersion: 1
groups:
  - orgId: 1
    name: cart
    folder: demo
    rules:
      - uid: cart-latency
        title: Cart AddItem p95 high
        condition: C
        data:
          - refId: A
            model:
              expr: histogram_quantile(0.95, sum(rate(duration_bucket[5m])) by (le))
        notification_settings:
          receiver: grafana-default-email
`;

const BICEP = `resource ag 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'oncall'
}
resource cpu 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'cpu'
}
`;

ruleTester(detector, [
  {
    name: 'a Prometheus rule with a severity and a runbook link',
    files: { 'monitoring/rules.yaml': PROM },
    claims: [
      { practice: 'oe.3.health-model.state-alerts', status: 'met', at: 'monitoring/rules.yaml:4' },
      { practice: 'pe.3.alerting.configured', status: 'met' },
      { practice: 'pe.5.observability.alert-content', status: 'met' },
      { practice: 'oe.3.incident-management.playbooks', status: 'partial', at: 'monitoring/rules.yaml:9' },
      { practice: 'pe.3.alerting.prioritized', status: 'met', at: 'monitoring/rules.yaml:7' },
    ],
  },
  {
    name: 'a Grafana provisioned alert rule; the default email contact point is no routing',
    files: { 'grafana/provisioning/alerting/cart.yml': GRAFANA },
    claims: [
      {
        practice: 'oe.3.health-model.state-alerts',
        status: 'met',
        at: 'grafana/provisioning/alerting/cart.yml:7',
      },
      { practice: 'pe.3.alerting.configured', status: 'met' },
    ],
  },
  {
    name: 'Azure metric alerts routed to an action group',
    files: { 'infra/alerts.bicep': BICEP },
    claims: [
      { practice: 'oe.3.health-model.state-alerts', status: 'met', at: 'infra/alerts.bicep:4' },
      { practice: 'pe.3.alerting.configured', status: 'met' },
      { practice: 'oe.3.health-model.alert-routing', status: 'met' },
    ],
  },
  {
    name: 'a scrape config and a page about alerts are not alert rules',
    trap: true,
    files: {
      'monitoring/prometheus.yml': 'scrape_configs:\n  - job_name: web\n',
      'docs/alerts.md': '# Alerts\n\n- alert: HighLatency\n  expr: up == 0\n  runbook_url: x\n',
    },
    claims: [],
  },
]);
