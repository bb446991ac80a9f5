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

const CFN = `Resources:
  Topic:
    Type: AWS::SNS::Topic
  ErrorsAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmDescription: 5XX count on the public load balancer is outside its usual band
      ThresholdMetricId: band
      ComparisonOperator: GreaterThanUpperThreshold
      Metrics:
        - Id: band
          Expression: ANOMALY_DETECTION_BAND(m1, 2)
`;

const TF_ALARM = `resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "cpu-high"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 80
}
`;

const PROM_SUMMARY = `groups:
  - name: probes
    rules:
      - alert: FrontendDown
        expr: probe_success{job="frontend"} == 0
        annotations:
          summary: the frontend probe has failed for five minutes
`;

ruleTester(detector, [
  {
    name: 'a CloudFormation alarm on an anomaly band, with a description',
    files: { 'cloudformation/template.yaml': CFN },
    claims: [
      { practice: 'pe.3.alerting.configured', status: 'met', at: 'cloudformation/template.yaml:5' },
      { practice: 'pe.3.alerting.tuned', status: 'met', at: 'cloudformation/template.yaml:8' },
      { practice: 'oe.3.health-model.thresholds', status: 'met' },
      {
        practice: 'pe.5.observability.alert-content',
        status: 'partial',
        confidence: 'low',
        at: 'cloudformation/template.yaml:7',
      },
    ],
  },
  {
    name: 'a Terraform CloudWatch alarm with a fixed threshold is configured, not tuned',
    files: { 'infra/alarms.tf': TF_ALARM },
    claims: [{ practice: 'pe.3.alerting.configured', status: 'met', at: 'infra/alarms.tf:1' }],
  },
  {
    name: 'a Prometheus rule with a summary and no runbook',
    files: { 'monitoring/rules.yaml': PROM_SUMMARY },
    claims: [
      { practice: 'oe.3.health-model.state-alerts', status: 'met' },
      { practice: 'pe.3.alerting.configured', status: 'met' },
      { practice: 'pe.5.observability.alert-content', status: 'partial', at: 'monitoring/rules.yaml:7' },
    ],
  },
  {
    name: 'a Helm chart depending on a shared chart of alert rules',
    files: {
      'helm_deploy/api/Chart.yaml':
        'apiVersion: v2\nname: api\nversion: 0.2.0\ndependencies:\n  - name: generic-service\n    version: "3.17"\n  - name: generic-prometheus-alerts\n    version: "1.17"\n',
    },
    claims: [
      {
        practice: 'pe.3.alerting.configured',
        status: 'partial',
        confidence: 'low',
        at: 'helm_deploy/api/Chart.yaml:7',
      },
    ],
  },
  {
    name: 'a chart named for alerts with no dependencies, and a dependency on another chart, are not alert rules',
    trap: true,
    files: {
      'charts/alertmanager-bridge/Chart.yaml': 'apiVersion: v2\nname: alertmanager-bridge\nversion: 1.0.0\n',
      'helm/api/Chart.yaml': 'apiVersion: v2\nname: api\ndependencies:\n  - name: redis\n    version: "18"\n',
    },
    claims: [],
  },
  {
    name: 'a README about CloudWatch alarms and an SNS topic alone are not alarms',
    trap: true,
    files: {
      'docs/monitoring.md': '# Alarms\n\nAdd an AWS::CloudWatch::Alarm with ANOMALY_DETECTION_BAND.\n',
      'template.yaml':
        'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      description: alarms\n',
    },
    claims: [],
  },
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
