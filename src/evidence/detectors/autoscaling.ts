import { defineDetector } from '../defineDetector.js';
import { iacFiles } from '../lib/cloudResources.js';
import { lineOf, present } from '../lib/helpers.js';
import { kubeDocs } from '../lib/k8s.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = {
  autoscale: 'pe.3.scaling.autoscale',
  native: 'oe.2.automation.platform-native',
  scheduled: 'pe.3.scaling.scheduled',
  scalable: 'pe.1.compute.scalable',
};
/**
 * Autoscale settings and policies, Container Apps scale rules, and cluster autoscalers on AKS node
 * pools (`auto_scaling_enabled`, `enableAutoScaling`) and GKE node pools (`autoscaling {`).
 */
const IAC =
  /Microsoft\.Insights\/autoscale[sS]ettings|azurerm_monitor_autoscale_setting|aws_appautoscaling_(policy|target)|aws_autoscaling_policy|AWS::ApplicationAutoScaling::ScalingPolicy|AWS::AutoScaling::ScalingPolicy|google_compute_(region_)?autoscaler|^\s*scale\s*:\s*\{[\s\S]{0,200}maxReplicas|^\s*maxReplicas\s*:|max_replicas\s*=|^\s*(auto_scaling_enabled|enable_auto_scaling)\s*=\s*true|^\s*"?enableAutoScaling"?\s*:\s*true|^\s*autoscaling\s*\{\s*\n\s*(min|max|total)_\w*node_count/m;
/** Scaling on a calendar: autoscale recurrence or fixed-date profiles, scheduled actions. */
const SCHEDULED =
  /^\s*"?(recurrence|fixedDate)"?\s*[:{=]|aws_appautoscaling_scheduled_action|aws_autoscaling_schedule|AWS::AutoScaling::ScheduledAction/m;

export default defineDetector({
  meta: {
    id: 'autoscaling',
    title: 'Autoscaling (HPA, KEDA, Azure autoscale, cluster autoscalers)',
    practices: Object.values(P),
    docs: 'Looks for Kubernetes HorizontalPodAutoscaler and KEDA ScaledObject/ScaledJob resources, Azure autoscale settings, Container Apps scale rules (maxReplicas), cloud autoscaling policies, and the cluster autoscaler on AKS and GKE node pools, in IaC (comments left out). A KEDA cron trigger, an autoscale recurrence or fixed-date profile, or a scheduled scaling action counts as scheduled scaling. Whether thresholds were checked against test or production data cannot be seen from the rules, so tuning is not claimed.',
  },
  async detect(repo) {
    const docs = (await kubeDocs(repo)).filter(
      (d) =>
        d.kind === 'HorizontalPodAutoscaler' ||
        ((d.kind === 'ScaledObject' || d.kind === 'ScaledJob') && d.apiVersion.startsWith('keda.sh')),
    );
    const iac = (await iacFiles(repo)).filter((f) => f.lang !== 'kubernetes' && f.lang !== 'compose');
    const hits = iac.flatMap((f) => {
      const line = lineOf(f.code, IAC);
      return line === undefined ? [] : [{ file: f.path, line, code: f.code }];
    });
    const locs: EvidenceLocation[] = [
      ...docs.map((d) => ({ file: d.file, line: d.line })),
      ...hits.map(({ file, line }) => ({ file, line })),
    ];
    if (!locs.length) return [];
    const out: Claim[] = [
      present([P.autoscale, P.native, P.scalable], 'high', locs, 'autoscaling is declared'),
    ];
    const sched = [
      ...docs.filter((d) => /type\s*:\s*cron/.test(d.text)).map((d) => ({ file: d.file, line: d.line })),
      ...hits.flatMap((h) => {
        const line = lineOf(h.code, SCHEDULED);
        return line === undefined ? [] : [{ file: h.file, line }];
      }),
    ];
    if (sched.length) out.push(present([P.scheduled], 'high', sched, 'scaling follows a schedule'));
    return out;
  },
});
