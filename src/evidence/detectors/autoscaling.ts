import { defineDetector } from '../defineDetector.js';
import { at, cloudResources, iacFiles, lineIn } from '../lib/cloudResources.js';
import { grepFiles, lineOf, loc, present } from '../lib/helpers.js';
import { kubeDocs } from '../lib/k8s.js';
import { grepPipelines, pipelines } from '../lib/pipelines.js';
import type { Claim, EvidenceLocation, RepoView } from '../types.js';

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

/** Services that add instances per request by themselves: functions, Cloud Run, state machines. */
const ON_DEMAND =
  /^(aws_lambda_function|AWS::Lambda::Function|AWS::Serverless::Function|AWS::StepFunctions::StateMachine|AWS::Serverless::StateMachine|aws_sfn_state_machine|google_cloud_run_(v2_)?service|google_cloudfunctions2?_function)$/i;
const ON_DEMAND_TABLE =
  /^\s*(BillingMode\s*:\s*['"]?PAY_PER_REQUEST|billing_mode\s*=\s*"PAY_PER_REQUEST"|(name|tier|skuName)\s*:\s*'(FC1|Y1|FlexConsumption|Dynamic)'|sku_name\s*=\s*"(Y1|FC1)"|name\s*:\s*'EnableServerless')/m;
const ON_DEMAND_DEPLOY =
  /gcloud\s+(run|functions)\s+deploy\b|google-github-actions\/deploy-(cloudrun|cloud-functions)/;

/**
 * With no autoscaling declared, serverless services still scale on load: the platform's own
 * scaling, taken as it comes (low: no limits or targets are set).
 */
async function onDemand(repo: RepoView): Promise<Claim[]> {
  const resources = (await cloudResources(repo)).filter((r) => !r.optional);
  const locs: EvidenceLocation[] = [
    ...resources
      .filter((r) => ON_DEMAND.test(r.type))
      .slice(0, 5)
      .map((r) => at(r)),
    ...resources.flatMap((r) => (lineIn(r, ON_DEMAND_TABLE) ? [at(r, ON_DEMAND_TABLE)] : [])).slice(0, 3),
    ...grepPipelines(await pipelines(repo), ON_DEMAND_DEPLOY).slice(0, 3),
  ];
  if (!locs.length) return [];
  return [
    present(
      [P.autoscale, P.native],
      'low',
      locs,
      'serverless services and on-demand tables scale by themselves; no limits or targets are set',
    ),
  ];
}

export default defineDetector({
  meta: {
    id: 'autoscaling',
    title: 'Autoscaling (HPA, KEDA, Azure autoscale, cluster autoscalers)',
    practices: Object.values(P),
    docs: 'Looks for Kubernetes HorizontalPodAutoscaler and KEDA ScaledObject/ScaledJob resources, Azure autoscale settings, Container Apps scale rules (maxReplicas), cloud autoscaling policies, and the cluster autoscaler on AKS and GKE node pools, in IaC (comments left out). A KEDA cron trigger, an autoscale recurrence or fixed-date profile, or a scheduled scaling action counts as scheduled scaling. Whether thresholds were checked against test or production data cannot be seen from the rules, so tuning is not claimed. With none of these, serverless services (Lambda, Step Functions, Cloud Run, Cloud Functions, deployed from IaC or by gcloud in a pipeline) DynamoDB on-demand tables, Azure Functions on a Consumption or Flex Consumption plan and serverless Cosmos DB scale by themselves: low. So do autoscalers a script creates (kubectl autoscale in a shell script; low).',
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
    if (!locs.length) {
      // HPAs created by a script kept with the code: scaling is set up, outside the declared manifests.
      const scripted = await grepFiles(
        repo,
        repo.byExt('.sh', '.ps1', '.bash'),
        /^\s*kubectl\s+(-[-\w]+(=\S+|\s+\S+)\s+)*autoscale\s/m,
      );
      if (scripted.length)
        return [
          present(
            [P.autoscale, P.native],
            'low',
            scripted.map(loc),
            'a script creates horizontal pod autoscalers (kubectl autoscale)',
          ),
        ];
      return onDemand(repo);
    }
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
