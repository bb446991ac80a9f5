import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, plural, present } from '../lib/helpers.js';
import { kubeDocs } from '../lib/k8s.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = {
  stateAlerts: 'oe.3.health-model.state-alerts',
  configured: 'pe.3.alerting.configured',
  routing: 'oe.3.health-model.alert-routing',
  runbookLinks: 'pe.5.observability.alert-content',
};
const AZURE =
  /Microsoft\.Insights\/(metricAlerts|scheduledQueryRules|activityLogAlerts)|azurerm_monitor_(metric_alert|scheduled_query_rules_alert(_v2)?|activity_log_alert)|aws_cloudwatch_metric_alert|google_monitoring_alert_policy/;

export default defineDetector({
  meta: {
    id: 'alert-rules',
    title: 'Alert rules as code',
    practices: Object.values(P),
    docs: 'Looks for alert rules kept in the repository: Prometheus rule files (groups of rules with alert:), PrometheusRule resources, Azure Monitor metric, log and activity-log alerts in Bicep, ARM or Terraform (and CloudWatch or Google Cloud alert policies). Action groups or Alertmanager receivers show alerts routed to a team; alerts carrying a runbook link show alerts that say what to do.',
  },
  async detect(repo) {
    const locs: EvidenceLocation[] = [];
    const yamls = repo.byExt('.yaml', '.yml');
    const prom = (await grepFiles(repo, yamls, /^\s*-?\s*alert\s*:\s*\S/m)).filter(
      (h) => /^\s*(groups|rules)\s*:/m.test(h.text) && /^\s*expr\s*:/m.test(h.text),
    );
    locs.push(...prom.map(loc));
    for (const d of await kubeDocs(repo))
      if (d.kind === 'PrometheusRule' && !locs.some((l) => l.file === d.file))
        locs.push({ file: d.file, line: d.line });
    const iac = await grepFiles(
      repo,
      repo.byExt('.bicep', '.tf', '.json').filter((f) => f.name !== 'package.json'),
      AZURE,
    );
    locs.push(...iac.map(loc));
    if (locs.length === 0) return [];
    const out: Claim[] = [
      present(
        [P.stateAlerts, P.configured],
        'medium',
        locs,
        `${plural(locs.length, 'file')} defining alert rules`,
      ),
    ];
    const texts = [...prom, ...iac];
    const routing = texts.filter((h) =>
      /Microsoft\.Insights\/actionGroups|azurerm_monitor_action_group|receiver\s*:|pagerduty|opsgenie|servicenow/i.test(
        h.text,
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
    if (rb.length) out.push(present([P.runbookLinks], 'medium', rb.map(loc), 'alert rules link to runbooks'));
    return out;
  },
});
