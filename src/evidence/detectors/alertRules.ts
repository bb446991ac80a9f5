import { defineDetector } from '../defineDetector.js';
import { grepFiles, lineOf, loc, plural, present } from '../lib/helpers.js';
import { kubeDocs } from '../lib/k8s.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = {
  stateAlerts: 'oe.3.health-model.state-alerts',
  configured: 'pe.3.alerting.configured',
  routing: 'oe.3.health-model.alert-routing',
  runbookLinks: 'pe.5.observability.alert-content',
  playbooks: 'oe.3.incident-management.playbooks',
  prioritized: 'pe.3.alerting.prioritized',
  tuned: 'pe.3.alerting.tuned',
  thresholds: 'oe.3.health-model.thresholds',
};
/** A Grafana provisioned alert rule: groups of rules with a uid, a condition and query data. */
const GRAFANA_RULE = /^\s*-?\s*uid\s*:\s*\S/m;
/** A severity or priority on a rule (Prometheus label, Azure severity, PagerDuty priority). */
const SEVERITY = /^\s*severity\s*:\s*["']?\w|\bseverity\s*[:=]\s*["']?\d|\bpriority\s*[:=]\s*["']?P?\d/im;
const AZURE =
  /Microsoft\.Insights\/(metricAlerts|scheduledQueryRules|activityLogAlerts)|azurerm_monitor_(metric_alert|scheduled_query_rules_alert(_v2)?|activity_log_alert)|google_monitoring_alert_policy/;
/** AWS alarms in CloudFormation, SAM or Terraform: alarms on metrics, not states of a health model. */
const CLOUDWATCH = /\bAWS::CloudWatch::(Composite)?Alarm\b|\baws_cloudwatch_(metric|composite)_alarm\b/;
/** Thresholds the platform learns from the metric's own history instead of a fixed number. */
const DYNAMIC =
  /\bANOMALY_DETECTION_BAND\b|\bThresholdMetricId\b|\bthreshold_metric_id\b|\bDynamicThresholdCriterion\b|\bdynamic_criteria\b/;
