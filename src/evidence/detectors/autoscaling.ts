import { defineDetector } from '../defineDetector.js';
import { grepFiles, loc, present } from '../lib/helpers.js';
import { kubeDocs } from '../lib/k8s.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = {
  autoscale: 'pe.3.scaling.autoscale',
  native: 'oe.2.automation.platform-native',
  tuned: 'pe.3.scaling.thresholds-tuned',
  scheduled: 'pe.3.scaling.scheduled',
  scalable: 'pe.1.compute.scalable',
};
const IAC =
  /Microsoft\.Insights\/autoscale[sS]ettings|azurerm_monitor_autoscale_setting|aws_appautoscaling_policy|aws_autoscaling_policy|google_compute_autoscaler|^\s*scale\s*:\s*\{[\s\S]{0,200}maxReplicas|^\s*maxReplicas\s*:|max_replicas\s*=/m;

export default defineDetector({
  meta: {
    id: 'autoscaling',
    title: 'Autoscaling (HPA, KEDA, Azure autoscale)',
    practices: Object.values(P),
    docs: 'Looks for Kubernetes HorizontalPodAutoscaler and KEDA ScaledObject/ScaledJob resources, Azure autoscale settings, Container Apps scale rules (maxReplicas) and cloud autoscaling policies in IaC. A KEDA cron trigger or an autoscale recurrence profile counts as scheduled scaling. Whether thresholds were checked against test or production data cannot be seen, hence low for tuning.',
  },
  async detect(repo) {
    const docs = (await kubeDocs(repo)).filter(
      (d) =>
        d.kind === 'HorizontalPodAutoscaler' ||
        ((d.kind === 'ScaledObject' || d.kind === 'ScaledJob') && d.apiVersion.startsWith('keda.sh')),
    );
    const iac = await grepFiles(
      repo,
      repo.byExt('.bicep', '.tf', '.json').filter((f) => f.name !== 'package.json'),
      IAC,
    );
    const locs: EvidenceLocation[] = [...docs.map((d) => ({ file: d.file, line: d.line })), ...iac.map(loc)];
    if (!locs.length) return [];
    const out: Claim[] = [
      present([P.autoscale, P.native, P.scalable], 'high', locs, 'autoscaling is declared'),
      present(
        [P.tuned],
        'low',
        locs,
        'autoscaling rules exist; whether their thresholds were checked against measurements is not visible',
      ),
    ];
    const sched = [
      ...docs.filter((d) => /type\s*:\s*cron/.test(d.text)).map((d) => ({ file: d.file, line: d.line })),
      ...iac
        .filter((h) => /recurrence|fixedDate|azurerm_monitor_autoscale_setting[\s\S]*recurrence/.test(h.text))
        .map(loc),
    ];
    if (sched.length) out.push(present([P.scheduled], 'high', sched, 'scaling follows a schedule'));
    return out;
  },
});
