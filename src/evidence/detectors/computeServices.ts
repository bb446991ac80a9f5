import { defineDetector } from '../defineDetector.js';
import {
  at,
  cloudResources,
  firstPerService,
  isLocalCompose,
  lineIn,
  serviceOf,
  serviceTitles,
} from '../lib/cloudResources.js';
import { present } from '../lib/helpers.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = {
  scalable: 'pe.1.compute.scalable',
  idle: 'pe.1.compute.idle-reviewed',
  isolation: 'pe.4.isolation.implemented',
};

/** Compute that scales to nothing when idle, or is stopped on a schedule. */
const SCALE_TO_ZERO =
  /^\s*(min_count\s*=\s*0\b|minCount\s*:\s*0\b|"minCount"\s*:\s*0\b|min_node_count\s*=\s*0\b|total_min_node_count\s*=\s*0\b|minReplicas\s*:\s*0\b|"minReplicas"\s*:\s*0\b|min_replicas\s*=\s*0\b|minReplicaCount\s*:\s*0\b|min_instance_count\s*=\s*0\b|minScale\s*:\s*["']?0\b)/m;
const SHUTDOWN =
  /^(Microsoft\.DevTestLab\/schedules|azurerm_dev_test_global_vm_shutdown_schedule|azurerm_dev_test_schedule|aws_autoscaling_schedule|AWS::AutoScaling::ScheduledAction)$/i;

/** Workloads pinned to nodes of their own. A placement with a value (a Helm
 * `{{- with .Values.nodeSelector }}` block sets nothing). */
const K8S_PLACEMENT = /^[ \t]+(nodeSelector|tolerations|nodeAffinity)[ \t]*:[ \t]*\n[ \t]+(?!\{\{)[\w"'-]/m;
const TAINTS = /^\s*(node_taints\s*=|nodeTaints\s*:|"nodeTaints"\s*:|taint\s*\{|taints\s*=)/m;

export default defineDetector({
  meta: {
    id: 'compute-services',
    title: 'Compute declared in IaC (plans, clusters, functions, workloads)',
    practices: Object.values(P),
    docs: 'Reads the resources declared in Bicep (Azure Verified Modules included), ARM, Terraform, CloudFormation, Kubernetes manifests, azd azure.yaml and Docker Compose. App Service plans and apps, Container Apps, AKS, GKE, EKS, ECS, Lambda, Cloud Run, scale sets, instance groups and Kubernetes Deployments or StatefulSets can add instances without code changes (medium); services only declared in Compose run as containers but need an orchestrator to scale out (low). Node pools or replicas that scale to zero and shutdown schedules show idle compute was considered (low: the review behind it is not visible). Node selectors and tolerations and tainted node pools give flows resources of their own (low: whether an analysis chose those flows is not visible); requests and limits on every container, or Compose resource limits, budget resources without setting a flow apart and do not count.',
  },
  async detect(repo) {
    const all = (await cloudResources(repo)).filter((r) => !r.optional);
    const out: Claim[] = [];

    const scalable = all.filter((r) => serviceOf(r)?.scalable);
    if (scalable.length)
      out.push(
        present(
          [P.scalable],
          'medium',
          firstPerService(scalable).map((r) => at(r)),
          `compute that can add instances is declared: ${serviceTitles(scalable)}`,
        ),
      );
    else {
      const compose = all.filter(
        (r) => r.lang === 'compose' && !isLocalCompose(r.file) && /^\s+(image|build)\s*:/m.test(r.body),
      );
      if (compose.length)
        out.push(
          present(
            [P.scalable],
            'low',
            compose.slice(0, 5).map((r) => at(r)),
            'services run as containers declared in Compose; adding instances needs an orchestrator',
          ),
        );
    }

    const idle: EvidenceLocation[] = [
      ...all
        .filter((r) => r.lang !== 'compose' && lineIn(r, SCALE_TO_ZERO))
        .slice(0, 5)
        .map((r) => at(r, SCALE_TO_ZERO)),
      ...all
        .filter((r) => SHUTDOWN.test(r.type))
        .slice(0, 5)
        .map((r) => at(r)),
    ];
    if (idle.length)
      out.push(
        present(
          [P.idle],
          'low',
          idle,
          'compute scales to zero or shuts down on a schedule; the review of idle hours behind it is not visible',
        ),
      );

    const workloads = all.filter(
      (r) =>
        r.lang === 'kubernetes' &&
        /^(Deployment|StatefulSet|DaemonSet|Job|CronJob|Pod|Rollout)$/.test(r.type),
    );
    const placed = workloads.filter((r) => lineIn(r, K8S_PLACEMENT));
    const tainted = all.filter((r) => r.lang !== 'kubernetes' && r.lang !== 'compose' && lineIn(r, TAINTS));
    // Requests and limits on every container budget resources, they set no flow apart: only
    // placement on nodes of its own does.
    const iso: EvidenceLocation[] = [
      ...tainted.slice(0, 5).map((r) => at(r, TAINTS)),
      ...placed.slice(0, 3).map((r) => at(r, K8S_PLACEMENT)),
    ];
    if (iso.length) {
      const what = [
        ...(tainted.length ? ['tainted node pools'] : []),
        ...(placed.length ? ['workloads pinned with node selectors or tolerations'] : []),
      ];
      out.push(
        present(
          [P.isolation],
          'low',
          iso,
          `${what.join(', ')}; whether an analysis chose the flows to isolate is not visible`,
        ),
      );
    }
    return out;
  },
});