/** A Helm chart dependency named for alerts (a shared chart of the organisation's standard rules). */
const ALERT_CHART = /^\s*-\s*name\s*:\s*["']?[\w.-]*alert[\w.-]*["']?\s*$/im;
/** Text a rule carries for whoever receives it: a summary or description of what fired. */
const DESCRIBED =
  /^\s*(summary|description|AlarmDescription|alarm_description|alert_description)\s*[:=]\s*["'>|]?\s*\S/m;

export default defineDetector({
  meta: {
    id: 'alert-rules',
    title: 'Alert rules as code',
    practices: Object.values(P),
    docs: 'Looks for alert rules kept in the repository: Prometheus rule files (groups of rules with alert:), Grafana provisioned alert rules (groups of rules with uid, condition and data), PrometheusRule resources, Azure Monitor metric, log and activity-log alerts in Bicep, ARM or Terraform (and Google Cloud alert policies); CloudWatch alarms in CloudFormation, SAM or Terraform count as alerts configured. Anomaly detection bands and dynamic thresholds show thresholds learnt from the metric rather than guessed. A Helm chart that depends on a chart named for alerts is low evidence of alerts configured (the rules live in that chart). A summary or description on the rules is low evidence that alerts say what fired. Action groups or Alertmanager receivers show alerts routed to a team; alerts carrying a runbook link show alerts that say what to do, and that a playbook exists for them (low for playbooks: one link does not cover every incident type). A severity on the rules shows alerts ranked on a scale.',
  },
  async detect(repo) {
    const locs: EvidenceLocation[] = [];
    const yamls = repo.byExt('.yaml', '.yml');
    const prom = (await grepFiles(repo, yamls, /^\s*-?\s*alert\s*:\s*\S/m)).filter(
      (h) => /^\s*(groups|rules)\s*:/m.test(h.text) && /^\s*expr\s*:/m.test(h.text),
    );
    const grafana = (await grepFiles(repo, yamls, GRAFANA_RULE)).filter(
      (h) =>
        /^\s*groups\s*:/m.test(h.text) && /^\s*condition\s*:/m.test(h.text) && /^\s*data\s*:/m.test(h.text),
    );
    locs.push(...prom.map(loc), ...grafana.map(loc));
    for (const d of await kubeDocs(repo))
      if (d.kind === 'PrometheusRule' && !locs.some((l) => l.file === d.file))
        locs.push({ file: d.file, line: d.line });
    // One pass over the IaC files for both clouds' alert resources.
    const alertIac = await grepFiles(
      repo,
      repo
        .byExt('.bicep', '.tf', '.json', '.yaml', '.yml', '.template')
        .filter((f) => f.name !== 'package.json'),
      new RegExp(`${AZURE.source}|${CLOUDWATCH.source}`),
    );
    const iac = alertIac.filter((h) => /\.(bicep|tf|json)$/i.test(h.file.path) && AZURE.test(h.text));
    locs.push(...iac.map(loc));
    const aws = alertIac.filter((h) => !iac.includes(h) && CLOUDWATCH.test(h.text));
    const charts = (await grepFiles(repo, repo.byName('Chart.yaml'), ALERT_CHART)).filter((h) =>
      /^dependencies\s*:/m.test(h.text),
    );
    if (locs.length === 0 && aws.length === 0 && charts.length === 0) return [];
    const out: Claim[] = [];
    // What the shared chart alerts on is in the chart, not here: low, and no health states.
    if (charts.length)
      out.push(
        present(
          [P.configured],
          'low',
          charts.map((h) => ({ file: h.file.path, line: lineOf(h.text, ALERT_CHART) ?? h.line })),
          'a shared Helm chart of alert rules is a dependency; its rules are not in the repository',
        ),
      );
    if (locs.length)
      out.push(
        present(
          [P.stateAlerts, P.configured],
          'medium',
          locs,
          `${plural(locs.length, 'file')} defining alert rules`,
        ),
      );
    if (aws.length)
      out.push(
        present(
          [P.configured],
          'medium',
          aws.map((h) => ({ file: h.file.path, line: lineOf(h.text, CLOUDWATCH) ?? h.line })),
          `${plural(aws.length, 'file')} defining CloudWatch alarms`,
        ),
      );
    const texts = [...prom, ...grafana, ...iac, ...aws];
    const dynamic = texts.flatMap((h) => {
      const line = lineOf(h.text, DYNAMIC);
      return line ? [{ file: h.file.path, line }] : [];
    });
    if (dynamic.length)
      out.push(
        present(
          [P.tuned, P.thresholds],
          'medium',
          dynamic,
          'alert thresholds learnt from the metric itself (anomaly detection or dynamic thresholds)',
        ),
      );
    // Grafana's default email contact point is where unrouted alerts land, not a team's receiver.
    const routing = texts.filter((h) =>
      /Microsoft\.Insights\/actionGroups|azurerm_monitor_action_group|receiver\s*:|pagerduty|opsgenie|servicenow/i.test(
        h.text.replace(/receiver\s*:\s*["']?grafana-default-email\b/g, ''),
      ),
    );
    const amCfg = await grepFiles(
      repo,
      repo.byNamePrefix('alertmanager.').filter((f) => /^alertmanager\.ya?ml$/i.test(f.name)),
      /receivers\s*:/,
    );
    if (routing.length || amCfg.length)
      out.push(
        present(
          [P.routing],
          'medium',
          [...routing, ...amCfg].map(loc),
          'alerts are routed to receivers or action groups',
        ),
      );
    const rb = texts.filter((h) => /runbook_url|runbook|playbook/i.test(h.text));
    // A summary or description says what fired and where; without a runbook link it is low.
    const described = texts.filter((h) => !rb.includes(h) && DESCRIBED.test(h.text));
    if (described.length)
      out.push(
        present(
          [P.runbookLinks],
          'low',
          described.map((h) => ({ file: h.file.path, line: lineOf(h.text, DESCRIBED) ?? h.line })),
          'alert rules carry a summary or description of what fired',
        ),
      );
    if (rb.length) {
      out.push(present([P.runbookLinks], 'medium', rb.map(loc), 'alert rules link to runbooks'));
      // The link shows a playbook exists for that alert, not that every incident type has one.
      const links = rb.map((h) => ({
        file: h.file.path,
        line: lineOf(h.text, /runbook_url|runbook|playbook/i) ?? h.line,
      }));
      out.push(present([P.playbooks], 'low', links, 'alert rules point at their runbooks'));
    }
    const sev = texts.flatMap((h) => {
      const line = lineOf(h.text, SEVERITY);
      return line ? [{ file: h.file.path, line }] : [];
    });
    if (sev.length) out.push(present([P.prioritized], 'medium', sev, 'alert rules carry a severity'));
    return out;
  },
});
